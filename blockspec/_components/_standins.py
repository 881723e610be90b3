"""Stand-ins for the Gradio components blockspec does not model (Gallery, Audio, Video, ...).

An app file written for Gradio may use any of them. Through the compatibility module each
becomes a stand-in: it accepts whatever arguments the real component takes (keeping them),
has the real component's events, and passes values through unchanged as JSON. The event
model -- what triggers what, queueing, ordering -- is then simulated exactly; only the
component's own value conversion is not. Using one warns once, naming it.
"""

from __future__ import annotations

from typing import Any

from .._errors import DefinitionTypeError
from ._base import Component, FormComponent

__all__ = ["StandIn", "STAND_IN_EVENTS", "POSITIONAL", "CONFIG_TYPES", "stand_in"]

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
# Gradio 4.44.1's lower-case aliases (gradio/components/__init__.py)
STAND_IN_EVENTS["Highlightedtext"] = STAND_IN_EVENTS["HighlightedText"]
STAND_IN_EVENTS["Annotatedimage"] = STAND_IN_EVENTS["AnnotatedImage"]


#: Gradio 4.44.1's positional parameters of the stand-ins whose first is not ``value``
#: (``inspect.signature`` of each class in gradio 4.44.1; e.g. gradio/components/download_button.py
#: takes ``label`` first). The others take ``value`` first and nothing else positionally.
POSITIONAL: dict[str, tuple[str, ...]] = {
    "BarPlot": ("value", "x", "y"),
    "LinePlot": ("value", "x", "y"),
    "ScatterPlot": ("value", "x", "y"),
    "Code": ("value", "language"),
    "Dataset": (),
    "DownloadButton": ("label", "value"),
    "UploadButton": ("label", "value"),
    "FileExplorer": ("glob",),
    "LoginButton": ("value", "logout_value"),
    "ParamViewer": ("value", "language", "linkify", "every", "inputs", "render", "key", "header"),
}

#: The component's ``type`` in Gradio 4.44.1's /config, where it is not the lower-cased class
#: name: subclasses report their base's (a DuplicateButton is a "button"), the three native
#: plots share one frontend component.
CONFIG_TYPES: dict[str, str] = {
    "BarPlot": "nativeplot",
    "LinePlot": "nativeplot",
    "ScatterPlot": "nativeplot",
    "DuplicateButton": "button",
    "LoginButton": "button",
    "LogoutButton": "button",
    "ImageMask": "imageeditor",
    "Sketchpad": "imageeditor",
    "Paint": "imageeditor",
    "PlayableVideo": "video",
    "Microphone": "audio",
    "Mic": "audio",
    "Highlight": "highlightedtext",
}

#: Stand-ins that are form components in Gradio 4.44.1 (subclasses of FormComponent there):
#: a run of them is grouped into a Form, as Textbox and Number are.
FORM_COMPONENTS = ("DateTime", "MultimodalTextbox")


class StandIn(Component):
    """A component blockspec does not model: any arguments, values passed through as JSON."""

    TYPE = "standin"
    POSITIONAL: tuple[str, ...] = ("value",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        name = type(self).__name__
        if len(args) > len(self.POSITIONAL):
            raise DefinitionTypeError(
                f"{name}(...)",
                args,
                f"has {len(args)} positional arguments; gr.{name} takes at most {len(self.POSITIONAL)}"
                + (f" ({', '.join(self.POSITIONAL)})" if self.POSITIONAL else ""),
                "Pass the others by keyword.",
            )
        for parameter, arg in zip(self.POSITIONAL, args):
            if parameter in kwargs:
                raise DefinitionTypeError(
                    f"{name}({parameter})",
                    arg,
                    "is given both by position and by keyword",
                    f"Pass {parameter} once.",
                )
            kwargs[parameter] = arg
        known = [p.name for p in type(self).PARAMS]
        # Keep what only the real component understands; the rest is the common surface.
        self.extra: dict[str, Any] = {k: kwargs.pop(k) for k in list(kwargs) if k not in known}
        super().__init__(**kwargs)


_made: dict[str, type[StandIn]] = {}


def stand_in(name: str) -> type[StandIn]:
    """The stand-in class for Gradio's component ``name`` (one class per name)."""
    if name not in _made:
        _made[name] = type(
            name,
            (StandIn, FormComponent) if name in FORM_COMPONENTS else (StandIn,),
            {
                "TYPE": CONFIG_TYPES.get(name, name.lower()),
                "EVENTS": STAND_IN_EVENTS[name],
                "POSITIONAL": POSITIONAL.get(name, ("value",)),
                "__doc__": f"A stand-in for gr.{name}.",
            },
        )
    return _made[name]
