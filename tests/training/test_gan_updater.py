"""Chainer's DCGAN updater pattern: two optimizer.update calls whose losses share a graph
(the discriminator's loss backpropagates through the generator's output first)."""

from __future__ import annotations

import numpy as np
import pytest

import flexgrad
import flexgrad.functions as F
import flexgrad.links as L
from flexgrad import training
from flexgrad.errors import GraphReleasedError


class GANUpdater(training.updaters.StandardUpdater):
    """The update_core of Chainer's examples/dcgan/updater.py, with tiny models."""

    def __init__(self, *args, **kwargs):
        self.gen, self.dis = kwargs.pop("models")
        super().__init__(*args, **kwargs)

    def loss_dis(self, dis, y_fake, y_real):
        loss = F.sum(F.softplus(-y_real)) / len(y_real) + F.sum(F.softplus(y_fake)) / len(
            y_fake)
        flexgrad.report({"loss": loss}, dis)
        return loss

    def loss_gen(self, gen, y_fake):
        loss = F.sum(F.softplus(-y_fake)) / len(y_fake)
        flexgrad.report({"loss": loss}, gen)
        return loss

    def update_core(self):
        gen_optimizer, dis_optimizer = self.get_optimizer("gen"), self.get_optimizer("dis")
        batch = self.get_iterator("main").next()
        x_real = flexgrad.Variable(self.converter(batch, self.device))
        z = flexgrad.Variable(np.random.default_rng(len(batch)).standard_normal(
            (len(batch), 2)).astype(np.float32))
        y_real, y_fake = self.dis(x_real), self.dis(self.gen(z))
        dis_optimizer.update(self.loss_dis, self.dis, y_fake, y_real)
        gen_optimizer.update(self.loss_gen, self.gen, y_fake)


def make_trainer():
    flexgrad.set_seed(0)
    gen, dis = L.Linear(2, 3), flexgrad.Sequential(L.Linear(3, 4), F.relu, L.Linear(4, 1))
    optimizers = {name: flexgrad.optimizers.Adam(alpha=1e-3).setup(model)
                  for name, model in (("gen", gen), ("dis", dis))}
    data = np.random.default_rng(1).standard_normal((8, 3)).astype(np.float32)
    it = flexgrad.iterators.SerialIterator(data, 4)
    updater = GANUpdater(models=(gen, dis), iterator=it, optimizer=optimizers)
    return training.Trainer(updater, (3, "iteration"))


def test_shared_graphs_need_the_retain_graph_switch_and_say_so():
    with pytest.raises(GraphReleasedError, match=r"using_config\('retain_graph', True\)"):
        make_trainer().run(show_loop_exception_msg=False)


def test_the_dcgan_updater_runs_with_chainers_graph_keeping():
    trainer = make_trainer()
    with flexgrad.using_config("retain_graph", True):
        trainer.run()
    assert trainer.updater.iteration == 3
    assert {"gen/loss", "dis/loss"} <= set(trainer.observation)
