"""``Simulation``: an app, virtual clients, and a virtual clock you advance by hand.

The simulation is one trio run on a clock that never moves on its own, turned from the
thread that drives it (``blockspec.sim._stepped``). Every call you make -- ``alice.click(btn)``,
``sim.run(until=60)`` -- is put into that run, which turns until everything it set off at the
current instant has settled, so code written against a Simulation reads top to bottom like a
user session:

    sim = Simulation("examples/queue_limit.py", seed=3)
    alice, bob = sim.client("alice"), sim.client("bob")
    alice.click("run"); bob.click("run")
    sim.run(until=10)
    assert alice.value("out") == "done"

Time advances only in :meth:`Simulation.run` / :meth:`run_until_idle`, from one scheduled
deadline to the next: an hour of one-second timers is 3,600 jumps, not an hour, and every
tab's Timers share one task (:class:`~blockspec.frontend.TimerWheel`).

Determinism: the run is scheduled by the recipe in ``blockspec._determinism`` (spawn order,
or an order drawn from the seed with ``interleaving="seeded"``, which also orders the tabs'
Timers due at the same instant, from a generator of their own seeded from ``seed`` so that
timer draws never shift the engine's); all other choices come from the engine's generator
seeded with ``seed``, and the app's own calls to Python's ``random`` follow the seed as well.
The same app, calls and seed give a byte-identical :attr:`trace`. App code reads the virtual
clock too (``blockspec._virtual_time``): ``time.time()``, ``datetime.now()`` and friends
return ``epoch`` plus the virtual time, and ``time.sleep`` passes virtual time, not wall time
(an app that reads other entropy sources is beyond this).
"""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable, Mapping, Sequence
from pathlib import Path
from time import monotonic as _real_monotonic
from typing import Any

import outcome
import trio
import trio.testing

from .._block import Block
from .._blocks import Blocks
from .._determinism import Interleaving, SteppedClock
from .._errors import DefinitionError, LifecycleError
from .._graph import AppGraph
from .._loading import load_app
from .._overrides import server_only_settings, with_overrides
from .._virtual_time import DEFAULT_EPOCH, VirtualTime, parse_epoch
from ..engine import Durations, Engine, History, open_engine
from ..engine._queue import GroupOrder
from ..engine._runners import DurationSpec, InlineRunner
from ..frontend import FrontendCore, InProcessTransport, TimerWheel
from ..frontend._event_data import UNSET as _UNSET
from ..frontend._event_data import key_up_data, like_data, select_data
from ._checks import Violation, check_invariants
from ._faults import Fault, FaultyRunner
from ._stepped import RunFinished, SteppedRun
from ._trace import Trace

__all__ = ["Simulation", "VirtualClient"]

#: Deadlines processed per run() call before it gives up (a runaway loop of timers).
MAX_STEPS = 10_000_000
#: Real seconds virtual time waits, at one instant, for an app's real I/O to finish.
REAL_IO_PATIENCE = 10.0


class Simulation:
    """Run ``app`` (a Blocks, or the path of an app file) under virtual time.

    Keyword options: ``seed``; ``group_order`` ("fifo" or "random": the queue's choice
    between concurrency groups); ``interleaving`` ("fifo" or "seeded": trio's order for tasks
    woken together); ``durations`` (modelled seconds per function name, or a
    :class:`~blockspec.engine.Durations`); ``faults``; ``js`` (Python stand-ins for
    listeners' JavaScript, by dependency id, api_name or source); ``show_error``;
    ``heartbeat_interval``; ``max_cascade``; ``app_name`` (which Blocks in a file);
    ``queue`` and ``launch`` (settings by ``queue()``/``launch()`` parameter name, in place of
    what the app file set -- an app file runs as ``"__main__"``, so the settings of its
    ``if __name__ == "__main__":`` block apply unless overridden here); ``epoch`` (what the
    app's ``time.time()`` reads at virtual time 0: seconds since 1970-01-01 UTC or an ISO 8601
    text; default 2024-01-01T00:00:00Z).

    The app's ``queue()`` settings and the ``launch()`` settings that shape the event model
    (``show_error``, ``max_threads``, ``state_session_capacity``) apply;
    :attr:`server_only_settings` names the others the app gave.
    """

    def __init__(
        self,
        app: Blocks | str | Path,
        *,
        seed: int = 0,
        group_order: GroupOrder = "fifo",
        interleaving: Interleaving = "fifo",
        durations: Durations | Mapping[str, DurationSpec] | None = None,
        faults: Sequence[Fault] = (),
        js: Mapping[Any, Callable[..., Any]] | None = None,
        show_error: bool | None = None,
        heartbeat_interval: float | None = None,
        max_cascade: int = 100,
        app_name: str | None = None,
        queue: Mapping[str, Any] | None = None,
        launch: Mapping[str, Any] | None = None,
        epoch: float | str = DEFAULT_EPOCH,
    ) -> None:
        self._clock = SteppedClock()
        # App code reads this clock (time, datetime, time.sleep) from the moment its file
        # runs until close() puts the real clock back.
        self._vtime = VirtualTime(self._clock, parse_epoch(epoch, name="Simulation(epoch)"))
        # The app's own use of Python's `random` follows the run's seed too: the global
        # generator is seeded before the app file runs, and put back as it was on close().
        self._random_state = random.getstate()
        random.seed(seed)
        self._vtime.open()
        try:
            with self._vtime.bound():
                self.app, self.path, names = _load(app, app_name)
            self.graph = with_overrides(self.app.graph, queue=queue, launch=launch)
        except BaseException:
            random.setstate(self._random_state)
            self._vtime.close()
            raise
        #: launch() settings the app gave that concern a server only (not applied here).
        self.server_only_settings = server_only_settings(self.graph.launch)
        self.seed = seed
        self.group_order: GroupOrder = group_order
        self.interleaving: Interleaving = interleaving
        self.faults = tuple(faults)
        self.js = dict(js or {})
        self.max_cascade = max_cascade
        self.history = History()
        self.trace = Trace(self.history, self.graph)
        self._names = {
            name: value
            for name, value in names.items()
            if isinstance(value, Block) and not isinstance(value, Blocks) and value.id is not None
        }
        if isinstance(durations, Durations):
            self.durations = durations
        else:
            self.durations = Durations(0.0, by_fn=dict(durations or {}))
        self._show_error = show_error
        self._heartbeat = heartbeat_interval
        self.clients: dict[str, VirtualClient] = {}
        self._failure: BaseException | None = None
        # App tasks that keep waiting on sockets (see _advance): not waited for.
        self._io_background = 0
        self._ready = False
        self._stop: trio.Event | None = None
        self.engine: Engine | None = None
        self._nursery: trio.Nursery | None = None
        self._timers: TimerWheel | None = None
        # The run's tasks inherit the virtual clock's binding.
        self._run = SteppedRun(
            self._main, seed=seed, interleaving=self.interleaving, clock=self._clock, bind=self._vtime.bind
        )
        try:
            self._run.turn_until(lambda: self._ready)
        except BaseException as exc:
            self._failure = exc
        if not self._ready:
            self._ended()
        if self._failure is not None:
            self.close()
            raise self._failure

    # ------------------------------------------------------------------------------------
    # the trio run
    # ------------------------------------------------------------------------------------

    def _ended(self) -> None:
        """The run is over: keep why, if it failed (surfaced on the next call)."""
        result = self._run.finish() if not self._run.finished else self._run.runner.main_task_outcome
        if isinstance(result, outcome.Error) and self._failure is None:
            self._failure = result.error

    async def _main(self) -> None:
        runner = FaultyRunner(
            InlineRunner(self.durations),
            self.faults,
            rng=lambda: self._engine().rng,
            history=self.history,
            now=lambda: self._engine().now,
        )
        async with open_engine(
            self.graph,
            seed=self.seed,
            group_order=self.group_order,
            runner=runner,
            show_error=self._show_error,
            heartbeat_interval=self._heartbeat,
            history=self.history,
        ) as engine:
            self.engine = engine
            async with trio.open_nursery() as nursery:
                self._nursery = nursery
                # Every tab's Timers on one task; ties broken in start order, or by the seed
                # when the run explores interleavings (as trio does for tasks woken together).
                self._timers = TimerWheel(
                    rng=random.Random(f"timers/{self.seed}") if self.interleaving == "seeded" else None
                )
                nursery.start_soon(self._timers.run)
                self._stop = trio.Event()
                self._ready = True
                await self._stop.wait()
                nursery.cancel_scope.cancel()

    def _engine(self) -> Engine:
        assert self.engine is not None
        return self.engine

    def _call(self, fn: Callable[..., Awaitable[Any]], *args: Any) -> Any:
        """Run ``fn(*args)`` in the simulation at the current instant, then let it settle."""
        if self._failure is not None:
            raise LifecycleError(f"the simulation stopped after an internal error: {self._failure!r}")
        if self._stop is None or self._stop.is_set():
            raise LifecycleError("the simulation is closed; create a new Simulation.")
        try:
            # The call runs in a copy of the calling code's context with the virtual clock
            # bound (SteppedRun's bind), for the app calls it (and the tasks it spawns) make;
            # the run turns on until every task is blocked (settle): what the call set off at
            # this instant has settled when it returns.
            return self._run.call(fn, *args, settle=True)
        except (trio.Cancelled, RunFinished):
            # The run ended under us: something inside it failed. Say what.
            self._ended()
            raise LifecycleError(
                f"the simulation stopped after an internal error: {self._failure!r}"
            ) from self._failure

    def close(self) -> None:
        """End the simulation (its run ends). Clients are not closed first: no unloads."""
        if self._stop is not None and not self._stop.is_set() and not self._run.finished:

            async def stop() -> None:
                assert self._stop is not None
                self._stop.set()

            try:
                self._run.call(stop)
            except RunFinished:
                pass
        if not self._run.finished:
            self._ended()
        self._vtime.close()
        if self._random_state is not None:
            random.setstate(self._random_state)
            self._random_state = None

    def __enter__(self) -> Simulation:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------------------------
    # time
    # ------------------------------------------------------------------------------------

    @property
    def now(self) -> float:
        """Virtual seconds since the simulation started."""
        return self._clock.current_time()

    def run(self, until: float | None = None, *, seconds: float | None = None) -> None:
        """Advance virtual time to ``until`` (or by ``seconds``), running everything due."""
        if seconds is not None:
            until = self.now + seconds
        if until is None:
            raise DefinitionError("run(until)", None, "is missing", "Pass until=<virtual time> or seconds=<duration>.")
        self._call(self._advance, until, False)

    def run_until_idle(self, *, limit: float = 86_400.0) -> None:
        """Advance until no job waits or runs and no client awaits a result (Timers may keep
        ticking), or until ``limit`` more virtual seconds have passed."""
        self._call(self._advance, self.now + limit, True)

    def _idle(self) -> bool:
        engine = self._engine()
        if engine._pending:
            return False
        return all(not client._core_busy() for client in self.clients.values())

    async def _advance(self, until: float, stop_when_idle: bool) -> None:
        for _ in range(MAX_STEPS):
            await trio.testing.wait_all_tasks_blocked()
            if stop_when_idle and self._idle():
                return
            now = self._clock.current_time()
            stats = trio.lowlevel.current_statistics()
            waiting = _sockets_waited_on(stats)
            if waiting != self._io_background:
                if waiting < self._io_background:
                    self._io_background = waiting
                else:
                    # An app function waits on real I/O (an HTTP request to a real server):
                    # virtual time stands still while it does, or its own timeouts would fire
                    # at once -- for up to REAL_IO_PATIENCE real seconds. Sockets still
                    # waited on after that are taken as the app's background (a connection it
                    # keeps open) and waited for no more.
                    if not await _real_io_done(self._io_background):
                        self._io_background = _sockets_waited_on(trio.lowlevel.current_statistics())
                    continue
            step = stats.seconds_to_next_deadline
            if now + step > until:
                if until > now:
                    self._clock.jump(until - now)
                    await trio.testing.wait_all_tasks_blocked()
                return
            if step > 0:
                self._clock.jump(step)
            else:
                await trio.lowlevel.checkpoint()
        raise LifecycleError(f"run() processed {MAX_STEPS} deadlines without reaching t={until}")

    def call(self, fn: Callable[..., Awaitable[Any]], *args: Any) -> Any:
        """Run an async function inside the simulation (at the current virtual time)."""
        return self._call(fn, *args)

    # ------------------------------------------------------------------------------------
    # clients and components
    # ------------------------------------------------------------------------------------

    def client(self, name: str | None = None) -> VirtualClient:
        """Open a virtual browser tab named ``name`` (its load listeners run now)."""
        if name is None:
            name = f"client{len(self.clients) + 1}"
        if name in self.clients:
            raise DefinitionError("client(name)", name, "is already open", "Give each client its own name.")
        client = VirtualClient(self, name)
        self.clients[name] = client
        client._open()
        return client

    def resolve(self, ref: Any, *, graph: AppGraph | None = None) -> int:
        """The id of the component ``ref`` names: the object, its id, its variable name in the
        app file, its ``elem_id``, its label, or (a button) its text. ``graph``: the app as
        one session has it (with what its gr.render runs show); default the app's."""
        graph = self.graph if graph is None else graph
        if isinstance(ref, Block):
            if ref.id is None or ref.app is not self.app:
                raise DefinitionError("component", ref, "is not part of this app", "Pass one of the app's components.")
            return ref.id
        if isinstance(ref, int) and not isinstance(ref, bool):
            graph.block(ref)
            return ref
        if isinstance(ref, str):
            if ref in self._names:
                return self._names[ref].id  # type: ignore[return-value]
            by_elem = [n.id for n in graph.blocks if n.elem_id == ref]
            by_label = [n.id for n in graph.blocks if n.label == ref and not n.is_layout]
            by_text = [n.id for n in graph.blocks if n.type == "button" and getattr(n.block, "value", None) == ref]
            # A button's text without its icon: "Retry" names ChatInterface's "🔄  Retry".
            by_words = [
                n.id for n in graph.blocks if n.type == "button" and _words(getattr(n.block, "value", None)) == ref
            ]
            for found in (by_elem, by_label, by_text, by_words):
                if len(found) == 1:
                    return found[0]
                if len(found) > 1:
                    raise DefinitionError(
                        "component", ref, f"names {len(found)} components", "Use a variable name or an elem_id."
                    )
        known = sorted(set(self._names) | {n.elem_id for n in graph.blocks if n.elem_id})
        raise DefinitionError(
            "component",
            ref,
            "names no component of the app",
            f"Use a variable name, elem_id or label; known names: {', '.join(known) or '(none)'}.",
        )

    # ------------------------------------------------------------------------------------
    # verdicts
    # ------------------------------------------------------------------------------------

    def check(self) -> list[Violation]:
        """The invariants broken by this run so far (see ``blockspec.sim._checks``)."""
        return check_invariants(self.history, self.graph, settled=self._idle())

    @property
    def errors(self) -> list[dict[str, Any]]:
        """Every error shown to any client, with the client's name."""
        return [dict(error, client=name) for name, c in self.clients.items() for error in c.errors]


def _words(text: Any) -> str | None:
    """A button's text with emoji and other symbols dropped and spaces collapsed."""
    if not isinstance(text, str):
        return None
    kept = "".join(ch if ch.isalnum() or ch.isspace() or ch in "-_'.,!?" else " " for ch in text)
    return " ".join(kept.split())


def _sockets_waited_on(stats: Any) -> int:
    """How many app tasks wait on a socket (trio's own wake-up socket, one reader in every
    run, is not counted; nor is the asyncio loop's self-pipe, which no task waits on)."""
    io = stats.io_statistics
    return getattr(io, "tasks_waiting_read", 1) - 1 + getattr(io, "tasks_waiting_write", 0)


async def _real_io_done(background: int) -> bool:
    """Let real I/O progress until no more than ``background`` app tasks wait on sockets
    (True), or until the patience runs out (False)."""
    deadline = _real_monotonic() + REAL_IO_PATIENCE
    while _sockets_waited_on(trio.lowlevel.current_statistics()) > background:
        if _real_monotonic() > deadline:
            return False
        await trio.testing.wait_all_tasks_blocked(cushion=0.002)
    return True


def _load(app: Blocks | str | Path, app_name: str | None) -> tuple[Blocks, Path | None, dict[str, Any]]:
    if isinstance(app, (str, Path)):
        loaded = load_app(app, name=app_name)
        return loaded.app, loaded.path, loaded.namespace
    if isinstance(app, Blocks):
        return app, None, {}
    raise DefinitionError("Simulation(app)", app, "is not an app", "Pass a gr.Blocks, or the path of an app file.")


class VirtualClient:
    """One virtual browser tab. Methods are named after the events they fire.

    Components are named as :meth:`Simulation.resolve` accepts. ``set`` is the user editing
    a value (``input`` and ``change`` fire); the event methods fire that event.
    """

    def __init__(self, sim: Simulation, name: str) -> None:
        self.sim = sim
        self.name = name
        self._opens = 0
        self._core: FrontendCore | None = None
        self._resolved: dict[tuple[type, Any], tuple[AppGraph, int]] = {}

    def _open(self) -> None:
        self.sim._call(self._open_async)

    async def _open_async(self) -> None:
        self._opens += 1
        session = self.name if self._opens == 1 else f"{self.name}#{self._opens}"
        sim = self.sim
        assert sim._nursery is not None
        self._core = FrontendCore(
            sim.graph,
            InProcessTransport(sim._engine(), session),
            history=sim.history,
            clock=sim._engine().clock.now,
            nursery=sim._nursery,
            js=sim.js,
            max_cascade=sim.max_cascade,
            timers=sim._timers,
        )
        await self._core.open()

    @property
    def core(self) -> FrontendCore:
        assert self._core is not None
        return self._core

    def _graph(self) -> AppGraph:
        # The app as this tab's session has it: a gr.render run's blocks are its own.
        if self._core is None:
            return self.sim.graph
        return self.sim._engine().graph_of(self.core.transport.session_hash)

    def _resolve(self, component: Any, graph: AppGraph | None = None) -> int:
        if graph is None:
            graph = self._graph()
        # What a name resolves to depends only on the app and the graph (a gr.render run
        # gives the session a new graph): kept per component while the graph is the same.
        key = (type(component), component)  # (1 and True are equal keys; only 1 names a block)
        try:
            hit = self._resolved.get(key)
        except TypeError:  # unhashable: resolve() says what is wrong with it
            return self.sim.resolve(component, graph=graph)
        if hit is not None and hit[0] is graph:
            return hit[1]
        block_id = self.sim.resolve(component, graph=graph)
        self._resolved[key] = (graph, block_id)
        return block_id

    def _core_busy(self) -> bool:
        core = self._core
        return core is not None and core.connected and bool(core._by_event or core._inbox or core._deferred)

    @property
    def session(self) -> str:
        """The current session hash (a reconnect starts a new one)."""
        return self.core.transport.session_hash

    @property
    def connected(self) -> bool:
        return self.core.connected

    # -- state ---------------------------------------------------------------------------

    def value(self, component: Any) -> Any:
        """The component's current value in this tab (JSON, as the browser holds it)."""
        return self.core.values.get(self._resolve(component))

    def props(self, component: Any) -> dict[str, Any]:
        """Properties updated by functions (visible, interactive, a Timer's active...)."""
        return dict(self.core.props.get(self._resolve(component), {}))

    @property
    def values(self) -> dict[str, Any]:
        """Current values by variable name (components the app file names)."""
        return {name: self.core.values.get(block.id) for name, block in self.sim._names.items()}

    @property
    def messages(self) -> list[dict[str, Any]]:
        return self.core.messages

    @property
    def errors(self) -> list[dict[str, Any]]:
        return list(self.core.errors)

    @property
    def logs(self) -> list[dict[str, Any]]:
        return list(self.core.logs)

    # -- actions -------------------------------------------------------------------------

    def set(self, component: Any, value: Any) -> VirtualClient:
        """Edit a component's value, as a user typing or choosing (``input``, ``change``)."""
        self.sim._call(self.core.set_value, self._resolve(component), value)
        return self

    def fill(self, component: Any, value: Any = None, *, file: str | Path | bytes | None = None) -> VirtualClient:
        """Put a value in a component without firing any event; ``file`` (as :meth:`upload`
        takes it) puts that file there instead."""
        block_id = self._resolve(component)
        self.core.fill(block_id, value if file is None else self._file_value(block_id, file, None))
        return self

    def trigger(self, component: Any, event: str, event_data: Any = None) -> VirtualClient:
        """Fire ``event`` on a component (any event name the component has)."""
        graph = self._graph()
        block_id = self._resolve(component, graph)
        events = graph.block(block_id).events
        if event not in events:
            raise DefinitionError(
                "event", event, f"is not an event of component {block_id}", f"It has: {', '.join(events) or 'none'}."
            )
        self.sim._call(self.core.trigger, block_id, event, event_data)
        return self

    def click(self, component: Any) -> VirtualClient:
        return self.trigger(component, "click")

    def submit(self, component: Any) -> VirtualClient:
        return self.trigger(component, "submit")

    def change(self, component: Any) -> VirtualClient:
        return self.trigger(component, "change")

    def input(self, component: Any) -> VirtualClient:
        return self.trigger(component, "input")

    def blur(self, component: Any) -> VirtualClient:
        return self.trigger(component, "blur")

    def focus(self, component: Any) -> VirtualClient:
        return self.trigger(component, "focus")

    def release(self, component: Any) -> VirtualClient:
        return self.trigger(component, "release")

    def clear(self, component: Any) -> VirtualClient:
        return self.trigger(component, "clear")

    def _held(self, component: Any) -> tuple[int, Any, Any]:
        block_id = self._resolve(component)
        return block_id, self._graph().block(block_id).block, self.core.values.get(block_id)

    def select(
        self, component: Any, *, index: Any = None, value: Any = _UNSET, selected: bool | None = None
    ) -> VirtualClient:
        """Select in a component: ``select`` fires with the data the real page sends for
        that component (``blockspec/frontend/_event_data.py``); what is not given (the
        value at ``index``, the index of ``value``) is read from the component."""
        block_id, block, held = self._held(component)
        return self.trigger(block_id, "select", select_data(block, held, index=index, value=value, selected=selected))

    def key_up(self, component: Any, key: str, *, input_value: Any = _UNSET) -> VirtualClient:
        """Release ``key`` in a component's text box (``input_value``: the text shown there)."""
        block_id, block, held = self._held(component)
        return self.trigger(block_id, "key_up", key_up_data(block, held, key, input_value=input_value))

    def like(self, component: Any, *, index: Any, value: Any = _UNSET, liked: bool = True) -> VirtualClient:
        """Like (or, ``liked=False``, dislike) a chatbot message: ``[pair, 0 | 1]`` in a
        tuples chatbot, the message's position in a messages one."""
        block_id, block, held = self._held(component)
        return self.trigger(block_id, "like", like_data(block, held, index=index, value=value, liked=liked))

    def delete(self, component: Any, index: int = 0) -> VirtualClient:
        """Remove the ``index``-th file from a File: ``delete`` fires with that file's data,
        then the value becomes what is left and ``change`` fires (js/file/shared/FilePreview.svelte:55-56)."""
        block_id, _, held = self._held(component)
        files = list(held) if isinstance(held, list) else ([] if held is None else [held])
        if not 0 <= index < len(files):
            raise DefinitionError(
                "delete(index)", index, f"is not a file of component {block_id}", f"It holds {len(files)} file(s)."
            )
        removed = files.pop(index)
        self.trigger(block_id, "delete", removed)
        # The page then holds what is left, as a list even for a single-file File.
        self.sim._call(self.core.set_value, block_id, files, ("change",))
        return self

    def _file_value(self, block_id: int, file: str | Path | bytes, name: str | None) -> Any:
        from .._files import file_data
        from ._samples import SAMPLES, sample_bytes

        if isinstance(file, str) and file in SAMPLES and not Path(file).exists():
            # A built-in sample ("sample.png", ...), written into this run's file store.
            file, name = sample_bytes(file), name or file
        if isinstance(file, bytes):
            path = self.sim._engine().files.store_bytes(file, name or "upload")
        else:
            path = Path(file)
        data = file_data(path, orig_name=name)
        block = self._graph().block(block_id).block
        # A File taking several files holds a list (js/file/shared/FileUpload.svelte).
        file_count = getattr(block, "file_count", None) or getattr(block, "extra", {}).get("file_count", "single")
        return [data] if file_count in ("multiple", "directory") else data

    def upload(self, component: Any, file: str | Path | bytes, *, name: str | None = None) -> VirtualClient:
        """Upload a file -- a path, bytes stored under ``name``, or a built-in sample
        (``"sample.png"``, ``"sample.wav"``, ``"sample.txt"``, ``"sample.csv"``,
        ``"sample.json"``): the value changes, then ``upload`` and ``change`` fire."""
        block_id = self._resolve(component)
        data = self._file_value(block_id, file, name)
        self.sim._call(self.core.set_value, block_id, data, ("upload", "change"))
        return self

    def close(self) -> None:
        """Close the tab: Timers stop, the session ends, the app's unload functions run."""
        self.sim._call(self.core.close)

    def reconnect(self) -> VirtualClient:
        """Reload the tab: the old session ends, a new one starts from the initial values."""
        self.sim._call(self.core.close)
        self.sim._call(self._open_async)
        return self

    def __repr__(self) -> str:
        return f"<VirtualClient {self.name!r} session={self.session!r}>"
