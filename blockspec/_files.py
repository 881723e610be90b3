"""File values as they cross the wire (Gradio's ``FileData``), and where new files are kept.

A file travels as a dict: ``{"path", "url", "size", "orig_name", "mime_type", "is_stream",
"meta": {"_type": "gradio.FileData"}}``. Functions see paths (or bytes); they may return
paths or bytes. Bytes are written into the *file store* that is current -- the engine sets
one per run so it can track and delete what it created (``delete_cache``); outside a run a
temporary directory is used.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

__all__ = [
    "FileStore",
    "file_data",
    "is_file_data",
    "current_file_store",
    "set_file_store",
    "reset_file_store",
    "using_file_store",
]

FILE_DATA_TYPE = "gradio.FileData"


def is_file_data(value: Any) -> bool:
    return isinstance(value, dict) and "path" in value and isinstance(value.get("path"), str)


def file_data(path: str | os.PathLike[str], *, orig_name: str | None = None) -> dict[str, Any]:
    """The wire form of the file at ``path`` (a URL stays a URL, in ``path`` and ``url``)."""
    if isinstance(path, str) and path.startswith(("http://", "https://")):
        name = path.rstrip("/").rsplit("/", 1)[-1]
        return {
            "path": path,
            "url": path,
            "size": None,
            "orig_name": orig_name or name,
            "mime_type": mimetypes.guess_type(name)[0],
            "is_stream": False,
            "meta": {"_type": FILE_DATA_TYPE},
        }
    p = Path(path)
    size = p.stat().st_size if p.is_file() else None
    return {
        "path": str(p),
        "url": None,
        "size": size,
        "orig_name": orig_name or p.name,
        "mime_type": mimetypes.guess_type(p.name)[0],
        "is_stream": False,
        "meta": {"_type": FILE_DATA_TYPE},
    }


class FileStore:
    """A directory of files the app created; names are content hashes, so runs repeat.

    ``created`` lists the files this store wrote, oldest first, and ``created_at`` when (by
    ``clock``, the engine's clock) -- what ``delete_cache`` needs.
    """

    def __init__(self, root: str | os.PathLike[str] | None = None, *, clock: Callable[[], float] | None = None) -> None:
        self._root = Path(root) if root is not None else None
        self.clock = clock
        self.created: list[Path] = []
        self.created_at: dict[Path, float] = {}

    def track(self, path: Path) -> None:
        """Count ``path`` (e.g. an upload) as created now."""
        if path not in self.created_at:
            self.created.append(path)
            self.created_at[path] = self.clock() if self.clock is not None else 0.0

    @property
    def root(self) -> Path:
        if self._root is None:
            self._root = Path(tempfile.mkdtemp(prefix="blockspec-"))
        return self._root

    def store_bytes(self, data: bytes, name: str) -> Path:
        digest = hashlib.sha256(data).hexdigest()[:20]
        folder = self.root / digest
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / Path(name).name
        if not path.exists():
            path.write_bytes(data)
        self.track(path)
        return path


_default_store = FileStore()
_store: ContextVar[FileStore | None] = ContextVar("blockspec_file_store", default=None)


def current_file_store() -> FileStore:
    return _store.get() or _default_store


def set_file_store(store: FileStore) -> Any:
    """Make ``store`` current for the rest of this task (each trio task has its own context).

    Returns a token for :func:`reset_file_store`."""
    return _store.set(store)


def reset_file_store(token: Any) -> None:
    _store.reset(token)


@contextmanager
def using_file_store(store: FileStore) -> Iterator[FileStore]:
    token = _store.set(store)
    try:
        yield store
    finally:
        _store.reset(token)
