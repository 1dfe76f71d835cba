#!/usr/bin/env python3
"""flexgrad's introduction in a minute: the graph is whatever the Python code did this time.

1. A perceptron with two hidden layers learns scikit-learn's 1,797 handwritten digits
   (no download) with a Trainer and a progress bar, past 95% test accuracy; the graph it
   recorded is written out as Graphviz DOT (and SVG where Graphviz's ``dot`` is installed).
2. A ResNet with stochastic depth trains for a few iterations: each one draws which
   residual blocks run, skips the others, and so records a graph of its own.

    python3 dev.py demo                                    # sets up .venv, runs this on NumPy
    python examples/define_by_run/demo.py --device @dask   # the same on Dask arrays
    python examples/define_by_run/demo.py --device @torch  # or @jax, @cupy:0, ...
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

# The matrices here are small: one BLAS thread beats several contending for two busy cores
# (ten times faster on a loaded 2-core machine). Set before NumPy loads; yours wins.
os.environ.setdefault("OMP_NUM_THREADS", "1")

import flexgrad  # noqa: E402 - after the thread setting above
import flexgrad.links as L  # noqa: E402
from flexgrad.computational_graph import build_computational_graph  # noqa: E402
from flexgrad.dataset import concat_examples  # noqa: E402

EXAMPLES = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(EXAMPLES / "mnist"), str(EXAMPLES / "stochastic_resnet")]
from classifier_trainer import build_trainer  # noqa: E402 - found through the path set above
from mlp import MLP  # noqa: E402
from stochastic_resnet import StochasticResNet  # noqa: E402

TARGET_ACCURACY = 0.95


def learn_digits(args: argparse.Namespace, device) -> float:
    """Train the perceptron; write its graph; return its test accuracy."""
    model = L.Classifier(MLP(100, 10))
    model.to_device(device)
    optimizer = flexgrad.optimizers.Adam(alpha=0.005).setup(model)
    train, test = flexgrad.datasets.get_digits()
    settings = argparse.Namespace(epoch=args.epoch, batchsize=64, out=args.out, plot=False,
                                  resume=None)
    trainer = build_trainer(model, optimizer, train, test, settings, device)
    trainer.run()
    accuracy = trainer.get_extension("LogReport").log[-1]["validation/main/accuracy"]

    x, t = concat_examples(test[:3], device)
    graph = build_computational_graph(model(x, t))
    ops = Counter(node.label for node in graph.functions)
    print(f"\nThe graph of one step: {len(graph.functions)} ops ("
          + ", ".join(f"{n} {label}" for label, n in ops.items()) + ")")
    written = [write(Path(args.out) / "mlp_graph.dot", graph.dump())]
    svg = graph.svg()
    if svg is not None:
        written.append(write(Path(args.out) / "mlp_graph.svg", svg))
    print("written to " + " and ".join(written)
          + ("" if svg else " (install Graphviz for an SVG)"))
    return float(accuracy)


def write(path: Path, text: str) -> str:
    path.write_text(text)
    return str(path)


def stochastic_depth(args: argparse.Namespace, device) -> None:
    """Train the ResNet for a few iterations, showing the blocks each ran and its graph."""
    model = L.Classifier(StochasticResNet(10, (16, 32, 64), 3, last_survival=0.5))
    model.to_device(device)
    optimizer = flexgrad.optimizers.MomentumSGD(lr=0.05).setup(model)
    blocks = list(model.predictor.blocks)
    print("survival probabilities: "
          + " ".join(f"{block.survival:.2f}" for block in blocks))
    train, _ = flexgrad.datasets.get_digits(ndim=3)
    batches = flexgrad.iterators.SerialIterator(train, 64)
    patterns = set()
    for iteration in range(1, args.iterations + 1):
        x, t = concat_examples(batches.next(), device)
        model.cleargrads()
        loss = model(x, t)
        graph = build_computational_graph(loss)
        recorded = {id(vertex.variable) for vertex in graph.variables}
        ran = "".join("#" if id(block.conv1.W) in recorded else "." for block in blocks)
        patterns.add(ran)
        loss.backward()
        optimizer.update()
        print(f"  iteration {iteration}: blocks run [{ran}] {ran.count('#')}/{len(blocks)}, "
              f"{len(graph.functions)} ops recorded, loss {float(loss.array):.3f}")
    print(f"  {len(patterns)} different graphs in {args.iterations} iterations")
    with flexgrad.using_config("train", False):
        x, t = concat_examples(train[:3], device)
        graph = build_computational_graph(model(x, t))
    print(f"  in test mode every block runs, its branch scaled by its survival probability: "
          f"{len(graph.functions)} ops recorded")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="@numpy",
                        help="@numpy, @dask, @cupy:0, @torch, @jax, @array_api_strict, ...")
    parser.add_argument("--epoch", type=int, default=10, help="epochs of the perceptron")
    parser.add_argument("--iterations", type=int, default=8,
                        help="iterations of the stochastic-depth ResNet")
    parser.add_argument("--out", default=None,
                        help="folder for the log and graphs (default: a new temporary one)")
    args = parser.parse_args()
    args.out = args.out or tempfile.mkdtemp(prefix="flexgrad-demo-")
    flexgrad.set_seed(0)
    device = flexgrad.get_device(args.device)
    start = time.perf_counter()

    print(f"1. A perceptron learns handwritten digits on {device} "
          f"(1,437 to train on, 360 to test)\n")
    accuracy = learn_digits(args, device)
    verdict = "above" if accuracy > TARGET_ACCURACY else "not yet above"
    print(f"test accuracy {accuracy:.1%}, {verdict} {TARGET_ACCURACY:.0%}, "
          f"in {time.perf_counter() - start:.1f} s\n")

    print("2. Stochastic depth: each iteration runs the blocks it draws, so each records "
          "its own graph")
    stochastic_depth(args, device)
    print(f"\nDone in {time.perf_counter() - start:.1f} s; results in {args.out}")


if __name__ == "__main__":
    main()
