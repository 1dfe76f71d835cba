"""BinaryHierarchicalSoftmax: word2vec's output layer over a binary (Huffman) tree."""

from __future__ import annotations

import heapq
from typing import Any

from ... import backends, initializers
from ...functions.activation.softplus import softplus
from ...functions.connection.embed_id import embed_id
from ...functions.math.sum import sum as sum_
from ...link import Link
from ...variable import Parameter, Variable


def _parse(tree: Any) -> tuple[dict[Any, list[int]], dict[Any, list[float]], int]:
    """Each leaf's path of internal node ids from the root and its codes (1.0 to the left
    child, -1.0 to the right, as Chainer's), and the number of internal nodes; nodes are
    numbered in depth-first order, left first."""
    paths: dict[Any, list[int]] = {}
    codes: dict[Any, list[float]] = {}
    count = 0
    stack: list[tuple[Any, list[int], list[float]]] = [(tree, [], [])]
    while stack:  # not recursive: a degenerate tree of a large vocabulary is deep
        node, path, code = stack.pop()
        if not isinstance(node, tuple):
            paths[node], codes[node] = path, code
            continue
        if len(node) != 2:
            raise ValueError("BinaryHierarchicalSoftmax: every internal node of the tree "
                             f"must have two children, got {len(node)}")
        node_id, count = count, count + 1
        stack.append((node[1], [*path, node_id], [*code, -1.0]))
        stack.append((node[0], [*path, node_id], [*code, 1.0]))
    return paths, codes, count


class BinaryHierarchicalSoftmax(Link):
    """Hierarchical softmax over a binary tree whose leaves are the words: a word's
    probability is the product of ``sigmoid(b_i * x . W[e_i])`` along its path from the
    root (internal nodes ``e_i``, directions ``b_i``), so a loss costs O(log n) per word.

    Args:
        in_size: the size of the input vectors.
        tree: a binary tree of tuples with word ids at the leaves, e.g. ``((1, 2), 0)``;
            ``create_huffman_tree(counts)`` makes word2vec's.

    ``W`` (internal nodes, in_size) starts from ``Uniform(1)``, as in Chainer. Calling the
    link gives the loss summed over the batch, as Chainer's does; it is a composite of
    ``embed_id``, ``softplus`` and ``sum``, so it differentiates twice on every backend.
    Chainer's ``sample`` is not there yet.

    >>> import numpy as np, flexgrad.links as L
    >>> tree = L.BinaryHierarchicalSoftmax.create_huffman_tree({0: 8, 1: 5, 2: 6, 3: 4})
    >>> tree
    ((3, 1), (2, 0))
    >>> hsm = L.BinaryHierarchicalSoftmax(2, tree)
    >>> hsm.W.array[...] = 0
    >>> hsm(np.ones((1, 2), np.float32), np.array([0], np.int32)).array  # 2 log 2
    array(1.3862944, dtype=float32)
    """

    def __init__(self, in_size: int, tree: Any) -> None:
        super().__init__()
        paths, codes, n_nodes = _parse(tree)
        self.tree = tree
        n_vocab = max(paths) + 1
        depth = max(len(p) for p in paths.values())
        # one row per word, padded to the deepest path: node -1 (embeds to zeros), code 0
        self._path_rows = [paths.get(w, []) + [-1] * (depth - len(paths.get(w, [])))
                           for w in range(n_vocab)]
        self._code_rows = [codes.get(w, []) + [0.0] * (depth - len(codes.get(w, [])))
                           for w in range(n_vocab)]
        self._tables: tuple[Any, Any, Any, Any] | None = None
        with self.init_scope():
            self.W = Parameter(initializers.Uniform(1), (n_nodes, in_size))

    @staticmethod
    def create_huffman_tree(word_counts: dict[Any, float]) -> Any:
        """The Huffman tree of ``{word: count}``: nested pairs with the words at the
        leaves, frequent words near the root (``{0: 8, 1: 5, 2: 6, 3: 4}`` gives
        ``((3, 1), (2, 0))``, as in Chainer)."""
        if len(word_counts) == 0:
            raise ValueError("BinaryHierarchicalSoftmax.create_huffman_tree: empty vocabulary")
        # the unique id breaks ties between equal counts (and never compares the trees)
        heap = [(count, uid, word) for uid, (word, count) in enumerate(word_counts.items())]
        heapq.heapify(heap)
        while len(heap) >= 2:
            count1, id1, word1 = heapq.heappop(heap)
            count2, id2, word2 = heapq.heappop(heap)
            heapq.heappush(heap, (count1 + count2, min(id1, id2), (word1, word2)))
        return heap[0][2]

    def _tables_for(self, x: Any) -> tuple[Any, Any]:
        """The path and code tables on the device and in the dtype of ``x``, made once."""
        device = backends.get_device_from_array(x)
        if self._tables is None or self._tables[:2] != (device, x.dtype):
            xp = device.backend.xp
            paths = device.send(xp.asarray(self._path_rows, dtype=xp.int32))
            codes = device.send(xp.asarray(self._code_rows, dtype=x.dtype))
            self._tables = (device, x.dtype, paths, codes)
        return self._tables[2], self._tables[3]

    def forward(self, x: Variable | Any, t: Variable | Any) -> Variable:
        """The loss of ``x`` (B, in_size) against words ``t`` (B,), summed over the batch."""
        x_array = x.array if isinstance(x, Variable) else x
        t_array = t.array if isinstance(t, Variable) else t
        paths, codes = self._tables_for(x_array)
        xp = backends.backend_of(x_array).xp
        nodes = xp.take(paths, xp.astype(t_array, xp.int32), axis=0)  # (B, depth)
        signs = xp.take(codes, xp.astype(t_array, xp.int32), axis=0)
        w = embed_id(nodes, self.W, ignore_label=-1)  # (B, depth, in_size)
        score = sum_(w * x[:, None, :], axis=2)  # x . W[node] at each step of the path
        mask = xp.astype(signs != 0, x_array.dtype)
        return sum_(softplus(score * -signs) * mask)  # -log sigmoid(code * score)
