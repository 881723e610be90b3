"""The reference frontend: the browser's half of Gradio's event semantics, for one tab.

Gradio splits its event model between server and browser. The server queues and runs
functions; the browser decides *what to submit when*. This module is that browser half,
written once and used over any :class:`~blockspec.frontend.Transport`:

* **trigger modes** -- while a dependency has a submission pending, a new trigger is
  dropped ("once"), submitted anyway ("multiple"), or remembered once and re-dispatched with
  the then-current values when the pending one ends ("always_last");
* **change cascades** -- an output that changes a component's value fires that component's
  ``.change``; an equal value fires nothing (JSON equality, types included); a cascade deeper
  than ``max_cascade`` is stopped and reported as a cycle;
* **chains** -- ``.then`` listeners run after any end (success, error, cancel), ``.success``
  only after success;
* **every / Timers** -- an active Timer ticks every ``value`` seconds while the tab is
  connected; a function retunes or stops it by returning a Timer update. Timers run on a
  :class:`~blockspec.frontend.TimerWheel`, the tab's own or one a simulation shares among
  its tabs;
* **cancels** -- dispatching a cancel listener cancels this tab's own pending submissions of
  the named dependencies;
* **js** -- there is no JavaScript engine: a listener's ``js`` runs only if a Python stand-in
  is given (``() => <constant>`` is understood as that constant); otherwise it is recorded as
  skipped;
* **load / unload** -- load listeners run when the tab opens; closing the tab ends the
  session, which runs the unload functions on the server.
"""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Callable, Mapping
from typing import Any

import trio

from .._errors import SubmissionError
from .._graph import AppGraph, DependencySpec
from ..engine import History
from ._responses import ResponseHandling, _Submission, json_equal
from ._timers import TimerHandle, TimerWheel
from ._transport import Transport
from ._untouched import as_js, null_replacement, quiet_when, untouched_value

__all__ = ["FrontendCore", "json_equal", "constant_js"]

JsStandIn = Callable[..., Any]

_CONSTANT_JS = re.compile(r"^\s*\(\s*\)\s*=>\s*(?P<body>.*?)\s*;?\s*$", re.S)


def constant_js(source: str) -> tuple[bool, Any]:
    """``(True, value)`` if ``source`` is ``() => <JSON value>`` (what ClearButton emits)."""
    match = _CONSTANT_JS.match(source)
    if not match:
        return False, None
    try:
        return True, json.loads(match.group("body"))
    except ValueError:
        return False, None


class FrontendCore(ResponseHandling):
    """One tab's state and behaviour. All methods run inside the trio run."""

    def __init__(
        self,
        graph: AppGraph,
        transport: Transport,
        *,
        history: History,
        clock: Callable[[], float],
        nursery: trio.Nursery,
        js: Mapping[Any, JsStandIn] | None = None,
        max_cascade: int = 100,
        timers: TimerWheel | None = None,
    ) -> None:
        self.graph = graph
        self.transport = transport
        self.history = history
        self.clock = clock
        self.nursery = nursery
        self.js = dict(js or {})
        self.max_cascade = max_cascade
        self.values: dict[int, Any] = {}
        self.props: dict[int, dict[str, Any]] = {}
        self._received: list[Any] = []
        self.errors: list[dict[str, Any]] = []
        self.logs: list[dict[str, Any]] = []
        self.connected = False
        self._submissions: dict[int, list[_Submission]] = {}
        self._by_event: dict[str, _Submission] = {}
        self._deferred: dict[int, tuple[int | None, Any, tuple[int, ...]]] = {}
        # A wheel shared by every tab of a simulation, or this tab's own.
        self._wheel = timers
        self._timers: dict[int, TimerHandle] = {}
        self._inbox: deque[Any] = deque()
        self._wakeup = trio.Event()
        # Messages that arrive while this tab submits, or while it handles messages, are
        # handled by that same code once it is done (see _dispatch_dep and _drain), not by
        # waking the pump: the pump is for messages the engine sends on its own time.
        self._submitting = 0
        self._draining = False
        self._pump_scope: trio.CancelScope | None = None
        self._wheel_scope: trio.CancelScope | None = None
        self._by_trigger: dict[tuple[int | None, str], list[DependencySpec]] = {}
        self._followers: dict[int, list[DependencySpec]] = {}
        # gr.render (see _rendered.py): the blocks each render shows, the keys of shown
        # blocks, and the values kept by key across re-renders.
        self._rendered: dict[int, tuple[int, ...]] = {}
        self._keys: dict[int, Any] = {}
        self._keyed: dict[Any, Any] = {}
        self._index_graph()
        # Blocks whose browser component turns a null value into something else at once, and
        # those that fire no change for some values (an empty image editor).
        self._null_as: dict[int, Any] = {}
        self._quiet: dict[int, Callable[[Any], bool]] = {}
        for node in graph.blocks:
            block = node.block
            if node.is_layout or block is None:
                continue
            # What the page holds before anyone edits it: the config's value, else the
            # Svelte component's default (see _untouched.py for each component's source).
            self.values[node.id] = untouched_value(block)
            replaces, replacement = null_replacement(block)
            if replaces:
                self._null_as[node.id] = replacement
            quiet = quiet_when(block)
            if quiet is not None:
                self._quiet[node.id] = quiet
            if node.type == "timer":
                self.props[node.id] = {"value": block.value, "active": block.active}

    def _index_graph(self) -> None:
        """Index ``self.graph``'s listeners by trigger and by the listener they follow."""
        graph = self.graph
        self._by_trigger = {}
        self._followers = {}
        for dep in graph.dependencies:
            for trigger in dep.targets:
                self._by_trigger.setdefault((trigger.block_id, trigger.event), []).append(dep)
            if dep.trigger_after is not None:
                self._followers.setdefault(dep.trigger_after, []).append(dep)
        self._states = frozenset(n.id for n in graph.blocks if n.type == "state")
        self._timers_ids = frozenset(n.id for n in graph.blocks if n.type == "timer")

    # ------------------------------------------------------------------------------------
    # records
    # ------------------------------------------------------------------------------------

    def _record(self, name: str, *, dep_id: int | None = None, event_id: str | None = None, **detail: Any) -> None:
        history = self.history
        if history._keep or history.listeners:
            history.add(
                self.clock(), "client", name, self.transport.session_hash, event_id, dep_id, None, None, detail or None
            )

    # ------------------------------------------------------------------------------------
    # the tab's life
    # ------------------------------------------------------------------------------------

    async def open(self) -> None:
        """Connect, start the active Timers, run the load listeners."""
        await self.transport.connect(self._receive)
        self.connected = True
        self._record("open")
        self.nursery.start_soon(self._pump)
        if self._wheel is None:
            self._wheel = TimerWheel()
            self.nursery.start_soon(self._run_own_wheel, self._wheel)
        for block_id in sorted(self.props):
            self._restart_timer(block_id)
        for dep in self.graph.dependencies:
            load = next((t for t in dep.targets if t.event == "load"), None)
            if load is not None:
                # The page sends a load event's join with trigger_id null
                # (conformance/recordings/, clause LOAD.TRIGGER_ID.1).
                await self._dispatch_dep(dep, trigger_id=None, event_data=None, chain=())

    async def close(self) -> None:
        """The tab closes: Timers stop, the session ends on the server."""
        if not self.connected:
            return
        self.connected = False
        for handle in self._timers.values():
            handle.cancel()
        self._timers.clear()
        self._record("close")
        await self.transport.close()
        if self._pump_scope is not None:
            self._pump_scope.cancel()
        if self._wheel_scope is not None:
            self._wheel_scope.cancel()

    # ------------------------------------------------------------------------------------
    # what the user does
    # ------------------------------------------------------------------------------------

    def _as_held(self, block_id: int, value: Any) -> Any:
        """``value`` as the page holds (and later sends) it: a Textbox turns null into "",
        and numbers are JavaScript's (9.0 is 9)."""
        if value is None and block_id in self._null_as:
            return json.loads(json.dumps(self._null_as[block_id]))
        return as_js(value)

    async def set_value(self, block_id: int, value: Any, events: tuple[str, ...] = ("input", "change")) -> None:
        """The user edits a component: its value changes, then ``input`` and ``change`` fire."""
        self._record("set", block=block_id, value=value)
        value = self._as_held(block_id, value)
        old = self.values.get(block_id)
        self.values[block_id] = value
        if json_equal(old, value):
            return
        quiet = self._quiet.get(block_id)
        for event in events:
            if event == "change" and quiet is not None and quiet(value):
                continue
            await self.dispatch(block_id, event, None, ())

    def fill(self, block_id: int, value: Any) -> None:
        """Put a value in a component without firing anything (preparing a scenario)."""
        self.values[block_id] = self._as_held(block_id, value)

    async def trigger(self, block_id: int | None, event: str, event_data: Any = None) -> None:
        """The user fires ``event`` on a component (a click, a submit, a select...)."""
        self._record("trigger", block=block_id, event=event, event_data=event_data)
        await self.dispatch(block_id, event, event_data, ())

    # ------------------------------------------------------------------------------------
    # dispatch
    # ------------------------------------------------------------------------------------

    async def dispatch(self, block_id: int | None, event: str, event_data: Any, chain: tuple[int, ...]) -> None:
        for dep in self._by_trigger.get((block_id, event), ()):
            await self._dispatch_dep(dep, trigger_id=block_id, event_data=event_data, chain=chain)

    async def _dispatch_dep(
        self, dep: DependencySpec, *, trigger_id: int | None, event_data: Any, chain: tuple[int, ...]
    ) -> None:
        if not self.connected:
            return
        if dep.cancels:
            await self._cancel_deps(dep.cancels)
        if not dep.backend_fn and dep.js is None:
            return
        if self._submissions.get(dep.id):
            if dep.trigger_mode == "once":
                self._record("dropped", dep_id=dep.id)
                return
            if dep.trigger_mode == "always_last":
                self._record("deferred", dep_id=dep.id)
                self._deferred[dep.id] = (trigger_id, event_data, chain)
                return
        self._record("dispatch", dep_id=dep.id, trigger=trigger_id)
        # Every input is sent as the page holds it, a State's too (its start value until an
        # output replaced it with null); the server reads its own copy of a State.
        data = [self.values.get(i) for i in dep.inputs]
        if not dep.collects_event_data:
            # The page sends event data only to functions that take it
            # (js/core/src/Blocks.svelte:227).
            event_data = None
        if dep.js is not None:
            ran, result = self._run_js(dep, data)
            if not dep.backend_fn:
                if ran:
                    await self._apply(dep, _as_list(result, len(dep.outputs)), chain)
                return
            if ran:
                data = _as_list(result, len(dep.inputs))
        self._submitting += 1
        refused: SubmissionError | None = None
        try:
            event_id = await self.transport.submit(dep.id, data, event_data=event_data, trigger_id=trigger_id)
        except SubmissionError as exc:
            refused = exc
        except BaseException:
            self._submitting -= 1
            self._wakeup.set()  # what arrived meanwhile is the pump's to handle
            raise
        self._submitting -= 1
        if refused is not None:
            # Decision: a refused submission (queue full) ends like a failed one: the user
            # sees the error, .then listeners run, .success ones do not.
            self._record("refused", dep_id=dep.id, message=str(refused))
            self.errors.append({"dep_id": dep.id, "title": "Error", "message": str(refused)})
            await self._follow(dep, success=False, chain=chain, trigger_id=trigger_id)
        else:
            submission = _Submission(dep, event_id, chain, trigger_id)
            self._submissions.setdefault(dep.id, []).append(submission)
            self._by_event[event_id] = submission
        # Messages that arrived while submitting (a job that took no time has already sent
        # all of its own) are handled now, unless an outer drain is under way.
        if not self._submitting:
            await self._drain()

    def _run_js(self, dep: DependencySpec, data: list[Any]) -> tuple[bool, Any]:
        stand_in = self.js.get(dep.id) or self.js.get(dep.api_name) or self.js.get(dep.js)
        if stand_in is not None:
            self._record("js_standin", dep_id=dep.id)
            return True, stand_in(*data)
        is_constant, value = constant_js(dep.js or "")
        if is_constant:
            self._record("js_standin", dep_id=dep.id, constant=True)
            return True, value
        self._record("js_skipped", dep_id=dep.id, js=dep.js)
        return False, None

    async def _cancel_deps(self, dep_ids: tuple[int, ...]) -> None:
        for dep_id in dep_ids:
            for submission in list(self._submissions.get(dep_id, ())):
                self._record("cancel_request", dep_id=dep_id, event_id=submission.event_id)
                await self.transport.cancel(submission.event_id)

    def _is_state(self, block_id: int) -> bool:
        return block_id in self._states

    # ------------------------------------------------------------------------------------
    # Timers (every=)
    # ------------------------------------------------------------------------------------

    def _restart_timer(self, block_id: int) -> None:
        handle = self._timers.pop(block_id, None)
        if handle is not None:
            handle.cancel()
        props = self.props.get(block_id, {})
        if not self.connected or not props.get("active"):
            return
        interval = float(props.get("value") or 1)
        assert self._wheel is not None
        self._timers[block_id] = self._wheel.every(interval, lambda: self._tick(block_id))

    async def _run_own_wheel(self, wheel: TimerWheel) -> None:
        with trio.CancelScope() as scope:
            self._wheel_scope = scope
            await wheel.run()

    async def _tick(self, block_id: int) -> None:
        self._record("tick", block=block_id)
        await self.dispatch(block_id, "tick", None, ())


def _as_list(value: Any, n: int) -> list[Any]:
    if n == 1:
        return [value[0] if isinstance(value, list) and len(value) == 1 else value]
    return list(value) if isinstance(value, (list, tuple)) else [value] * n
