"""Links: objects that own Parameters and child links (Chainer's Link, Chain, ChainList).

A link registers what is assigned inside ``with self.init_scope():``: a Parameter becomes
one of its parameters, and (in a Chain) a Link becomes a child. Paths such as ``'/l1/W'``
name a parameter from the root link down, exactly as Chainer does.
"""

from __future__ import annotations

import contextlib
import copy as copy_module
import html
import math
from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

from . import backends
from .link_hook import ForwardCallbackArgs, LinkHook
from .link_hook import _thread as _thread_hooks
from .variable import Parameter, Variable


class Link:
    """A block of parameters and persistent values, with ``forward`` as its computation.

    Args:
        **params: Chainer's old form, ``Link(W=(3, 4), b=((4,), 'float64'))``: each name
            gets a parameter of that shape (and dtype; uninitialized when the shape is None).
    """

    #: Read by ``__setattr__``; a class default, so that a subclass may assign attributes
    #: before calling ``super().__init__()``, as Chainer allows.
    _within_init_scope = False

    def __init__(self, **params: Any) -> None:
        object.__setattr__(self, "_params", [])
        object.__setattr__(self, "_persistent", [])
        object.__setattr__(self, "_within_init_scope", False)
        object.__setattr__(self, "_device", backends.NUMPY.default_device())
        object.__setattr__(self, "name", None)
        object.__setattr__(self, "_local_link_hooks", None)
        for name, spec in params.items():
            if isinstance(spec, tuple) and len(spec) == 2 and isinstance(spec[0], tuple):
                self.add_param(name, spec[0], dtype=spec[1])
            else:
                self.add_param(name, spec)

    # -- registration ---------------------------------------------------------------------
    @property
    def within_init_scope(self) -> bool:
        """Whether assignments are being registered as parameters (and children)."""
        return self._within_init_scope

    @contextlib.contextmanager
    def init_scope(self) -> Iterator[None]:
        """Inside this block, assigning a Parameter (or, in a Chain, a Link) registers it."""
        old = self._within_init_scope
        object.__setattr__(self, "_within_init_scope", True)
        try:
            yield
        finally:
            object.__setattr__(self, "_within_init_scope", old)

    def __setattr__(self, name: str, value: Any) -> None:
        if self._within_init_scope and isinstance(value, Parameter):
            value.name = name
            self._forget(name)
            self._params.append(name)
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        self._forget(name)
        object.__delattr__(self, name)

    def _forget(self, name: str) -> None:
        """Unregister ``name`` in every registry it may be in (it is being replaced)."""
        for registry in (self._params, self._persistent):
            if name in registry:
                registry.remove(name)

    def _check_new_name(self, name: str) -> None:
        if name in self.__dict__:
            raise AttributeError(f"{type(self).__name__}: cannot register {name!r}: "
                                 "an attribute of that name already exists")

    def add_param(self, name: str, shape: Any = None, dtype: Any = "float32",
                  initializer: Any = None) -> None:
        """Register a new Parameter ``name`` (Chainer's older form of ``init_scope``).

        Args:
            shape: the shape; None leaves it uninitialized until ``initialize`` is called.
            dtype: the dtype used when the initializer does not fix one.
            initializer: an initializer, a scalar or an array; None fills with NaN.
        """
        from . import initializers

        self._check_new_name(name)
        param = Parameter(initializers._with_dtype(initializer, dtype))
        if shape is not None:
            param.initialize(shape, self._device)
        with self.init_scope():
            setattr(self, name, param)

    def add_persistent(self, name: str, value: Any) -> None:
        """Register ``value`` as state that is saved and moved with the link, not trained."""
        self._check_new_name(name)
        self._persistent.append(name)
        object.__setattr__(self, name, value)

    def register_persistent(self, name: str) -> None:
        """Register the existing attribute ``name`` as persistent (Chainer's form: assign,
        then register)."""
        if name not in self.__dict__:
            raise AttributeError(f"{type(self).__name__}.register_persistent: no attribute "
                                 f"{name!r} to register (assign it first, or use "
                                 "add_persistent(name, value))")
        self._forget(name)
        self._persistent.append(name)

    # -- the tree -------------------------------------------------------------------------
    def _named_children(self) -> Iterator[tuple[str, Link]]:
        """``(name, child)`` pairs, in registration order (a plain Link has none)."""
        return iter(())

    def children(self) -> Iterator[Link]:
        """The direct child links."""
        for _, child in self._named_children():
            yield child

    def params(self, include_uninit: bool = True) -> Iterator[Parameter]:
        """Every parameter of this link and its descendants."""
        for _, param in self.namedparams(include_uninit):
            yield param

    def namedparams(self, include_uninit: bool = True) -> Iterator[tuple[str, Parameter]]:
        """``(path, parameter)`` pairs such as ``('/l1/W', W)``."""
        for name in self._params:
            param = self.__dict__[name]
            if include_uninit or param.array is not None:
                yield "/" + name, param
        for child_name, child in self._named_children():
            for path, param in child.namedparams(include_uninit):
                yield "/" + child_name + path, param

    def links(self, skipself: bool = False) -> Iterator[Link]:
        """This link (unless ``skipself``) and all its descendants."""
        for _, link in self.namedlinks(skipself):
            yield link

    def namedlinks(self, skipself: bool = False) -> Iterator[tuple[str, Link]]:
        """``(path, link)`` pairs: ``('/', self)``, then ``('/l1', l1)`` and deeper."""
        if not skipself:
            yield "/", self
        for child_name, child in self._named_children():
            yield "/" + child_name, child
            for path, link in child.namedlinks(skipself=True):
                yield "/" + child_name + path, link

    # -- gradients ------------------------------------------------------------------------
    def cleargrads(self) -> None:
        """Forget every parameter's gradient (the next backward starts them afresh)."""
        for param in self.params():
            param.cleargrad()

    def zerograds(self) -> None:
        """Set every initialized parameter's gradient to zeros (Chainer's older way)."""
        for param in self.params(include_uninit=False):
            param.zerograd()

    def addgrads(self, link: Link) -> None:
        """Add the gradients of ``link`` (same structure) into this link's gradients."""
        for (_, dst), (_, src) in self._paired_params(link, "addgrads"):
            if src.grad is None:
                continue
            grad = dst.device.send(src.grad) if dst.array is not None else src.grad
            dst.grad = grad if dst.grad is None else dst.grad + grad

    def _paired_params(self, link: Link, method: str) -> list[tuple[Any, Any]]:
        """This link's and ``link``'s ``(path, param)`` pairs, checked to have the same paths."""
        mine, theirs = list(self.namedparams()), list(link.namedparams())
        if [p for p, _ in mine] != [p for p, _ in theirs]:
            raise ValueError(f"{type(self).__name__}.{method}: the links differ in parameters: "
                             f"{[p for p, _ in mine]} vs {[p for p, _ in theirs]}")
        return list(zip(mine, theirs, strict=True))

    # -- copies ---------------------------------------------------------------------------
    def copy(self, mode: str = "share") -> Link:
        """A copy of this link and its descendants.

        Args:
            mode: ``'share'``: new Parameter objects sharing the arrays (no grads);
                ``'copy'``: the arrays copied too; ``'init'``: copied, then every
                initialized parameter that has an initializer drawn again.
        """
        if mode not in ("share", "copy", "init"):
            raise ValueError(f"{type(self).__name__}.copy: mode must be 'share', 'copy' or "
                             f"'init', got {mode!r}")
        if mode == "share":
            return self._shared_copy()
        memo: dict[int, Any] = {}
        for link in self.links():
            if link._local_link_hooks is not None:
                memo[id(link._local_link_hooks)] = None  # a copy starts without hooks
            for value in link.__dict__.values():
                if isinstance(value, Variable) and not isinstance(value, Parameter):
                    memo[id(value)] = _detached_copy(value)  # kept outputs, RNN state
        ret = copy_module.deepcopy(self, memo)
        object.__setattr__(ret, "name", None)
        for param in ret.params():
            param._sharers = None  # copied arrays are nobody else's
        if mode == "init":
            for param in ret.params(include_uninit=False):
                if param.initializer is not None:
                    param.initialize(param.shape, param.device)
        return ret

    def _shared_copy(self) -> Link:
        ret = copy_module.copy(self)
        d = ret.__dict__
        d.update(_params=list(self._params), _persistent=list(self._persistent), name=None,
                 _within_init_scope=False, _local_link_hooks=None)
        for name in self._params:
            d[name] = d[name]._shared()
        ret._share_children()
        return ret

    def _share_children(self) -> None:
        """Replace each child by its shared copy (part of ``copy('share')``)."""

    def copyparams(self, link: Link, copy_persistent: bool = True) -> None:
        """Copy the parameter (and persistent) values of ``link`` into this link."""
        for (_, dst), (_, src) in self._paired_params(link, "copyparams"):
            if src.array is not None:
                target = dst.device if dst.array is not None else self._device
                dst.replace_array(target.send(_copied(src.array)))
        if copy_persistent:
            for mine, theirs in zip(self.links(), link.links(), strict=False):
                for name in mine._persistent:
                    value = theirs.__dict__[name]
                    if backends.is_array(value):
                        value = mine._device.send(_copied(value))
                    object.__setattr__(mine, name, value)

    # -- optimizers -----------------------------------------------------------------------
    def enable_update(self) -> None:
        """Let optimizers update every parameter that has an update rule."""
        self._set_update(True)

    def disable_update(self) -> None:
        """Keep optimizers from updating this link's parameters (they are frozen)."""
        self._set_update(False)

    def _set_update(self, enabled: bool) -> None:
        for param in self.params():
            if param.update_rule is not None:
                param.update_rule.enabled = enabled

    @property
    def update_enabled(self) -> bool:
        """Whether some parameter has an enabled update rule."""
        return any(p.update_rule is not None and p.update_rule.enabled for p in self.params())

    def repeat(self, n_repeat: int, mode: str = "init") -> Any:
        """A Sequential of ``n_repeat`` copies of this link (see ``copy`` for ``mode``)."""
        from .sequential import Sequential

        return Sequential(*(self.copy(mode) for _ in range(max(n_repeat, 0))))

    def count_params(self) -> int:
        """The number of scalars in the initialized parameters."""
        return sum(math.prod(p.shape) for p in self.params(include_uninit=False))

    # -- devices --------------------------------------------------------------------------
    @property
    def device(self) -> backends.Device:
        """The device the link's arrays live on."""
        return self._device

    @property
    def xp(self) -> Any:
        """Chainer's ``xp``: the device's library's own module (``numpy``, ``cupy``,
        ``dask.array``; the standard namespace for a library with none)."""
        return self._device.xp

    #: Attributes that are neither parameters nor persistents but live on the link's
    #: device (a recurrent link's state): ``to_device`` moves them too.
    _device_state: tuple[str, ...] = ()

    def to_device(self, device: Any) -> Link:
        """Move every parameter, persistent array and kept state, here and below, to
        ``device``."""
        target = backends.get_device(device)
        for link in self.links():
            for name in link._params:
                link.__dict__[name].to_device(target)
            for name in (*link._persistent, *link._device_state):
                value = link.__dict__.get(name)
                if isinstance(value, Variable):
                    value.to_device(target)
                elif backends.is_array(value):
                    object.__setattr__(link, name, target.send(value))
            object.__setattr__(link, "_device", target)
        return self

    def to_cpu(self) -> Link:
        """Move the link to NumPy."""
        return self.to_device("@numpy")

    def to_gpu(self, device: int | None = None) -> Link:
        """Move the link to CuPy device ``device`` (0 when None)."""
        return self.to_device(f"@cupy:{device or 0}")

    # -- serialization --------------------------------------------------------------------
    def serialize(self, serializer: Any) -> None:
        """Save or load parameters and persistents through ``serializer``, then recurse.

        An uninitialized parameter takes the loaded array's shape (if ``_lazy_shape``
        accepts it) and the dtype it would have been initialized with.
        """
        for name in self._params:
            param = self.__dict__[name]
            if param.array is None and hasattr(serializer, "declare_lazy"):  # duck-typed
                serializer.declare_lazy(name, _initial_dtype(param), self._lazy_shape(name))
            value = serializer(name, param.array)
            if param.array is None and value is not None:
                value = self._device.send(value)
            param.replace_array(value)
        for name in self._persistent:
            object.__setattr__(self, name, serializer(name, self.__dict__[name]))
        for child_name, child in self._named_children():
            child.serialize(serializer[child_name])

    def _lazy_shape(self, name: str) -> tuple[int | None, ...] | None:
        """What is known of the shape of the uninitialized parameter ``name`` (None for a
        size its first input decides), for loading; None when nothing is known."""
        return None

    # -- display --------------------------------------------------------------------------
    def _repr_lines(self) -> list[str]:
        """A leaf on one line; a link with children as an indented block."""
        n = self.count_params()
        count = f"  {n:,} param{'s' * (n != 1)}"
        fields = [f"{name}={_param_text(self.__dict__[name])}" for name in self._params]
        children = list(self._shown_children())
        if not children:
            return [f"{type(self).__name__}({', '.join(fields)}){count}"]
        lines = [f"{type(self).__name__}({count}"] + ["  " + f for f in fields]
        for name, child in children:
            if not isinstance(child, Link):
                lines.append(f"  ({name}): {getattr(child, '__name__', repr(child))}")
                continue
            first, *rest = child._repr_lines()
            lines += [f"  ({name}): {first}"] + ["  " + line for line in rest]
        return [*lines, ")"]

    def _shown_children(self) -> Iterator[tuple[str, Any]]:
        """What ``repr`` lists below the link (Sequential adds its plain functions)."""
        return self._named_children()

    def __repr__(self) -> str:
        return "\n".join(self._repr_lines())

    def _repr_html_(self) -> str:
        """A table of parameter paths, dtypes, shapes and sizes (for Jupyter)."""
        rows = "".join(
            f"<tr><td>{html.escape(path)}</td><td>{html.escape(_param_text(p))}</td>"
            f"<td>{math.prod(p.shape) if p.array is not None else ''}</td></tr>"
            for path, p in self.namedparams())
        return (f"<b>{html.escape(type(self).__name__)}</b> on "
                f"{html.escape(self._device.spec)}: {self.count_params():,} parameters"
                "<table><tr><th>parameter</th><th>array</th><th>size</th></tr>"
                f"{rows}</table>")

    # -- computation ----------------------------------------------------------------------
    def forward(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError(f"{type(self).__name__} defines no forward method")

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if not self._local_link_hooks and not _thread_hooks.hooks:
            return self.forward(*args, **kwargs)
        hooks = [*_thread_hooks.hooks.values(), *(self._local_link_hooks or {}).values()]
        callback_args = ForwardCallbackArgs(self, "forward", args, kwargs)
        for hook in hooks:
            hook.forward_preprocess(callback_args)
        callback_args.out = self.forward(*args, **kwargs)
        for hook in hooks:
            hook.forward_postprocess(callback_args)
        return callback_args.out

    # -- hooks ----------------------------------------------------------------------------
    @property
    def local_link_hooks(self) -> OrderedDict[str, LinkHook]:
        """The hooks registered on this link alone, by name."""
        if self._local_link_hooks is None:
            object.__setattr__(self, "_local_link_hooks", OrderedDict())
        return self._local_link_hooks

    def add_hook(self, hook: LinkHook, name: str | None = None) -> Link:
        """Run ``hook`` around this link's forward (not its children's); returns self."""
        if not isinstance(hook, LinkHook):
            raise TypeError(f"{type(self).__name__}.add_hook: hook must be a LinkHook, got "
                            f"{type(hook).__name__}")
        name = hook.name if name is None else name
        if name in self.local_link_hooks:
            raise KeyError(f"{type(self).__name__}.add_hook: a hook named {name!r} is "
                           "already registered")
        self.local_link_hooks[name] = hook
        hook.added(self)
        return self

    def delete_hook(self, name: str) -> None:
        """Unregister the hook ``name`` from this link."""
        if name not in self.local_link_hooks:
            raise KeyError(f"{type(self).__name__}.delete_hook: no hook named {name!r}")
        self.local_link_hooks.pop(name).deleted(self)


class Chain(Link):
    """A link whose children are links assigned by name inside ``init_scope``.

    >>> import flexgrad
    >>> class Pair(flexgrad.Chain):
    ...     def __init__(self):
    ...         super().__init__()
    ...         with self.init_scope():
    ...             self.a = flexgrad.Link(W=(2, 3))
    >>> [path for path, _ in Pair().namedparams()]
    ['/a/W']
    """

    def __init__(self, **links: Link) -> None:
        super().__init__()
        object.__setattr__(self, "_children", [])
        for name, link in links.items():
            self.add_link(name, link)

    def __setattr__(self, name: str, value: Any) -> None:
        if self._within_init_scope and isinstance(value, Link):
            value.name = name
            self._forget(name)
            self._children.append(name)
        super().__setattr__(name, value)

    def _forget(self, name: str) -> None:
        super()._forget(name)
        if name in self._children:
            self._children.remove(name)

    def __getitem__(self, name: str) -> Any:
        """The attribute (child link or parameter) named ``name``."""
        return getattr(self, name)

    def add_link(self, name: str, link: Link) -> None:
        """Register ``link`` as the child ``name`` (Chainer's older form of ``init_scope``)."""
        self._check_new_name(name)
        if not isinstance(link, Link):
            raise TypeError(f"Chain.add_link: link must be a Link, got {type(link).__name__}")
        with self.init_scope():
            setattr(self, name, link)

    def _named_children(self) -> Iterator[tuple[str, Link]]:
        for name in self._children:
            yield name, self.__dict__[name]

    def _share_children(self) -> None:
        self.__dict__["_children"] = list(self._children)
        for name in self._children:
            child = self.__dict__[name] = self.__dict__[name]._shared_copy()
            child.name = name


class ChainList(Link):
    """A link whose children are a list of links, named ``'0'``, ``'1'``, ... in paths."""

    def __init__(self, *links: Link) -> None:
        super().__init__()
        object.__setattr__(self, "_children", [])
        for link in links:
            self.append(link)

    def __setattr__(self, name: str, value: Any) -> None:
        if self._within_init_scope and isinstance(value, Link):
            raise TypeError("ChainList: add child links with append or add_link, "
                            "not by attribute")
        super().__setattr__(name, value)

    def append(self, link: Link) -> None:
        """Add ``link`` as the last child."""
        self.add_link(link)

    def add_link(self, link: Link) -> None:
        """Add ``link`` as the last child."""
        if not isinstance(link, Link):
            raise TypeError(
                f"ChainList.add_link: link must be a Link, got {type(link).__name__}")
        link.name = str(len(self._children))
        self._children.append(link)

    def __getitem__(self, index: int) -> Link:
        return self._children[index]

    def __iter__(self) -> Iterator[Link]:
        return iter(self._children)

    def __len__(self) -> int:
        return len(self._children)

    def _named_children(self) -> Iterator[tuple[str, Link]]:
        for i, link in enumerate(self._children):
            yield str(i), link

    def _share_children(self) -> None:
        self.__dict__["_children"] = [child._shared_copy() for child in self._children]
        for name, child in self._named_children():
            child.name = name


def _param_text(param: Parameter) -> str:
    """``'float32(3, 2)'``, or ``'uninitialized'``."""
    if param.array is None:
        return "uninitialized"
    dtype = str(param.dtype).rsplit(".", 1)[-1]
    return f"{dtype}{tuple(param.shape)}"


def _detached_copy(variable: Variable) -> Variable:
    """``variable``'s array copied into a Variable with no graph above it."""
    array = variable.array
    return Variable(None if array is None else _copied(array),
                    requires_grad=variable.requires_grad)


def _copied(array: Any) -> Any:
    """A copy of ``array`` on its own backend."""
    return backends.backend_of(array).xp.asarray(array, copy=True)


def _initial_dtype(param: Parameter) -> Any:
    """The dtype ``param.initialize`` gives: its initializer's, else ``config.dtype``."""
    from .initializers import Initializer

    dtype = param.initializer.dtype if isinstance(param.initializer, Initializer) else None
    return backends.get_dtype(dtype)
