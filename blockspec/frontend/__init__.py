"""``blockspec.frontend``: the reference frontend (the browser's half of the semantics).

:class:`FrontendCore` is one tab; it talks to a server through a :class:`Transport` -- the
engine in the same process (:class:`InProcessTransport`, used by the simulator) or any
server speaking Gradio's protocol.
"""

from ._client import FrontendCore as FrontendCore
from ._client import constant_js as constant_js
from ._client import json_equal as json_equal
from ._timers import TimerHandle as TimerHandle
from ._timers import TimerWheel as TimerWheel
from ._transport import InProcessTransport as InProcessTransport
from ._transport import Transport as Transport

__all__ = [
    "FrontendCore",
    "InProcessTransport",
    "TimerHandle",
    "TimerWheel",
    "Transport",
    "constant_js",
    "json_equal",
]
