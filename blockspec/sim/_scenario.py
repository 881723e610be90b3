"""Scenarios: who connects when, what they do, what goes wrong, and what must hold.

A scenario is data (:class:`Scenario`), played on a :class:`~blockspec.sim.Simulation` by
:func:`play`. It can be written in TOML::

    # examples/queue_limit.toml -- three users click "Generate" on a limit-1 listener
    [run]
    until = 20            # virtual seconds to run (default: until nothing is pending)
    seed = 0              # the seed, unless the command line gives one
    group_order = "fifo"  # "random": the queue picks among groups with the seed
    interleaving = "fifo" # "seeded": tasks woken together run in a seeded order
    epoch = "2024-01-01T00:00:00Z"  # what the app's clock reads at virtual time 0 (the
                          # default; or seconds since 1970): time.time(), datetime.now()
                          # and time.sleep in app code follow the virtual clock

    [durations]           # modelled seconds per function name (a list: per generator step),
    generate = 2.0        # added to what the function itself sleeps (time.sleep, asyncio.sleep)

    [queue]               # queue() settings in place of the app file's own (optional)
    default_concurrency_limit = 2

    [launch]              # launch() settings in place of the app file's own (optional;
    show_error = true     # the simulator applies show_error, max_threads and
                          # state_session_capacity, and lists the others as server-only)

    [[client]]
    name = "alice"        # connects at `at` (default 0)

    [[action]]
    at = 0.5
    client = "alice"
    do = "set"            # set, fill, click, submit, change, input, select, blur, focus,
    target = "prompt"     # key_up, upload, clear, like, delete, release, trigger, close, reconnect
    value = "a red fox"   # target: variable name, elem_id or label

    [[action]]            # upload / fill a file: a path, or a built-in sample written into
    at = 1                # the run's file store: sample.png, sample.wav, sample.txt,
    client = "alice"      # sample.csv, sample.json, sample.zip
    do = "upload"
    target = "photo"
    file = "sample.png"

    [[fault]]             # raise / hang / slow (a function), disconnect (a client)
    kind = "raise"
    fn = "generate"
    at = 5                # a function fault applies from `at` until `until` (if given);
    probability = 0.5     # each call, with this probability drawn from the run's seed

    [[fault]]
    kind = "disconnect"
    client = "alice"
    at = 2
    until = 8             # a disconnect happens at a time drawn in [at, until)

    [[expect]]            # checked at `at`, after everything due then has happened
    at = 12
    client = "alice"
    target = "image"
    equals = "done"       # or contains = "...", or no_errors = true

    [[expect]]            # an app function may fail like this (it is the point of the run)
    failure = "ZeroDivisionError"   # the exception's type name, or true for any
    fn = "divide"         # optional: only this function
    at = 10               # optional: and it must have failed so by t=10

A run's verdict (:class:`Outcome`) fails if an engine invariant broke, a change cascade had
to be stopped, an expectation failed, or an app function raised anything other than
``gr.Error`` that no ``[[expect]] failure`` allows -- the person simulating an app is its
author, and a crash is news to them whatever ``show_error`` tells the users. A ``gr.Error``
is the app speaking to its user on purpose: reported, never a failure by itself. Nor is an
exception a ``raise`` fault injected.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs

from .._errors import DefinitionError
from .._graph import AppGraph, DependencySpec, Trigger
from .._virtual_time import DEFAULT_EPOCH, parse_epoch
from ..frontend._event_data import gradio_name
from ._checks import Violation
from ._default_inputs import default_entry, edited_file, edited_slider_value
from ._faults import Fault
from ._simulation import Simulation
from ._trace import JobSpan

__all__ = [
    "Action",
    "ClientPlan",
    "Expectation",
    "ExpectedFailure",
    "Scenario",
    "Outcome",
    "play",
    "run_scenario",
    "user_events",
    "ACTIONS",
]

#: What an action may do (``do = ...``).
ACTIONS = (
    "set",
    "fill",
    "click",
    "submit",
    "change",
    "input",
    "select",
    "blur",
    "focus",
    "key_up",
    "upload",
    "clear",
    "like",
    "delete",
    "release",
    "trigger",
    "close",
    "reconnect",
)
_NEEDS_TARGET = tuple(a for a in ACTIONS if a not in ("close", "reconnect"))


@attrs.frozen(kw_only=True)
class ClientPlan:
    name: str
    at: float = 0.0


@attrs.frozen(kw_only=True)
class Action:
    """One thing a client does at virtual time ``at``."""

    at: float
    client: str
    do: str
    target: Any = None
    value: Any = None
    event: str | None = None
    data: Any = None
    key: str | None = None
    file: str | None = None


class _Missing:
    """No expected value given (``equals`` not set)."""

    def __repr__(self) -> str:
        return "NOTHING"

    def __reduce__(self) -> str:
        # One sentinel per process, compared with `is`: a pickled scenario (sent to a worker
        # process) must unpickle to this module's object, not a copy.
        return "_MISSING"


_MISSING: Any = _Missing()


@attrs.frozen(kw_only=True)
class Expectation:
    """What must hold at ``at``: a component's value (equal, or containing a text) or no errors."""

    at: float
    client: str
    target: Any = None
    equals: Any = _MISSING
    contains: str | None = None
    no_errors: bool = False

    def judge(self, sim: Simulation) -> tuple[bool, str]:
        client = sim.clients.get(self.client)
        if client is None:
            return False, f"no client {self.client!r}"
        if self.no_errors:
            errors = client.errors
            return (not errors, f"errors: {errors}" if errors else "no errors")
        value = client.value(self.target)
        if self.equals is not _MISSING and value != self.equals:
            return False, f"{self.target} is {value!r}, expected {self.equals!r}"
        if self.contains is not None and self.contains not in str(value):
            return False, f"{self.target} is {value!r}, expected it to contain {self.contains!r}"
        return True, f"{self.target} is {value!r}"


@attrs.frozen(kw_only=True)
class ExpectedFailure:
    """An app function may raise ``failure`` (a type name; ``True``: anything) -- ``fn``
    names which function (None: any). With ``at``, one such failure must have happened by
    then."""

    failure: str | bool = True
    fn: str | None = None
    at: float | None = None

    def __attrs_post_init__(self) -> None:
        if self.failure is False or not isinstance(self.failure, (str, bool)):
            raise DefinitionError(
                "expect failure",
                self.failure,
                "is not an exception type name or true",
                'Write failure = "ValueError" (its type name), or failure = true for any exception.',
            )

    def allows(self, job: JobSpan) -> bool:
        failure = job.failure or {}
        if self.failure is not True and failure.get("type") != self.failure:
            return False
        return self.fn is None or self.fn in (job.fn, job.fn.rsplit(".", 1)[-1])

    def describe(self) -> str:
        what = "any exception" if self.failure is True else self.failure
        return (
            f"{what}" + (f" from {self.fn}" if self.fn else "") + (f" by t={self.at:g}" if self.at is not None else "")
        )


@attrs.frozen(kw_only=True)
class Scenario:
    """Clients, timed actions, faults, expectations, durations and run settings."""

    clients: tuple[ClientPlan, ...] = ()
    actions: tuple[Action, ...] = ()
    faults: tuple[Fault, ...] = ()
    expectations: tuple[Expectation, ...] = ()
    expected_failures: tuple[ExpectedFailure, ...] = ()
    durations: tuple[tuple[str, Any], ...] = ()
    #: queue() / launch() settings in place of the app file's own, by parameter name
    queue: tuple[tuple[str, Any], ...] = ()
    launch: tuple[tuple[str, Any], ...] = ()
    until: float | None = None
    seed: int | None = None
    group_order: str = "fifo"
    interleaving: str = "fifo"
    epoch: float = DEFAULT_EPOCH
    source: str | None = None

    # -- reading ---------------------------------------------------------------------------

    @classmethod
    def from_toml(cls, path: str | Path) -> Scenario:
        """Read a scenario file (format in the module docstring)."""
        file = Path(path)
        try:
            data = tomllib.loads(file.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise DefinitionError(
                "scenario", str(path), f"cannot be read ({exc})", "Check the path and TOML syntax."
            ) from None
        return cls.from_dict(data, source=str(file))

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, source: str | None = None) -> Scenario:
        where = source or "scenario"
        known = {"run", "durations", "queue", "launch", "client", "action", "fault", "expect"}
        for key in data:
            if key not in known:
                raise DefinitionError(f"{where}: [{key}]", key, "is not a scenario section", f"Use: {sorted(known)}.")
        run = dict(data.get("run", {}))
        actions = tuple(_action(entry, f"{where}: action {i + 1}") for i, entry in enumerate(data.get("action", [])))
        clients = [ClientPlan(**_only(entry, ("name", "at"), f"{where}: client")) for entry in data.get("client", [])]
        named = {c.name for c in clients}
        for action in actions:
            if action.client not in named:
                clients.append(ClientPlan(name=action.client, at=0.0))
                named.add(action.client)
        faults = tuple(
            Fault(**_only(entry, tuple(attrs.fields_dict(Fault)), f"{where}: fault")) for entry in data.get("fault", [])
        )
        entries = data.get("expect", [])
        expectations = tuple(
            Expectation(
                **_only(entry, ("at", "client", "target", "equals", "contains", "no_errors"), f"{where}: expect")
            )
            for entry in entries
            if "failure" not in entry
        )
        expected_failures = tuple(
            ExpectedFailure(**_only(entry, ("failure", "fn", "at"), f"{where}: expect (failure)"))
            for entry in entries
            if "failure" in entry
        )
        order = run.get("group_order", "fifo")
        interleaving = run.get("interleaving", "fifo")
        if order not in ("fifo", "random") or interleaving not in ("fifo", "seeded"):
            raise DefinitionError(
                f"{where}: [run]",
                run,
                "has an unknown group_order or interleaving",
                'Use group_order = "fifo" | "random" and interleaving = "fifo" | "seeded".',
            )
        return cls(
            clients=tuple(clients),
            actions=tuple(sorted(actions, key=lambda a: a.at)),
            faults=faults,
            expectations=tuple(sorted(expectations, key=lambda e: e.at)),
            expected_failures=expected_failures,
            durations=tuple(sorted(data.get("durations", {}).items())),
            queue=tuple(sorted(_table(data, "queue", where).items())),
            launch=tuple(sorted(_table(data, "launch", where).items())),
            until=run.get("until"),
            seed=run.get("seed"),
            group_order=order,
            interleaving=interleaving,
            epoch=parse_epoch(run.get("epoch", DEFAULT_EPOCH), name=f"{where}: [run] epoch"),
            source=source,
        )

    @classmethod
    def default_for(cls, graph: AppGraph) -> Scenario:
        """One client fires each user-facing event once, one second apart, after putting in
        the listener's inputs what a user could have entered (``_default_inputs.py``): text,
        a number in range, a choice, a real sample file. Select, like, key_up and delete
        carry the data the real page sends for that component."""
        actions: list[Action] = []
        for index, (dep, trigger) in enumerate(user_events(graph)):
            at = float(index + 1)
            target_id = trigger.block_id
            target = graph.block(target_id)  # type: ignore[arg-type]
            fills = list(dep.inputs)
            if target_id not in fills:
                fills.append(target_id)  # e.g. a File's delete needs a file in it
            for block_id in fills:
                if trigger.event in _EDITS and block_id == target_id:
                    continue  # the edit itself puts the value in
                entry = default_entry(graph.block(block_id).block)
                if entry is not None:
                    actions.append(
                        Action(at=at, client="user", do="fill", target=block_id, value=entry.value, file=entry.file)
                    )
            actions.append(_default_trigger(at, target_id, trigger.event, target.block))
        return cls(clients=(ClientPlan(name="user"),), actions=tuple(actions), source="(default scenario)")

    # -- writing ---------------------------------------------------------------------------

    def overridden(
        self,
        *,
        seed: int | None = None,
        group_order: str | None = None,
        interleaving: str | None = None,
        until: float | None = None,
        queue: dict[str, Any] | None = None,
        launch: dict[str, Any] | None = None,
    ) -> Scenario:
        """This scenario with the given settings in place of its own (None keeps its own;
        ``queue``/``launch`` settings are merged over the scenario's)."""
        return attrs.evolve(
            self,
            seed=self.seed if seed is None else seed,
            group_order=group_order or self.group_order,
            interleaving=interleaving or self.interleaving,
            until=self.until if until is None else until,
            queue=tuple(sorted({**dict(self.queue), **(queue or {})}.items())),
            launch=tuple(sorted({**dict(self.launch), **(launch or {})}.items())),
        )

    def to_python(self, app: str, *, seed: int) -> str:
        """This scenario as a Python script that replays it (for a failure report).

        It reads like the user session it is; a scenario with disconnect faults (placed by
        draws from the run's generator as the scenario is played) is replayed by
        :func:`run_scenario` instead, so the draws are the same.
        """
        if any(fault.kind == "disconnect" for fault in self.faults):
            return (
                "from blockspec.sim import (\n"
                "    Action, ClientPlan, Expectation, ExpectedFailure, Fault, Scenario, run_scenario\n"
                ")\n\n"
                f"scenario = {attrs.evolve(self, seed=seed)!r}\n"
                f"sim, outcome = run_scenario({app!r}, scenario)\n"
                "print(outcome.ok, outcome.first_failure)\n"
            )
        runner_faults = [fault for fault in self.faults if fault.kind != "disconnect"]
        lines = [
            "from blockspec.sim import Fault, Simulation" if runner_faults else "from blockspec.sim import Simulation",
            "",
            f"sim = Simulation({app!r}, seed={seed}, group_order={self.group_order!r}, "
            f"interleaving={self.interleaving!r}, durations={dict(self.durations)!r}"
            + (f", epoch={self.epoch!r}" if self.epoch != DEFAULT_EPOCH else "")
            + (f", faults={runner_faults!r}" if runner_faults else "")
            + (f", queue={dict(self.queue)!r}" if self.queue else "")
            + (f", launch={dict(self.launch)!r}" if self.launch else "")
            + ")",
        ]
        opened: list[str] = []
        events: list[tuple[float, int, str]] = []
        for i, client in enumerate(self.clients):
            events.append((client.at, i, f"{_py_name(client.name)} = sim.client({client.name!r})"))
            opened.append(client.name)
        for i, action in enumerate(self.actions):
            events.append((action.at, len(self.clients) + i, _action_python(action)))
        now = 0.0
        for at, _, line in sorted(events, key=lambda e: (e[0], e[1])):
            if at > now:
                lines.append(f"sim.run(until={at!r})")
                now = at
            lines.append(line)
        lines.append(f"sim.run(until={self.until!r})" if self.until is not None else "sim.run_until_idle()")
        lines.append("print(sim.check(), sim.errors, sim.trace.app_failures())")
        return "\n".join(lines) + "\n"


#: Events that a user's edit of the component fires (the default scenario edits it).
_EDITS = ("change", "input", "upload")


def _default_trigger(at: float, target_id: Any, event: str, block: Any) -> Action:
    """The default scenario's action firing ``event`` on ``block``."""
    entry = default_entry(block) if block is not None else None
    file = edited_file(block) if block is not None and event in _EDITS else None
    if file is not None:  # the user uploads a file, even over one the app put there
        return Action(at=at, client="user", do="upload", target=target_id, file=file)
    if event in ("change", "input") and block is not None:
        example = getattr(block, "example_payload", None)  # a layout (Tabs) has none
        if entry is not None:
            value = entry.value
        elif gradio_name(block) == "Slider" and not callable(getattr(block, "value", None)):
            value = edited_slider_value(block)
        else:
            value = example() if example is not None else None
        if value is not None:
            return Action(at=at, client="user", do="set", target=target_id, value=value)
        # Nothing sensible to enter (a stand-in): the event fires on what the page holds.
    if event in ("select", "key_up", "delete"):
        return Action(at=at, client="user", do=event, target=target_id)
    if event == "like":
        index = 0 if getattr(block, "type", "tuples") == "messages" else [0, 1]
        return Action(at=at, client="user", do="like", target=target_id, data={"index": index})
    return Action(at=at, client="user", do="trigger", target=target_id, event=event)


def user_events(graph: AppGraph) -> list[tuple[DependencySpec, Trigger]]:
    """Each event a user can fire on a component that some listener of the app listens to,
    once, with the first such listener: what a scenario can act on."""
    found: list[tuple[DependencySpec, Trigger]] = []
    seen: list[tuple[int | None, str]] = []
    for dep in graph.dependencies:
        # A gr.render's triggers are the user's events too (its re-runs rebuild the page).
        if dep.role not in ("listener", "render"):
            continue
        for trigger in dep.targets:
            key = (trigger.block_id, trigger.event)
            if trigger.block_id in (None, 0) or trigger.event in ("load", "tick") or key in seen:
                continue
            seen.append(key)
            found.append((dep, trigger))
    return found


def _py_name(name: str) -> str:
    cleaned = "".join(ch if ch.isalnum() else "_" for ch in name)
    return cleaned if cleaned and not cleaned[0].isdigit() else f"c_{cleaned}"


def _call(action: Action) -> tuple[str, tuple[Any, ...], dict[str, Any]]:
    """The client method an action calls, with its arguments: what :func:`play` does and
    what a reproduction script writes, from one place."""
    target = action.target
    if action.do in ("close", "reconnect"):
        return action.do, (), {}
    if action.do == "fill" and action.file is not None:
        return "fill", (target,), {"file": action.file}
    if action.do in ("set", "fill"):
        return action.do, (target, action.value), {}
    if action.do == "trigger":
        return "trigger", (target, action.event or "", action.data), {}
    if action.do == "upload":
        return "upload", (target, action.file or ""), {}
    if action.do == "delete":
        return "delete", (target,), {} if action.data is None else {"index": action.data}
    if action.do == "key_up":
        return "key_up", (target, action.key or "Enter"), {}
    if action.do in ("select", "like") and isinstance(action.data, dict):
        return action.do, (target,), dict(action.data)
    return action.do, (target,), {}


def _action_python(action: Action) -> str:
    method, args, kwargs = _call(action)
    arguments = [repr(a) for a in args] + [f"{k}={v!r}" for k, v in kwargs.items()]
    return f"{_py_name(action.client)}.{method}({', '.join(arguments)})"


def _table(data: dict[str, Any], name: str, where: str) -> dict[str, Any]:
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise DefinitionError(f"{where}: [{name}]", table, "is not a table", f"Write [{name}] then key = value lines.")
    return dict(table)


def _only(entry: dict[str, Any], allowed: Sequence[str], where: str) -> dict[str, Any]:
    unknown = [k for k in entry if k not in allowed]
    if unknown:
        raise DefinitionError(f"{where}", unknown[0], "is not a known key", f"Use: {', '.join(allowed)}.")
    return dict(entry)


def _action(entry: dict[str, Any], where: str) -> Action:
    fields = _only(entry, tuple(attrs.fields_dict(Action)), where)
    for required in ("at", "client", "do"):
        if required not in fields:
            raise DefinitionError(f"{where}.{required}", None, "is missing", f"Give each action `{required} = ...`.")
    if fields["do"] not in ACTIONS:
        raise DefinitionError(f"{where}.do", fields["do"], "is not an action", f"Use one of: {', '.join(ACTIONS)}.")
    if fields["do"] in _NEEDS_TARGET and fields.get("target") is None:
        raise DefinitionError(
            f"{where}.target", None, "is missing", "Name the component: variable name, elem_id or label."
        )
    if fields["do"] == "trigger" and not fields.get("event"):
        raise DefinitionError(
            f"{where}.event", None, "is missing", 'A "trigger" action names its event, e.g. event = "blur".'
        )
    return Action(**fields)


@attrs.frozen(kw_only=True)
class Outcome:
    """A run's verdict: broken invariants, failed expectations, cascades stopped, app errors."""

    seed: int
    violations: tuple[Violation, ...]
    expectations: tuple[tuple[Expectation, bool, str], ...]
    cycles: int
    errors: tuple[dict[str, Any], ...]
    jobs: int
    #: jobs whose function raised (not gr.Error, not injected) and no expectation allows
    app_failures: tuple[JobSpan, ...] = ()
    #: expected failures with an `at` that had not happened by then
    missing_failures: tuple[ExpectedFailure, ...] = ()

    @property
    def failed_expectations(self) -> list[tuple[Expectation, str]]:
        return [(e, why) for e, ok, why in self.expectations if not ok]

    @property
    def ok(self) -> bool:
        return (
            not self.violations
            and not self.failed_expectations
            and not self.cycles
            and not self.app_failures
            and not self.missing_failures
        )

    @property
    def first_failure(self) -> str | None:
        if self.violations:
            return str(self.violations[0])
        if self.failed_expectations:
            expectation, why = self.failed_expectations[0]
            return f"expect at t={expectation.at} ({expectation.client}): {why}"
        if self.cycles:
            return "a .change cascade was stopped (a cycle)"
        if self.app_failures:
            job = self.app_failures[0]
            failure = job.failure or {}
            return f"{job.fn} raised {failure.get('type')}: {failure.get('message')}"
        if self.missing_failures:
            return f"expected failure did not happen: {self.missing_failures[0].describe()}"
        return None


def play(sim: Simulation, scenario: Scenario, *, until: float | None = None) -> Outcome:
    """Play ``scenario`` on ``sim`` and judge the run."""
    steps: list[tuple[float, int, int, Any]] = []
    for i, client in enumerate(scenario.clients):
        steps.append((client.at, 0, i, client))
    for i, action in enumerate(scenario.actions):
        steps.append((action.at, 1, i, action))
    rng = sim._engine().rng  # the run's one generator: a random fault pattern replays by seed
    for i, fault in enumerate(scenario.faults):
        if fault.kind != "disconnect":
            continue
        # A disconnect happens at `at`, or at a time drawn in [at, until) when `until` is
        # given, and only with its probability.
        at = fault.at if fault.until is None else fault.at + rng.random() * (fault.until - fault.at)
        if fault.fires(rng):
            steps.append((at, 1, len(scenario.actions) + i, fault))
    for i, expectation in enumerate(scenario.expectations):
        steps.append((expectation.at, 2, i, expectation))
    judged: list[tuple[Expectation, bool, str]] = []
    for at, _, _, step in sorted(steps, key=lambda s: (s[0], s[1], s[2])):
        if at > sim.now:
            sim.run(until=at)
        if isinstance(step, ClientPlan):
            if step.name not in sim.clients:
                sim.client(step.name)
        elif isinstance(step, Fault):
            client = sim.clients.get(step.client or "")
            if client is not None and client.connected:
                sim.history.add(sim.now, "client", "fault", session=client.session, detail=json.dumps(step.to_json()))
                client.close()
        elif isinstance(step, Action):
            _perform(sim, step)
        else:
            ok, why = step.judge(sim)
            sim.history.add(sim.now, "client", "expect", detail=json.dumps({"ok": ok, "why": why}))
            judged.append((step, ok, why))
    end = until if until is not None else scenario.until
    if end is not None:
        if end > sim.now:
            sim.run(until=end)
    else:
        sim.run_until_idle()
    jobs = sim.trace.jobs()
    failed = [job for job in jobs if job.failure]
    allowed = scenario.expected_failures
    return Outcome(
        seed=sim.seed,
        violations=tuple(sim.check()),
        expectations=tuple(judged),
        cycles=len(sim.trace.of("client", "cycle")),
        errors=tuple(sim.errors),
        jobs=len(sim.trace.of("job", "submit")),
        app_failures=tuple(job for job in failed if job.app_failure and not any(e.allows(job) for e in allowed)),
        missing_failures=tuple(
            e
            for e in allowed
            if e.at is not None
            and not any(e.allows(job) and job.ended is not None and job.ended <= e.at for job in failed)
        ),
    )


def _perform(sim: Simulation, action: Action) -> None:
    client = sim.clients.get(action.client) or sim.client(action.client)
    method, args, kwargs = _call(action)
    getattr(client, method)(*args, **kwargs)


def run_scenario(
    app: Any,
    scenario: Scenario,
    *,
    seed: int | None = None,
    group_order: str | None = None,
    interleaving: str | None = None,
    until: float | None = None,
    app_name: str | None = None,
) -> tuple[Simulation, Outcome]:
    """A Simulation set up as ``scenario`` says (arguments override it), played to the end.

    The caller closes the returned simulation.
    """
    scenario = scenario.overridden(seed=seed, group_order=group_order, interleaving=interleaving, until=until)
    sim = Simulation(
        app,
        seed=scenario.seed or 0,
        group_order=scenario.group_order,  # type: ignore[arg-type]
        interleaving=scenario.interleaving,  # type: ignore[arg-type]
        durations=dict(scenario.durations),
        faults=list(scenario.faults),
        app_name=app_name,
        epoch=scenario.epoch,
        queue=dict(scenario.queue),
        launch=dict(scenario.launch),
    )
    try:
        outcome = play(sim, scenario)
    except BaseException:
        sim.close()
        raise
    return sim, outcome
