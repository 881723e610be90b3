"""The HTTP request (or the virtual client's stand-in for one) behind an event.

Annotate a parameter with :class:`Request` to receive it. Served, it is the HTTP request that
submitted the event: its headers, the client's address, its query parameters. In the
simulator the request carries the virtual client's name as ``client.host``, its session hash,
and the headers of :data:`SIMULATED_HEADERS` (what apps commonly read, with fixed values).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

__all__ = ["Request", "SIMULATED_HEADERS"]

#: The headers a virtual client's requests carry: fixed, so a run that reads them repeats.
SIMULATED_HEADERS: dict[str, str] = {
    "host": "127.0.0.1:7860",
    "user-agent": "blockspec-virtual-client",
    "accept": "*/*",
    "accept-language": "en",
}


class Address(NamedTuple):
    """Where a request came from (Starlette's ``Address``): ``host`` and ``port``."""

    host: str
    port: int


class Request:
    """Who sent the event: ``headers``, ``client``, ``session_hash``, ``username``, ``query_params``."""

    def __init__(
        self,
        *,
        headers: Mapping[str, str] | None = None,
        client: Any = None,
        session_hash: str | None = None,
        username: str | None = None,
        query_params: Mapping[str, str] | None = None,
        path_params: Mapping[str, str] | None = None,
    ) -> None:
        self.headers = dict(headers or {})
        # Gradio's request.client is Starlette's Address: apps read request.client.host.
        self.client = Address(client, 0) if isinstance(client, str) else client
        self.session_hash = session_hash
        self.username = username
        self.query_params = dict(query_params or {})
        self.path_params = dict(path_params or {})

    def __repr__(self) -> str:
        return f"Request(session_hash={self.session_hash!r}, username={self.username!r})"
