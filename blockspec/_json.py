"""JSON text as Gradio writes it on the wire: compact, UTF-8 as is, no NaN or infinity.

One function, so a config, an SSE ``data:`` line and a message record serialise alike.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["compact_json"]


def compact_json(value: Any) -> str:
    """``value`` as compact JSON text; raises ValueError for NaN or infinity."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
