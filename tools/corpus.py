"""Run blockspec's ``inspect`` and ``simulate`` on a corpus of app files and report what happened.

    python tools/corpus.py ../shared/corpus/gradio-4.44.1                  # -> reports/corpus.md, .json
    python tools/corpus.py DIR --only blocks_hello chatbot_simple --jobs 2
    python tools/corpus.py DIR --compare-config RECORDED.json               # /config against Gradio's

The corpus layout is one folder per app with the app in ``run.py`` (Gradio's own ``demo/``
directory); a folder of plain ``*.py`` files works too. Each app runs in its own subprocess
(apps import things and change globals), with its folder as the working directory and a
timeout. The child loads the app with :func:`blockspec._loading.load_app` (what ``inspect``
does), builds its ``/config``, then plays :meth:`Scenario.default_for` through
:func:`run_scenario` (what ``simulate`` does with no scenario file) and reads the trace.

Network access is refused inside the child (a connection to anything but the loopback
raises), so an app that needs the network is reported as such instead of hanging. A load
that fails for want of an uninstalled package, the network, a data file the corpus does not
ship, or ``gr.Interface``-style API (issue 11) is classified as that, not as a failure.

``--compare-config`` compares each loaded app's ``/config`` with the configs real Gradio
4.44.1 produced for it (recorded by ``tools/record_gradio_fixtures.py --corpus``): dependency
for dependency, every key, and the component types by id.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

#: Gradio names whose apps belong to issue 11 (Interface-style API, not built yet).
INTERFACE_NAMES = ("Interface", "ChatInterface", "TabbedInterface")
#: Other Gradio API that issue 11 adds; a load failing on one of them is issue 11's.
ISSUE_11_NAMES = ("render", "Examples", "ChatMessage", "CSVLogger", "FlaggingCallback", "SimpleCSVLogger", "load")

#: Modules of the real gradio package that are apps themselves, not API: an app importing
#: one needs Gradio installed.
GRADIO_OWN_APPS = {"gradio.themes.builder_app": "imports Gradio's own theme-builder app"}

# -- the child: one app ------------------------------------------------------------------


class NetworkRefused(ConnectionRefusedError):
    """Raised in the child for any connection that is not to the loopback."""


_LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1", "0.0.0.0", "")


def _refuse_network() -> None:
    """No app under study reaches the network: a non-loopback connection raises NetworkRefused."""
    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else (host or "")
        if name not in _LOCAL_HOSTS and not name.startswith("127."):
            raise NetworkRefused(f"blockspec corpus: the network is off (looked up {name!r})")
        return real_getaddrinfo(host, *args, **kwargs)

    def connect(self: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else ""
        if isinstance(address, tuple) and host not in _LOCAL_HOSTS and not str(host).startswith("127."):
            raise NetworkRefused(f"blockspec corpus: the network is off (connect to {address!r})")
        return real_connect(self, address)

    socket.getaddrinfo = getaddrinfo  # type: ignore[assignment]
    socket.socket.connect = connect  # type: ignore[method-assign]


def _style(source: str) -> str:
    """ "Interface" if the app uses Interface-style API only, "Blocks+Interface" if both, else "Blocks"."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return "unparsable"
    names = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    names |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) for alias in node.names}
    interface = any(name in names for name in INTERFACE_NAMES)
    blocks = "Blocks" in names
    if interface:
        return "Blocks+Interface" if blocks else "Interface"
    return "Blocks"


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    while exc is not None and exc not in seen:
        seen.append(exc)
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    return seen


def _local_module(name: str, folder: Path) -> bool:
    top = name.split(".")[0]
    return (folder / f"{top}.py").exists() or (folder / top).is_dir()


def classify_load_error(exc: BaseException, folder: Path) -> tuple[str, str]:
    """(category, detail) for an app whose load raised ``exc``.

    Categories: "needs package", "needs network", "needs data file", "invalid app" (a mistake
    Gradio only warns of), "Interface (issue 11)",
    "issue 11", "failed" (blockspec's to fix).
    """
    chain = _chain(exc)
    for item in chain:
        if isinstance(item, NetworkRefused) or re.search(r"network is off|needs the network", str(item)):
            return "needs network", str(item)
    for item in chain:
        if not isinstance(item, ModuleNotFoundError) or not item.name:
            continue
        if item.name in GRADIO_OWN_APPS:
            return "needs package", f"gradio ({GRADIO_OWN_APPS[item.name]})"
        shim = item.name == "gradio" or item.name.startswith("gradio.")  # blockspec's to provide
        if not shim:
            if not _local_module(item.name, folder):
                return "needs package", item.name.split(".")[0]
    message = str(exc)
    if "gradio.make_waveform" in message:
        return "needs package", "ffmpeg, matplotlib (gr.make_waveform)"
    if "gradio.mount_gradio_app" in message:
        return "needs package", "fastapi (gr.mount_gradio_app)"
    missing = re.search(r"gradio\.(\w+) is not modelled by blockspec", message)
    if missing:
        name = missing.group(1)
        if name in INTERFACE_NAMES:
            return "Interface (issue 11)", f"gr.{name}"
        if name in ISSUE_11_NAMES:
            return "issue 11", f"gr.{name}"
    if re.search(r"requires \d+ argument\(s\)", message):
        # The app's own mistake, which Gradio 4.44.1 lets through with a warning and whose every
        # job then fails with a TypeError; blockspec refuses it where it is written (README,
        # "A function that cannot take its inputs is a definition error").
        return "invalid app", message
    for item in chain:
        if isinstance(item, FileNotFoundError) and item.filename:
            relative = Path(str(item.filename))
            if not relative.exists() and "blockspec" not in str(item.filename):
                return "needs data file", f"{item.filename} (not in the corpus: it keeps text files only)"
    return "failed", f"{type(exc).__name__}: {message}"


def _failure_frames(exc: BaseException, app_file: Path) -> str:
    """The innermost frame of the traceback: where the load failed."""
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return ""
    last = frames[-1]
    return f"{Path(last.filename).name}:{last.lineno}"


def compact_config(config: dict[str, Any]) -> dict[str, Any]:
    """The part of a /config that is compared with Gradio's: layout, component types, dependencies."""
    return {
        "layout": config["layout"],
        "components": [[c["id"], c["type"]] for c in config["components"]],
        "dependencies": config["dependencies"],
    }


def study(app_file: Path) -> dict[str, Any]:
    """Load and simulate one app (in this process); what happened, as JSON-ready data."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # stand-in warnings: the report says what loaded
        return _study(app_file)


#: Scenario files for apps the default scenario cannot serve (``<app folder name>.toml``): an
#: app that needs one input of a kind its components do not declare (a ZIP in a bare File).
SCENARIOS = Path(__file__).resolve().parent / "corpus_scenarios"


def _study(app_file: Path) -> dict[str, Any]:
    from blockspec._loading import load_app
    from blockspec.sim import Scenario, run_scenario

    folder = app_file.parent
    source = app_file.read_text(encoding="utf-8", errors="replace")
    result: dict[str, Any] = {"style": _style(source)}
    started = time.perf_counter()
    try:
        loaded = load_app(app_file)
    except BaseException as exc:  # an app may raise anything, SystemExit included
        category, detail = classify_load_error(exc, folder)
        if category == "failed" and result["style"] == "Interface" and "Interface" in detail:
            category = "Interface (issue 11)"
        result.update(loads=False, category=category, detail=detail, where=_failure_frames(exc, app_file))
        return result
    graph = loaded.app.graph
    result.update(
        loads=True,
        blocks=len(graph.blocks),
        dependencies=len(graph.dependencies),
        launched=loaded.launched,
        load_seconds=round(time.perf_counter() - started, 3),
    )
    try:
        result["config"] = compact_config(loaded.app.get_config())
    except Exception as exc:
        result["config_error"] = f"{type(exc).__name__}: {exc}"
    try:
        own = SCENARIOS / f"{app_file.parent.name}.toml"
        scenario = Scenario.from_toml(own) if own.exists() else Scenario.default_for(graph)
        if own.exists():
            result["scenario"] = str(own.relative_to(SCENARIOS.parent.parent))
        sim, outcome = run_scenario(app_file, scenario)
    except BaseException as exc:
        result.update(category="failed", detail=f"simulate: {type(exc).__name__}: {exc}"[:500], simulated=False)
        return result
    try:
        jobs = sim.trace.jobs()
        failures = []
        for job in jobs:
            if job.outcome != "failed" or job.failure is None:
                continue
            failure = job.failure
            frames = failure.get("frames") or []
            failures.append(
                {
                    "fn": job.fn,
                    "type": failure.get("type", "?"),
                    "message": str(failure.get("message", ""))[:300],
                    "gradio_error": bool(failure.get("gradio_error")),
                    "where": frames[-1] if frames else failure.get("fn_defined_at"),
                    "raised_by_app": _raised_by_app(frames, app_file),
                    "corpus_file": _missing_corpus_file({"fn": job.fn, **failure}, app_file),
                }
            )
        result.update(
            simulated=True,
            actions=len(scenario.actions),
            jobs=len(jobs),
            outcomes=dict(Counter(job.outcome for job in jobs)),
            failed_jobs=failures,
            violations=[str(v) for v in outcome.violations],
            cycles=outcome.cycles,
            virtual_seconds=sim.now,
        )
    finally:
        sim.close()
    if result["violations"]:
        result["category"] = "failed"
        result["detail"] = "; ".join(result["violations"][:2])
    elif result["cycles"]:
        # An output that changes an input re-fires the input's .change, whose output changes
        # again: the page loops as long as it is open (live_with_vars does so in Chromium against
        # Gradio 4.44.1: 49 queue/joins in 6 s). The simulator stops it and says so: a finding
        # about the app, not a failure of blockspec.
        result["category"] = "app loops"
        result["detail"] = "a .change cascade that never settles (stopped at the simulator's limit)"
    elif any(job_cause(f)[1] not in ("app", "environment") for f in failures):
        result["category"] = "jobs failed"
        result["detail"] = f"{len(failures)} of {len(jobs)} jobs failed"
    elif any(job_cause(f)[1] == "environment" for f in failures):
        # Loads, but its functions need what is not installed (a component's numpy/PIL/pandas
        # conversion, an import inside a function): the environment's, not blockspec's.
        needs = next(f for f in failures if job_cause(f)[1] == "environment")
        cause = job_cause(needs)[0]
        result["category"] = {"needs the network": "needs network", "needs a data file": "needs data file"}.get(
            cause, "needs package"
        )
        result["detail"] = f"at run time: {needs['message']}"[:200]
    elif failures:
        result["category"] = "clean"
        result["detail"] = f"{len(jobs)} jobs; {len(failures)} failed as the app intends (it raises on purpose)"
    else:
        result["category"] = "clean"
        result["detail"] = f"{len(jobs)} jobs, none failed" if jobs else "no user events"
    if "scenario" in result:
        result["detail"] += f" (scenario: {result['scenario']})"
    return result


#: Functions of corpus apps that pick from a folder of the corpus holding only text files (its
#: binary files were dropped), so they fail on an empty listing rather than a missing file.
CORPUS_DATA_GAPS = {
    "random_model3d": "picks from model3D/files, whose 3D models the corpus does not keep",
}


def _missing_corpus_file(failure: dict[str, Any], app_file: Path) -> bool:
    """Whether a failed job looked for a file of the corpus that the corpus does not ship."""
    if failure.get("fn") in CORPUS_DATA_GAPS and failure.get("type") == "IndexError":
        return True
    if failure.get("type") != "FileNotFoundError":
        return False
    match = re.search(r"No such file or directory: '([^']+)'", str(failure.get("message", "")))
    if match is None:
        return False
    missing = Path(match.group(1))
    missing = missing if missing.is_absolute() else app_file.parent / missing
    return app_file.parent.parent.resolve() in missing.resolve().parents


def _raised_by_app(frames: list[str], app_file: Path) -> bool:
    """Whether the innermost frame is a ``raise`` statement in the app's own file: the app
    failing on purpose (a demo of error handling), not blockspec giving it something wrong."""
    if not frames:
        return False
    match = re.match(r"(.+):(\d+) in ", frames[-1])
    if match is None or Path(match.group(1)).resolve() != app_file.resolve():
        return False
    lines = app_file.read_text(encoding="utf-8", errors="replace").splitlines()
    number = int(match.group(2))
    return 0 < number <= len(lines) and lines[number - 1].strip().startswith("raise ")


def _child(app_file: Path, out: Path) -> None:
    _refuse_network()
    sys.stdin = open(os.devnull)  # an app that asks for input gets EOF, not a hang
    try:
        result = study(app_file)
    except BaseException as exc:
        result = {"loads": False, "category": "failed", "detail": f"corpus tool: {type(exc).__name__}: {exc}"}
    out.write_text(json.dumps(result, default=str), encoding="utf-8")
    sys.stdout.flush()
    os._exit(0)  # apps may leave non-daemon threads behind; the result is written


# -- the parent ----------------------------------------------------------------------------


def find_apps(directory: Path) -> list[tuple[str, Path]]:
    """(name, file) for each app: DIR/<name>/run.py, else DIR/<name>.py."""
    apps = [(p.parent.name, p) for p in sorted(directory.glob("*/run.py"))]
    if not apps:
        apps = [(p.stem, p) for p in sorted(directory.glob("*.py")) if not p.name.startswith("_")]
    return apps


def run_one(name: str, app_file: Path, timeout: float) -> dict[str, Any]:
    """Study one app in a subprocess with its folder as working directory."""
    with tempfile.TemporaryDirectory(prefix="blockspec-corpus-") as tmp:
        out = Path(tmp) / "result.json"
        env = dict(os.environ, GRADIO_ANALYTICS_ENABLED="False", PYTHONHASHSEED="0", MPLBACKEND="Agg")
        env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
        started = time.perf_counter()
        try:
            proc = subprocess.run(
                [sys.executable, str(Path(__file__).resolve()), "--child", str(app_file.resolve()), str(out)],
                cwd=app_file.parent,
                env=env,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            return {
                "app": name,
                "loads": None,
                "category": "timeout",
                "detail": f"no result within {timeout:g} s of wall time",
                "seconds": timeout,
            }
        seconds = round(time.perf_counter() - started, 2)
        if out.is_file():
            result = json.loads(out.read_text(encoding="utf-8"))
        else:
            tail = (proc.stderr or "").strip().splitlines()[-3:]
            result = {
                "loads": None,
                "category": "failed",
                "detail": f"child exited {proc.returncode}: {' | '.join(tail)}",
            }
    return {"app": name, **result, "seconds": seconds}


# -- failure causes -------------------------------------------------------------------------

#: (cause, whose area, pattern on "Type: message") for a failed job, first match wins.
JOB_CAUSES: tuple[tuple[str, str, str], ...] = (
    (
        "needs a package",
        "environment",
        r"ModuleNotFoundError|No module named|needs (Pillow|numpy|pandas)|ImportError|gradio\.make_waveform",
    ),
    ("needs the network", "environment", r"network is off|NetworkRefused|needs the network"),
    # The corpus keeps text files only: an image, a recording or a video the app reads is not there.
    ("needs a data file", "environment", r"FileNotFoundError: .*\.(jpe?g|png|gif|webp|wav|mp3|mp4|ogg|flac|zip|pdf)'"),
    ("asyncio inside a listener", "runtime", r"no running event loop|asyncio|coroutine|event loop"),
    ("EventData lacks a field", "browser", r"EventData|SelectData|KeyUpData|LikeData"),
    ("untouched input is None", "browser", r"NoneType|\bNone\b"),
    ("default-scenario input does not fit", "browser", r"not in the list of choices|argument must be .* not 'dict'"),
    ("file value lacks .name/.path", "browser", r"has no attribute '(name|path)'"),
    ("placeholder file does not exist", "browser", r"No such file|FileNotFoundError|cannot identify"),
    (
        "Number/Slider gives floats for ints",
        "fidelity",
        r"'float' object cannot be interpreted|non-int of type 'float'|slice indices must be int",
    ),
    ("non-JSON value", "fidelity", r"JSON serializable|not JSON"),
)


def job_cause(failure: dict[str, Any]) -> tuple[str, str]:
    """(cause, whose area) of a failed job: the first JOB_CAUSES pattern that matches, else
    a gr.Error the app raised itself (shown to the user: the app's intent), else "other"."""
    if failure.get("raised_by_app"):
        return "the app raises it on purpose", "app"
    if failure.get("corpus_file"):
        return "needs a data file", "environment"
    text = f"{failure.get('type')}: {failure.get('message')}"
    for cause, area, pattern in JOB_CAUSES:
        if re.search(pattern, text):
            return cause, area
    if failure.get("gradio_error"):
        return "gr.Error raised below the app (a component or a helper)", "?"
    return f"other ({failure.get('type')})", "?"


# -- the report -----------------------------------------------------------------------------

#: Packages apps import that blockspec does not need: which were installed decides which apps run.
OPTIONAL_PACKAGES = (
    "numpy",
    "pandas",
    "pillow",
    "polars",
    "matplotlib",
    "plotly",
    "altair",
    "bokeh",
    "vega_datasets",
    "scipy",
    "scikit-learn",
    "opencv-python-headless",
    "requests",
    "pydub",
)


def _optional_packages() -> str:
    from importlib import metadata

    found = []
    for name in OPTIONAL_PACKAGES:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} (absent)")
    return ", ".join(found)


CATEGORY_ORDER = (
    "clean",
    "jobs failed",
    "failed",
    "timeout",
    "needs package",
    "needs network",
    "needs data file",
    "invalid app",
    "app loops",
    "Interface (issue 11)",
    "issue 11",
)


def summary_line(results: list[dict[str, Any]]) -> str:
    counts = Counter(r["category"] for r in results)
    loaded = sum(1 for r in results if r.get("loads"))
    fired = sum(1 for r in results if r.get("jobs"))
    with_failures = sum(1 for r in results if r.get("failed_jobs"))
    parts = ", ".join(f"{counts[c]} {c}" for c in CATEGORY_ORDER if counts[c])
    return (
        f"{len(results)} apps: {loaded} load; {fired} fired jobs, {with_failures} of them with failing jobs. "
        f"By outcome: {parts}."
    )


def _cell(text: Any, limit: int = 160) -> str:
    text = " ".join(str(text).split()).replace("|", "\\|")
    return text if len(text) <= limit else text[: limit - 1] + "…"


_PARITY = {True: "= Gradio", False: "differs", None: ""}


def write_markdown(results: list[dict[str, Any]], directory: str, path: Path) -> None:
    lines = [
        "# blockspec on a corpus of app files",
        "",
        f"Corpus: `{directory}` · written by `python tools/corpus.py` · Python {sys.version.split()[0]}",
        "",
        f"Optional packages here: {_optional_packages()}.",
        "",
        "Each app: loaded as `blockspec inspect` loads it, then simulated as `blockspec simulate` does with "
        "no scenario file (one client fires each user-facing event once, with example inputs), or with "
        "its file in `tools/corpus_scenarios/` where the default inputs do not fit the app. "
        "The network is off; an app needing an uninstalled package, the network, a data file the corpus "
        "does not ship, one that is invalid (a mistake Gradio only warns of, refused by blockspec where "
        "it is written), or one whose change cascade never settles (it loops in the browser too) is "
        "classified as such, not as a failure.",
        "",
        "**" + summary_line(results) + "**",
        "",
    ]
    causes = Counter()
    for r in results:
        for failure in r.get("failed_jobs", []):
            causes[job_cause(failure)] += 1
    if causes:
        lines += ["## Failed jobs by cause", "", "| cause | area | jobs |", "|---|---|---|"]
        for (cause, area), n in causes.most_common():
            lines.append(f"| {cause} | {area} | {n} |")
        lines.append("")
    not_loaded = Counter(
        (r["category"], r.get("detail", ""))
        for r in results
        if r["category"].startswith(("needs", "issue", "Interface", "invalid", "app loops"))
    )
    if not_loaded:
        by_category = Counter()
        for (category, detail), n in not_loaded.items():
            if detail.startswith("at run time") and category == "needs package":
                detail = "at run time (a component's conversion, an import inside a function)"
            key = (category, detail if category in ("needs package", "issue 11") else "")
            by_category[key] += n
        lines += ["## Not counted as failures, by reason", "", "| reason | apps |", "|---|---|"]
        for (category, detail), n in sorted(by_category.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"| {category}{': ' + detail if detail else ''} | {n} |")
        lines.append("")
    lines += _parity_section(results)
    lines += [
        "## Apps",
        "",
        "| app | style | outcome | jobs | failed | /config | detail |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        failed = r.get("failed_jobs", [])
        detail = r.get("detail", "")
        if failed:
            first = failed[0]
            detail = f"{detail}; first: {first['fn']}: {first['type']}: {first['message']}"
        lines.append(
            f"| {r['app']} | {r.get('style', '?')} | {r['category']} | {r.get('jobs', '')} | "
            f"{len(failed) if r.get('simulated') else ''} | {_PARITY[r.get('config_parity')]} | {_cell(detail)} |"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# -- /config against Gradio's ----------------------------------------------------------------


def _diff_kind(line: str) -> str:
    """What kind of difference a compare_config line is: "component type", "dependency <key>", ..."""
    if line.startswith("component"):
        return "component type"
    match = re.match(r"dependency \d+: (\w+)", line)
    if match:
        return f"dependency {match.group(1)}"
    return line.split(":")[0].split(" (")[0] if line.startswith("layout") else "number of dependencies"


def _parity_section(results: list[dict[str, Any]]) -> list[str]:
    compared = [r for r in results if r.get("config_parity") is not None]
    if not compared:
        return []
    matching = [r for r in compared if r["config_parity"]]
    kinds = Counter(_diff_kind(line) for r in compared for line in r["config_diffs"])
    lines = [
        "## /config against Gradio 4.44.1",
        "",
        f"Recorded with real Gradio 4.44.1 by `tools/record_gradio_fixtures.py --corpus`; compared key for key "
        f"(every dependency key, component types by id, the layout). **{len(matching)} of {len(compared)} apps "
        f"that load on both match.**",
        "",
    ]
    if kinds:
        lines += ["| difference | occurrences |", "|---|---|"]
        lines += [f"| {kind} | {n} |" for kind, n in kinds.most_common()]
        lines.append("")
        for r in compared:
            if not r["config_parity"]:
                shown = "; ".join(r["config_diffs"][:3]) + (" …" if len(r["config_diffs"]) > 3 else "")
                lines.append(f"* {r['app']}: {_cell(shown, 400)}")
        lines.append("")
    return lines


def compare_config(ours: dict[str, Any], theirs: dict[str, Any]) -> list[str]:
    """Differences between two compact configs, one line each (empty: they match)."""
    diffs: list[str] = []
    ours_types, theirs_types = dict(map(tuple, ours["components"])), dict(map(tuple, theirs["components"]))
    for block_id in sorted(set(ours_types) | set(theirs_types)):
        a, b = ours_types.get(block_id), theirs_types.get(block_id)
        if a != b:
            diffs.append(f"component {block_id}: type {a!r}, Gradio has {b!r}")
    if "layout" in theirs and ours.get("layout") != theirs["layout"]:
        diffs.append(f"layout differs: {_first_difference(ours.get('layout'), theirs['layout'])}")
    a_deps, b_deps = ours["dependencies"], theirs["dependencies"]
    if len(a_deps) != len(b_deps):
        diffs.append(f"{len(a_deps)} dependencies, Gradio has {len(b_deps)}")
    for mine, real in zip(a_deps, b_deps):
        for key in real:
            value = mine.get(key, "<missing>")
            if value != real[key]:
                diffs.append(f"dependency {real.get('id')}: {key} is {value!r}, Gradio has {real[key]!r}")
        for key in mine:
            if key not in real:
                diffs.append(f"dependency {real.get('id')}: extra key {key!r}")
    return diffs


def _first_difference(a: Any, b: Any, path: str = "") -> str:
    if isinstance(a, dict) and isinstance(b, dict):
        for key in list(b) + [k for k in a if k not in b]:
            if a.get(key, "<missing>") != b.get(key, "<missing>"):
                return _first_difference(a.get(key, "<missing>"), b.get(key, "<missing>"), f"{path}.{key}")
    if isinstance(a, list) and isinstance(b, list):
        for i, (x, y) in enumerate(zip(a, b)):
            if x != y:
                return _first_difference(x, y, f"{path}[{i}]")
        if len(a) != len(b):
            return f"{path or 'layout'}: {len(a)} items, Gradio has {len(b)}"
    return f"{path or 'layout'} is {a!r}, Gradio has {b!r}"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        _child(Path(argv[1]), Path(argv[2]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", help="the corpus: DIR/<app>/run.py (or DIR/*.py)")
    parser.add_argument("--out", default=str(ROOT / "reports" / "corpus.md"), help="the Markdown report")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="only these apps")
    parser.add_argument("--jobs", type=int, default=2, help="apps studied at once")
    parser.add_argument("--timeout", type=float, default=60.0, help="wall seconds per app")
    parser.add_argument(
        "--compare-config",
        metavar="RECORDED",
        help="compare /config with Gradio's (tools/record_gradio_fixtures.py --corpus)",
    )
    args = parser.parse_args(argv)
    directory = Path(args.directory)
    apps = find_apps(directory)
    if not apps:
        parser.error(f"no app files under {directory} (expected DIR/<app>/run.py or DIR/*.py)")
    if args.only:
        unknown = sorted(set(args.only) - {name for name, _ in apps})
        if unknown:
            parser.error(f"--only: no such app(s) {', '.join(unknown)} under {directory}")
        apps = [(name, path) for name, path in apps if name in args.only]
    if args.jobs < 1:
        parser.error(f"--jobs {args.jobs}: use 1 or more")
    started = time.perf_counter()
    done = 0

    def one(item: tuple[str, Path]) -> dict[str, Any]:
        nonlocal done
        result = run_one(item[0], item[1], args.timeout)
        done += 1
        print(f"[{done}/{len(apps)}] {item[0]}: {result['category']} ({result.get('seconds', '?')} s)", file=sys.stderr)
        return result

    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        results = list(pool.map(one, apps))
    wall = time.perf_counter() - started
    configs = {r["app"]: r.pop("config", None) for r in results}
    if args.compare_config:
        recorded = json.loads(Path(args.compare_config).read_text(encoding="utf-8"))["apps"]
        for r in results:
            theirs, ours = recorded.get(r["app"]), configs.get(r["app"])
            if ours is None or theirs is None or "error" in theirs:
                r["config_parity"] = None
                continue
            r["config_diffs"] = compare_config(ours, theirs)
            r["config_parity"] = not r["config_diffs"]
        compared = [r for r in results if r.get("config_parity") is not None]
        matching = sum(1 for r in compared if r["config_parity"])
        print(f"/config parity: {matching} of {len(compared)} apps loaded by both match Gradio 4.44.1")
        for r in compared:
            if not r["config_parity"]:
                print(f"  {r['app']}:")
                for line in r["config_diffs"][:8]:
                    print(f"    {line}")
    out = Path(args.out)
    write_markdown(results, args.directory, out)
    out.with_suffix(".json").write_text(
        json.dumps({"corpus": args.directory, "summary": summary_line(results), "apps": results}, indent=1) + "\n",
        encoding="utf-8",
    )
    print(summary_line(results))
    print(f"wrote {out} and {out.with_suffix('.json')} in {wall:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
