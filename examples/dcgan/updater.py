#!/usr/bin/env python
"""Chainer's DCGAN updater (examples/dcgan/updater.py), ported by changing the imports.

One difference, marked below: flexgrad frees a graph as its backward runs, and the two
losses here share one (``y_fake``), so the discriminator's update keeps it for the
generator's (Chainer kept every graph; see README, "Porting from Chainer").
"""
import flexgrad as chainer
import flexgrad.functions as F
from flexgrad import Variable


class DCGANUpdater(chainer.training.updaters.StandardUpdater):

    def __init__(self, *args, **kwargs):
        self.gen, self.dis = kwargs.pop('models')
        super().__init__(*args, **kwargs)

    def loss_dis(self, dis, y_fake, y_real):
        batchsize = len(y_fake)
        L1 = F.sum(F.softplus(-y_real)) / batchsize
        L2 = F.sum(F.softplus(y_fake)) / batchsize
        loss = L1 + L2
        chainer.report({'loss': loss}, dis)
        return loss

    def loss_gen(self, gen, y_fake):
        batchsize = len(y_fake)
        loss = F.sum(F.softplus(-y_fake)) / batchsize
        chainer.report({'loss': loss}, gen)
        return loss

    def update_core(self):
        gen_optimizer = self.get_optimizer('gen')
        dis_optimizer = self.get_optimizer('dis')

        batch = self.get_iterator('main').next()
        device = self.device
        x_real = Variable(self.converter(batch, device)) / 255.

        gen, dis = self.gen, self.dis
        batchsize = len(batch)

        y_real = dis(x_real)

        z = Variable(device.xp.asarray(gen.make_hidden(batchsize)))
        x_fake = gen(z)
        y_fake = dis(x_fake)

        # flexgrad: loss_dis backpropagates through y_fake's graph, which loss_gen
        # then traverses again; keep it through this first backward only (the
        # second frees it). Chainer always kept graphs.
        with chainer.using_config('retain_graph', True):
            dis_optimizer.update(self.loss_dis, dis, y_fake, y_real)
        gen_optimizer.update(self.loss_gen, gen, y_fake)
