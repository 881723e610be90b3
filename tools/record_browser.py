"""Record what Gradio 4.44.1's real frontend sends, in headless Chromium, for the frontend cases.

    python tools/record_browser.py [--python PY] [--cases a,b] [--scale 1.0]

Run it with a Python that has ``playwright`` (and Debian's ``chromium`` installed: ``apt-get
install -y chromium``; never ``playwright install``); ``--python`` is the interpreter that
runs the fixture apps under Gradio 4.44.1 (default: this one). For each case of
``conformance/cases/*.toml`` named in RECORDED, the fixture app is started on a free
127.0.0.1 port (CONFORM_SCALE=scale), one browser context per client opens the page, the
case's actions are played at their times (scaled), and every ``queue/join`` (fn_index,
trigger_id, data, event_data) and ``/cancel`` the page sends is written, in order, to
``conformance/recordings/<case>.json``. tests/test_conformance_browser.py compares the
reference frontend against these files; no browser is needed there.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time
import tomllib
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "conformance" / "cases"
APPS = ROOT / "conformance" / "apps"
OUT = ROOT / "conformance" / "recordings"
CHROMIUM = "/usr/lib/chromium/chromium" if Path("/usr/lib/chromium/chromium").exists() else "/usr/bin/chromium"

RECORDED = (
    "trigger-once",
    "trigger-multiple",
    "trigger-always-last",
    "always-last-after-error",
    "change-cascade",
    "then-success-after-success",
    "then-success-after-error",
    "every-then-cancel",
    "cancel-generator",
    "cancel-waiting",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(python: str, app: Path, scale: float) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = dict(os.environ, PORT=str(port), GRADIO_SERVER_PORT=str(port), GRADIO_SERVER_NAME="127.0.0.1")
    env.update(CONFORM_SCALE=str(scale), GRADIO_ANALYTICS_ENABLED="False")
    process = subprocess.Popen(
        [python, str(app)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{app.name} exited while starting")
        try:
            with urllib.request.urlopen(f"{url}/config", timeout=2) as response:
                if response.status == 200:
                    return process, url
        except OSError:
            time.sleep(0.3)
    stop_app(process)
    raise RuntimeError(f"{app.name} did not start within 120 s")


def stop_app(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def record_case(playwright, python: str, case: dict, scale: float) -> dict:
    process, url = start_app(python, APPS / case["app"], scale)
    joins: list[dict] = []
    cancels: list[dict] = []
    browser = playwright.chromium.launch(executable_path=CHROMIUM)
    t0 = [time.monotonic()]
    try:
        clients: dict[str, object] = {}
        names = []
        for action in case["actions"]:
            if action["client"] not in names:
                names.append(action["client"])
        for name in names:
            context = browser.new_context()
            page = context.new_page()

            def on_request(request, name=name) -> None:
                if request.method != "POST":
                    return
                at = round((time.monotonic() - t0[0]) / scale, 3)
                path = urllib.parse.urlsplit(request.url).path
                if path.endswith("/queue/join"):
                    body = json.loads(request.post_data or "{}")
                    joins.append(
                        {
                            "client": name,
                            "t": at,
                            "fn_index": body.get("fn_index"),
                            "trigger_id": body.get("trigger_id"),
                            "data": body.get("data"),
                            "event_data": body.get("event_data"),
                        }
                    )
                elif path.endswith("/cancel"):
                    body = json.loads(request.post_data or "{}")
                    cancels.append({"client": name, "t": at, "fn_index": body.get("fn_index")})

            page.on("request", on_request)
            page.goto(url)
            page.wait_for_selector("gradio-app .gradio-container", timeout=60_000)
            clients[name] = page
        time.sleep(1.5)  # load events have been sent and answered
        load_joins = len(joins)
        t0[0] = time.monotonic()
        for action in sorted(case["actions"], key=lambda a: a["at"]):
            delay = t0[0] + action["at"] * scale - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            page = clients[action["client"]]
            target = f"#{action.get('target')}"
            if action["do"] == "click":
                page.click(target)
            elif action["do"] in ("set", "fill"):
                page.locator(f"{target} textarea, {target} input").first.fill(str(action["value"]))
            elif action["do"] == "close":
                page.close()
        remaining = t0[0] + case["until"] * scale - time.monotonic()
        if remaining > 0:
            time.sleep(remaining)
        time.sleep(1.0)
    finally:
        browser.close()
        stop_app(process)
    for join in joins[:load_joins]:
        join["t"] = None  # sent while the page loaded, before the clock started
    return {
        "case": case["name"],
        "app": case["app"],
        "recorded_with": {"gradio": "4.44.1", "chromium": CHROMIUM, "scale": scale},
        "joins": joins,
        "cancels": cancels,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--python", default=sys.executable, help="the interpreter with Gradio 4.44.1")
    parser.add_argument("--cases", default=",".join(RECORDED))
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    wanted = args.cases.split(",")
    cases = [c for path in sorted(CASES.glob("*.toml")) for c in tomllib.loads(path.read_text())["case"]]
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        for case in cases:
            if case["name"] not in wanted:
                continue
            recording = record_case(playwright, args.python, case, args.scale)
            path = OUT / f"{case['name']}.json"
            path.write_text(json.dumps(recording, indent=1) + "\n", encoding="utf-8")
            print(f"{case['name']}: {len(recording['joins'])} joins, {len(recording['cancels'])} cancels -> {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
