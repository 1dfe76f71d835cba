"""Pooling functions: max, average, and their inverses."""
