"""Uploads and downloads: ``POST P/upload`` and ``GET P/file=<path>``.

Two rules keep a browser safe from what users upload (advisory class S-15, stored XSS):

* **Only passive types are shown inline.** A file is served inline only when its type
  (guessed from its name) is in :data:`INLINE_TYPES` -- raster images, audio, video, plain
  text, JSON, PDF. Everything else (HTML, SVG, XML, JavaScript, unknown types, ...) is sent
  with ``Content-Disposition: attachment``, so the browser saves it instead of running it on
  the app's origin. Every file carries ``X-Content-Type-Options: nosniff`` so a browser never
  guesses an active type from the bytes.
* **Upload names are sanitised.** Only the last path component is kept; NUL and control
  characters and both separators go; an empty name, ``.`` or ``..`` becomes ``upload``; a name
  is at most 255 bytes. A stored upload is always a regular file inside its own new
  directory, never a directory or a path outside the cache.

Path checks run in a worker thread: a slow disk or a pathological path never stalls the
event loop that every other client's stream is on.
"""

from __future__ import annotations

import mimetypes
import unicodedata
from pathlib import Path

import trio
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, Response

from .._errors import SubmissionError
from ._context import ServerContext
from ._validate import MAX_PATH_CHARS

__all__ = ["INLINE_TYPES", "download", "safe_upload_name", "upload"]

#: Media types a browser only displays (no script runs in them on the app's origin).
INLINE_TYPES = frozenset(
    {
        "image/png",
        "image/jpeg",
        "image/gif",
        "image/webp",
        "image/bmp",
        "image/avif",
        "image/tiff",
        "image/x-icon",
        "image/vnd.microsoft.icon",
        "audio/mpeg",
        "audio/wav",
        "audio/x-wav",
        "audio/ogg",
        "audio/flac",
        "audio/aac",
        "audio/mp4",
        "audio/webm",
        "video/mp4",
        "video/webm",
        "video/ogg",
        "video/quicktime",
        "text/plain",
        "text/csv",
        "application/json",
        "application/pdf",
    }
)

_MAX_NAME_BYTES = 255


def safe_upload_name(name: str | None) -> str:
    """A file name that is one harmless path component (see the module docstring)."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if c != "\0" and unicodedata.category(c) != "Cc").strip()
    if name in ("", ".", ".."):
        return "upload"
    encoded = name.encode("utf-8")
    if len(encoded) > _MAX_NAME_BYTES:
        stem, dot, suffix = name.rpartition(".")
        keep = suffix if dot and len(suffix.encode()) < 16 else ""
        budget = _MAX_NAME_BYTES - len(keep.encode()) - 1
        head = (stem if keep else name).encode("utf-8")[:budget].decode("utf-8", "ignore")
        name = f"{head}.{keep}" if keep else head
    return name


def file_headers(path: Path) -> tuple[str, dict[str, str]]:
    """The media type to send ``path`` with, and its safety headers."""
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    headers = {"X-Content-Type-Options": "nosniff"}
    if media_type not in INLINE_TYPES:
        # starlette quotes the name (RFC 6266 / 5987) when given content_disposition_type.
        headers["Content-Disposition"] = "attachment"
    return media_type, headers


async def upload(ctx: ServerContext, request: Request) -> Response:
    limit = ctx.settings.max_file_size
    too_big = PlainTextResponse(f"File size exceeded maximum allowed size of {limit} bytes.", status_code=413)
    declared = request.headers.get("content-length")
    # A request larger than the limit plus room for its multipart framing cannot fit.
    if limit is not None and declared and declared.isdigit() and int(declared) > limit + 64 * 1024:
        return too_big
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise SubmissionError("An upload is a multipart/form-data body with one `files` part per file.", status=415)
    try:
        form = await request.form(max_files=1000, max_fields=1000)
    except HTTPException as exc:  # starlette's own answer to a broken body: keep its 4xx
        raise SubmissionError(
            f"The upload is not a valid multipart body: {exc.detail}", status=exc.status_code
        ) from None
    except ValueError as exc:  # python-multipart's parser errors (e.g. a boundary over 256 bytes)
        raise SubmissionError(f"The upload is not a valid multipart body: {exc}", status=400) from None
    uploads = [f for f in form.getlist("files") if hasattr(f, "read")]
    contents = []
    for item in uploads:
        data = await item.read()
        if limit is not None and len(data) > limit:
            return too_big  # nothing is stored
        contents.append((data, safe_upload_name(item.filename)))
    paths = [str(ctx.uploads.store_bytes(data, name)) for data, name in contents]
    return JSONResponse(paths)


async def download(ctx: ServerContext, request: Request) -> Response:
    requested = request.path_params["path"]
    if len(requested) > MAX_PATH_CHARS:
        raise SubmissionError(
            f"The file path is {len(requested)} characters long; no file has a path longer than "
            f"{MAX_PATH_CHARS}. Request the path the server gave you.",
            status=414,
        )
    path = await trio.to_thread.run_sync(ctx.access.resolve, requested)
    media_type, headers = file_headers(path)
    disposition = "attachment" if "Content-Disposition" in headers else "inline"
    headers.pop("Content-Disposition", None)
    return FileResponse(
        path, media_type=media_type, headers=headers, filename=path.name, content_disposition_type=disposition
    )
