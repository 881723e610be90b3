"""Components whose value is a file: Image, File.

They work with paths and bytes; no numpy or PIL is needed. ``Image(type="numpy")`` (Gradio's
default) and ``type="pil"`` work only where numpy and Pillow are installed, and say so when
they are not.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from .._block import Param
from .._errors import Error, NotAvailableError
from .._files import current_file_store, file_data, is_file_data
from ._base import COMMON_TAIL, Component
from ._pixels import to_uint8

__all__ = ["Image", "File"]

_FILE_API_INFO = {
    "type": "object",
    "properties": {
        "path": {"type": "string"},
        # anyOf, as Gradio 4.44.1 (pydantic) writes it: gradio_client 1.3 cannot read a type list.
        "url": {"anyOf": [{"type": "string"}, {"type": "null"}]},
        "size": {"anyOf": [{"type": "integer"}, {"type": "null"}]},
        "orig_name": {"anyOf": [{"type": "string"}, {"type": "null"}]},
        "mime_type": {"anyOf": [{"type": "string"}, {"type": "null"}]},
        "is_stream": {"type": "boolean"},
        # What API clients look for to treat a value as a file to upload or download.
        "meta": {"type": "object", "default": {"_type": "gradio.FileData"}},
    },
    "required": ["path"],
}


def _to_file_data(value: Any, default_name: str) -> dict[str, Any] | None:
    if value is None:
        return None
    if is_file_data(value):
        return value
    if isinstance(value, (str, Path)):
        return file_data(value)
    if isinstance(value, (bytes, bytearray)):
        return file_data(current_file_store().store_bytes(bytes(value), default_name))
    return None


class NamedString(str):
    """A path that also answers ``.name`` (itself), as File and UploadButton pass it in Gradio
    4.44.1 (gradio/utils.py NamedString), so ``[f.name for f in files]`` keeps working."""

    name: str

    def __new__(cls, value: str) -> NamedString:
        made = super().__new__(cls, value)
        made.name = str(value)
        return made


def _path_of(payload: Any) -> str:
    path = payload["path"] if is_file_data(payload) else payload
    if isinstance(path, str):
        if path.startswith(("http://", "https://")):
            # Gradio downloads a URL value into its cache (at start-up, for a component's own
            # value); blockspec never uses the network.
            raise NotAvailableError(
                f"The file {path!r} is a URL: reading it needs the network, which blockspec does "
                "not use. Give the component a local file instead."
            )
        return path
    raise Error(f"Expected a file (a path or a FileData dict), got {type(payload).__name__}.")


class Image(Component):
    """An image, as a file. ``type``: "filepath", "bytes", or (with numpy/Pillow) "numpy", "pil"."""

    TYPE = "image"
    EVENTS = ("clear", "change", "stream", "select", "upload", "input")
    PARAMS = (
        Param("value", None, kw_only=False),
        Param("format", "webp"),
        Param("height", None),
        Param("width", None),
        Param("image_mode", "RGB"),
        Param("sources", None),
        Param("type", "numpy"),
        *COMMON_TAIL[:4],  # label, info, every, inputs
        Param("show_label", None),
        Param("show_download_button", True),
        *COMMON_TAIL[5:10],  # container, scale, min_width, interactive, visible
        Param("streaming", False),
        *COMMON_TAIL[10:],  # elem_id, elem_classes, render, key
        Param("mirror_webcam", True),
        Param("show_share_button", None),
        Param("placeholder", None),
        Param("show_fullscreen_button", True),
    )
    API_INFO = _FILE_API_INFO
    EXAMPLE = {"path": "bus.png", "meta": {"_type": "gradio.FileData"}, "orig_name": "bus.png", "url": None}

    def _check_params(self) -> None:
        self._require_one_of("type", ("numpy", "pil", "filepath", "bytes"))

    def preprocess(self, payload: Any) -> Any:
        if payload is None:
            return None
        path = _path_of(payload)
        if self.type == "filepath":
            return path
        if self.type == "bytes":
            return Path(path).read_bytes()
        try:
            from PIL import Image as PILImage
        except ImportError:
            raise Error(
                f"Image(type={self.type!r}) needs Pillow (and numpy for 'numpy') installed; "
                "install them, or use type='filepath' or type='bytes'."
            ) from None
        image = PILImage.open(path).convert(self.image_mode or "RGB")
        if self.type == "pil":
            return image
        import numpy

        return numpy.asarray(image)

    def postprocess(self, value: Any) -> Any:
        converted = _to_file_data(value, f"image.{self.format or 'png'}")
        if converted is not None or value is None:
            return converted
        if hasattr(value, "save") or hasattr(value, "__array_interface__"):
            try:
                from PIL import Image as PILImage
            except ImportError:
                raise Error("Returning an array or PIL image needs Pillow installed; return a path or bytes.") from None
            image = value if hasattr(value, "save") else PILImage.fromarray(to_uint8(value))
            buffer = io.BytesIO()
            image.save(buffer, format="PNG")
            return _to_file_data(buffer.getvalue(), "image.png")
        raise Error(f"Image expects a path, bytes or an image, got {type(value).__name__}.")


class File(Component):
    """One file or several (``file_count="multiple"``); ``type``: "filepath" or "binary"."""

    TYPE = "file"
    EVENTS = ("change", "select", "clear", "upload", "delete")
    PARAMS = (
        Param("value", None, kw_only=False),
        Param("file_count", "single"),
        Param("file_types", None),
        Param("type", "filepath"),
        *COMMON_TAIL[:8],  # label .. min_width
        Param("height", None),
        *COMMON_TAIL[8:],  # interactive .. key
    )
    API_INFO = _FILE_API_INFO
    EXAMPLE = {
        "path": "sample_file.pdf",
        "meta": {"_type": "gradio.FileData"},
        "orig_name": "sample_file.pdf",
        "url": None,
    }

    def _check_params(self) -> None:
        self._require_one_of("file_count", ("single", "multiple", "directory"))
        self._require_one_of("type", ("filepath", "binary"))

    def _one_in(self, payload: Any) -> Any:
        path = _path_of(payload)
        return Path(path).read_bytes() if self.type == "binary" else NamedString(path)

    def preprocess(self, payload: Any) -> Any:
        if payload is None:
            return None
        if self.file_count == "single":
            return self._one_in(payload)
        items = payload if isinstance(payload, list) else [payload]
        return [self._one_in(p) for p in items]

    def postprocess(self, value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, (list, tuple)):
            return [self._one_out(v) for v in value]
        return self._one_out(value)

    def _one_out(self, value: Any) -> dict[str, Any]:
        converted = _to_file_data(value, "file")
        if converted is None:
            raise Error(f"File expects a path or bytes, got {type(value).__name__}.")
        return converted
