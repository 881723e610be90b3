"""Stand-ins whose values have a shape on the page: Gallery and UploadButton.

gradio/components/gallery.py and upload_button.py (4.44.1): a Gallery's page value is a list of
``{"image": FileData, "caption": ...}`` and its function input a list of ``(path, caption)``;
an UploadButton hands its function paths that answer ``.name`` (one, or a list).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

import blockspec as gr
from blockspec.sim import Scenario, Simulation, run_scenario

URL = "https://example.com/assets/cheetah.jpg"


def _gradio():
    with gr.compat.as_gradio():
        import gradio  # noqa: PLC0415 -- the stand-ins come through the compatibility module

    return gradio


def _gallery_app(tmp_path: Path):
    gradio = _gradio()
    local = tmp_path / "local.png"
    local.write_bytes(b"\x89PNG")
    seen: list = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", gr.BlockspecWarning)
        with gradio.Blocks() as demo:
            gallery = gradio.Gallery(elem_id="gallery")
            said = gradio.Textbox(elem_id="said")
            gradio.Button("fill").click(lambda: [URL, (str(local), "mine")], None, gallery)

            def pick(data: gradio.SelectData):
                return f"{data.index}:{data.value['image']['url']}"

            gallery.select(pick, None, said)
            gradio.Button("read").click(lambda items: seen.append(items), gallery, None)
    return demo, local, seen


def test_a_gallery_holds_images_with_captions_and_its_select_carries_the_item(tmp_path: Path) -> None:
    demo, local, seen = _gallery_app(tmp_path)
    with Simulation(demo) as sim:
        user = sim.client("u")
        assert user.value("gallery") == []  # the page's untouched Gallery
        user.click("fill")
        sim.run_until_idle()
        remote, mine = user.value("gallery")
        assert remote["image"]["url"] == URL and remote["image"]["orig_name"] == "cheetah.jpg"
        assert remote["caption"] is None
        assert mine["image"]["path"] == str(local) and mine["caption"] == "mine"
        user.select("gallery", index=0)
        user.click("read")
        sim.run_until_idle()
        assert user.errors == [] and sim.trace.app_failures() == []
        assert user.value("said") == f"0:{URL}"
        assert seen == [[(URL, None), (str(local), "mine")]]


def test_a_gallery_refuses_what_is_not_a_list_of_images(tmp_path: Path) -> None:
    gradio = _gradio()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", gr.BlockspecWarning)
        with gradio.Blocks() as demo:
            gallery = gradio.Gallery(elem_id="gallery")
            gradio.Button("go").click(lambda: [{"when": 1}, 3], None, gallery)
    with Simulation(demo) as sim:
        user = sim.client("u")
        user.click("go")
        sim.run_until_idle()
        [failed] = sim.trace.of("job", "raise")
        assert "Gallery" in failed.detail and "value[0]" in failed.detail
        assert user.value("gallery") == []


@pytest.mark.parametrize("file_count", ["single", "multiple"])
def test_an_upload_button_hands_its_function_named_paths(file_count: str) -> None:
    gradio = _gradio()
    seen: list = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", gr.BlockspecWarning)
        with gradio.Blocks() as demo:
            button = gradio.UploadButton("Upload", file_count=file_count, elem_id="up")
            button.upload(lambda files: seen.append(files), button, None)
    with Simulation(demo) as sim:
        sim.client("u").upload("up", "sample.txt")
        sim.run_until_idle()
        assert sim.trace.app_failures() == []
    [got] = seen
    files = got if file_count == "multiple" else [got]
    assert isinstance(got, list) == (file_count == "multiple")
    assert [Path(f.name).read_bytes() for f in files] == [Path(str(f)).read_bytes() for f in files]
    assert all(Path(f.name).is_file() for f in files)


def test_the_default_scenario_uploads_a_file_of_an_accepted_type_to_an_upload_button() -> None:
    gradio = _gradio()
    seen: list = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", gr.BlockspecWarning)
        with gradio.Blocks() as demo:
            button = gradio.UploadButton("Upload", file_types=["image"], file_count="multiple")
            button.upload(lambda files: seen.append([Path(f.name).suffix for f in files]), button, None)
    sim, outcome = run_scenario(demo, Scenario.default_for(demo.graph))
    try:
        assert outcome.ok and sim.trace.app_failures() == []
    finally:
        sim.close()
    assert seen == [[".png"]]


def test_a_stand_in_code_lists_gradios_languages() -> None:
    gradio = _gradio()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", gr.BlockspecWarning)
        languages = gradio.Code.languages
    assert languages[:3] == ["python", "c", "cpp"] and languages[-1] is None and "sql-esper" in languages


def test_a_stand_in_audio_hands_over_rate_and_samples_and_sends_them_back_as_wav() -> None:
    numpy = pytest.importorskip("numpy")
    import wave

    gradio = _gradio()
    seen: list = []

    def reverse(audio):
        seen.append(audio)
        rate, data = audio
        return rate, numpy.flipud(data)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", gr.BlockspecWarning)
        with gradio.Blocks() as demo:
            source = gradio.Audio(elem_id="source")
            back = gradio.Audio(elem_id="back")
            path_only = gradio.Audio(type="filepath", elem_id="path")
            gradio.Button("go").click(reverse, source, back)
            gradio.Button("where").click(lambda p: seen.append(p), path_only, None)
    with Simulation(demo) as sim:
        user = sim.client("u")
        user.upload("source", "sample.wav").upload("path", "sample.wav")
        user.click("go").click("where")
        sim.run_until_idle()
        assert sim.trace.app_failures() == []
        sent = user.value("back")
    (rate, samples), where = seen
    assert rate == 8000 and samples.dtype == numpy.int16 and len(samples) == 2000
    assert isinstance(where, str) and where.endswith(".wav")
    with wave.open(sent["path"], "rb") as stored:
        assert stored.getframerate() == 8000
        back_samples = numpy.frombuffer(stored.readframes(stored.getnframes()), dtype=numpy.int16)
    assert (back_samples == samples[::-1]).all()
