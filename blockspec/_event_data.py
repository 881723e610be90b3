"""What a function learns about the event that ran it.

Annotate a parameter with :class:`EventData` (or a subclass) and the engine passes the
event's data there instead of an input value::

    def on_select(value, evt: gr.SelectData):
        return f"picked {evt.value} at {evt.index}"
"""

from __future__ import annotations

from typing import Any

import attrs

__all__ = ["EventData", "SelectData", "KeyUpData", "LikeData", "DeletedFileData", "DeletedFile"]


class EventData:
    """Data of the event that triggered a listener; ``target`` is the triggering block."""

    def __init__(self, target: Any, data: Any) -> None:
        self.target = target
        self._data = data

    def __repr__(self) -> str:
        return f"{type(self).__name__}(target={self.target!r}, data={self._data!r})"


class SelectData(EventData):
    """``.select``: which item (``index``, ``value``) was selected or deselected."""

    def __init__(self, target: Any, data: Any) -> None:
        super().__init__(target, data)
        self.index: Any = data["index"]
        self.value: Any = data["value"]
        self.row_value: Any = data.get("row_value")
        self.col_value: Any = data.get("col_value")
        self.selected: bool = data.get("selected", True)


class KeyUpData(EventData):
    """``.key_up``: the ``key`` released and the input's value at that moment."""

    def __init__(self, target: Any, data: Any) -> None:
        super().__init__(target, data)
        self.key: str = data["key"]
        self.input_value: str = data["input_value"]


class LikeData(EventData):
    """``.like``: which chatbot message (``index``, ``value``) was liked or disliked."""

    def __init__(self, target: Any, data: Any) -> None:
        super().__init__(target, data)
        self.index: Any = data["index"]
        self.value: Any = data["value"]
        self.liked: bool = data.get("liked", True)


@attrs.frozen(kw_only=True)
class DeletedFile:
    """A file as the page describes it (Gradio's ``FileData``): ``path`` and what it knows."""

    path: str
    url: str | None = None
    size: int | None = None
    orig_name: str | None = None
    mime_type: str | None = None
    is_stream: bool = False
    meta: dict[str, Any] = attrs.field(factory=lambda: {"_type": "gradio.FileData"})

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DeletedFile:
        known = {f.name for f in attrs.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


class DeletedFileData(EventData):
    """``.delete`` on a File: the file that was removed, as ``file.path``, ``file.orig_name``..."""

    def __init__(self, target: Any, data: Any) -> None:
        super().__init__(target, data)
        # The page sends the removed file's FileData (js/file/shared/FilePreview.svelte:55);
        # Gradio builds a FileData from it, so a missing "path" fails as it does there.
        self.file: DeletedFile = DeletedFile.from_json(data)
