"""A NIN-like and a small ResNet step (forward + backward), in Chainer or flexgrad.

    python benchmarks/chainer_convnets.py flexgrad|chainer [--batches 2 32] [--threads 1]

The models are written once against Chainer's names (``links.Convolution2D``,
``functions.max_pooling_2d``...), which flexgrad shares, so both frameworks run the same
code. Run both on the same NumPy: Chainer 7.8.1 needs numpy<2, so put flexgrad's
``src`` on PYTHONPATH in Chainer's environment. Prints ms per step: the minimum and
median of wall time, and the minimum of the process's CPU time, which a machine shared
with other work disturbs less (with one thread, it is the step's own work).
"""

from __future__ import annotations

import argparse
import importlib
import os
import statistics
import time


def _parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("framework", choices=("flexgrad", "chainer"))
    parser.add_argument("--batches", type=int, nargs="+", default=[2, 32])
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=7)
    return parser.parse_args()


def models(fw, L, F):
    """The two models, built on framework ``fw``'s Chain, links ``L`` and functions ``F``."""

    class MLPConv(fw.Chain):
        """A convolution then two 1x1 convolutions, each followed by ReLU (NIN's block)."""

        def __init__(self, c_in, c_out, ksize, stride, pad):
            super().__init__()
            with self.init_scope():
                self.a = L.Convolution2D(c_in, c_out, ksize, stride, pad)
                self.b = L.Convolution2D(c_out, c_out, 1)
                self.c = L.Convolution2D(c_out, c_out, 1)

        def forward(self, x):
            return F.relu(self.c(F.relu(self.b(F.relu(self.a(x))))))

    class NIN(fw.Chain):
        """Network in network on 3x96x96 inputs, 10 classes."""

        def __init__(self):
            super().__init__()
            with self.init_scope():
                self.m1 = MLPConv(3, 96, 11, 4, 0)
                self.m2 = MLPConv(96, 256, 5, 1, 2)
                self.m3 = MLPConv(256, 384, 3, 1, 1)
                self.m4 = MLPConv(384, 10, 3, 1, 1)

        def forward(self, x):
            h = F.max_pooling_2d(self.m1(x), 3, 2)
            h = F.max_pooling_2d(self.m2(h), 3, 2)
            h = F.max_pooling_2d(self.m3(h), 3, 2)
            h = self.m4(h)
            return F.reshape(F.average_pooling_2d(h, h.shape[2]), (h.shape[0], 10))

    class Bottleneck(fw.Chain):
        """ResNet-50's block: 1x1, 3x3, 1x1 convolutions with batch normalization, plus a
        shortcut (projected when the shape changes)."""

        def __init__(self, c_in, c_mid, c_out, stride):
            super().__init__()
            self.project = c_in != c_out or stride != 1
            with self.init_scope():
                self.c1 = L.Convolution2D(c_in, c_mid, 1, stride, 0, nobias=True)
                self.n1 = L.BatchNormalization(c_mid)
                self.c2 = L.Convolution2D(c_mid, c_mid, 3, 1, 1, nobias=True)
                self.n2 = L.BatchNormalization(c_mid)
                self.c3 = L.Convolution2D(c_mid, c_out, 1, nobias=True)
                self.n3 = L.BatchNormalization(c_out)
                if self.project:
                    self.cs = L.Convolution2D(c_in, c_out, 1, stride, 0, nobias=True)
                    self.ns = L.BatchNormalization(c_out)

        def forward(self, x):
            h = F.relu(self.n1(self.c1(x)))
            h = F.relu(self.n2(self.c2(h)))
            h = self.n3(self.c3(h))
            return F.relu(h + (self.ns(self.cs(x)) if self.project else x))

    class SmallResNet(fw.Chain):
        """ResNet-50's stem and first stage (three bottlenecks) on 3x96x96, 10 classes."""

        def __init__(self):
            super().__init__()
            with self.init_scope():
                self.conv = L.Convolution2D(3, 64, 7, 2, 3, nobias=True)
                self.norm = L.BatchNormalization(64)
                self.b1 = Bottleneck(64, 64, 256, 1)
                self.b2 = Bottleneck(256, 64, 256, 1)
                self.b3 = Bottleneck(256, 64, 256, 1)
                self.fc = L.Linear(256, 10)

        def forward(self, x):
            h = F.max_pooling_2d(F.relu(self.norm(self.conv(x))), 3, 2)
            h = self.b3(self.b2(self.b1(h)))
            return self.fc(F.average_pooling_2d(h, h.shape[2]))

    return {"nin": NIN, "resnet": SmallResNet}


def _time_steps(np, model, F, x, t, repeats: int) -> tuple[list[float], list[float]]:
    """Milliseconds of wall and of CPU time of ``repeats`` training steps, after one to
    warm up."""
    times, cpu_times = [], []
    for _ in range(repeats + 1):
        start, cpu_start = time.perf_counter(), time.process_time()
        model.cleargrads()
        loss = F.softmax_cross_entropy(model(x), t, reduce="no")
        # the mean's gradient seeded by hand: on NumPy 1.x a 0-d float32 loss times a
        # Python float is float64 in flexgrad, which would run the backward in float64
        loss.grad = np.full(x.shape[0], 1 / x.shape[0], np.float32)
        loss.backward()
        times.append((time.perf_counter() - start) * 1e3)
        cpu_times.append((time.process_time() - cpu_start) * 1e3)
    return times[1:], cpu_times[1:]


def main() -> None:
    args = _parse()
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(args.threads)
    import numpy as np

    fw = importlib.import_module(args.framework)
    L = importlib.import_module(args.framework + ".links")
    F = importlib.import_module(args.framework + ".functions")
    rng = np.random.default_rng(0)
    for name, make in models(fw, L, F).items():
        model = make()
        for batch in args.batches:
            x = rng.standard_normal((batch, 3, 96, 96), dtype=np.float32)
            t = rng.integers(0, 10, batch).astype(np.int32)

            times, cpu_times = _time_steps(np, model, F, x, t, args.repeats)
            print(f"{args.framework} {fw.__version__} numpy {np.__version__} {name} b{batch}: "
                  f"min {min(times):.1f} median {statistics.median(times):.1f} "
                  f"cpu min {min(cpu_times):.1f} ms per step")


if __name__ == "__main__":
    main()
