"""``gr.ChatMessage``: one message of a ``Chatbot(type="messages")`` conversation.

A function may put ChatMessage records or plain ``{"role", "content"}`` dicts into the list it
returns for a messages Chatbot; both reach the client as the same JSON message. Like Gradio
4.44.1's (a dataclass in gradio/components/chatbot.py:92-96), a ChatMessage is mutable: apps
stream a reply by growing ``history[-1].content`` and yielding the list again.
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

import attrs

from ._errors import DefinitionError

__all__ = ["ChatMessage", "message_json", "files_named_in", "ROLES"]

#: The roles a message may have (Gradio 4.44.1's ``Literal["user", "assistant", "system"]``).
ROLES = ("user", "assistant", "system")


def _fresh_metadata() -> dict[str, Any]:
    return {"title": None}


def _check_role(instance: Any, attribute: Any, value: Any) -> None:
    if value not in ROLES:
        raise DefinitionError(
            "ChatMessage(role)",
            value,
            "is not a chat role",
            f"Use one of {', '.join(repr(r) for r in ROLES)}.",
        )


@attrs.define(eq=True)
class ChatMessage:
    """A message: who said it (``role``), what (``content``: text, a file path tuple or a
    file dict) and ``metadata`` (``{"title": ...}`` shows it as a collapsible "thought")."""

    role: str = attrs.field(validator=_check_role)
    content: Any
    metadata: Any = attrs.field(factory=_fresh_metadata)


def message_json(message: Any, where: str) -> dict[str, Any]:
    """A message of a messages Chatbot as the JSON its client receives.

    Gradio's message model always carries ``metadata`` (``{"title": None}`` when none was
    given) and takes ``metadata`` as a dict or a record with a ``title``.
    """
    if isinstance(message, ChatMessage):
        role, content, metadata = message.role, message.content, message.metadata
    elif isinstance(message, dict) and "role" in message and "content" in message:
        role, content, metadata = message["role"], message["content"], message.get("metadata")
    else:
        raise TypeError(
            f"{where} expects {{'role', 'content'}} dicts or gr.ChatMessage records, got {message!r}. "
            "Return a list of messages such as {'role': 'assistant', 'content': 'Hi'}."
        )
    if metadata is None:
        metadata = _fresh_metadata()
    elif not isinstance(metadata, dict):
        metadata = {"title": getattr(metadata, "title", None)}
    else:
        metadata = {"title": None, **metadata}
    return {"role": role, "metadata": metadata, "content": content_json(content)}


def files_named_in(message: dict[str, Any]) -> list[dict[str, Any]]:
    """The messages a messages Chatbot adds after a text ``message``: one per space-separated
    word that names an existing file, holding that file (gradio/components/chatbot.py:452-475,
    which does the same after every text message)."""
    from ._files import file_data

    content = message["content"]
    if not isinstance(content, str):
        return []
    found = []
    for word in content.split(" "):
        try:
            is_file = bool(word) and Path(word).is_file()
        except OSError:  # a word too long to be a path
            is_file = False
        if is_file:
            # Gradio builds this FileData from the path and mime type alone.
            file = {"file": {**file_data(word), "size": None, "orig_name": None}, "alt_text": None}
            found.append({"role": message["role"], "metadata": message["metadata"], "content": file})
    return found


def content_json(content: Any) -> Any:
    """A message's content as the client receives it (gradio/components/chatbot.py:383-421):
    text is tidied as a docstring is (``inspect.cleandoc``: the first line's leading spaces, the
    other lines' common indentation and blank lines at either end go, chatbot.py:418); a
    file -- a ``(path,)`` or ``(path, alt_text)`` tuple, or a FileData dict -- becomes
    ``{"file": FileData, "alt_text": ...}``."""
    from ._files import file_data, is_file_data

    if isinstance(content, str):
        return inspect.cleandoc(content)
    if content is None:
        return content
    if isinstance(content, dict) and "file" in content:
        return content  # a file message already
    if is_file_data(content):
        return {"file": file_data(content["path"]), "alt_text": content.get("alt_text")}
    if isinstance(content, (tuple, list)) and content:
        return {"file": file_data(str(content[0])), "alt_text": content[1] if len(content) > 1 else None}
    return content


def content_value(content: Any) -> Any:
    """A message's content as the function receives it: a file as ``(path,)`` or
    ``(path, alt_text)``, as Gradio 4.44.1's Chatbot.preprocess gives it."""
    if isinstance(content, dict) and isinstance(content.get("file"), dict) and "path" in content["file"]:
        path = content["file"]["path"]
        return (path,) if content.get("alt_text") is None else (path, content["alt_text"])
    return content
