"""What ChatInterface's listeners run: one turn of a conversation, as Gradio 4.44.1 runs it.

A turn goes through three listeners (gradio/chat_interface.py:330-378): the message leaves
the textbox for a ``State`` (``_clear_and_save_textbox``), appears in the Chatbot
(``_display_input``), then the app's function answers (``_submit_fn``, or ``_stream_fn``
yielding the growing reply). Retry and Undo first drop the last exchange
(``_delete_prev_fn``). These names are the endpoints' ``api_name`` in the config, so the
functions here carry them.

The app's function sees the message (a string, or ``{"text", "files"}`` when multimodal) and
the history *before* it; the listeners' own history already holds it. A sync function (or
generator) stays sync and an async one stays async, so the engine runs the app's code the way
it runs any listener (sync code on the virtual clock, asyncio code on the bridge).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import attrs

from ._fn_signature import read_signature
from ._graph import FnSignature
from ._progress import Progress
from ._request import Request

__all__ = ["MultimodalMessage", "ChatTurns"]


@attrs.frozen
class MultimodalMessage:
    """A message from a MultimodalTextbox: its text and its files (FileData dicts)."""

    text: str | None = None
    files: tuple[dict[str, Any], ...] = ()

    @classmethod
    def from_payload(cls, payload: Any) -> MultimodalMessage:
        payload = payload if isinstance(payload, dict) else {}
        files = tuple(f if isinstance(f, dict) else {"path": str(f)} for f in payload.get("files") or ())
        return cls(text=payload.get("text"), files=files)

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "files": [dict(f) for f in self.files]}


class ChatTurns:
    """The listener functions of one ChatInterface (``fn``, the history format, multimodal)."""

    def __init__(self, fn: Callable[..., Any], *, kind: str, multimodal: bool) -> None:
        self.fn = fn
        self.kind = kind  # "tuples" or "messages"
        self.multimodal = multimodal
        self.signature: FnSignature = read_signature(fn) or FnSignature()

    # -- the message in the textbox -------------------------------------------------------

    def clear_and_save(self, message: Any) -> tuple[Any, Any]:
        """The textbox's new (empty) value, and the message kept for this turn."""
        if self.multimodal:
            return {"text": "", "files": []}, MultimodalMessage.from_payload(message)
        return "", message

    def display_input(self, message: Any, history: list[Any]) -> list[Any]:
        """The Chatbot with the user's message shown (and no reply yet)."""
        if isinstance(message, MultimodalMessage):
            self._append_multimodal(message, history)
        elif isinstance(message, str):
            history.append([message, None] if self.kind == "tuples" else {"role": "user", "content": message})
        return history

    def _append_multimodal(self, message: MultimodalMessage, history: list[Any]) -> None:
        # gradio/chat_interface.py:457-481: each file is a message of its own, then the text.
        for file in message.files:
            if self.kind == "tuples":
                history.append([(file.get("path"),), None])
            else:
                history.append({"role": "user", "content": dict(file)})
        if not isinstance(message.text, str):
            return
        if self.kind == "tuples":
            history.append([None, None] if message.text == "" and message.files else [message.text, None])
        else:
            history.append({"role": "user", "content": message.text})

    def delete_previous(self, message: Any, history: list[Any]) -> tuple[list[Any], Any]:
        """The Chatbot without the last exchange, and the message kept (for Retry/Undo)."""
        extra = 1 if self.kind == "messages" else 0
        if isinstance(message, MultimodalMessage):
            shown = len(message.files) + (1 if message.text is not None else 0)
            history = history[: -(shown + extra)] if shown + extra else history
        else:
            history = history[: -(1 + extra)]
        return history, message or ""

    # -- the app's function ----------------------------------------------------------------

    def split(self, message: Any, history_with_input: list[Any]) -> tuple[Any, list[Any]]:
        """The message as the app's function sees it, and the history before it."""
        if isinstance(message, MultimodalMessage):
            shown = len(message.files) + (1 if message.text is not None else 0)
            return message.as_dict(), history_with_input[: len(history_with_input) - shown]
        return message, history_with_input[:-1]

    def call_args(self, values: list[Any], request: Request | None) -> tuple[list[Any], dict[str, Any]]:
        """The app's function's arguments: its values, plus the request and progress it asks for."""
        kwargs: dict[str, Any] = {}
        if self.signature.request_param is not None:
            kwargs[self.signature.request_param] = request
        if self.signature.progress_param is not None:
            kwargs[self.signature.progress_param] = Progress()
        return values, kwargs

    def append_reply(self, history: list[Any], reply: Any, *, first: bool) -> None:
        if self.kind == "tuples":
            history[-1][1] = reply
            return
        message = reply_as_message(reply)
        if first:
            history.append(message)
        else:
            history[-1] = message

    # -- the four shapes of the answering listener (sync/async x function/generator) --------

    def submit_fn(self) -> Callable[..., Any]:
        turns = self
        if self.signature.is_async:

            async def _submit_fn(message: Any, history_with_input: list[Any], request: Request, *args: Any) -> Any:
                shown, history = turns.split(message, history_with_input)
                values, kwargs = turns.call_args([shown, history, *args], request)
                turns.append_reply(history_with_input, await turns.fn(*values, **kwargs), first=True)
                return history_with_input

            return _qualified(_submit_fn)

        def _submit_fn(message: Any, history_with_input: list[Any], request: Request, *args: Any) -> Any:  # type: ignore[misc]
            shown, history = turns.split(message, history_with_input)
            values, kwargs = turns.call_args([shown, history, *args], request)
            turns.append_reply(history_with_input, turns.fn(*values, **kwargs), first=True)
            return history_with_input

        return _qualified(_submit_fn)

    def stream_fn(self) -> Callable[..., Any]:
        turns = self
        if self.signature.is_async:

            async def _stream_fn(message: Any, history_with_input: list[Any], request: Request, *args: Any) -> Any:
                shown, history = turns.split(message, history_with_input)
                values, kwargs = turns.call_args([shown, history, *args], request)
                first = True
                async for reply in turns.fn(*values, **kwargs):
                    turns.append_reply(history_with_input, reply, first=first)
                    first = False
                    yield history_with_input
                if first:  # a generator that yields nothing still shows the message
                    yield history_with_input

            return _qualified(_stream_fn)

        def _stream_fn(message: Any, history_with_input: list[Any], request: Request, *args: Any) -> Any:  # type: ignore[misc]
            shown, history = turns.split(message, history_with_input)
            values, kwargs = turns.call_args([shown, history, *args], request)
            first = True
            for reply in turns.fn(*values, **kwargs):
                turns.append_reply(history_with_input, reply, first=first)
                first = False
                yield history_with_input
            if first:
                yield history_with_input

        return _qualified(_stream_fn)

    def examples_fn(self) -> Callable[..., Any]:
        """What a cached example shows: the example's message and the reply (Gradio's
        ``_examples_fn`` / ``_examples_stream_fn``, chat_interface.py:645-683)."""
        turns = self

        def exchange(message: Any, reply: Any, *, as_message: bool) -> list[Any]:
            if turns.kind == "tuples":
                return [[message, reply]]
            # Gradio converts a streamed reply to a message, a returned one not.
            return [{"role": "user", "content": message}, reply_as_message(reply) if as_message else reply]

        if self.signature.is_generator:
            if self.signature.is_async:

                async def _examples_stream_fn(message: Any, *args: Any) -> Any:
                    async for reply in turns.fn(message, [], *args):
                        yield exchange(message, reply, as_message=True)

                return _qualified(_examples_stream_fn)

            def _examples_stream_fn(message: Any, *args: Any) -> Any:  # type: ignore[misc]
                for reply in turns.fn(message, [], *args):
                    yield exchange(message, reply, as_message=True)

            return _qualified(_examples_stream_fn)
        if self.signature.is_async:

            async def _examples_fn(message: Any, *args: Any) -> Any:
                return exchange(message, await turns.fn(message, [], *args), as_message=False)

            return _qualified(_examples_fn)

        def _examples_fn(message: Any, *args: Any) -> Any:  # type: ignore[misc]
            return exchange(message, turns.fn(message, [], *args), as_message=False)

        return _qualified(_examples_fn)

    def api_fn(self) -> Callable[..., Any]:
        """The ``chat`` endpoint: (message, history, *extra) -> (reply, history with it)."""
        fn = self.fn
        if self.signature.is_generator:
            if self.signature.is_async:

                @functools.wraps(fn)
                async def api_fn(message: Any, history: list[Any], *args: Any, **kwargs: Any) -> Any:
                    got = False
                    async for reply in fn(message, history, *args, **kwargs):
                        got = True
                        yield reply, [*history, [message, reply]]
                    if not got:
                        yield None, [*history, [message, None]]

                return api_fn

            @functools.wraps(fn)
            def api_fn(message: Any, history: list[Any], *args: Any, **kwargs: Any) -> Any:  # type: ignore[misc]
                got = False
                for reply in fn(message, history, *args, **kwargs):
                    got = True
                    yield reply, [*history, [message, reply]]
                if not got:
                    yield None, [*history, [message, None]]

            return api_fn
        if self.signature.is_async:

            @functools.wraps(fn)
            async def api_fn(message: Any, history: list[Any], *args: Any, **kwargs: Any) -> Any:  # type: ignore[misc]
                reply = await fn(message, history, *args, **kwargs)
                history.append([message, reply])
                return reply, history

            return api_fn

        @functools.wraps(fn)
        def api_fn(message: Any, history: list[Any], *args: Any, **kwargs: Any) -> Any:  # type: ignore[misc]
            reply = fn(message, history, *args, **kwargs)
            history.append([message, reply])
            return reply, history

        return api_fn


def _qualified(fn: Callable[..., Any]) -> Callable[..., Any]:
    fn.__qualname__ = f"ChatInterface.{fn.__name__}"
    return fn


def reply_as_message(reply: Any) -> Any:
    """A reply for a messages Chatbot: a string becomes the assistant's message; a dict or a
    gr.ChatMessage is a message already."""
    if isinstance(reply, str):
        return {"role": "assistant", "content": reply}
    return reply
