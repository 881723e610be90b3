"""The two kinds of block, and how a block class declares its constructor.

A *block* is anything with an id in an app: components (they hold a value) and layouts (they
hold blocks). Two rules live here:

1. A block is numbered by the app that is open when it is constructed, in construction order,
   starting after the app's own id 0 -- the numbering real Gradio uses in a fresh process. A
   block constructed with no app open has no id until it is rendered into one (such a block is
   a value, e.g. ``gr.Timer(active=False)`` returned by a function as an update).
2. A block class declares its constructor as data, ``PARAMS``: an ordered tuple of
   :class:`Param`. The signature users see (``inspect.signature(gr.Textbox)``), the checking of
   the arguments, and the ``props`` the app's config reports are all derived from it, so the
   three cannot drift apart.
"""

from __future__ import annotations

import inspect
import itertools
import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from . import _context
from ._errors import DefinitionError, DefinitionTypeError

if TYPE_CHECKING:
    from ._blocks import Blocks

__all__ = ["Param", "Block", "BlockContext"]


@attrs.frozen
class Param:
    """One constructor parameter of a block class.

    ``kw_only`` parameters come after the ``*``; ``prop=False`` keeps a parameter out of the
    ``props`` the config reports (``render``, ``every``, ``key`` and the like).
    """

    name: str
    default: Any = None
    kw_only: bool = True
    prop: bool = True


# The parameters every block accepts, in the order real Gradio lists them at the end of most
# constructors.
VISIBLE = Param("visible", True)
ELEM_ID = Param("elem_id", None)
ELEM_CLASSES = Param("elem_classes", None)
RENDER = Param("render", True, prop=False)
KEY = Param("key", None, prop=False)


#: Every block constructed in this process, in order: only compared, to number blocks made
#: before their app in the order Gradio's process-wide counter numbered them.
_construction_order = itertools.count()


def _signature(params: tuple[Param, ...]) -> inspect.Signature:
    parameters = []
    for p in params:
        kind = inspect.Parameter.KEYWORD_ONLY if p.kw_only else inspect.Parameter.POSITIONAL_OR_KEYWORD
        parameters.append(inspect.Parameter(p.name, kind, default=p.default))
    return inspect.Signature(parameters)


class Block:
    """Base of every block. Subclasses declare ``PARAMS``; see the module docstring.

    ``TYPE`` is the block's name in the config (``"textbox"``); ``EVENTS`` the names of the
    events it can trigger, each of which becomes a listener method (``.click``, ``.change``).
    """

    TYPE: ClassVar[str] = "block"
    EVENTS: ClassVar[tuple[str, ...]] = ()
    PARAMS: ClassVar[tuple[Param, ...]] = (VISIBLE, ELEM_ID, ELEM_CLASSES, RENDER, KEY)
    _init_signature: ClassVar[inspect.Signature] = _signature(PARAMS)
    SKIP_API: ClassVar[bool] = True

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        names = [p.name for p in cls.PARAMS]
        duplicated = sorted({n for n in names if names.count(n) > 1})
        if duplicated:
            raise DefinitionError(
                f"{cls.__name__}.PARAMS",
                duplicated,
                "names a parameter twice",
                "Declare each parameter once.",
            )
        # The constructor's signature, made once per class (every block built binds to it).
        cls._init_signature = _signature(cls.PARAMS)
        if "__init__" not in cls.__dict__:
            cls.__signature__ = cls._init_signature  # type: ignore[attr-defined]
        from ._events import install_listeners

        install_listeners(cls)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        signature = type(self)._init_signature
        name = type(self).__name__
        try:
            bound = signature.bind(*args, **kwargs)
        except TypeError as exc:
            unknown = [k for k in kwargs if k not in signature.parameters]
            raise DefinitionTypeError(
                f"{name}({unknown[0]})" if unknown else f"{name}(...)",
                kwargs.get(unknown[0]) if unknown else args,
                f"is not accepted: {exc}",
                f"{name} takes: {', '.join(signature.parameters)}.",
            ) from None
        # The parameters the caller actually passed, in signature order: a block constructed
        # as a function's return value updates only these (``gr.Timer(active=False)``).
        self._given: tuple[str, ...] = tuple(bound.arguments)
        bound.apply_defaults()
        self._params: dict[str, Any] = dict(bound.arguments)
        for key, value in self._params.items():
            # A parameter named like a method or property (`render`, Tab's `id`) stays in
            # self._params; the method or property keeps its name.
            if not hasattr(type(self), key):
                setattr(self, key, value)
        app = _context.current_app()
        self._made = next(_construction_order)
        self._app: Blocks | None = app
        if app is not None:
            self._id: int | None = app._allocate_id()
        else:
            sequence = _context.current_numbering()
            self._id = sequence.take() if sequence is not None else None
        self.parent: BlockContext | None = None
        self._rendered = False
        self._check()
        self._check_props_are_json()
        if self._params.get("render", True) and app is not None:
            self.render()
        self._after_render()

    # -- hooks for subclasses -------------------------------------------------------------

    def _check(self) -> None:
        """Validate this block's arguments; raise DefinitionError with the fix."""

    def _after_render(self) -> None:
        """Create what this block implies (e.g. the Timer behind ``every=``)."""

    def _check_props_are_json(self) -> None:
        props = self.props()
        for name, value in props.items():
            try:
                json.dumps(value, allow_nan=False)
            except (TypeError, ValueError) as exc:
                raise DefinitionTypeError(
                    f"{type(self).__name__}({name})",
                    value,
                    f"cannot be sent to a client as JSON ({exc})",
                    "Pass a JSON-compatible value (str, number, bool, None, list, dict).",
                ) from None

    # -- identity and rendering -----------------------------------------------------------

    @property
    def id(self) -> int | None:
        """This block's id in its app (None until it belongs to one)."""
        return self._id

    @property
    def app(self) -> Blocks | None:
        return self._app

    @property
    def is_rendered(self) -> bool:
        return self._rendered

    def render(self) -> Block:
        """Place this block into the layout that is open now. Returns the block."""
        app = _context.current_app()
        parent = _context.current_parent()
        if app is None or parent is None:
            raise DefinitionError(
                f"{type(self).__name__}.render()",
                self,
                "was called with no Blocks open",
                "Call render() inside `with gr.Blocks() as demo:`.",
            )
        if self._rendered:
            raise DefinitionError(
                f"{type(self).__name__}.render()",
                self,
                "was called on a block that is already rendered",
                "Render each block once; construct a second block to show it twice.",
            )
        if self._app is None:
            self._app = app
            if self._id is None:  # built with no app open and no numbering in force
                self._id = app._allocate_id()
        elif self._app is not app:
            raise DefinitionError(
                f"{type(self).__name__}.render()",
                self,
                "was called on a block that belongs to another Blocks",
                "Construct the block inside the Blocks that shows it.",
            )
        parent._add_child(self)
        app._register_block(self)
        self._rendered = True
        return self

    def unrender(self) -> Block:
        """Take this block out of its layout (its listeners stay)."""
        if self._rendered and self.parent is not None:
            self.parent.children.remove(self)
            assert self._app is not None
            self._app._unregister_block(self)
            self.parent = None
            self._rendered = False
        return self

    # -- what the config reports ----------------------------------------------------------

    def props(self) -> dict[str, Any]:
        """The JSON-level properties the app's config reports for this block."""
        out: dict[str, Any] = {}
        for p in type(self).PARAMS:
            if p.prop:
                value = self._params[p.name] if hasattr(type(self), p.name) else getattr(self, p.name, None)
                if value is not None:
                    out[p.name] = self._prop_value(p.name, value)
        out["name"] = self.config_name()
        return out

    def _prop_value(self, name: str, value: Any) -> Any:
        return value

    def config_name(self) -> str:
        return self.TYPE

    def get_expected_parent(self) -> type[BlockContext] | None:
        """The layout class this block must sit in; the parent wraps it in one if not."""
        return None

    def __repr__(self) -> str:
        label = getattr(self, "label", None)
        extra = f" label={label!r}" if label else ""
        return f"<{type(self).__name__} id={self._id}{extra}>"


class BlockContext(Block):
    """A block that holds blocks (rows, columns, tabs, the app itself)."""

    ALLOW_EXPECTED_PARENTS: ClassVar[bool] = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.children: list[Block] = []
        self._saved_parent: list[BlockContext | None] = []
        super().__init__(*args, **kwargs)

    def _add_child(self, child: Block) -> None:
        child.parent = self
        self.children.append(child)

    def __enter__(self) -> BlockContext:
        if self._app is None or not self._rendered:
            raise DefinitionError(
                f"with {type(self).__name__}()",
                self,
                "was opened outside a Blocks (or on a layout with render=False that was never rendered)",
                "Open layouts inside `with gr.Blocks() as demo:`; render a render=False layout first.",
            )
        self._saved_parent.append(_context.current_parent())
        _context.set_parent(self)
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        _context.set_parent(self._saved_parent.pop())
        if exc_type is None and self._allows_expected_parents():
            self.fill_expected_parents()

    def _allows_expected_parents(self) -> bool:
        return self.ALLOW_EXPECTED_PARENTS and getattr(self, "variant", None) != "compact"

    def fill_expected_parents(self) -> None:
        """Wrap each run of children that need a parent of another kind into one.

        Form components (textbox, number, ...) sit in a ``Form``; a ``Tab`` sits in ``Tabs``.
        Gradio does this when a layout closes, and it allocates the wrapper's id then: this
        is why a Row's two textboxes are followed, in id order, by the Form that holds them.
        """
        children: list[Block] = []
        wrapper: BlockContext | None = None
        for child in self.children:
            expected = child.get_expected_parent()
            if expected is None or isinstance(self, expected):
                wrapper = None
                children.append(child)
                continue
            if wrapper is None or not isinstance(wrapper, expected):
                assert self._app is not None
                # Constructed while the app is open, so it takes the next id, as in Gradio.
                wrapper = expected(render=False)
                wrapper.parent = self
                wrapper._rendered = True
                self._app._register_block(wrapper)
                children.append(wrapper)
            wrapper._add_child(child)
        self.children = children

    def iter_blocks(self) -> Iterator[Block]:
        """Every block below this one, depth first, in layout order."""
        for child in self.children:
            yield child
            if isinstance(child, BlockContext):
                yield from child.iter_blocks()
