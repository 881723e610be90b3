"""Reading a listener's function once, when the listener is defined.

Which parameters receive input values, which are filled by the engine (request, event data,
progress), whether it is a generator -- and whether it can be called with the listener's
inputs at all. A function that cannot is a definition error here, not a failure on the
first click.
"""

from __future__ import annotations

import inspect
import types
import typing
from collections.abc import Callable
from typing import Any

from ._errors import DefinitionError, DefinitionTypeError
from ._event_data import EventData
from ._graph import FnSignature, describe_fn
from ._oauth import OAuthProfile, OAuthToken
from ._progress import Progress
from ._request import Request

__all__ = ["read_signature", "check_arity", "describe_fn"]

_EVENT_DATA_NAMES = ("EventData", "SelectData", "KeyUpData", "LikeData", "DeletedFileData")


class _Shown(str):
    """A value shown as written, not quoted, in an error message (``fn=update``)."""

    def __repr__(self) -> str:
        return str(self)


def shown_fn(fn: Callable[..., Any]) -> _Shown:
    """``fn`` as an error message shows it: its name and where it is defined."""
    code = getattr(inspect.unwrap(fn), "__code__", None) if callable(fn) else None
    where = f" ({code.co_filename.rsplit('/', 1)[-1]}:{code.co_firstlineno})" if code is not None else ""
    return _Shown(describe_fn(fn) + where)


def _unwrap_callable(fn: Callable[..., Any]) -> Callable[..., Any]:
    if inspect.isfunction(fn) or inspect.ismethod(fn) or inspect.isbuiltin(fn):
        return fn
    # A callable object: its generator-ness is that of its __call__ method.
    call = inspect.getattr_static(type(fn), "__call__", None) if not isinstance(fn, type) else None
    return call if call is not None else fn


def _special_kind(annotation: Any) -> tuple[str | None, str | None]:
    """('request' | 'event_data' | None, event data class name)."""
    if isinstance(annotation, type):
        if issubclass(annotation, Request):
            return "request", None
        if issubclass(annotation, EventData):
            return "event_data", annotation.__name__
        return None, None
    if isinstance(annotation, str):
        # An annotation that could not be resolved (``from __future__ import annotations``
        # with gr imported under another name): judge by its last dotted part.
        last = annotation.strip("'\"").split(".")[-1].split("[")[0].strip()
        if last == "Request":
            return "request", None
        if last in _EVENT_DATA_NAMES:
            return "event_data", last
    return None, None


def _oauth_kind(annotation: Any) -> tuple[str, bool] | None:
    """("profile" | "token", whether None is accepted) for an OAuth annotation, else None."""
    if isinstance(annotation, str):
        text = annotation.replace(" ", "").strip("'\"")
        optional = "None" in text.split("|") or text.startswith(("Optional[", "typing.Optional["))
        last = text.split("|")[0].removeprefix("typing.").removeprefix("Optional[").rstrip("]").split(".")[-1]
        kinds = {"OAuthProfile": "profile", "OAuthToken": "token"}
        return (kinds[last], optional) if last in kinds else None
    members = typing.get_args(annotation) if typing.get_origin(annotation) in (typing.Union, types.UnionType) else ()
    optional = type(None) in members
    for candidate in (annotation, *members):
        if candidate is OAuthProfile:
            return "profile", optional
        if candidate is OAuthToken:
            return "token", optional
    return None


def read_signature(fn: Callable[..., Any]) -> FnSignature | None:
    """The :class:`FnSignature` of ``fn``, or None when Python cannot tell (some builtins)."""
    target = _unwrap_callable(fn)
    is_generator = inspect.isgeneratorfunction(target) or inspect.isasyncgenfunction(target)
    is_async = inspect.iscoroutinefunction(target) or inspect.isasyncgenfunction(target)
    try:
        signature = inspect.signature(fn)
    except (TypeError, ValueError):
        return None
    try:
        hints = typing.get_type_hints(fn)
    except Exception:
        hints = {}
    value_params: list[str] = []
    min_args = 0
    max_args: int | None = 0
    request_param = event_data_param = event_data_class = progress_param = None
    oauth_params: list[tuple[str, str, bool]] = []
    for name, param in signature.parameters.items():
        annotation = hints.get(name, param.annotation)
        oauth = _oauth_kind(annotation)
        if oauth is not None:
            oauth_params.append((name, *oauth))
            continue
        kind, data_class = _special_kind(annotation)
        if kind == "request":
            request_param = name
            continue
        if kind == "event_data":
            event_data_param, event_data_class = name, data_class
            continue
        if isinstance(param.default, Progress):
            progress_param = name
            continue
        if param.kind in (param.POSITIONAL_ONLY, param.POSITIONAL_OR_KEYWORD):
            value_params.append(name)
            if param.default is param.empty:
                min_args += 1
            if max_args is not None:
                max_args += 1
        elif param.kind == param.VAR_POSITIONAL:
            max_args = None
        elif param.kind == param.KEYWORD_ONLY and param.default is param.empty:
            raise DefinitionTypeError(
                "fn",
                shown_fn(fn),
                f"has the keyword-only parameter `{name}` with no default, which no input can fill",
                f"Give `{name}` a default, or make it a positional parameter.",
            )
    return FnSignature(
        params=tuple((name, param.kind) for name, param in signature.parameters.items()),
        value_params=tuple(value_params),
        min_args=min_args,
        max_args=max_args,
        request_param=request_param,
        event_data_param=event_data_param,
        event_data_class=event_data_class,
        progress_param=progress_param,
        oauth_params=tuple(oauth_params),
        is_generator=is_generator,
        is_async=is_async,
    )


def check_arity(fn: Callable[..., Any], signature: FnSignature, n_inputs: int, *, as_dict: bool) -> None:
    """Raise if ``fn`` cannot be called with ``n_inputs`` input values (one dict if ``as_dict``)."""
    given = 1 if as_dict else n_inputs
    shape = "a set of inputs (passed as one dict)" if as_dict else f"{n_inputs} input(s)"
    if given < signature.min_args:
        raise DefinitionTypeError(
            "fn",
            shown_fn(fn),
            f"requires {signature.min_args} argument(s) but the listener has {shape}",
            "Make the inputs match the function's parameters, or give the extra parameters defaults.",
        )
    if signature.max_args is not None and given > signature.max_args:
        raise DefinitionTypeError(
            "fn",
            shown_fn(fn),
            f"accepts at most {signature.max_args} argument(s) but the listener has {shape}",
            "Remove inputs, or add parameters (or *args) to the function.",
        )


def require_no_args(fn: Callable[..., Any], signature: FnSignature | None, where: str) -> None:
    """For functions the engine calls with nothing (``unload``)."""
    if signature is not None and signature.min_args > 0:
        raise DefinitionError(
            f"{where}(fn)",
            shown_fn(fn),
            f"requires {signature.min_args} argument(s), but it is called with none",
            "Give it no required parameters: unload functions take no arguments.",
        )
