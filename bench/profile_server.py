"""``blockspec serve`` under cProfile, profiling the server's trio thread on request.

    python bench/profile_server.py APP PORT OUT.prof

Serves APP on 127.0.0.1:PORT. SIGUSR1 starts profiling the thread that runs trio (the
event loop, Hypercorn, the routes and the engine); SIGUSR2 stops it and writes the stats to
OUT.prof; SIGINT stops the server. Worker threads that run the app's sync functions are not
profiled (the same for every server measured: the function is an echo).
"""

import cProfile
import signal
import sys

import trio

from blockspec.server._launcher import serve_path


def main() -> None:
    app, port, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    profile = cProfile.Profile()
    server = serve_path(app, host="127.0.0.1", port=port, app_name=None, launch={"quiet": True})

    def start(*_):
        trio.from_thread.run_sync(profile.enable, trio_token=server._token)

    def stop(*_):
        trio.from_thread.run_sync(profile.disable, trio_token=server._token)
        profile.dump_stats(out)

    signal.signal(signal.SIGUSR1, start)
    signal.signal(signal.SIGUSR2, stop)
    server.block()


if __name__ == "__main__":
    main()
