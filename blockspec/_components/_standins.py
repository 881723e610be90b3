"""Stand-ins for the Gradio components blockspec does not model (Gallery, Audio, Video, ...).

An app file written for Gradio may use any of them. Through the compatibility module each
becomes a stand-in: it accepts whatever arguments the real component takes (keeping them),
has the real component's events, and passes values through unchanged as JSON. The event
model -- what triggers what, queueing, ordering -- is then simulated exactly; only the
component's own value conversion is not. Using one warns once, naming it.
"""

from __future__ import annotations

import datetime
import io
import json
import struct
import zlib
from pathlib import PurePath
from typing import Any, ClassVar, NoReturn

from .._errors import DefinitionTypeError, Error
from .._files import current_file_store, file_data
from ._base import Component, FormComponent
from ._pixels import to_uint8

__all__ = ["StandIn", "STAND_IN_EVENTS", "POSITIONAL", "CONFIG_TYPES", "stand_in"]

_MEDIA = ("change", "clear", "upload", "play", "pause", "stop", "end", "start_recording", "stop_recording")
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
    "Code": ("change", "input", "focus", "blur"),
    "ColorPicker": ("change", "input", "submit", "focus", "blur"),
    "Dataset": ("click", "select"),
    "DateTime": ("change", "submit"),
    "DownloadButton": ("click",),
    "DuplicateButton": ("click",),
    "FileExplorer": ("change",),
    "Gallery": ("select", "upload", "change"),
    "ImageEditor": _EDITOR,
    "ImageMask": _EDITOR,
    "LoginButton": ("click",),
    "LogoutButton": ("click",),
    "Model3D": ("change", "upload", "edit", "clear"),
    "MultimodalTextbox": ("change", "input", "select", "submit", "focus", "blur"),
    "ParamViewer": ("change", "upload"),
    "Sketchpad": _EDITOR,
    "Paint": _EDITOR,
    "UploadButton": ("click", "upload"),
    "Video": _MEDIA,
    "PlayableVideo": _MEDIA,
}
STAND_IN_EVENTS["Microphone"] = STAND_IN_EVENTS["Audio"]
STAND_IN_EVENTS["Mic"] = STAND_IN_EVENTS["Audio"]
# Gradio 4.44.1's lower-case aliases (gradio/components/__init__.py)
STAND_IN_EVENTS["Annotatedimage"] = STAND_IN_EVENTS["AnnotatedImage"]


#: Gradio 4.44.1's positional parameters of the stand-ins whose first is not ``value``
#: (``inspect.signature`` of each class in gradio 4.44.1; e.g. gradio/components/download_button.py
#: takes ``label`` first). The others take ``value`` first and nothing else positionally.
POSITIONAL: dict[str, tuple[str, ...]] = {
    "Code": ("value", "language"),
    "Dataset": (),
    "DownloadButton": ("label", "value"),
    "UploadButton": ("label", "value"),
    "FileExplorer": ("glob",),
    "LoginButton": ("value", "logout_value"),
    "ParamViewer": ("value", "language", "linkify", "every", "inputs", "render", "key", "header"),
}

#: The component's ``type`` in Gradio 4.44.1's /config, where it is not the lower-cased class
#: name: subclasses report their base's (a DuplicateButton is a "button").
CONFIG_TYPES: dict[str, str] = {
    "DuplicateButton": "button",
    "LoginButton": "button",
    "LogoutButton": "button",
    "ImageMask": "imageeditor",
    "Sketchpad": "imageeditor",
    "Paint": "imageeditor",
    "PlayableVideo": "video",
    "Microphone": "audio",
    "Mic": "audio",
}

#: Stand-ins that are form components in Gradio 4.44.1 (subclasses of FormComponent there):
#: a run of them is grouped into a Form, as Textbox and Number are.
FORM_COMPONENTS = ("DateTime", "MultimodalTextbox")


class StandIn(Component):
    """A component blockspec does not model: any arguments, values passed through as JSON.

    What the function returns goes to the client as JSON. Values with no JSON form are
    converted where every Gradio component converts them alike -- bytes and images (numpy
    arrays, PIL images) become files in the cache, sent as ``FileData``; numpy scalars
    become numbers; a datetime becomes the text ``gr.DateTime`` sends -- and anything else
    fails the job with an error naming the component, never reaching the client.
    """

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

    def postprocess(self, value: Any) -> Any:
        return self._as_json(value, "value", 0)

    def _as_json(self, value: Any, where: str, depth: int) -> Any:
        if value is None or isinstance(value, (str, bool, int, float)):
            return value
        if depth > _MAX_DEPTH:
            self._refuse(value, where, f"is nested more than {_MAX_DEPTH} levels deep (a cycle?)")
        if isinstance(value, (list, tuple)):
            return [self._as_json(v, f"{where}[{i}]", depth + 1) for i, v in enumerate(value)]
        if isinstance(value, dict):
            out = {}
            for key, item in value.items():
                if not isinstance(key, (str, int, float, bool)) and key is not None:
                    self._refuse(key, f"{where} (a key)", "is not a JSON object key")
                out[key if isinstance(key, str) else json.dumps(key)] = self._as_json(
                    item, f"{where}[{key!r}]", depth + 1
                )
            return out
        if isinstance(value, datetime.datetime):
            return value.strftime("%Y-%m-%d %H:%M:%S")  # gr.DateTime's default time_format
        if isinstance(value, (datetime.date, datetime.time)):
            return value.isoformat()
        if isinstance(value, PurePath):
            return str(value)
        if isinstance(value, (bytes, bytearray)):
            return file_data(current_file_store().store_bytes(bytes(value), "file"))
        if isinstance(getattr(value, "shape", None), tuple) and value.shape == () and hasattr(value, "item"):
            return self._as_json(value.item(), where, depth + 1)  # a numpy scalar
        if hasattr(value, "save") or hasattr(value, "__array_interface__"):
            return self._image_file(value, where)
        self._refuse(value, where, "has no JSON form")

    def _image_file(self, value: Any, where: str) -> dict[str, Any]:
        """An image as Gradio's image components send it: a file in the cache, as FileData.

        An array is written as a PNG here (no Pillow needed, and the same bytes on every
        machine); an object with a ``save`` method (a PIL image) saves itself.
        """
        if hasattr(value, "__array_interface__") and not hasattr(value, "save"):
            try:
                data = _png(value)
            except (TypeError, ValueError) as exc:
                self._refuse(value, where, f"is an array that is not an image ({exc})")
        else:
            buffer = io.BytesIO()
            try:
                value.save(buffer, format="PNG")
            except Exception as exc:
                self._refuse(value, where, f"could not be saved as a PNG image ({exc})")
            data = buffer.getvalue()
        return file_data(current_file_store().store_bytes(data, "image.png"))

    def _refuse(self, value: Any, where: str, problem: str) -> NoReturn:
        name = type(self).__name__
        raise TypeError(
            f"{name} (id {self.id}, blockspec's stand-in for gr.{name}) cannot send {where} to the browser: "
            f"{type(value).__name__} {problem}. Return JSON values (str, numbers, lists, dicts), file paths, "
            "bytes, or images (numpy arrays need Pillow installed)."
        )


#: Deeper than this, a value is taken for a cycle.
_MAX_DEPTH = 100

#: PNG colour types by the number of channels: grey, grey+alpha, RGB, RGBA.
_PNG_COLOUR = {1: 0, 2: 4, 3: 2, 4: 6}


def _png(array: Any) -> bytes:
    """A numpy-like image array (height x width [x 1-4 channels]) as PNG bytes.

    Pixels become 8-bit as Gradio's conversion makes them (:func:`~._pixels.to_uint8`).
    """
    shape = tuple(array.shape)
    if len(shape) == 2:
        shape = (*shape, 1)
    if len(shape) != 3 or shape[2] not in _PNG_COLOUR or 0 in shape:
        raise ValueError(f"shape {tuple(array.shape)} is not height x width [x 1-4 channels]")
    pixels = to_uint8(array).tobytes()
    height, width, channels = shape
    stride = width * channels
    raw = b"".join(b"\x00" + pixels[row * stride : (row + 1) * stride] for row in range(height))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, _PNG_COLOUR[channels], 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


class _UploadStandIn(StandIn):
    """A stand-in whose input is the files a user uploaded (``UploadButton``): its value
    reaches the function as File's does -- a path that answers ``.name`` (``type="filepath"``,
    the default) or bytes (``"binary"``), one or a list as ``file_count`` says
    (gradio/components/upload_button.py, ``preprocess``, 4.44.1)."""

    def preprocess(self, payload: Any) -> Any:
        from pathlib import Path

        from ._media import NamedString, _path_of

        if payload is None:
            return None
        binary = self.extra.get("type", "filepath") == "binary"

        def one(item: Any) -> Any:
            path = _path_of(item)
            return Path(path).read_bytes() if binary else NamedString(path)

        if self.extra.get("file_count", "single") == "single":
            return one(payload[0] if isinstance(payload, list) and len(payload) == 1 else payload)
        return [one(item) for item in (payload if isinstance(payload, list) else [payload])]


class _GalleryStandIn(StandIn):
    """A stand-in Gallery holds what Gradio's page holds: a list of ``{"image": FileData,
    "caption": ...}`` (gradio/components/gallery.py, ``postprocess``, 4.44.1), so a select
    event's value is such an item; a function taking the Gallery gets ``(path, caption)``
    pairs (``type="filepath"``, its ``preprocess``)."""

    def postprocess(self, value: Any) -> Any:
        if value is None:
            return []
        if not isinstance(value, (list, tuple)):
            self._refuse(value, "value", "is not a list of images (a Gallery takes a list)")
        return [self._item(item, f"value[{i}]") for i, item in enumerate(value)]

    def _item(self, item: Any, where: str) -> dict[str, Any]:
        if isinstance(item, dict) and ("image" in item or "video" in item):
            return self._as_json(item, where, 1)  # already the page's form
        caption = None
        if isinstance(item, (tuple, list)) and len(item) == 2:
            item, caption = item
        if isinstance(item, str) and item.startswith(("http://", "https://")):
            name = PurePath(item.split("?", 1)[0]).name
            image = {**file_data(name, orig_name=name), "path": item, "url": item, "size": None}
        elif isinstance(item, (str, PurePath)):
            image = file_data(item)
        else:
            image = self._as_json(item, where, 1)  # arrays and PIL images become files
            if not (isinstance(image, dict) and "path" in image):
                self._refuse(item, where, "is not an image (a path, a URL, an array or a PIL image)")
        return {"image": image, "caption": None if caption is None else str(caption)}

    def preprocess(self, payload: Any) -> Any:
        if payload is None:
            return None
        pairs = []
        for item in payload if isinstance(payload, list) else [payload]:
            media = item.get("image") or item.get("video") if isinstance(item, dict) else None
            path = media.get("path") if isinstance(media, dict) else None
            pairs.append((path, item.get("caption")) if path is not None else item)
        return pairs


class _AudioStandIn(StandIn):
    """A stand-in Audio converts what Gradio's does for its default ``type="numpy"``: a function
    gets ``(sample_rate, samples)`` and may return it; a path stays a path
    (gradio/components/audio.py, ``preprocess``/``postprocess``, 4.44.1). blockspec reads and
    writes WAV with the standard library; numpy is needed only for ``type="numpy"`` values."""

    def preprocess(self, payload: Any) -> Any:
        from ._media import _path_of

        if payload is None:
            return None
        path = _path_of(payload)
        if self.extra.get("type", "numpy") == "filepath":
            return path
        return _read_wav(path, self)

    def postprocess(self, value: Any) -> Any:
        if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], int):
            rate, samples = value
            return file_data(current_file_store().store_bytes(_wav(rate, samples, self), "audio.wav"))
        if isinstance(value, (str, PurePath)):
            return file_data(value)
        return super().postprocess(value)


def _named(component: StandIn) -> str:
    return f"{type(component).__name__} (id {component.id})"


def _read_wav(path: str, component: StandIn) -> Any:
    import wave

    try:
        import numpy
    except ImportError:
        raise Error(
            f"{_named(component)} has type='numpy', which needs numpy installed; install it "
            "(pip install 'blockspec[data]') or use type='filepath'."
        ) from None
    try:
        with wave.open(path, "rb") as source:
            rate, channels, width = source.getframerate(), source.getnchannels(), source.getsampwidth()
            frames = source.readframes(source.getnframes())
    except (wave.Error, EOFError) as exc:
        raise Error(f"{_named(component)}: blockspec reads WAV files only ({exc}).") from None
    dtype = {1: numpy.uint8, 2: numpy.int16, 4: numpy.int32}.get(width)
    if dtype is None:
        raise Error(f"{_named(component)}: a {8 * width}-bit WAV is not supported; use 8, 16 or 32 bits.")
    samples = numpy.frombuffer(frames, dtype=dtype)
    return rate, samples.reshape(-1, channels) if channels > 1 else samples


def _wav(rate: int, samples: Any, component: StandIn) -> bytes:
    """16-bit PCM WAV bytes of ``samples`` (floats in [-1, 1] are scaled, as Gradio does)."""
    import wave

    import numpy

    data = numpy.asarray(samples)
    if data.dtype.kind == "f":
        data = numpy.clip(data, -1.0, 1.0) * 32767
    elif data.dtype.kind not in "iu":
        component._refuse(samples, "value[1]", "is not an array of audio samples")
    data = data.astype("<i2")
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1 if data.ndim == 1 else data.shape[1])
        out.setsampwidth(2)
        out.setframerate(int(rate))
        out.writeframes(data.tobytes())
    return buffer.getvalue()


class _CodeStandIn(StandIn):
    """A stand-in Code: apps read ``gr.Code.languages`` (to offer them in a Dropdown)."""

    #: gradio/components/code.py ``Code.languages`` in 4.44.1, in its order
    languages: ClassVar[list[str | None]] = [
        "python", "c", "cpp", "markdown", "json", "html", "css", "javascript", "typescript", "yaml",
        "dockerfile", "shell", "r", "sql", "sql-msSQL", "sql-mySQL", "sql-mariaDB", "sql-sqlite",
        "sql-cassandra", "sql-plSQL", "sql-hive", "sql-pgSQL", "sql-gql", "sql-gpSQL", "sql-sparkSQL",
        "sql-esper", None,
    ]  # fmt: skip


#: Stand-ins with more behaviour than passing JSON through.
_BASES: dict[str, type[StandIn]] = {
    "UploadButton": _UploadStandIn,
    "Gallery": _GalleryStandIn,
    "Code": _CodeStandIn,
    "Audio": _AudioStandIn,
    "Microphone": _AudioStandIn,
    "Mic": _AudioStandIn,
}

_made: dict[str, type[StandIn]] = {}


def stand_in(name: str) -> type[StandIn]:
    """The stand-in class for Gradio's component ``name`` (one class per name)."""
    if name not in _made:
        _made[name] = type(
            name,
            (StandIn, FormComponent) if name in FORM_COMPONENTS else (_BASES.get(name, StandIn),),
            {
                "TYPE": CONFIG_TYPES.get(name, name.lower()),
                "EVENTS": STAND_IN_EVENTS[name],
                "POSITIONAL": POSITIONAL.get(name, ("value",)),
                "__doc__": f"A stand-in for gr.{name}.",
            },
        )
    return _made[name]
