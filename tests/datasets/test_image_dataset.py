"""ImageDataset and LabeledImageDataset: Pillow's files as (channels, height, width) arrays."""

from __future__ import annotations

import numpy as np
import pytest

import flexgrad
from flexgrad.datasets import ImageDataset, LabeledImageDataset
from flexgrad.errors import InvalidValueError

Image = pytest.importorskip("PIL.Image")

RGB = np.arange(4 * 3 * 3, dtype=np.uint8).reshape(4, 3, 3)  # (height, width, channels)
GRAY = np.arange(4 * 3, dtype=np.uint8).reshape(4, 3) * 10


@pytest.fixture
def images(tmp_path):
    Image.fromarray(RGB).save(tmp_path / "rgb.png")
    Image.fromarray(GRAY).save(tmp_path / "gray.png")
    return tmp_path


def test_images_come_as_chw_float32_from_a_list_or_a_file(images):
    (images / "list.txt").write_text("rgb.png\n\ngray.png\n")
    for dataset in (ImageDataset(["rgb.png", "gray.png"], root=str(images)),
                    ImageDataset(str(images / "list.txt"), root=str(images))):
        assert len(dataset) == 2
        rgb, gray = dataset[0], dataset[1]
        assert rgb.dtype == np.float32 and rgb.shape == (3, 4, 3)
        np.testing.assert_array_equal(rgb, RGB.transpose(2, 0, 1))
        np.testing.assert_array_equal(gray, GRAY[None])
    assert ImageDataset(["rgb.png"], root=str(images), dtype=np.float64)[0].dtype == np.float64


def test_labeled_images_from_pairs_or_a_file_batch_onto_dask(images):
    (images / "pairs.txt").write_text("rgb.png 3\ngray.png 1\n")
    from_file = LabeledImageDataset(str(images / "pairs.txt"), root=str(images))
    from_pairs = LabeledImageDataset([("rgb.png", 3), ("rgb.png", 1)], root=str(images),
                                     label_dtype=np.int64)
    image, label = from_file[0]
    assert image.shape == (3, 4, 3) and label.dtype == np.int32 and int(label) == 3
    assert from_pairs[1][1].dtype == np.int64
    x, t = flexgrad.dataset.concat_examples(from_pairs[0:2], "@dask")
    assert flexgrad.get_array_module(x) is flexgrad.get_device("@dask").xp
    assert x.shape == (2, 3, 4, 3) and t.compute().tolist() == [3, 1]


def test_bad_lists_labels_and_files_say_where(images):
    (images / "three.txt").write_text("rgb.png 1 2\n")
    (images / "word.txt").write_text("rgb.png\ngray.png cat\n")
    (images / "not_an_image.png").write_text("hello")
    with pytest.raises(InvalidValueError, match="line 1 of .*three.txt' expected 'path label'"):
        LabeledImageDataset(str(images / "three.txt"))
    with pytest.raises(InvalidValueError, match="line 1 of .*word.txt' expected 'path label'"):
        LabeledImageDataset(str(images / "word.txt"))
    with pytest.raises(InvalidValueError, match="pair 1 expected an integer label, got 2.5"):
        LabeledImageDataset([("rgb.png", 1), ("gray.png", 2.5)])
    with pytest.raises(FileNotFoundError, match="LabeledImageDataset: no list file"):
        LabeledImageDataset(str(images / "missing.txt"))
    with pytest.raises(FileNotFoundError, match="ImageDataset: no image file .*missing.png"):
        ImageDataset(["missing.png"], root=str(images))[0]
    with pytest.raises(InvalidValueError, match="not_an_image.png' is not an image"):
        ImageDataset(["not_an_image.png"], root=str(images))[0]
