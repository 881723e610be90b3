"""``blockspec.frontend``: the reference frontend (the browser's half of the semantics).

:class:`FrontendCore` is one tab; it talks to a server through a :class:`Transport` -- the
engine in the same process (:class:`InProcessTransport`, used by the simulator) or any
server speaking Gradio's protocol. What the page sends -- a component's untouched value,
the event data of a select, like or key_up -- is :func:`untouched_value`, :func:`select_data`,
:func:`like_data` and :func:`key_up_data`, as Gradio 4.44.1's frontend does it.
"""

from ._client import FrontendCore as FrontendCore
from ._client import constant_js as constant_js
from ._client import json_equal as json_equal
from ._event_data import key_up_data as key_up_data
from ._event_data import like_data as like_data
from ._event_data import select_data as select_data
from ._timers import TimerHandle as TimerHandle
from ._timers import TimerWheel as TimerWheel
from ._transport import InProcessTransport as InProcessTransport
from ._transport import Transport as Transport
from ._untouched import untouched_value as untouched_value

__all__ = [
    "FrontendCore",
    "InProcessTransport",
    "TimerHandle",
    "TimerWheel",
    "Transport",
    "constant_js",
    "json_equal",
    "key_up_data",
    "like_data",
    "select_data",
    "untouched_value",
]
