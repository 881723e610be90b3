"""The reference frontend's answer side: what one tab does with the messages it receives.

A :class:`~blockspec.frontend.FrontendCore` submits; this half takes what comes back. Messages
are queued as they arrive and handled in arrival order: a streamed value is applied, a
completed job's outputs are applied (then a ``gr.render`` re-render, then the listeners of the
States it changed), its ``.then``/``.success`` followers run, and an ``always_last`` trigger that
waited runs. Applying an output that changes a component fires its ``.change`` (a cascade,
stopped as a cycle past ``max_cascade``).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import trio

from .._graph import AppGraph, DependencySpec
from ..engine import Message, ProcessCompleted
from ..engine._diff import apply_diff
from ._rendered import rerender

if TYPE_CHECKING:
    from ._transport import Transport

__all__ = ["ResponseHandling", "json_equal"]

#: Messages that change nothing in the tab (they are only kept).
_PASSIVE = ("estimation", "heartbeat", "close_stream", "process_starts", "progress")


def json_equal(a: Any, b: Any) -> bool:
    """Equality of JSON values where types matter (1 != 1.0 != true)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b))
    if a is b:
        return True
    try:
        return bool(a == b)
    except Exception:  # a value set through the simulator's API (a numpy array): not equal
        return False


class _Submission:
    __slots__ = ("dep", "event_id", "chain", "trigger_id", "last", "yielded")

    def __init__(
        self, dep: DependencySpec, event_id: str, chain: tuple[int, ...], trigger_id: int | None = None
    ) -> None:
        self.dep = dep
        self.event_id = event_id
        self.chain = chain
        self.trigger_id = trigger_id
        self.last: list[Any] | None = None
        self.yielded = False


class ResponseHandling:
    """The message-handling half of a tab (mixed into :class:`FrontendCore`, which owns the state)."""

    graph: AppGraph
    transport: Transport
    max_cascade: int
    values: dict[int, Any]
    props: dict[int, dict[str, Any]]
    errors: list[dict[str, Any]]
    logs: list[dict[str, Any]]
    _received: list[Any]
    _inbox: deque[Any]
    _wakeup: trio.Event
    _submitting: int
    _draining: bool
    _pump_scope: trio.CancelScope | None
    _submissions: dict[int, list[_Submission]]
    _by_event: dict[str, _Submission]
    _deferred: dict[int, tuple[int | None, Any, tuple[int, ...]]]
    _by_trigger: dict[tuple[int | None, str], list[DependencySpec]]
    _followers: dict[int, list[DependencySpec]]
    _quiet: dict[int, Callable[[Any], bool]]
    _timers_ids: frozenset[int]

    # The submitting half (FrontendCore) provides these.
    _record: Callable[..., None]
    _as_held: Callable[[int, Any], Any]
    _is_state: Callable[[int], bool]
    _restart_timer: Callable[[int], None]
    dispatch: Callable[..., Awaitable[None]]
    _dispatch_dep: Callable[..., Awaitable[None]]

    # ------------------------------------------------------------------------------------
    # messages
    # ------------------------------------------------------------------------------------

    def _receive(self, message: Any) -> None:
        # Called by the transport, possibly inside the engine: only queue the message. Most
        # messages (estimations, starts) change nothing here and are just kept.
        kind = message.msg if isinstance(message, Message) else message.get("msg")
        # A transport that logs the session's messages keeps them for us (see messages).
        keep = not getattr(self.transport, "logs_messages", False)
        if kind in _PASSIVE:
            if kind != "heartbeat" and keep:
                self._received.append(message)
            return
        if keep:
            self._received.append(message)
        self._inbox.append(message)
        if not (self._submitting or self._draining):
            self._wakeup.set()

    @property
    def messages(self) -> list[dict[str, Any]]:
        """Every message this tab received (but heartbeats), as JSON objects."""
        logged = getattr(self.transport, "logs_messages", False)
        received = self.transport.session_messages() if logged else self._received  # type: ignore[attr-defined]
        return [m.to_json() if isinstance(m, Message) else m for m in received]

    async def _pump(self) -> None:
        with trio.CancelScope() as scope:
            self._pump_scope = scope
            while True:
                await self._wakeup.wait()
                self._wakeup = trio.Event()
                await self._drain()

    async def _drain(self) -> None:
        # One drain at a time, handling messages in arrival order: a message handled inside
        # another's handling (a .then submitted from a completion) waits for the outer loop.
        if self._draining:
            return
        self._draining = True
        try:
            while self._inbox:
                await self._handle(self._inbox.popleft())
        finally:
            self._draining = False

    async def _handle(self, message: Any) -> None:
        if isinstance(message, Message):
            kind, event_id = message.msg, message.event_id
        else:
            kind, event_id = message.get("msg"), message.get("event_id")
        submission = self._by_event.get(event_id or "")
        if submission is None:
            return
        if kind == "process_completed" and isinstance(message, ProcessCompleted):
            # The in-process form, read without rendering it to JSON first.
            await self._complete(submission, message.output, message.success, message.title)
            return
        if isinstance(message, Message):
            message = message.to_json()
        if kind == "log":
            self.logs.append(message)
        elif kind == "process_generating":
            data = message["output"]["data"]
            if submission.last is None:
                full = list(data)
            else:
                full = [apply_diff(old, edits) for old, edits in zip(submission.last, data)]
            submission.last = full
            await self._apply(submission.dep, full, submission.chain)
        elif kind == "process_completed":
            await self._complete(
                submission, message.get("output") or {}, bool(message.get("success")), message.get("title")
            )

    async def _complete(
        self, submission: _Submission, output: dict[str, Any], success: bool, title: str | None
    ) -> None:
        dep = submission.dep
        live = self._submissions.get(dep.id, [])
        if submission in live:
            live.remove(submission)
        del self._by_event[submission.event_id]
        if success and "data" in output:
            await self._apply(dep, output["data"], submission.chain)
            if output.get("render_config"):
                # After the data, before the listeners that follow (submit.ts:673-675).
                await rerender(self, output["render_config"])
            for state_id in output.get("changed_state_ids") or ():
                # A State a function changed fires its listeners once the job is complete
                # (js/core/src/Blocks.svelte:400-407), with the job's trigger.
                await self._state_changed(dep, state_id, submission)
        elif not success:
            text = output.get("error")
            self.errors.append({"dep_id": dep.id, "title": title, "message": text})
            self._record("error", dep_id=dep.id, event_id=submission.event_id, title=title, message=text)
        await self._follow(dep, success=success, chain=submission.chain, trigger_id=submission.trigger_id)
        if dep.id in self._deferred and not self._submissions.get(dep.id):
            trigger_id, event_data, chain = self._deferred.pop(dep.id)
            await self._dispatch_dep(dep, trigger_id=trigger_id, event_data=event_data, chain=chain)

    async def _state_changed(self, dep: DependencySpec, state_id: int, submission: _Submission) -> None:
        listeners = [d for d in self.graph.dependencies if any(t.block_id == state_id for t in d.targets)]
        if not listeners:
            return
        chain = (*submission.chain, state_id)
        if len(submission.chain) >= self.max_cascade:
            self._stop_cycle(dep, list(chain), "State change")
            return
        self._record("state_change", dep_id=dep.id, block=state_id)
        for listener in listeners:
            await self._dispatch_dep(listener, trigger_id=submission.trigger_id, event_data=None, chain=chain)

    async def _follow(
        self, dep: DependencySpec, *, success: bool, chain: tuple[int, ...], trigger_id: int | None
    ) -> None:
        for follower in self._followers.get(dep.id, ()):
            if follower.trigger_only_on_success and not success:
                continue
            # A .then/.success step carries the original trigger's id, as the page sends it
            # (conformance/recordings/, clause FRONTEND.THEN.1).
            await self._dispatch_dep(follower, trigger_id=trigger_id, event_data=None, chain=chain)

    # ------------------------------------------------------------------------------------
    # outputs and cascades
    # ------------------------------------------------------------------------------------

    async def _apply(self, dep: DependencySpec, data: list[Any], chain: tuple[int, ...]) -> None:
        changed: list[int] = []
        for block_id, value in zip(dep.outputs, data):
            if self._is_state(block_id):
                # The server keeps the State and sends null in its place; the page holds that
                # null from now on (no .change here: a State's change is the server's to fire).
                self.values[block_id] = None
                continue
            if isinstance(value, dict) and value.get("__type__") == "update":
                props = {k: v for k, v in value.items() if k != "__type__"}
                if block_id in self._timers_ids and props:
                    # A Timer's props are its interval ("value") and whether it runs ("active").
                    self.props.setdefault(block_id, {}).update(props)
                    self._restart_timer(block_id)
                    continue
                props.pop("value", None)
                if props:
                    self.props.setdefault(block_id, {}).update(props)
                if "value" not in value:
                    continue
                value = value["value"]
            value = self._as_held(block_id, value)
            if not json_equal(self.values.get(block_id), value):
                self.values[block_id] = value
                self._record("output", dep_id=dep.id, block=block_id, value=value)
                changed.append(block_id)
        for block_id in changed:
            if not self._by_trigger.get((block_id, "change")):
                continue
            quiet = self._quiet.get(block_id)
            if quiet is not None and quiet(self.values.get(block_id)):
                continue
            if len(chain) >= self.max_cascade:
                self._stop_cycle(dep, [*chain, block_id], ".change")
                continue
            self._record("cascade", dep_id=dep.id, block=block_id)
            await self.dispatch(block_id, "change", None, (*chain, block_id))

    def _stop_cycle(self, dep: DependencySpec, path: list[int], kind: str) -> None:
        """A cascade past ``max_cascade``: stopped, recorded and shown as a "Cycle" error."""
        last = path[-10:]
        self._record("cycle", dep_id=dep.id, blocks=last)
        message = f"{kind} cascade deeper than {self.max_cascade}; last blocks {last}"
        self.errors.append({"dep_id": dep.id, "title": "Cycle", "message": message})
