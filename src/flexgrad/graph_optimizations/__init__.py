"""Graph optimizations, Chainer's module: ``static_graph.static_graph`` records a chain's
forward and replays it (``flexgrad.static_graph`` and ``flexgrad.static_code``)."""
