"""``blockspec.server``: Gradio's wire protocol over HTTP, on the blockspec engine.

``demo.launch()`` and ``blockspec serve app.py`` start a :class:`Server`: Hypercorn's HTTP
connections (accepted by ``_serve``) and the engine in one trio run, on the real clock. The real ``gradio_client`` and
``@gradio/client`` talk to it unchanged (``/config``, ``/gradio_api/queue/join``,
``/gradio_api/queue/data``, the two-step ``/gradio_api/call`` API, uploads, files, login),
and so do Gradio 4.44.1's clients, which use the same routes at the root. ``asgi_app(demo)``
is the ASGI app itself, whose lifespan starts the engine: drive it in-process with
``starlette.testclient.TestClient(app, backend="trio")``. Needs the ``server`` extra.
"""

from ._app import asgi_app as asgi_app
from ._launcher import Server as Server
from ._launcher import free_port as free_port
from ._launcher import serve_path as serve_path
from ._paths import FileAccess as FileAccess
from ._paths import PathRefused as PathRefused

__all__ = ["FileAccess", "PathRefused", "Server", "asgi_app", "free_port", "serve_path"]
