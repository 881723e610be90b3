"""``gr.OAuthProfile`` and ``gr.OAuthToken``: what a "Sign in with Hugging Face" session gives
a function that asks for it by annotation (gradio/oauth.py, 4.44.1).

blockspec has no Hugging Face login: every session is signed out. A parameter annotated
``gr.OAuthProfile | None`` (or ``gr.OAuthToken | None``) receives None, as Gradio gives a
signed-out user; one annotated without ``| None`` fails the job with the ``gr.Error`` Gradio
raises for a signed-out user.
"""

from __future__ import annotations

from typing import Any

import attrs

__all__ = ["OAuthProfile", "OAuthToken", "SIGNED_OUT_MESSAGE"]

#: What Gradio tells a signed-out user whose function requires a profile or token.
SIGNED_OUT_MESSAGE = "This action requires a logged in user. Please sign in and retry."


class OAuthProfile(dict):  # type: ignore[type-arg]
    """The signed-in user's Hugging Face profile: the OpenID claims, also as attributes."""

    def __init__(self, data: dict[str, Any]) -> None:
        super().__init__(data)
        self.name: str | None = data.get("name")
        self.username: str | None = data.get("preferred_username")
        self.profile: str | None = data.get("profile")
        self.picture: str | None = data.get("picture")


@attrs.frozen(kw_only=True)
class OAuthToken:
    """The signed-in user's access token."""

    token: str
    scope: str
    expires_at: int
