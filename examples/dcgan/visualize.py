#!/usr/bin/env python
"""Chainer's DCGAN preview (examples/dcgan/visualize.py), ported by changing the imports.

One difference: Chainer saved the PNG with PIL (``Image.fromarray(x).save``); this port
uses matplotlib's ``imsave``, which flexgrad's ``test`` and ``plot`` extras install.
"""

import os

import matplotlib.image
import numpy as np

import flexgrad as chainer
import flexgrad.backends.cuda  # noqa: F401  (Chainer's import chainer.backends.cuda)
from flexgrad import Variable


def out_generated_image(gen, dis, rows, cols, seed, dst):
    @chainer.training.make_extension()
    def make_image(trainer):
        np.random.seed(seed)
        n_images = rows * cols
        xp = gen.xp
        z = Variable(xp.asarray(gen.make_hidden(n_images)))
        with chainer.using_config('train', False):
            x = gen(z)
        x = chainer.backends.cuda.to_cpu(x.array)
        np.random.seed()

        x = np.asarray(np.clip(x * 255, 0.0, 255.0), dtype=np.uint8)
        _, _, H, W = x.shape
        x = x.reshape((rows, cols, 3, H, W))
        x = x.transpose(0, 3, 1, 4, 2)
        x = x.reshape((rows * H, cols * W, 3))

        preview_dir = f'{dst}/preview'
        preview_path = preview_dir +\
            f'/image{trainer.updater.iteration:0>8}.png'
        if not os.path.exists(preview_dir):
            os.makedirs(preview_dir)
        # flexgrad: Chainer wrote Image.fromarray(x).save(preview_path) (PIL).
        matplotlib.image.imsave(preview_path, x)
    return make_image
