"""Images as arrays (Pillow and numpy, the ``image`` extra), URL file values, and the default
scenario's uploads into file components that already hold the app's own file.

Ground truth for the array conversion: Gradio 4.44.1 ``processing_utils.py:225``
(``save_img_array_to_cache`` saves ``_convert(arr, np.uint8)``) and ``processing_utils.py:609``
(``_convert``: float pixels in [-1, 1] are scaled by 255, other ranges raise ValueError).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from corpus_helpers import default_run

import blockspec as gr
from blockspec._errors import NotAvailableError
from blockspec._files import file_data
from blockspec.sim import Scenario, Simulation, run_scenario
from blockspec.sim._samples import sample_bytes

numpy = pytest.importorskip("numpy", reason="the image extra (numpy) is not installed")
PILImage = pytest.importorskip("PIL.Image", reason="the image extra (Pillow) is not installed")

from blockspec._components._pixels import to_uint8  # noqa: E402  (needs numpy)


def _pixels_of(payload: dict[str, Any]) -> Any:
    return numpy.asarray(PILImage.open(payload["path"]))


@pytest.mark.parametrize(
    ("array", "expected"),
    [
        (numpy.array([[[0.0, 0.5, 1.0]]]), [[[0, 128, 255]]]),  # float: intensities scaled by 255
        (numpy.array([[[-0.5, 0.2, 0.004]]]), [[[0, 51, 1]]]),  # negatives clip to 0, rounding
        (numpy.array([[[True, False, True]]]), [[[255, 0, 255]]]),
        (numpy.array([[[3, 200, 255]]], dtype=numpy.int64), [[[3, 200, 255]]]),  # fits: kept
        (numpy.array([[[0, 256, 65535]]], dtype=numpy.uint16), [[[0, 1, 255]]]),  # low bits dropped
        (numpy.array([[[7, 8, 9]]], dtype=numpy.uint8), [[[7, 8, 9]]]),
    ],
)
def test_an_image_array_is_brought_to_8_bits_as_gradio_does(array: Any, expected: Any) -> None:
    converted = to_uint8(array)
    assert converted.dtype == numpy.uint8 and converted.tolist() == expected


def test_a_float_image_outside_minus_one_to_one_fails_as_in_gradio() -> None:
    with pytest.raises(ValueError, match=r"between -1 and 1.*from 0\.0 to 2\.5.*divide it by its maximum"):
        to_uint8(numpy.array([[[0.0, 2.5, 1.0]]]))


def test_a_function_returning_a_float_array_shows_the_image() -> None:
    # sepia_filter's function returns float64 pixels divided by their maximum.
    with gr.Blocks() as demo:
        go = gr.Button("go")
        out = gr.Image(elem_id="out")
        go.click(lambda: numpy.full((2, 3, 3), 0.5), None, out)
    with Simulation(demo) as sim:
        user = sim.client("u")
        user.click("go")
        sim.run_until_idle()
        assert sim.errors == [] and sim.trace.app_failures() == []
        pixels = _pixels_of(user.value("out"))
    assert pixels.shape == (2, 3, 3) and pixels.dtype == numpy.uint8 and set(pixels.ravel()) == {128}


def test_a_numpy_image_input_reaches_the_function_decoded() -> None:
    seen: list[Any] = []
    with gr.Blocks() as demo:
        image = gr.Image(type="numpy")
        go = gr.Button("go")
        go.click(lambda a: seen.append((a.shape, a.dtype.name, a[0, 0].tolist())), image, None)
    sim, outcome = run_scenario(demo, Scenario.default_for(demo.graph))
    sim.close()
    assert outcome.ok and seen == [((8, 8, 3), "uint8", [200, 60, 30])]  # the sample PNG


@pytest.mark.parametrize("name", ["sepia_filter", "fake_diffusion", "blocks_flag", "image_mod"])
def test_corpus_apps_working_on_arrays_simulate_cleanly(name: str) -> None:
    with default_run(name) as (sim, outcome):
        assert outcome.jobs > 0 and sim.trace.app_failures() == []


def test_a_url_file_value_stays_a_url_and_reading_it_says_the_network_is_needed() -> None:
    url = "https://example.com/pictures/cat.png"
    data = file_data(url)
    assert data["path"] == url and data["url"] == url and data["orig_name"] == "cat.png"
    image = gr.Image(url, type="filepath")
    assert image.initial_value()["path"] == url
    with pytest.raises(NotAvailableError, match=r"'https://example.com/pictures/cat.png' is a URL.*network"):
        image.preprocess(image.initial_value())


def test_an_edit_of_an_image_holding_the_apps_own_file_uploads_a_real_one() -> None:
    # event_trigger: an Image whose value names a file the app folder lacks, with a .change
    # listener. A user editing it uploads a picture; the default scenario did too little (it
    # set the component's documentation example, a file that does not exist).
    def build(seen: list[Any]) -> Any:
        with gr.Blocks() as demo:
            image = gr.Image(value="not-here.png", type="filepath")
            image.change(lambda path: seen.append(Path(path).read_bytes()[:4]), image, None)
        return demo

    seen: list[Any] = []
    demo = build(seen)
    sim, outcome = run_scenario(demo, Scenario.default_for(demo.graph))
    sim.close()
    assert outcome.ok and seen == [b"\x89PNG"]


def test_the_zip_sample_is_a_real_archive_with_the_same_bytes_every_time() -> None:
    data = sample_bytes("sample.zip")
    assert data == sample_bytes("sample.zip")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == ["hello.txt", "data/sample.csv"]
        assert archive.read("data/sample.csv") == sample_bytes("sample.csv")
