"""Cases: a fixture app, a scenario played on it, and the facts to check -- all data.

``conformance/cases/*.toml`` hold ``[[case]]`` tables::

    [[case]]
    name = "limit-two"               # unique
    app = "queue_limits.py"          # a file of conformance/apps/ (written `import gradio as gr`)
    until = 4.0                      # modelled seconds the scenario runs
    actions = [                      # the simulator's scenario actions (blockspec/sim/_scenario.py):
      { at = 0.0, client = "a", do = "click", target = "pair_btn" },   # one client = one tab
    ]
    checks = [                       # each judges one clause on the recorded history
      { clause = "LISTENER.CONCURRENCY_LIMIT.1", checker = "max_running", fns = ["pair"], limit = 2 },
    ]

Times are modelled seconds: the simulator runs them as they are; a real-time target scales
them (and the app's ``DURATIONS``) by its scale, and judges timings with the case's
``tolerance`` (modelled seconds, default 0.3).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import attrs

from blockspec.sim import Action, Scenario

from ._catalogue import Catalogue, CatalogueError

__all__ = ["Case", "Check", "load_cases", "CASES_DIR", "APPS_DIR"]

CASES_DIR = Path(__file__).parent / "cases"
APPS_DIR = Path(__file__).parent / "apps"
_CASE_KEYS = {"name", "app", "until", "actions", "checks", "tolerance"}


@attrs.frozen(kw_only=True)
class Check:
    clause: str
    checker: str
    params: tuple[tuple[str, Any], ...]

    def param(self, name: str, default: Any = None) -> Any:
        return dict(self.params).get(name, default)


@attrs.frozen(kw_only=True)
class Case:
    name: str
    app: str
    until: float
    actions: tuple[Action, ...]
    checks: tuple[Check, ...]
    tolerance: float = 0.3

    @property
    def app_path(self) -> Path:
        return APPS_DIR / self.app

    @property
    def clauses(self) -> list[str]:
        seen: list[str] = []
        for check in self.checks:
            if check.clause not in seen:
                seen.append(check.clause)
        return seen

    @property
    def clients(self) -> list[str]:
        names: list[str] = []
        for action in self.actions:
            if action.client not in names:
                names.append(action.client)
        return names

    def scenario(self, *, seed: int = 0, durations: dict[str, Any] | None = None) -> Scenario:
        """The case as a simulator scenario (with the app's modelled durations)."""
        return Scenario.from_dict(
            {
                "run": {"until": self.until, "seed": seed},
                "durations": dict(durations or {}),
                "action": [attrs.asdict(a, filter=_set) for a in self.actions],
            },
            source=f"case {self.name}",
        )


def _set(attribute: attrs.Attribute, value: Any) -> bool:
    return value is not None


def _case(entry: dict[str, Any], where: str, catalogue: Catalogue | None) -> Case:
    from ._checkers import CHECKERS

    unknown = set(entry) - _CASE_KEYS
    if unknown:
        raise CatalogueError(f"{where}: unknown key(s) {sorted(unknown)}. Use: {', '.join(sorted(_CASE_KEYS))}.")
    for key in ("name", "app", "until", "actions", "checks"):
        if key not in entry:
            raise CatalogueError(f"{where}: `{key}` is missing; every case has name, app, until, actions, checks.")
    if not (APPS_DIR / entry["app"]).is_file():
        raise CatalogueError(f"{where}: app {entry['app']!r} is not a file of conformance/apps/.")
    # The simulator's own reader checks each action (do, target, event...).
    scenario = Scenario.from_dict({"action": entry["actions"]}, source=where)
    checks = []
    for i, raw in enumerate(entry["checks"]):
        raw = dict(raw)
        clause, checker = raw.pop("clause", None), raw.pop("checker", None)
        if checker not in CHECKERS:
            raise CatalogueError(f"{where}: check {i + 1}: checker {checker!r} is not one of {', '.join(CHECKERS)}.")
        if catalogue is not None and clause not in catalogue:
            raise CatalogueError(f"{where}: check {i + 1}: clause {clause!r} is not in conformance/clauses/.")
        checks.append(Check(clause=clause, checker=checker, params=tuple(sorted(raw.items()))))
    return Case(
        name=entry["name"],
        app=entry["app"],
        until=float(entry["until"]),
        actions=scenario.actions,
        checks=tuple(checks),
        tolerance=float(entry.get("tolerance", 0.3)),
    )


def load_cases(catalogue: Catalogue | None = None, directory: Path = CASES_DIR) -> list[Case]:
    """Every case, checked against the schema (and, given a catalogue, its clause ids)."""
    cases: list[Case] = []
    for path in sorted(directory.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        if set(data) - {"case"}:
            raise CatalogueError(f"{path.name}: case files hold [[case]] tables only.")
        for i, entry in enumerate(data.get("case", [])):
            cases.append(_case(entry, f"{path.name}: case {i + 1} ({entry.get('name', '?')})", catalogue))
    names = [c.name for c in cases]
    for name in names:
        if names.count(name) > 1:
            raise CatalogueError(f"case name {name!r} is used twice; names are unique.")
    return cases
