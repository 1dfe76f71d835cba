#!/usr/bin/env python3
"""A ResNet with stochastic depth learns to classify images; its graph changes every step.

    python examples/stochastic_resnet/train_stochastic_resnet.py        # the 8x8 digits
    python examples/stochastic_resnet/train_stochastic_resnet.py --no-stochastic-depth
    python examples/stochastic_resnet/train_stochastic_resnet.py --dataset cifar10 \\
        --device @cupy:0 --epoch 100                                    # CIFAR-10, downloaded

Momentum SGD with weight decay; the learning rate falls tenfold at half and again at three
quarters of the run. ``main/predictor/blocks`` in the log is how many residual blocks ran
per training iteration, on average: the rest were skipped (see stochastic_resnet.py). The
output folder gets what ../mnist/classifier_trainer.py describes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import flexgrad
import flexgrad.links as L
from flexgrad.training import extensions

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "mnist"))
from classifier_trainer import (  # noqa: E402 - found through the path set above
    add_training_arguments,
    build_trainer,
    take_subset,
    training_iterations,
)
from stochastic_resnet import StochasticResNet  # noqa: E402

DATASETS = {"digits": lambda: flexgrad.datasets.get_digits(ndim=3),
            "cifar10": flexgrad.datasets.get_cifar10}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_training_arguments(parser, epoch=20, batchsize=64, datasets=list(DATASETS))
    parser.add_argument("--no-stochastic-depth", dest="last_survival", action="store_const",
                        const=1.0, default=0.5, help="run every block every time (the same "
                        "network, trained without stochastic depth)")
    parser.add_argument("--blocks-per-stage", type=int, default=3,
                        help="residual blocks in each of the three stages")
    parser.add_argument("--channels", type=int, default=16,
                        help="channels of the first stage (the next have 2x and 4x)")
    parser.add_argument("--learnrate", "-l", type=float, default=0.1)
    args = parser.parse_args()
    flexgrad.set_seed(args.seed)
    device = flexgrad.get_device(args.device)
    print(f"{args.dataset} on {device}: {3 * args.blocks_per_stage} residual blocks, last "
          f"survival probability {args.last_survival}, {args.epoch} epochs")

    widths = (args.channels, 2 * args.channels, 4 * args.channels)
    model = L.Classifier(StochasticResNet(10, widths, args.blocks_per_stage,
                                          args.last_survival))
    model.to_device(device)
    optimizer = flexgrad.optimizers.MomentumSGD(lr=args.learnrate, momentum=0.9).setup(model)
    optimizer.add_hook(flexgrad.optimizer_hooks.WeightDecay(1e-4))
    train, test = take_subset(*DATASETS[args.dataset](), args.subset)

    trainer = build_trainer(model, optimizer, train, test, args, device,
                            extra_columns=("main/predictor/blocks", "lr"))
    iterations = training_iterations(args, train)
    trainer.extend(extensions.MultistepShift("lr", 0.1, [iterations // 2, iterations * 3 // 4],
                                             args.learnrate))
    trainer.extend(extensions.observe_lr())
    trainer.run()


if __name__ == "__main__":
    main()
