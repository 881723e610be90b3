"""The real-time targets: blockspec's server, or any server speaking Gradio's protocol.

The fixture app of each case is started with the launch template (``{app}``, ``{port}``,
``{python}`` are filled in; PORT, GRADIO_SERVER_PORT, GRADIO_SERVER_NAME=127.0.0.1 and
CONFORM_SCALE are in its environment) and kept for the following cases on the same app. The
scenario is played by the reference frontend over :class:`HttpTransport`, on the real clock,
with every time scaled by ``scale``; the recorded times are divided by it again, so checkers
judge modelled seconds (with each case's tolerance).
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from typing import Any

import httpx
import trio

from blockspec.engine import History
from blockspec.frontend import FrontendCore
from blockspec.frontend._http_transport import HttpTransport

from ._cases import Case
from ._observe import Run
from ._targets import component_names

__all__ = ["HttpTarget", "TargetMissing"]

#: seconds an app may take to start answering /config (real Gradio imports for a while)
START_TIMEOUT = 120.0
#: seconds after a case's end to wait for its pending jobs
SETTLE_TIMEOUT = 4.0


class TargetMissing(RuntimeError):
    """The target cannot run this case's app (a feature it lacks): the verdict is "missing"."""

    missing = True


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class HttpTarget:
    def __init__(
        self,
        *,
        launch: str | None = None,
        url: str | None = None,
        scale: float = 0.4,
        name: str = "http",
        implementation: str = "http",
        version: str = "?",
    ) -> None:
        if (launch is None) == (url is None):
            raise ValueError("HttpTarget needs either launch= (a command template) or url= (a running server).")
        if scale <= 0:
            raise ValueError(f"scale={scale!r} must be positive (real seconds per modelled second).")
        self.launch = launch
        self.url = url
        self.scale = scale
        self.name = name
        self.implementation = implementation
        self.version = version
        self._app: str | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._base: str | None = url
        self._log = None

    @classmethod
    def blockspec_server(cls, *, scale: float = 0.4) -> HttpTarget:
        import blockspec

        return cls(
            launch=f"{sys.executable} -m blockspec.cli serve {{app}} --host 127.0.0.1 --port {{port}}",
            scale=scale,
            name="server",
            implementation="blockspec server",
            version=getattr(blockspec, "__version__", "0.1.0"),
        )

    # -- the app's process -----------------------------------------------------------------

    def _start(self, case: Case) -> str:
        if self.url is not None:
            return self.url
        if self._app == case.app and self._process is not None and self._process.poll() is None:
            assert self._base is not None
            return self._base
        self.close()
        port = _free_port()
        env = dict(os.environ)
        env.update(
            PORT=str(port),
            GRADIO_SERVER_PORT=str(port),
            GRADIO_SERVER_NAME="127.0.0.1",
            CONFORM_SCALE=str(self.scale),
            GRADIO_ANALYTICS_ENABLED="False",
        )
        assert self.launch is not None
        command = self.launch.format(app=str(case.app_path), port=port, python=sys.executable)
        self._log = open(os.devnull, "wb")  # noqa: SIM115
        self._process = subprocess.Popen(  # noqa: S602 -- the template is the user's own command
            command, shell=True, env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
        )
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                self._process = None
                raise TargetMissing(f"{case.app} did not start under `{self.launch}` (it exited)")
            try:
                if httpx.get(f"{base}/config", timeout=2).status_code == 200:
                    self._app, self._base = case.app, base
                    return base
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.close()
        raise TargetMissing(f"{case.app} did not answer /config within {START_TIMEOUT:.0f} s")

    def close(self) -> None:
        process, self._process = self._process, None
        self._app = None
        if process is not None and process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                process.wait(timeout=10)
        if self._log is not None:
            self._log.close()
            self._log = None

    # -- a case ----------------------------------------------------------------------------

    def run(self, case: Case, *, seed: int) -> Run:
        base = self._start(case)
        # The app as the server built it: with the same CONFORM_SCALE (an every= interval is
        # scaled too, and the tab's Timer ticks at the interval it was given).
        saved = os.environ.get("CONFORM_SCALE")
        os.environ["CONFORM_SCALE"] = str(self.scale)
        try:
            graph, names, _ = component_names(case.app_path)
        finally:
            if saved is None:
                del os.environ["CONFORM_SCALE"]
            else:
                os.environ["CONFORM_SCALE"] = saved
        config = httpx.get(f"{base}/config", timeout=10).json()
        if len(config.get("dependencies", [])) != len(graph.dependencies):
            raise TargetMissing(
                f"{case.app}: the server has {len(config.get('dependencies', []))} dependencies, "
                f"the app defines {len(graph.dependencies)}"
            )
        history = History()
        clients: dict[str, dict[str, Any]] = {}
        trio.run(self._play, case, graph, names, base, config.get("api_prefix", "") or "", history, clients)
        return Run(graph=graph, history=history, clients=clients, names=names, seed=seed, scale=self.scale)

    async def _play(self, case, graph, names, base, prefix, history, out) -> None:  # noqa: ANN001
        scale = self.scale
        start = trio.current_time()

        def clock() -> float:
            return (trio.current_time() - start) / scale

        token = secrets.token_hex(3)
        cores: dict[str, FrontendCore] = {}
        limits = httpx.Limits(max_connections=200, max_keepalive_connections=50)
        async with httpx.AsyncClient(timeout=httpx.Timeout(30, read=None), limits=limits) as client:
            async with trio.open_nursery() as nursery:
                # Every tab is open (connected, its load listeners sent) before the clock starts,
                # as a user's page has loaded before they act: a slow first connection must not
                # push the scenario's actions together.
                for name in case.clients:
                    transport = HttpTransport(
                        client,
                        base,
                        f"{name}-{token}",
                        api_prefix=prefix,
                        nursery=nursery,
                        history=history,
                        clock=clock,
                    )
                    cores[name] = FrontendCore(graph, transport, history=history, clock=clock, nursery=nursery)
                    await cores[name].open()
                start = trio.current_time()
                for action in case.actions:
                    await trio.sleep_until(start + action.at * scale)
                    await _perform(cores[action.client], action, names)
                await trio.sleep_until(start + case.until * scale)
                with trio.move_on_after(SETTLE_TIMEOUT):
                    while any(c.connected and (c._by_event or c._deferred) for c in cores.values()):
                        await trio.sleep(0.05)
                for name, core in cores.items():
                    out[name] = {"values": dict(core.values), "errors": list(core.errors)}
                for core in cores.values():
                    await core.close()
                nursery.cancel_scope.cancel()


async def _perform(core: FrontendCore, action: Any, names: dict[str, int]) -> None:
    def block() -> int:
        target = action.target
        return target if isinstance(target, int) else names[target]

    if action.do == "close":
        await core.close()
    elif action.do == "fill":
        core.fill(block(), action.value)
    elif action.do == "set":
        await core.set_value(block(), action.value)
    elif action.do == "trigger":
        await core.trigger(block(), action.event or "", action.data)
    else:
        await core.trigger(block(), action.do, action.data)
