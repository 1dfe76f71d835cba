"""Thread-local configuration, as in Chainer."""

import threading

import flexgrad
from flexgrad import config, using_config


def test_defaults():
    assert config.train is True and config.enable_backprop is True and config.debug is False


def test_using_config_restores_even_on_error():
    try:
        with using_config("train", False):
            assert config.train is False
            raise RuntimeError
    except RuntimeError:
        pass
    assert config.train is True


def test_new_names_can_be_set_and_disappear_after():
    with using_config("my_flag", 3):
        assert config.my_flag == 3
    assert not hasattr(config, "my_flag")


def test_overrides_are_per_thread():
    seen = {}

    def worker():
        seen["train"] = config.train

    with using_config("train", False):
        t = threading.Thread(target=worker)
        t.start()
        t.join()
    assert seen["train"] is True


def test_global_config_sets_every_threads_default():
    seen = {}

    def worker():
        seen["debug"] = config.debug

    old = flexgrad.global_config.debug
    try:
        flexgrad.global_config.debug = True
        t = threading.Thread(target=worker)
        t.start()
        t.join()
    finally:
        flexgrad.global_config.debug = old
    assert seen["debug"] is True


def test_show_lists_flags(capsys):
    config.show()
    out = capsys.readouterr().out
    assert "enable_backprop" in out and "train" in out
