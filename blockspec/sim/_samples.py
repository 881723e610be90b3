"""Small real files for inputs that take one: a PNG, a WAV, text, CSV, JSON, a ZIP.

The default scenario fills an Image or File input with one of these, written into the
simulation's own temporary folder (its file store), so the app's function receives a file
that exists and decodes. Made with the standard library only: no numpy, no Pillow.
"""

from __future__ import annotations

import io
import struct
import wave
import zipfile
import zlib
from collections.abc import Callable

__all__ = ["SAMPLES", "png_bytes", "wav_bytes", "zip_bytes", "sample_bytes", "sample_for_file_types"]


def png_bytes(width: int = 8, height: int = 8, rgb: tuple[int, int, int] = (200, 60, 30)) -> bytes:
    """A ``width`` x ``height`` RGB PNG of one colour."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    row = b"\x00" + bytes(rgb) * width  # filter type 0, then the pixels
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    pixels = zlib.compress(row * height)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def wav_bytes(seconds: float = 0.25, rate: int = 8000) -> bytes:
    """A mono 16-bit WAV of ``seconds`` of a 440 Hz square wave."""
    frames = int(seconds * rate)
    period = rate // 440
    samples = b"".join(struct.pack("<h", 8000 if (i // (period // 2 or 1)) % 2 else -8000) for i in range(frames))
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples)
    return buffer.getvalue()


def zip_bytes() -> bytes:
    """A ZIP archive holding ``hello.txt`` and ``data/sample.csv``, with a fixed date (so the
    bytes, and a run's file store, repeat)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in (("hello.txt", SAMPLES["sample.txt"]()), ("data/sample.csv", SAMPLES["sample.csv"]())):
            archive.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), data)
    return buffer.getvalue()


#: Sample file name -> a function making its bytes.
SAMPLES: dict[str, Callable[[], bytes]] = {
    "sample.png": png_bytes,
    "sample.wav": wav_bytes,
    "sample.txt": lambda: b"Hello from blockspec.\n",
    "sample.csv": lambda: b"a,b\n1,2\n3,4\n",
    "sample.json": lambda: b'{"foo": "bar"}\n',
    "sample.zip": zip_bytes,
}


def sample_bytes(name: str) -> bytes:
    """The bytes of the built-in sample ``name`` (one of :data:`SAMPLES`)."""
    try:
        return SAMPLES[name]()
    except KeyError:
        raise KeyError(f"{name!r} is not a sample file; use one of {', '.join(SAMPLES)}") from None


_BY_EXTENSION = {".png": "sample.png", ".jpg": "sample.png", ".jpeg": "sample.png", ".webp": "sample.png"}
_BY_EXTENSION.update(
    {".wav": "sample.wav", ".mp3": "sample.wav", ".csv": "sample.csv", ".json": "sample.json", ".zip": "sample.zip"}
)
_BY_KIND = {"image": "sample.png", "audio": "sample.wav", "text": "sample.txt"}


def sample_for_file_types(file_types: list[str] | tuple[str, ...] | None) -> str:
    """The sample a File accepting ``file_types`` (Gradio's ``file_types``) can take."""
    for kind in file_types or ():
        kind = str(kind).lower()
        if kind in _BY_KIND:
            return _BY_KIND[kind]
        if kind in _BY_EXTENSION:
            return _BY_EXTENSION[kind]
        if kind in (".txt", ".md", ".py", "file"):
            return "sample.txt"
    return "sample.txt"
