"""Every figure of reports/performance.md with one command.

    python bench/run_all.py [--only server,sim] [--runs 3] [--tiny]
                            [--gradio-python PATH] [--report reports/performance.md]

This file is only the list of sections. Each section is a module of its own in ``bench/``
with ``run(options) -> str``: it measures its figures side by side with their baselines
(``options.runs`` alternating runs, ``options.tiny`` for the CI smoke size), prints its
ratios with min/median/max as it goes, and returns the section's markdown. The markdown
replaces the section's block in the report (between ``<!-- bench:NAME -->`` and
``<!-- /bench:NAME -->``), or is appended when the report has no such block yet; the rest
of the report is kept as it is.

Common options every section reads: ``runs``, ``tiny``, ``gradio_python`` (None: sections
that compare with Gradio 4.44.1 measure without it and say so).
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

#: (name, module): the report's sections, in the order they run.
SECTIONS = [
    ("server", "perf_server"),
    ("sim", "perf_sim"),
]


def replace_block(report: str, name: str, markdown: str) -> str:
    """``report`` with section ``name``'s block replaced by ``markdown`` (appended if absent)."""
    begin, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    block = f"{begin}\n{markdown.strip()}\n{end}"
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.DOTALL)
    if pattern.search(report):
        return pattern.sub(lambda _: block, report, count=1)
    return report.rstrip("\n") + "\n\n" + block + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    names = ", ".join(name for name, _ in SECTIONS)
    parser.add_argument("--only", help=f"comma-separated section names (default: all): {names}")
    parser.add_argument("--runs", type=int, default=3, help="alternating runs per figure (at least 1)")
    parser.add_argument("--tiny", action="store_true", help="the CI smoke size: seconds, not minutes; no thresholds")
    parser.add_argument(
        "--gradio-python",
        default=os.environ.get("BLOCKSPEC_GRADIO_PYTHON"),
        help="a Python with gradio==4.44.1 for the Gradio baselines (default: $BLOCKSPEC_GRADIO_PYTHON)",
    )
    parser.add_argument("--report", default=str(ROOT / "reports" / "performance.md"), help="the report to update")
    options = parser.parse_args(argv)
    if options.runs < 1:
        parser.error(f"--runs must be at least 1, not {options.runs}")
    known = [name for name, _ in SECTIONS]
    chosen = known if not options.only else [n.strip() for n in options.only.split(",") if n.strip()]
    unknown = [n for n in chosen if n not in known]
    if unknown:
        parser.error(f"--only: no section named {', '.join(unknown)}; choose from {', '.join(known)}")

    report_path = Path(options.report)
    for name, module_name in SECTIONS:
        if name not in chosen:
            continue
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            print(f"[{name}] skipped: bench/{module_name}.py is not here yet", flush=True)
            continue
        print(f"[{name}] running ...", flush=True)
        started = time.perf_counter()
        markdown = module.run(options)
        print(f"[{name}] done in {time.perf_counter() - started:.1f} s", flush=True)
        report = report_path.read_text() if report_path.exists() else "# Performance figures\n"
        report_path.write_text(replace_block(report, name, markdown))
        print(f"[{name}] written to {report_path}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
