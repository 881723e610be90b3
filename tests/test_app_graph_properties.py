"""Properties of the app graph and its config, over random apps.

For every app the strategy draws: building it twice gives byte-identical config JSON; the
config survives a JSON round trip; and its ids, layout and dependencies are consistent.
"""

from __future__ import annotations

import json

from hypothesis import given, settings

from blockspec.testing import AppRecipe, apps, build_app


def _ids_in_layout(node: dict) -> list[int]:
    out = [node["id"]]
    for child in node.get("children", []):
        out.extend(_ids_in_layout(child))
    return out


@settings(max_examples=200, deadline=None)
@given(apps())
def test_config_is_deterministic_and_round_trips(recipe: AppRecipe) -> None:
    first = build_app(recipe)
    second = build_app(recipe)
    assert first.config_bytes() == second.config_bytes()
    assert first.graph == second.graph
    config = first.get_config()
    assert json.loads(json.dumps(config)) == config


@settings(max_examples=200, deadline=None)
@given(apps())
def test_config_ids_are_consistent(recipe: AppRecipe) -> None:
    config = build_app(recipe).get_config()
    component_ids = [c["id"] for c in config["components"]]
    assert len(component_ids) == len(set(component_ids))
    layout_ids = _ids_in_layout(config["layout"])
    assert layout_ids[0] == 0
    assert sorted(layout_ids[1:]) == sorted(component_ids), "each block appears in the layout exactly once"
    known = set(component_ids) | {0}
    for index, dep in enumerate(config["dependencies"]):
        assert dep["id"] == index
        assert set(dep["inputs"]) <= known and set(dep["outputs"]) <= known
        for block_id, _event in dep["targets"]:
            assert block_id is None or block_id in known
        if dep["trigger_after"] is not None:
            assert 0 <= dep["trigger_after"] < index
        assert all(0 <= c < len(config["dependencies"]) for c in dep["cancels"])
        assert dep["trigger_mode"] in ("once", "multiple", "always_last")
    names = [d["api_name"] for d in config["dependencies"] if d["api_name"] is not False]
    assert len(names) == len(set(names)), "api names are unique"
