"""Stand-ins for the Gradio components blockspec does not model (Gallery, Audio, Video, ...).

An app file written for Gradio may use any of them. Through the compatibility module each
becomes a stand-in: it accepts whatever arguments the real component takes (keeping them),
has the real component's events, and passes values through unchanged as JSON. The event
model -- what triggers what, queueing, ordering -- is then simulated exactly; only the
component's own value conversion is not. Using one warns once, naming it.
"""

from __future__ import annotations

from typing import Any

from ._base import Component

__all__ = ["StandIn", "STAND_IN_EVENTS", "stand_in"]

_MEDIA = ("change", "clear", "upload", "play", "pause", "stop", "end", "start_recording", "stop_recording")
_PLOT = ("select", "double_click")
_EDITOR = ("clear", "change", "input", "select", "upload", "apply")

#: Gradio 4.44.1's components that blockspec does not model, with their events.
STAND_IN_EVENTS: dict[str, tuple[str, ...]] = {
    "AnnotatedImage": ("select",),
    "Audio": (
        "stream",
        "change",
        "clear",
        "play",
        "pause",
        "stop",
        "start_recording",
        "pause_recording",
        "stop_recording",
        "upload",
        "input",
    ),
    "BarPlot": _PLOT,
    "Code": ("change", "input", "focus", "blur"),
    "ColorPicker": ("change", "input", "submit", "focus", "blur"),
    "Dataset": ("click", "select"),
    "DateTime": ("change", "submit"),
    "DownloadButton": ("click",),
    "DuplicateButton": ("click",),
    "FileExplorer": ("change",),
    "Gallery": ("select", "upload", "change"),
    "HighlightedText": ("change", "select"),
    "ImageEditor": _EDITOR,
    "ImageMask": _EDITOR,
    "LinePlot": _PLOT,
    "LoginButton": ("click",),
    "LogoutButton": ("click",),
    "Model3D": ("change", "upload", "edit", "clear"),
    "MultimodalTextbox": ("change", "input", "select", "submit", "focus", "blur"),
    "ParamViewer": ("change", "upload"),
    "Plot": ("change", "clear"),
    "ScatterPlot": _PLOT,
    "Sketchpad": _EDITOR,
    "Paint": _EDITOR,
    "UploadButton": ("click", "upload"),
    "Video": _MEDIA,
    "PlayableVideo": _MEDIA,
}
STAND_IN_EVENTS["Microphone"] = STAND_IN_EVENTS["Audio"]
STAND_IN_EVENTS["Mic"] = STAND_IN_EVENTS["Audio"]
STAND_IN_EVENTS["Highlight"] = STAND_IN_EVENTS["HighlightedText"]


class StandIn(Component):
    """A component blockspec does not model: any arguments, values passed through as JSON."""

    TYPE = "standin"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        known = [p.name for p in type(self).PARAMS]
        # Keep what only the real component understands; the rest is the common surface.
        self.extra: dict[str, Any] = {k: kwargs.pop(k) for k in list(kwargs) if k not in known}
        super().__init__(*args[:1], **kwargs)


_made: dict[str, type[StandIn]] = {}


def stand_in(name: str) -> type[StandIn]:
    """The stand-in class for Gradio's component ``name`` (one class per name)."""
    if name not in _made:
        _made[name] = type(
            name,
            (StandIn,),
            {"TYPE": name.lower(), "EVENTS": STAND_IN_EVENTS[name], "__doc__": f"A stand-in for gr.{name}."},
        )
    return _made[name]
