"""A GAN step as Chainer scripts write it: the discriminator's and the generator's losses
hang from one forward pass, and two ``optimizer.update`` calls walk it in turn."""

from __future__ import annotations

import numpy as np
import pytest
from example_scripts import load_example

import flexgrad
import flexgrad.functions as F
import flexgrad.links as L
from flexgrad import training
from flexgrad.errors import GraphReleasedError


def both_losses(gen, dis):
    """The discriminator's and the generator's loss, from one pass through ``gen``."""
    z = np.random.default_rng(0).standard_normal((4, 2)).astype(np.float32)
    real = np.random.default_rng(1).standard_normal((4, 3)).astype(np.float32)
    fake_logit = dis(gen(z))
    dis_loss = F.mean(F.softplus(-dis(real))) + F.mean(F.softplus(fake_logit))
    return dis_loss, F.mean(F.softplus(-fake_logit))


def test_a_second_backward_through_a_freed_graph_names_the_switch_that_keeps_it():
    dis_loss, gen_loss = both_losses(L.Linear(2, 3), L.Linear(3, 1))
    dis_loss.backward()
    with pytest.raises(GraphReleasedError, match=r"using_config\('retain_graph', True\)"):
        gen_loss.backward()


def test_a_kept_graph_gives_the_second_loss_the_gradient_of_a_fresh_pass():
    gen, dis = L.Linear(2, 3), L.Linear(3, 1)
    dis_loss, gen_loss = both_losses(gen, dis)
    with flexgrad.using_config("retain_graph", True):
        dis_loss.backward()
    gen.cleargrads()
    gen_loss.backward()
    through_the_kept_graph = gen.W.grad.copy()
    gen.cleargrads()
    both_losses(gen, dis)[1].backward()
    np.testing.assert_allclose(through_the_kept_graph, gen.W.grad, rtol=1e-6)


def test_the_dcgan_examples_updater_moves_both_players_and_reports_them():
    example = load_example("dcgan", "train_dcgan.py")
    flexgrad.set_seed(0)
    gen, dis = example.Generator(4, 8, 8), example.Discriminator(8)
    optimizers = {name: flexgrad.optimizers.Adam().setup(model)
                  for name, model in (("gen", gen), ("dis", dis))}
    images = np.random.default_rng(2).random((12, 1, 8, 8), dtype=np.float32)
    updater = example.GANUpdater(flexgrad.iterators.SerialIterator(images, 6), optimizers,
                                 "@numpy")
    with flexgrad.using_config("train", False):
        dis(images[:1])  # its last layer learns its input size here
    players = {"gen": gen, "dis": dis}
    before = {(player, name): param.array.copy() for player, model in players.items()
              for name, param in model.namedparams()}
    trainer = training.Trainer(updater, (2, "iteration"))
    trainer.run()
    for (player, name), array in before.items():
        assert not np.array_equal(array, dict(players[player].namedparams())[name].array), name
    assert {"gen/loss", "dis/loss", "gen/gap"} <= set(trainer.observation)

    # the codes depend on the iteration only: a resumed run draws the unstopped run's
    fresh = example.GANUpdater(flexgrad.iterators.SerialIterator(images, 6), optimizers,
                               "@numpy")
    fresh.iteration = updater.iteration
    np.testing.assert_array_equal(fresh.draw_codes(3), updater.draw_codes(3))
    fresh.iteration += 1
    assert not np.array_equal(fresh.draw_codes(3), updater.draw_codes(3))


def test_noise_drawn_by_numpy_in_float64_keeps_a_float32_activation_float32():
    """Chainer's DCGAN adds ``sigma * xp.random.randn(*h.shape)`` (float64) to float32
    activations; the sum stays float32, as in Chainer."""
    h = flexgrad.Variable(np.ones((2, 3), np.float32))
    noisy = h + 0.2 * np.random.default_rng(0).standard_normal(h.shape)
    assert noisy.dtype == np.float32
