"""gr.OAuthProfile / gr.OAuthToken parameters: every blockspec session is signed out.

gradio/helpers.py:930-960 (4.44.1, special_args): a parameter annotated ``OAuthProfile | None``
gets None for a signed-out user; one annotated ``OAuthProfile`` fails with a gr.Error.
"""

from __future__ import annotations

from typing import Optional

import pytest

import blockspec as gr
from blockspec.sim import Simulation


def _run(fn):
    with gr.Blocks() as demo:
        out = gr.Textbox(elem_id="out")
        demo.load(fn, None, out)
    with Simulation(demo) as sim:
        user = sim.client("u")
        sim.run_until_idle()
        return user.value("out"), user.errors


def profile_or_none(profile: gr.OAuthProfile | None) -> str:
    return "anonymous" if profile is None else profile.name


def token_optional(token: Optional[gr.OAuthToken]) -> str:  # noqa: UP045 -- the older spelling apps use
    return "no token" if token is None else token.token


def profile_required(profile: gr.OAuthProfile) -> str:
    return profile.name


def test_a_function_accepting_none_is_called_signed_out_without_taking_an_input() -> None:
    assert _run(profile_or_none) == ("anonymous", [])
    assert _run(token_optional) == ("no token", [])


def test_a_function_requiring_a_profile_fails_with_gradios_message() -> None:
    value, errors = _run(profile_required)
    assert value == ""
    assert [e["message"] for e in errors] == ["This action requires a logged in user. Please sign in and retry."]


def test_an_oauth_parameter_takes_no_input_value() -> None:
    with gr.Blocks():
        box = gr.Textbox()
        with pytest.raises(gr.DefinitionError, match="requires 0|takes at most 0|0 argument"):
            gr.Button().click(profile_or_none, box, box)


def test_the_profile_reads_the_claims_as_attributes() -> None:
    profile = gr.OAuthProfile({"name": "Ada", "preferred_username": "ada", "picture": "p.png"})
    assert (profile.name, profile.username, profile.picture, profile["name"]) == ("Ada", "ada", "p.png", "Ada")
