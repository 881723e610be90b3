"""Who may use the app: ``launch(auth=...)`` logins, or ``launch(auth_dependency=...)``.

With ``auth``, ``POST /login`` checks a username and password -- against the pairs in
constant time, or by calling the app's function -- and sets a random session-token cookie;
every other route then needs that cookie. With ``auth_dependency``, the app's function
decides from each request. Without either, everyone is let in. Refusals are 401 with the
``auth_message``, on every route (blockspec includes ``/cancel`` and ``/heartbeat``, which
Gradio leaves open).
"""

from __future__ import annotations

import hmac
import inspect
import secrets
from typing import Any

import trio
from starlette.requests import Request

from .._graph import LaunchSettings

__all__ = ["Auth", "COOKIE"]

COOKIE = "blockspec-access-token"


async def _call_app(fn: Any, *args: Any) -> Any:
    """Call the app's own auth code: a coroutine function in the loop, anything else in a
    worker thread (a password check may block, and the loop serves every stream)."""
    if inspect.iscoroutinefunction(fn):
        return await fn(*args)
    result = await trio.to_thread.run_sync(fn, *args)
    return await result if inspect.isawaitable(result) else result


class Auth:
    """The app's access rule, and the tokens of the people logged in."""

    def __init__(self, settings: LaunchSettings) -> None:
        self.settings = settings
        self._tokens: dict[str, str] = {}

    @property
    def uses_login(self) -> bool:
        return self.settings.auth is not None

    @property
    def message(self) -> str | None:
        return self.settings.auth_message

    async def credentials_ok(self, username: str, password: str) -> bool:
        auth = self.settings.auth
        if auth is None:
            return False
        if callable(auth):
            return bool(await _call_app(auth, username, password))
        # Compare with every pair, in constant time per pair, without stopping at a match:
        # the time taken says nothing about which part was wrong.
        matched = False
        for user, secret in auth:
            same_user = hmac.compare_digest(user.encode(), username.encode())
            same_secret = hmac.compare_digest(secret.encode(), password.encode())
            matched |= same_user and same_secret
        return matched

    def issue(self, username: str) -> str:
        token = secrets.token_urlsafe(32)
        self._tokens[token] = username
        return token

    def revoke(self, token: str | None) -> None:
        if token is not None:
            self._tokens.pop(token, None)

    async def user(self, request: Request) -> tuple[bool, str | None]:
        """(allowed, username) for this request."""
        if self.settings.auth_dependency is not None:
            user = await _call_app(self.settings.auth_dependency, request)
            return (user is not None, user)
        if self.settings.auth is None:
            return True, None
        token = request.cookies.get(COOKIE)
        username = self._tokens.get(token) if token else None
        return (username is not None, username)
