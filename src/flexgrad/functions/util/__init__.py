"""Utilities that change how the graph is kept (forget: recompute instead of storing)."""
