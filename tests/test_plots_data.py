"""Plots, Dataframe, JSON and Label take pandas, numpy and datetime values as Gradio 4.44.1 does.

The expected JSON was read off real Gradio 4.44.1 (the component's config value, as its
/config route serialises it); the sources are cited beside each case.
"""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from test_corpus_sample import CORPUS, corpus_tool, needs_corpus

import blockspec as gr
from blockspec import BlockspecWarning, DefinitionError
from blockspec.sim import Simulation

pd = pytest.importorskip("pandas")
np = pytest.importorskip("numpy")

ROOT = Path(__file__).resolve().parent.parent


def _config_values(demo: gr.Blocks) -> list[object]:
    return [c["props"].get("value") for c in demo.get_config()["components"]]


def test_a_native_plot_sends_columns_rows_kinds_and_mark() -> None:
    # gradio/components/native_plot.py:178-214: to_json(orient="split", date_unit="ms")
    frame = pd.DataFrame(
        {
            "t": pd.to_datetime(["2024-01-02", "2024-01-03"]),
            "y": [1.5, np.nan],
            "c": ["a", "b"],
            "b": [True, False],
            "cat": pd.Categorical(["x", "y"]),
        }
    )
    with gr.Blocks() as demo:
        gr.BarPlot(frame, x="t", y="y")
        gr.LinePlot(frame, "t", "y")
        gr.ScatterPlot(frame, x="t", y="y")
    values = _config_values(demo)
    assert values[0] == {
        "columns": ["t", "y", "c", "b", "cat"],
        "data": [[1704153600000, 1.5, "a", True, "x"], [1704240000000, None, "b", False, "y"]],
        "datatypes": {"t": "temporal", "y": "quantitative", "c": "nominal", "b": "quantitative", "cat": "nominal"},
        "mark": "bar",
    }
    assert [v["mark"] for v in values] == ["bar", "line", "point"]
    config = demo.get_config()["components"]
    assert [(c["type"], c["props"]["name"], c["props"]["show_label"]) for c in config] == [
        ("nativeplot", "barplot", False),
        ("nativeplot", "lineplot", False),
        ("nativeplot", "scatterplot", False),
    ]


def test_a_plot_value_that_is_not_a_dataframe_fails_where_the_app_defines_it() -> None:
    with gr.Blocks():
        with pytest.raises(DefinitionError, match=r"BarPlot\(value\).*not a pandas DataFrame"):
            gr.BarPlot([[1, 2]], x="a", y="b")
        with pytest.raises(DefinitionError, match=r"cannot plot column 'd' of dtype timedelta"):
            gr.LinePlot(pd.DataFrame({"d": pd.to_timedelta([1], unit="s")}))


def test_older_plot_arguments_are_accepted_with_gradios_deprecation_warning() -> None:
    with gr.Blocks():
        with pytest.warns(DeprecationWarning) as caught:
            plot = gr.ScatterPlot(x="a", y="b", tooltip=["a"], color_legend_title="Kind", unheard_of=1)
    assert [str(w.message) for w in caught] == [
        "Argument 'tooltip' has been deprecated.",
        "Argument 'color_legend_title' has been deprecated.",
    ]
    assert plot.color_title == "Kind"
    assert plot.ignored == {"tooltip": ["a"], "color_legend_title": "Kind", "unheard_of": 1}


def test_a_plot_with_inputs_and_a_fixed_value_ignores_the_inputs_as_gradio_does() -> None:
    # gradio/components/base.py:248-257; Gradio's plot_guide_filters_events demo does this
    with gr.Blocks() as demo:
        box = gr.Textbox()
        gr.ScatterPlot(pd.DataFrame({"a": [1], "b": [2]}), x="a", y="b", inputs=[box])
    assert len(demo.dependencies) == 0


def test_dataframe_values_from_pandas_numpy_and_lists() -> None:
    # gradio/components/dataframe.py:273-358, values read off Gradio 4.44.1's config
    with gr.Blocks() as demo:
        gr.Dataframe(
            pd.DataFrame({"t": [pd.Timestamp("2024-01-02 03:04:05")], "x": [np.nan], "d": [datetime.date(2024, 1, 2)]})
        )
        gr.Dataframe(np.arange(6).reshape(2, 3))
        gr.Dataframe(np.arange(8).reshape(2, 4), headers=["a", "b", "c"])
        gr.Dataframe({"data": [[1, 2]], "metadata": {"x": None}})
        gr.Dataframe({})
    assert _config_values(demo) == [
        {"headers": ["t", "x", "d"], "data": [["2024-01-02 03:04:05", None, "2024-01-02"]], "metadata": None},
        {"headers": ["1", "2", "3"], "data": [[0, 1, 2], [3, 4, 5]], "metadata": None},
        {"headers": ["a", "b", "c", "4"], "data": [[0, 1, 2, 3], [4, 5, 6, 7]], "metadata": None},
        {"headers": [], "data": [[1, 2]], "metadata": None},
        {"headers": ["1", "2", "3"], "data": [[]], "metadata": None},
    ]


def test_an_empty_dataframe_shows_each_columns_blank_cell() -> None:
    # gradio/components/dataframe.py:190-205
    with gr.Blocks():
        table = gr.Dataframe(row_count=2, datatype=["number", "bool", "date"])
    assert table.initial_value() == {
        "headers": ["1", "2", "3"],
        "data": [[0, False, "01/01/1970"], [0, False, "01/01/1970"]],
        "metadata": None,
    }


def test_a_styled_dataframe_sends_display_values_and_styles() -> None:
    pytest.importorskip("jinja2")  # pandas' Styler needs it
    styled = pd.DataFrame({"A": [1, 5], "B": [3, 2]}).style.highlight_max(color="lightgreen", axis=0)
    with gr.Blocks():
        table = gr.Dataframe(styled)
    assert table.initial_value() == {
        "headers": ["A", "B"],
        "data": [[1, 3], [5, 2]],
        "metadata": {
            "display_value": [["1", "3"], ["5", "2"]],
            "styling": [["", "background-color: lightgreen"], ["background-color: lightgreen", ""]],
        },
    }


def test_dataframes_refuse_what_gradio_refuses_naming_the_component() -> None:
    with gr.Blocks():
        # integer column names: Gradio's DataframeData wants string headers (pydantic refuses)
        with pytest.raises(DefinitionError, match=r"(?s)Dataframe\(value\).*column name.*astype\(str\)"):
            gr.Dataframe(pd.DataFrame(np.arange(6).reshape(2, 3)))
        with pytest.raises(DefinitionError, match=r"Dataframe\(value\).*not a row"):
            gr.Dataframe([1, 2, 3])
        with pytest.raises(DefinitionError, match=r"Dataframe\(headers\).*col_count says 3"):
            gr.Dataframe(headers=["a", "b"], col_count=3)


def test_dataframe_preprocess_gives_the_type_asked_for() -> None:
    payload = {"headers": ["a", "b"], "data": [[1, 2], [3, 4]]}
    with gr.Blocks():
        frame = gr.Dataframe(type="pandas").preprocess(payload)
        array = gr.Dataframe(type="numpy").preprocess(payload)
        rows = gr.Dataframe(type="array").preprocess(payload)
    assert list(frame.columns) == ["a", "b"] and frame.values.tolist() == [[1, 2], [3, 4]]
    assert isinstance(array, np.ndarray) and array.tolist() == [[1, 2], [3, 4]]
    assert rows == [[1, 2], [3, 4]]


def test_json_turns_numpy_and_datetimes_into_json_as_gradio_does() -> None:
    # gradio/components/json_component.py:115-125 (orjson: numpy natively, datetimes via str)
    value = {
        "a": np.array([[1.5, np.nan]]),
        "t": pd.Timestamp("2024-01-02"),
        "d": datetime.datetime(2024, 1, 2, 3, 4, 5),
        "n": np.int64(3),
        "tu": (1, 2),
        "f": float("inf"),
    }
    with gr.Blocks() as demo:
        gr.JSON(value)
    assert _config_values(demo) == [
        {"a": [[1.5, None]], "t": "2024-01-02 00:00:00", "d": "2024-01-02 03:04:05", "n": 3, "tu": [1, 2], "f": None}
    ]


@pytest.mark.parametrize(
    ("value", "problem"),
    [({1: 2}, r"\(a key\).*not a string"), (object(), "object has no JSON form"), (np.array(["a"]), "dtype <U1")],
)
def test_a_json_value_with_no_json_form_is_a_definition_error_naming_the_component(value, problem) -> None:
    with gr.Blocks(), pytest.raises(DefinitionError, match=rf"JSON\(value\).*JSON \(id \d+\).*{problem}"):
        gr.JSON(value)


def test_label_ranks_numpy_confidences_and_keeps_the_order_of_ties() -> None:
    # gradio/components/label.py:134-143: a stable sort on the confidence alone
    with gr.Blocks() as demo:
        gr.Label({"b": np.float32(0.25), "a": 0.25, "c": 0.5})
        gr.Label(5)
    assert _config_values(demo) == [
        {
            "label": "c",
            "confidences": [
                {"label": "c", "confidence": 0.5},
                {"label": "b", "confidence": 0.25},
                {"label": "a", "confidence": 0.25},
            ],
        },
        {"label": "5", "confidences": None},
    ]


def test_a_function_returning_a_dataframe_to_a_plot_and_a_table_simulates(tmp_path: Path) -> None:
    app = tmp_path / "app.py"
    app.write_text(
        "import gradio as gr\n"
        "import pandas as pd\n"
        "def make(n):\n"
        "    return (pd.DataFrame({'x': range(int(n)), 'y': [i * i for i in range(int(n))]}),) * 2\n"
        "with gr.Blocks() as demo:\n"
        "    n = gr.Number(3, label='n')\n"
        "    plot = gr.LinePlot(x='x', y='y')\n"
        "    table = gr.Dataframe()\n"
        "    gr.Button('Draw').click(make, n, [plot, table])\n"
        "def brushed(selection: gr.SelectData):\n"
        "    return selection.index\n"
        "with demo:\n"
        "    plot.select(brushed, None, gr.JSON(label='range'))\n",
        encoding="utf-8",
    )
    with Simulation(app) as sim:
        user = sim.client("u")
        user.click("Draw")
        sim.run_until_idle()
        assert user.value("plot")["data"] == [[0, 0], [1, 1], [2, 4]]
        assert user.value("table")["data"] == [[0, 0], [1, 1], [2, 4]]
        user.select("plot")  # the brush spans the x column by default
        sim.run_until_idle()
        assert user.value("range") == [0, 2]
        assert sim.check() == []


def test_an_app_importing_pandas_simulates_in_a_fresh_process(tmp_path: Path) -> None:
    # pandas' compiled extensions crashed the interpreter when first imported while the
    # simulation's clock stood in for the datetime classes (blockspec/_virtual_time.py); a
    # fresh process is needed, since this one imported pandas long ago.
    app = tmp_path / "app.py"
    app.write_text(
        "import gradio as gr\n"
        "import pandas as pd\n"
        "with gr.Blocks() as demo:\n"
        "    out = gr.Textbox(label='out')\n"
        "    gr.Button('go').click(lambda: str(pd.Timestamp('2024-01-02') + pd.Timedelta(days=1)), None, out)\n",
        encoding="utf-8",
    )
    script = (
        "from blockspec.sim import Simulation\n"
        f"with Simulation({str(app)!r}) as sim:\n"
        "    u = sim.client('u')\n"
        "    u.click('go')\n"
        "    sim.run_until_idle()\n"
        "    print(u.value('out'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", script], capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    assert result.returncode == 0, (result.returncode, result.stderr[-2000:])
    assert result.stdout.strip() == "2024-01-03 00:00:00"


def test_highlighted_text_from_pairs_and_from_entities_as_gradio_sends_them() -> None:
    # gradio/components/highlighted_text.py:128-194, values read off Gradio 4.44.1's config
    entities = {"text": "hello big world", "entities": [{"entity": "ADJ", "start": 6, "end": 9}]}
    with gr.Blocks() as demo:
        gr.HighlightedText([("a", "x"), ("b", 3), ("c", None)])
        gr.HighlightedText(entities, combine_adjacent=True)
        spans = [("a", "x"), ("b", "x"), ("", None), ("c", None)]
        gr.HighlightedText(spans, combine_adjacent=True, adjacent_separator=" ")
    assert _config_values(demo) == [
        [
            {"token": "a", "class_or_confidence": "x"},
            {"token": "b", "class_or_confidence": 3.0},
            {"token": "c", "class_or_confidence": None},
        ],
        [
            {"token": "hello ", "class_or_confidence": None},
            {"token": "big", "class_or_confidence": "ADJ"},
            {"token": " world", "class_or_confidence": None},
        ],
        [{"token": "a b", "class_or_confidence": "x"}, {"token": "c", "class_or_confidence": None}],
    ]
    with gr.Blocks(), pytest.raises(DefinitionError, match=r"HighlightedText\(value\).*not a \(text, category\) pair"):
        gr.HighlightedText(["just text"])


def _figure_class(module: str) -> type:
    """A stand-in for a plotting library's figure: its module name and a to_json method."""
    return type("Figure", (), {"__module__": module, "to_json": lambda self: '{"data": []}'})


def test_plot_sends_plotly_and_altair_figures_as_their_json() -> None:
    # gradio/components/plot.py:125-152: the library is told by the figure's module
    with gr.Blocks() as demo:
        gr.Plot(_figure_class("plotly.graph_objs._figure")())
        gr.Plot(_figure_class("altair.vegalite.v5.api")())
        gr.Plot()
    assert _config_values(demo) == [
        {"type": "plotly", "plot": '{"data": []}'},
        {"type": "altair", "plot": '{"data": []}'},
        None,
    ]
    with gr.Blocks(), pytest.raises(DefinitionError, match=r"Plot\(value\).*not a matplotlib, plotly, altair or bokeh"):
        gr.Plot({"x": [1, 2]})


def test_a_dataframe_reads_a_csv_path(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("a,b\n1,x\n2,y\n", encoding="utf-8")
    with gr.Blocks():
        frame = gr.Dataframe(str(table))
    assert frame.initial_value() == {"headers": ["a", "b"], "data": [[1, "x"], [2, "y"]], "metadata": None}


# -- Gradio's own plot and table demos (skipped without the corpus beside the repository) ---------

PLOTS_FIXTURE = ROOT / "tests" / "fixtures" / "gradio-4.44.1" / "corpus" / "plots.json"
PLOT_APPS = sorted(json.loads(PLOTS_FIXTURE.read_text(encoding="utf-8"))["apps"])


def test_the_plot_demos_fixture_names_gradio_4_44_1() -> None:
    fixture = json.loads(PLOTS_FIXTURE.read_text(encoding="utf-8"))
    assert fixture["gradio_version"] == "4.44.1" and len(PLOT_APPS) >= 8
    assert not any("error" in app for app in fixture["apps"].values())


@needs_corpus
@pytest.mark.parametrize("name", PLOT_APPS)
@pytest.mark.filterwarnings("ignore:Argument '.*' has been deprecated:DeprecationWarning")  # as Gradio warns
def test_a_plot_or_table_demo_simulates_cleanly_with_gradios_config(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from blockspec._loading import load_app

    app = CORPUS / name / "run.py"
    monkeypatch.chdir(app.parent)  # as the corpus tool runs it: from its own folder
    for module_name, module in list(sys.modules.items()):
        if str(getattr(module, "__file__", None) or "").startswith(str(CORPUS)):
            # another demo's `data.py`: each demo imports its own
            monkeypatch.delitem(sys.modules, module_name)
    result = corpus_tool.study(app)
    assert result["category"] == "clean", (result.get("detail"), result.get("failed_jobs"))
    assert result["violations"] == [] and result["cycles"] == 0
    theirs = json.loads(PLOTS_FIXTURE.read_text(encoding="utf-8"))["apps"][name]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", BlockspecWarning)  # a stand-in's warning is not under test here
        ours = corpus_tool.compact_config(load_app(app).app.get_config())
    assert corpus_tool.compare_config(ours, theirs) == []


def test_a_polars_dataframe_goes_in_and_out_as_gradio_builds_it() -> None:
    polars = pytest.importorskip("polars")
    seen: list = []

    def sort_records(records):
        seen.append(records)
        return records.sort("Quantity")

    with gr.Blocks() as demo:
        table = gr.Dataframe(headers=["Item", "Quantity"], type="polars", elem_id="table")
        out = gr.Dataframe(elem_id="out")
        gr.Button("sort").click(sort_records, table, out)
    with Simulation(demo) as sim:
        user = sim.client("u")
        # three rows of two: polars reads them as rows (a square table it would read as columns,
        # as it does under Gradio, which builds the frame the same way)
        user.set("table", {"headers": ["Item", "Quantity"], "data": [["b", 2], ["a", 1], ["c", 3]]})
        user.click("sort")
        sim.run_until_idle()
        assert sim.trace.app_failures() == []
        assert user.value("out")["headers"] == ["Item", "Quantity"]
        assert user.value("out")["data"] == [["a", 1], ["b", 2], ["c", 3]]
    assert isinstance(seen[0], polars.DataFrame) and seen[0].columns == ["Item", "Quantity"]
