"""Run the conformance suite on sim, blockspec's server, Gradio 4.44.1 and Gradio 6.31.0; write
reports/conformance.md with the four columns (and the mutation score).

    python tools/conform_gradio.py [--venvs DIR] [--scale S] [--only sim,server,4.44.1,6.31.0]

Each Gradio gets an isolated virtualenv under --venvs (default ~/.cache/blockspec-conform),
made with pip from the package index the first time: Gradio 4.44.1 with the pins it needs
today (huggingface_hub<0.26, pydantic<2.10, fastapi<0.113, starlette<0.39), Gradio 6.31.0 as
it is. The fixture apps are started there as `python {app}` (the port in PORT).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GRADIOS = {
    "4.44.1": ["gradio==4.44.1", "huggingface_hub<0.26", "pydantic<2.10", "fastapi<0.113", "starlette<0.39"],
    "6.31.0": ["gradio==6.31.0"],
}


def ensure_venv(directory: Path, requirements: list[str]) -> Path:
    python = directory / "bin" / "python"
    check = [str(python), "-c", "import gradio"]
    env = dict(os.environ, GRADIO_ANALYTICS_ENABLED="False")
    if python.exists() and subprocess.run(check, capture_output=True, env=env).returncode == 0:
        return python
    venv.create(directory, with_pip=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", *requirements], check=True, env=env)
    return python


def run(target: list[str], label: str, out: Path, scale: float) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "blockspec.cli", "conform", *target, "--report", str(out), "--label", label]
    command += ["--scale", str(scale)]
    subprocess.run(command, cwd=ROOT, env=dict(os.environ, GRADIO_ANALYTICS_ENABLED="False"))
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


def reannotate(report: dict, known_as: str) -> dict:
    """Apply the current known-failures file to a saved report (it may have changed since)."""
    from conformance._runner import load_known

    known = load_known(known_as)
    for result in report["results"]:
        reason = known.get((result["clause"], result["case"]), known.get((result["clause"], None)))
        result["known"] = reason
        result["unexpected_pass"] = result["verdict"] == "pass" and reason is not None
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--venvs", type=Path, default=Path.home() / ".cache" / "blockspec-conform")
    parser.add_argument("--scale", type=float, default=0.4)
    parser.add_argument("--only", default="sim,server,4.44.1,6.31.0")
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "conformance")
    parser.add_argument(
        "--from-reports", action="store_true", help="only re-render reports/conformance.md from the report.json files"
    )
    args = parser.parse_args()
    from conformance import load_catalogue
    from conformance._campaign import run_campaign
    from conformance._cases import load_cases
    from conformance._mutants import mutation_run
    from conformance._report import markdown

    wanted = args.only.split(",")
    reports = []
    if args.from_reports:
        labels = {"sim": "sim", "server": "server", "4.44.1": "gradio-4.44.1", "6.31.0": "gradio-6.31.0"}
        wanted = []
        for name in labels.values():
            path = args.out / name / "report.json"
            if path.exists():
                reports.append(reannotate(json.loads(path.read_text(encoding="utf-8")), name))
    if "sim" in wanted:
        reports.append(run(["--target", "sim"], "sim", args.out / "sim", args.scale))
    if "server" in wanted:
        reports.append(run(["--target", "server"], "server", args.out / "server", args.scale))
    for version, requirements in GRADIOS.items():
        if version not in wanted:
            continue
        python = ensure_venv(args.venvs / f"gradio-{version}", requirements)
        target = ["--target", "http", "--launch", f"{python} {{app}}", "--known", f"gradio-{version}"]
        target += ["--name", "Gradio", "--version", version]
        reports.append(run(target, f"Gradio {version}", args.out / f"gradio-{version}", args.scale))
    catalogue = load_catalogue()
    mutation = mutation_run(load_cases(catalogue), catalogue)
    campaign = run_campaign(examples=100)
    text = markdown(reports, catalogue, mutation=mutation, campaign=campaign)
    (ROOT / "reports" / "conformance.md").write_text(text, encoding="utf-8")
    print(f"wrote {ROOT / 'reports' / 'conformance.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
