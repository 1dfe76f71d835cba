"""Labelled binary trees for the recursive net, from one of two sources.

``python_trees``, the default and offline: expressions from the Python standard library's
own source, parsed with ``ast``. Each becomes a binary tree over its tokens, and every
subtree is labelled with its syntactic category, as a treebank labels its phrases NP or
VP: a call, an attribute, a comparison, arithmetic... and, at the leaves, a name, a
constant, an attribute's name or an operator. An AST node with more than two parts is
folded from the left (``f(a, b)`` is ``((f '(') a) b``, each inner node a call).

``sst_trees``: the Stanford Sentiment Treebank's ``trees/{train,dev,test}.txt`` (Socher
et al., 2013; sentiment 0-4 on every phrase), read from a folder where you put them.

A tree is a nested tuple: ``(label, word)`` at a leaf, ``(label, left, right)`` inside.
"""

import ast
import glob
import os
import re
import sysconfig
import warnings
import zlib

SPLITS = ("train", "dev", "test")

CATEGORIES = {ast.Call: "call", ast.Attribute: "attribute", ast.Subscript: "subscript",
              ast.BinOp: "arithmetic", ast.UnaryOp: "unary", ast.BoolOp: "logic",
              ast.Compare: "comparison", ast.List: "display", ast.Tuple: "display",
              ast.Set: "display", ast.Dict: "display"}
OPERATORS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//",
             ast.Mod: "%", ast.Pow: "**", ast.LShift: "<<", ast.RShift: ">>",
             ast.BitOr: "|", ast.BitXor: "^", ast.BitAnd: "&", ast.MatMult: "@",
             ast.And: "and", ast.Or: "or", ast.Not: "not", ast.USub: "-", ast.UAdd: "+",
             ast.Invert: "~", ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=",
             ast.Gt: ">", ast.GtE: ">=", ast.Is: "is", ast.IsNot: "is not", ast.In: "in",
             ast.NotIn: "not in"}


class Unsupported(Exception):
    """An expression with a part this reader leaves out (a lambda, a slice, ``*args``,
    an empty display...)."""


def python_trees(sizes, max_leaves):
    """``{split: trees}`` with at most ``sizes[split]`` trees of 2 to ``max_leaves``
    leaves each. Every source file goes whole to one split (by a checksum of its name),
    read in sorted order until each split is full, so the trees are the same every run."""
    trees = {split: [] for split in SPLITS}
    stdlib = sysconfig.get_paths()["stdlib"]
    for path in sorted(glob.glob(os.path.join(stdlib, "*.py"))):
        split = _split_of(os.path.basename(path))
        if len(trees[split]) >= sizes[split]:
            continue
        for tree in _expression_trees(path, max_ast_nodes=4 * max_leaves):
            if len(trees[split]) < sizes[split] and 2 <= _leaves(tree) <= max_leaves:
                trees[split].append(tree)
        if all(len(trees[split]) >= sizes[split] for split in SPLITS):
            break
    return trees


def _split_of(name):
    """About 80% of the files to train on, 10% each to validate and test."""
    bucket = zlib.crc32(name.encode()) % 10
    return "dev" if bucket == 0 else "test" if bucket == 1 else "train"


def _expression_trees(path, max_ast_nodes):
    """The trees of the whole expressions in a file: each expression a statement holds
    directly (a call statement, an assignment's value, a condition, ...), of at most
    ``max_ast_nodes`` AST nodes (operators and contexts count), so none is deep."""
    with open(path, encoding="utf-8") as f:
        source = f.read()
    with warnings.catch_warnings():  # old escapes in string literals warn; they parse
        warnings.simplefilter("ignore")
        module = ast.parse(source)
    for statement in ast.walk(module):
        if not isinstance(statement, ast.stmt):
            continue
        for child in ast.iter_child_nodes(statement):
            if isinstance(child, ast.expr) and _size(child) <= max_ast_nodes:
                try:
                    yield _expression(child)
                except Unsupported:
                    pass


def _size(node):
    return sum(1 for _ in ast.walk(node))


def _expression(node):
    if isinstance(node, ast.Name):
        return ("name", node.id)
    if isinstance(node, ast.Constant):
        return ("constant", _constant_word(node.value))
    if type(node) not in CATEGORIES:
        raise Unsupported(type(node).__name__)
    parts = _parts(node)
    if len(parts) < 2:
        raise Unsupported("a node with one part")
    tree = parts[0]
    for part in parts[1:]:
        tree = (CATEGORIES[type(node)], tree, part)
    return tree


def _parts(node):
    """The node's subtrees and operator tokens in source order."""
    def token(op):
        return ("token", OPERATORS[type(op)] if isinstance(op, ast.AST) else op)

    expression = _expression
    if isinstance(node, ast.Call):
        keywords = [keyword.value for keyword in node.keywords]
        return [expression(node.func), token("(")] + [expression(a) for a in node.args
                                                        + keywords]
    if isinstance(node, ast.Attribute):
        return [expression(node.value), ("attribute name", node.attr)]
    if isinstance(node, ast.Subscript):
        return [expression(node.value), token("["), expression(node.slice)]
    if isinstance(node, ast.BinOp):
        return [expression(node.left), token(node.op), expression(node.right)]
    if isinstance(node, ast.UnaryOp):
        return [token(node.op), expression(node.operand)]
    if isinstance(node, ast.BoolOp):
        parts = [expression(node.values[0])]
        for value in node.values[1:]:
            parts += [token(node.op), expression(value)]
        return parts
    if isinstance(node, ast.Compare):
        parts = [expression(node.left)]
        for op, value in zip(node.ops, node.comparators, strict=True):
            parts += [token(op), expression(value)]
        return parts
    if isinstance(node, ast.Dict):
        if any(key is None for key in node.keys):
            raise Unsupported("**mapping in a dict display")
        pairs = [expression(x) for pair in zip(node.keys, node.values, strict=True)
                 for x in pair]
        return [token("{")] + pairs
    opening = {ast.List: "[", ast.Tuple: "(", ast.Set: "{"}[type(node)]
    return [token(opening)] + [expression(element) for element in node.elts]


def _constant_word(value):
    """Strings and big numbers by their type, small ints, True, False and None by name."""
    if isinstance(value, bool) or value is None or value is Ellipsis:
        return repr(value)
    if isinstance(value, int) and -10 <= value <= 10:
        return str(value)
    return f"<{type(value).__name__}>"


def _leaves(tree):
    return 1 if len(tree) == 2 else _leaves(tree[1]) + _leaves(tree[2])


def sst_trees(folder, sizes):
    """``{split: trees}`` read from ``folder/{train,dev,test}.txt``, one S-expression
    ``(label word)`` or ``(label left right)`` a line, at most ``sizes[split]`` each."""
    trees = {}
    for split in SPLITS:
        path = os.path.join(folder, f"{split}.txt")
        if not os.path.exists(path):
            raise SystemExit(f"{path} is missing: put the Stanford Sentiment Treebank's "
                             f"trees/*.txt in {folder}, or use --dataset python")
        with open(path, encoding="utf-8") as f:
            lines = [line for line in f if line.strip()][:sizes[split]]
        trees[split] = [_parse_sexp(re.findall(r"\(|\)|[^()\s]+", line)) for line in lines]
    return trees


def _parse_sexp(tokens):
    """One S-expression tree from its tokens (consumed from the front)."""
    def parse(at):
        label, at = tokens[at + 1], at + 2
        if tokens[at] != "(":
            return (label, tokens[at]), at + 2
        left, at = parse(at)
        right, at = parse(at)
        return (label, left, right), at + 1

    return parse(0)[0]
