"""``blockspec conform``: run the suite against a target and report.

    blockspec conform --target sim                      # the simulator (virtual time, seconds)
    blockspec conform --target server                   # blockspec's own server on 127.0.0.1
    blockspec conform --target http --launch 'python {app}' [--python PATH]   # any implementation
    blockspec conform --target http://host:port         # one server already running (one app)
    ... [--clauses PREFIX] [--report DIR] [--seed N] [--scale S] [--known NAME] [--label TEXT]

Exit status: 0 when every verdict is expected (passes, and failures listed in
``conformance/known/<target>.toml``), 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import attrs
from rich.console import Console

__all__ = ["add_conform_parser", "run_conform", "make_target"]


def add_conform_parser(sub: Any) -> None:
    parser = sub.add_parser("conform", help="run the conformance suite against a target")
    parser.add_argument("--target", default="sim", help="sim | server | http | a URL (default: sim)")
    parser.add_argument("--launch", help="command starting a fixture app, e.g. 'python {app}' (http target)")
    parser.add_argument("--clauses", help="only clauses whose id starts with this prefix")
    parser.add_argument("--report", type=Path, help="write report.json and conformance.md into this directory")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--scale", type=float, default=0.4, help="real seconds per modelled second (real-time targets)")
    parser.add_argument("--known", help="known-failures file name (default: the target's name)")
    parser.add_argument("--label", help="column name in the report")
    parser.add_argument("--name", help="implementation name to report (http targets)")
    parser.add_argument("--version", dest="impl_version", help="implementation version to report (http targets)")
    parser.set_defaults(run=run_conform)


def make_target(args: argparse.Namespace) -> Any:
    from ._targets import SimTarget

    if args.target == "sim":
        return SimTarget()
    if args.target not in ("server", "http") and not args.target.startswith(("http://", "https://")):
        raise SystemExit(f"blockspec conform: --target {args.target!r} is not sim, server, http or a URL.")
    from ._http_target import HttpTarget

    if args.target == "server":
        return HttpTarget.blockspec_server(scale=args.scale)
    if args.target == "http":
        if not args.launch:
            raise SystemExit("blockspec conform: --target http needs --launch 'COMMAND {app}' (or give a URL).")
        return HttpTarget(
            launch=args.launch,
            scale=args.scale,
            name="http",
            implementation=args.name or "http",
            version=args.impl_version or "?",
        )
    if args.target.startswith(("http://", "https://")):
        return HttpTarget(
            url=args.target,
            scale=args.scale,
            name="http",
            implementation=args.name or args.target,
            version=args.impl_version or "?",
        )
    raise SystemExit(f"blockspec conform: --target {args.target!r} is not sim, server, http or a URL.")


def run_conform(args: argparse.Namespace) -> int:
    from . import load_catalogue
    from ._cases import load_cases
    from ._report import Failure, Matrix, suite_json
    from ._runner import run_suite

    console = Console()
    catalogue = load_catalogue()
    cases = load_cases(catalogue)
    if args.clauses:
        cases = [c for c in cases if any(cl.startswith(args.clauses) for cl in c.clauses)]
        if not cases:
            raise SystemExit(f"blockspec conform: no case checks a clause starting with {args.clauses!r}.")
    target = make_target(args)
    try:
        suite = run_suite(
            target,
            cases,
            catalogue,
            seed=args.seed,
            known_as=args.known,
            progress=lambda case, results: console.print(
                f"{case.name}: " + ", ".join(f"{r.clause} {r.verdict}" for r in results), highlight=False
            ),
        )
    finally:
        target.close()
    if args.clauses:
        # the cases were chosen by clause; report only the clauses asked for
        suite = attrs.evolve(suite, results=tuple(r for r in suite.results if r.clause.startswith(args.clauses)))
    data = suite_json(suite)
    if args.label:
        data["run_info"]["label"] = args.label
    if args.report:
        from ._report import markdown

        args.report.mkdir(parents=True, exist_ok=True)
        (args.report / "report.json").write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        (args.report / "conformance.md").write_text(markdown([data], catalogue), encoding="utf-8")
        console.print(f"wrote {args.report / 'report.json'} and conformance.md")
    for result in suite.results:
        if result.unexpected and not result.unexpected_pass:
            console.print(Failure(result, catalogue))
    console.print(Matrix([data], catalogue))
    summary = data["summary"]
    console.print(
        f"{len(suite.results)} verdicts in {suite.seconds:.1f} s: "
        + ", ".join(f"{k} {v}" for k, v in summary.items() if v),
        highlight=False,
    )
    return 1 if summary["unexpected"] else 0
