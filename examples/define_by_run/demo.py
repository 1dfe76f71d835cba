"""Define-by-run in one screen: the graph is whatever this Python code does this time.

A small residual network learns y = sin(3x) with stochastic depth: every iteration drops
a random subset of its blocks, so every iteration records a different graph. The same
script runs on any backend, chosen by the arrays it is given:

    python examples/define_by_run/demo.py                 # NumPy
    python examples/define_by_run/demo.py --device @dask  # Dask: lazy, chunked
    python examples/define_by_run/demo.py --device @array_api_strict
"""

from __future__ import annotations

import argparse
import time

import numpy as np

import flexgrad
import flexgrad.functions as F
from flexgrad.computational_graph import build_computational_graph


def make_params(rng: np.random.Generator, width: int, depth: int) -> dict[str, np.ndarray]:
    params = {"w_in": rng.normal(0, 1.0, (1, width)), "b_in": np.zeros(width),
              "w_out": rng.normal(0, width**-0.5, (width, 1)), "b_out": np.zeros(1)}
    for i in range(depth):
        params[f"w{i}"] = rng.normal(0, 0.5 * width**-0.5, (width, width))
        params[f"b{i}"] = np.zeros(width)
    return {name: value.astype(np.float32) for name, value in params.items()}


def forward(p: dict[str, flexgrad.Variable], x, keep: list[bool]) -> flexgrad.Variable:
    """The residual blocks that ``keep`` switches off are simply not run: no graph for them."""
    h = F.tanh(F.matmul(x, p["w_in"]) + p["b_in"])
    for i, kept in enumerate(keep):
        if kept:
            h = h + F.tanh(F.matmul(h, p[f"w{i}"]) + p[f"b{i}"])
    return F.matmul(h, p["w_out"]) + p["b_out"]


def train(device: str, steps: int, seed: int = 0, log_every: int = 50) -> float:
    dev = flexgrad.get_device(device)
    rng = np.random.default_rng(seed)
    params = {k: flexgrad.Variable(dev.send(v), name=k)
              for k, v in make_params(rng, width=32, depth=4).items()}
    x_np = np.linspace(-1, 1, 128, dtype=np.float32)[:, None]
    x, t = dev.send(x_np), dev.send(np.sin(3 * x_np))
    lr, loss_value = 0.1, float("nan")
    for step in range(1, steps + 1):
        keep = list(rng.random(4) < 0.8)  # stochastic depth: a new graph every step
        loss = F.mean((forward(params, x, keep) - t) ** 2)
        for p in params.values():
            p.cleargrad()
        loss.backward()
        for p in params.values():  # plain SGD; a dropped block's weights got no grad
            if p.grad is not None:
                p.array = p.array - lr * p.grad
        (*values,) = dev.backend.materialize([p.array for p in params.values()])
        for p, value in zip(params.values(), values, strict=True):
            p.array = value  # on Dask: persisted, so the task graph does not grow
        if step % log_every == 0 or step == steps:
            loss_value = loss.item()
            print(f"  step {step:4d}  blocks run {sum(keep)}/4  loss {loss_value:.5f}")
    with flexgrad.no_backprop_mode():
        final = F.mean((forward(params, x, [True] * 4) - t) ** 2).item()
    print(f"  final loss with every block: {final:.5f}")
    return final


def show_graph() -> None:
    rng = np.random.default_rng(1)
    params = {k: flexgrad.Variable(v, name=k) for k, v in make_params(rng, 4, 2).items()}
    x = np.zeros((3, 1), dtype=np.float32)
    for keep in ([True, False], [True, True]):
        graph = build_computational_graph(forward(params, x, keep))
        print(f"  blocks {keep}: {len(graph.functions)} ops recorded")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="@numpy", help="'@numpy', '@dask', '@cupy:0', ...")
    parser.add_argument("--steps", type=int, default=300)
    args = parser.parse_args()
    print("The graph differs with the blocks each step runs:")
    show_graph()
    print(f"Training on {args.device}:")
    start = time.perf_counter()
    final = train(args.device, args.steps)
    print(f"Done in {time.perf_counter() - start:.1f} s; final loss {final:.5f}")


if __name__ == "__main__":
    main()
