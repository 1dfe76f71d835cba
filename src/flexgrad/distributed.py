"""Training on a Dask cluster: the client to compute with, and steps that finish whole.

flexgrad has no scheduler of its own. A batch of Dask arrays chunked on axis 0 flows
through any model; parameters stay single-chunk and the optimizer persists them after
each update, on the cluster when a ``distributed.Client`` is the default scheduler. This
module gives that client (one the user has, one at an address, or a LocalCluster it
starts), ``wait_for_step``, which makes a step's failure show at that step, and
``atomic_update``, which puts the parameters back as they were when a step fails.

>>> import flexgrad.distributed
>>> flexgrad.distributed.connect(None) is None  # no cluster: Dask's threads compute
True
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Any, TextIO

from .errors import FlexgradError, InvalidTypeError
from .link import Link
from .variable import Variable

_WHERE = "flexgrad.distributed"


class StepFailedError(FlexgradError, RuntimeError):
    """A step's computation failed on the cluster (a worker died and Dask could not
    recompute it); the parameters keep the values they had before the step."""


def connect(scheduler: Any = None, *, local: bool = False, out: TextIO | None = None,
            **cluster_options: Any) -> Any:
    """The ``distributed.Client`` that Dask computations (and so flexgrad) run on.

    Args:
        scheduler: a ``distributed.Client`` (used as is), a scheduler address such as
            ``'tcp://10.0.0.5:8786'`` (what the examples' ``--scheduler`` takes), or None.
        local: with ``scheduler=None``, start a ``distributed.LocalCluster`` on this
            machine (worker processes) rather than use Dask's threads.
        out: where the scheduler's and the dashboard's addresses are printed (None:
            ``sys.stdout``).
        cluster_options: passed to ``LocalCluster`` (``n_workers``, ``threads_per_worker``,
            ``memory_limit``, ``dashboard_address``...).

    Returns:
        The client, now Dask's default scheduler; None when there is no cluster to use.
        ``client.close()`` (and ``client.cluster.close()`` for a local one) ends it.
    """
    if scheduler is None and not local:
        return None
    try:
        import distributed
    except ImportError as exc:  # pragma: no cover - distributed ships with the dask extra
        raise FlexgradError(f"{_WHERE}.connect needs the 'distributed' package: pip "
                            "install flexgrad[dask]") from exc
    if isinstance(scheduler, distributed.Client):
        client = scheduler
        client.as_current()
    elif isinstance(scheduler, str):
        client = distributed.Client(scheduler, set_as_default=True)
    elif scheduler is None:
        cluster = distributed.LocalCluster(**cluster_options)
        client = distributed.Client(cluster, set_as_default=True)
    else:
        raise InvalidTypeError(f"{_WHERE}.connect: argument 'scheduler' expected a "
                               "distributed.Client, an address string or None, got "
                               f"{type(scheduler).__name__}")
    link = client.dashboard_link if _has_dashboard(client) else "none"
    print(f"flexgrad.distributed: scheduler {client.scheduler.address}, dashboard {link}",
          file=out or sys.stdout)
    return client


def to_cluster(array: Any, rows: int) -> Any:
    """A NumPy batch as a Dask array of ``rows``-sample chunks. On a cluster each chunk is
    sent to a worker once (``client.scatter``, spread over the workers) rather than
    carried inside the task graph, which Dask warns about above ~10 MiB."""
    from .backends.dask import BACKEND

    return BACKEND.from_numpy_rows(array, rows, _current_client())


def _current_client() -> Any:
    """The default ``distributed.Client``, or None (no cluster, or no distributed)."""
    try:
        from distributed import default_client
        return default_client()
    except (ImportError, ValueError):
        return None


def wait_for_step(*objects: Link | Variable | Iterable[Any]) -> None:
    """Block until the parameters of Links (or Variables' arrays) persisted by the last
    update are computed on the cluster, and raise ``StepFailedError`` if that failed.

    ``optimizer.update()`` persists asynchronously on a cluster: without this, a worker
    lost mid-step shows only at the next step. Call it before a snapshot, so a snapshot
    holds finished values; on failure, restart the workers and reload the last snapshot.
    """
    arrays = list(_lazy_arrays(objects))
    client = _current_client()
    if not arrays or client is None:
        return  # no cluster: persist computed the values already
    from distributed import futures_of, wait

    futures = futures_of(arrays)
    wait(futures)
    failed = [f for f in futures if f.status != "finished"]
    if not failed:
        return
    try:
        client.gather(failed[0])
        cause = "no error was reported"
    except Exception as exc:  # noqa: BLE001 - whatever the cluster raised is the cause
        cause = f"{type(exc).__name__}: {exc}"
    message = (f"{_WHERE}.wait_for_step: {len(failed)} of {len(futures)} parameter chunks "
               f"failed on the cluster ({cause}); restart the workers "
               "(client.restart()) and reload the last snapshot to go on")
    # Let the scheduler forget the failed keys: a step run again after a reload builds
    # some of the same keys (constants named by their values) and must not find them failed.
    client.cancel(futures)
    del futures, failed, arrays
    raise StepFailedError(message)


def atomic_update(optimizer: Any, lossfun: Any = None, *args: Any, **kwds: Any) -> None:
    """``optimizer.update(lossfun, *args, **kwds)``, then ``wait_for_step``; if the step
    fails on the cluster, the parameters, the update rules' states and the update counts
    are put back as they were before it, and ``StepFailedError`` is raised."""
    params = [p for p in optimizer.target.params() if p.update_rule is not None]
    before = [(p, p.array, p.update_rule.t, _copy(p.update_rule.state)) for p in params]
    t = optimizer.t
    try:
        optimizer.update(lossfun, *args, **kwds)
        wait_for_step(optimizer.target)
    except StepFailedError:
        optimizer.t = t
        for param, array, rule_t, state in before:
            param.replace_array(array)
            param.update_rule.t = rule_t
            param.update_rule.state = state
        raise


def _copy(state: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if state is None else dict(state)


def _lazy_arrays(objects: Iterable[Any]) -> Iterable[Any]:
    for obj in objects:
        if isinstance(obj, Link):
            yield from (p.array for p in obj.params(include_uninit=False))
        elif isinstance(obj, Variable):
            yield obj.array
        elif hasattr(obj, "__dask_graph__"):
            yield obj
        else:
            raise InvalidTypeError(f"{_WHERE}.wait_for_step: expected Links, Variables or "
                                   f"Dask arrays, got {type(obj).__name__}")


def _has_dashboard(client: Any) -> bool:
    try:
        return bool(client.scheduler_info().get("services", {}).get("dashboard"))
    except (AttributeError, OSError):
        return False
