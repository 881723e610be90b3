"""``gr.ChatInterface``: a chatbot app around one function, built as Blocks.

It is a :class:`~blockspec.Blocks` holding the components, layout and listeners Gradio 4.44.1
builds (gradio/chat_interface.py), so its ``/config`` is Gradio's dependency for dependency
and a simulation plays it like any other app:

* a Chatbot; a row of Retry / Undo / Clear buttons; a group with the message box, Submit and
  a hidden Stop button, and a hidden "Fake API" button with a hidden "Response" textbox;
  examples; an accordion of ``additional_inputs``; two States (the message being answered and
  the ``chat`` endpoint's history);
* submit (the textbox's submit or the Submit button): save and clear the message (no
  queue) -> show it (no queue) -> answer it (queued; streamed when the function is a
  generator). Retry drops the last exchange and answers again; Undo drops it and puts the
  message back in the box; Clear empties the chat. With a generator, submit swaps Submit for
  Stop until the answer ends and Stop cancels the answer.
* the ``chat`` endpoint (``api_name="chat"``) for API clients.

Buttons are addressable in a simulation by their text without the emoji ("Retry").
"""

from __future__ import annotations

import contextlib
import inspect
import warnings
from collections.abc import Callable
from typing import Any

from . import _context
from ._block import Block
from ._chat_turns import ChatTurns
from ._components._base import Component
from ._components._buttons import Button
from ._components._data import Chatbot
from ._components._special import State
from ._components._text import Markdown, Textbox
from ._errors import DefinitionError, DefinitionTypeError, DeprecatedParameterWarning
from ._events import on
from ._examples import Examples
from ._layouts import Accordion, Group, Row
from ._tabbed_interface import Embeddable

__all__ = ["ChatInterface"]

_HIDE_PAIR = {"__type__": "update", "visible": False}
_SHOW_PAIR = {"__type__": "update", "visible": True}


class ChatInterface(Embeddable):
    """A chat app around ``fn(message, history, *additional_inputs)`` returning (or yielding)
    the reply. See the module docstring for what it builds."""

    def __init__(
        self,
        fn: Callable[..., Any],
        *,
        multimodal: bool = False,
        type: str = "tuples",  # noqa: A002 - Gradio's parameter name
        chatbot: Chatbot | None = None,
        textbox: Any = None,
        additional_inputs: Any = None,
        additional_inputs_accordion_name: str | None = None,
        additional_inputs_accordion: str | Accordion | None = None,
        examples: list[Any] | None = None,
        cache_examples: bool | str | None = None,
        examples_per_page: int = 10,
        title: str | None = None,
        description: str | None = None,
        theme: Any = None,
        css: str | None = None,
        js: str | None = None,
        head: str | None = None,
        analytics_enabled: bool | None = None,
        submit_btn: str | None | Button = "Submit",
        stop_btn: str | None | Button = "Stop",
        retry_btn: str | None | Button = "🔄  Retry",
        undo_btn: str | None | Button = "↩️ Undo",
        clear_btn: str | None | Button = "🗑️  Clear",
        autofocus: bool = True,
        concurrency_limit: int | None | str = "default",
        fill_height: bool = True,
        delete_cache: tuple[int, int] | None = None,
        show_progress: str = "minimal",
        fill_width: bool = False,
    ) -> None:
        if not callable(fn):
            raise DefinitionTypeError(
                "ChatInterface(fn)", fn, "is not callable", "Pass the function that answers: fn(message, history)."
            )
        if type not in ("tuples", "messages"):
            raise DefinitionError("ChatInterface(type)", type, "is not a history format", "Use 'tuples' or 'messages'.")
        if not isinstance(multimodal, bool):
            raise DefinitionTypeError("ChatInterface(multimodal)", multimodal, "is not a bool", "Pass True or False.")
        outer = _context.current_app()
        super().__init__(
            analytics_enabled=analytics_enabled,
            mode="chat_interface",
            css=css,
            title=title or "Gradio",
            theme=theme,
            js=js,
            head=head,
            fill_height=fill_height,
            fill_width=fill_width,
            delete_cache=delete_cache,
        )
        self.type = type
        self.multimodal = multimodal
        self.concurrency_limit = concurrency_limit
        self.show_progress = show_progress
        self.fn = fn
        self.turns = ChatTurns(fn, kind=type, multimodal=multimodal)
        self.is_async = self.turns.signature.is_async
        self.is_generator = self.turns.signature.is_generator
        self.examples = examples
        self.cache_examples = cache_examples
        self._accordion_params = _accordion_params(additional_inputs_accordion_name, additional_inputs_accordion)
        self._embed(outer)  # built inside an open app, it is a part of that app
        given = _as_list(additional_inputs)
        if outer is None:
            # Components passed in, made before this app: numbered first, as Gradio numbers them.
            self._number_first(
                [
                    b
                    for b in (*given, chatbot, textbox, submit_btn, stop_btn, retry_btn, undo_btn, clear_btn)
                    if isinstance(b, Block)
                ]
            )
        with self._defining() if outer is None else contextlib.nullcontext():
            self.additional_inputs = [_component(c, "ChatInterface(additional_inputs)") for c in given]

        with self:
            self._build_layout(
                chatbot=chatbot,
                textbox=textbox,
                title=title,
                description=description,
                autofocus=autofocus,
                buttons=(retry_btn, undo_btn, clear_btn),
                submit_btn=submit_btn,
                stop_btn=stop_btn,
            )
            if examples:
                self.examples_handler = Examples(
                    examples=examples,
                    inputs=[self.textbox, *self.additional_inputs],
                    outputs=self.chatbot,
                    fn=self.turns.examples_fn(),
                    cache_examples=cache_examples,
                    _defer_caching=True,
                    examples_per_page=examples_per_page,
                )
            if self.additional_inputs and any(not c.is_rendered for c in self.additional_inputs):
                with Accordion(**self._accordion_params):
                    for component in self.additional_inputs:
                        if not component.is_rendered:
                            component.render()
            if examples:
                # Cached only now, when the inputs the examples fill are all rendered.
                self.examples_handler._start_caching()
            self.saved_input = State()
            self.chatbot_state = State(self.chatbot.value) if self.chatbot.value else State([])
            self._setup_events()
            self._setup_api()

    # -- layout ---------------------------------------------------------------------------

    def _build_layout(
        self,
        *,
        chatbot: Chatbot | None,
        textbox: Any,
        title: str | None,
        description: str | None,
        autofocus: bool,
        buttons: tuple[Any, Any, Any],
        submit_btn: Any,
        stop_btn: Any,
    ) -> None:
        if title:
            Markdown(f"<h1 style='text-align: center; margin-bottom: 1rem'>{self.title}</h1>")
        if description:
            Markdown(description)
        if chatbot is not None:
            if not isinstance(chatbot, Chatbot):
                raise DefinitionTypeError(
                    "ChatInterface(chatbot)", chatbot, "is not a gr.Chatbot", "Pass gr.Chatbot(...) or leave it out."
                )
            if chatbot.type != self.type:
                warnings.warn(
                    f"ChatInterface(type={self.type!r}) was given a Chatbot(type={chatbot.type!r}); the "
                    "Chatbot takes the ChatInterface's type, as in Gradio. Pass the same type to both.",
                    UserWarning,
                    stacklevel=4,
                )
                chatbot.type = self.type
                chatbot._params["type"] = self.type
            self.chatbot = _rendered(chatbot)
        else:
            self.chatbot = Chatbot(label="Chatbot", scale=1, height=200 if self.fill_height else None, type=self.type)
        made: list[Button | None] = []
        with Row():
            for btn, name in zip(buttons, ("retry_btn", "undo_btn", "clear_btn")):
                made.append(_button(btn, name, variant="secondary", size="sm", min_width=60))
        with Group():
            with Row():
                if textbox is not None:
                    if self.multimodal:
                        submit_btn = None
                    else:
                        textbox.container = False
                    textbox.show_label = False
                    if not isinstance(textbox, Textbox) and type(textbox).__name__ != "MultimodalTextbox":
                        raise DefinitionTypeError(
                            "ChatInterface(textbox)",
                            textbox,
                            "is not a gr.Textbox or gr.MultimodalTextbox",
                            "Pass gr.Textbox(...) (or gr.MultimodalTextbox(...) with multimodal=True).",
                        )
                    self.textbox = _rendered(textbox)
                elif self.multimodal:
                    from ._components._standins import stand_in

                    submit_btn = None
                    self.textbox = stand_in("MultimodalTextbox")(
                        show_label=False,
                        label="Message",
                        placeholder="Type a message...",
                        scale=7,
                        autofocus=autofocus,
                    )
                else:
                    self.textbox = Textbox(
                        container=False,
                        show_label=False,
                        label="Message",
                        placeholder="Type a message...",
                        scale=7,
                        autofocus=autofocus,
                    )
                submit = None
                if submit_btn is not None and not self.multimodal:
                    submit = _button(submit_btn, "submit_btn", variant="primary", scale=1, min_width=150)
                stop = None
                if stop_btn is not None:
                    if isinstance(stop_btn, Button):
                        stop_btn.visible = False
                        stop_btn._params["visible"] = False
                    stop = _button(stop_btn, "stop_btn", variant="stop", visible=False, scale=1, min_width=150)
            self.fake_api_btn = Button("Fake API", visible=False)
            self.fake_response_textbox = Textbox(label="Response", visible=False)
        self.retry_btn, self.undo_btn, self.clear_btn = made
        self.submit_btn, self.stop_btn = submit, stop
        self.buttons = [*made, submit, stop]

    # -- listeners --------------------------------------------------------------------------

    def _answer(self, trigger: Any) -> Any:
        """trigger -> show the saved message -> answer it (the queued, maybe streamed, part)."""
        answer = self.turns.stream_fn() if self.is_generator else self.turns.submit_fn()
        return trigger.then(
            _named(self.turns.display_input, "_display_input"),
            [self.saved_input, self.chatbot],
            [self.chatbot],
            show_api=False,
            queue=False,
        ).then(
            answer,
            [self.saved_input, self.chatbot, *self.additional_inputs],
            [self.chatbot],
            show_api=False,
            concurrency_limit=self.concurrency_limit,
            show_progress=self.show_progress,
        )

    def _setup_events(self) -> None:
        triggers = [self.textbox.submit, self.submit_btn.click] if self.submit_btn else [self.textbox.submit]
        saved = on(
            triggers,
            _named(self.turns.clear_and_save, "_clear_and_save_textbox"),
            [self.textbox],
            [self.textbox, self.saved_input],
            show_api=False,
            queue=False,
            preprocess=False,
        )
        self._setup_stop_events(triggers, self._answer(saved))
        if self.retry_btn:
            dropped = self.retry_btn.click(
                _named(self.turns.delete_previous, "_delete_prev_fn"),
                [self.saved_input, self.chatbot],
                [self.chatbot, self.saved_input],
                show_api=False,
                queue=False,
            )
            self._setup_stop_events([self.retry_btn.click], self._answer(dropped))
        if self.undo_btn:
            self.undo_btn.click(
                _named(self.turns.delete_previous, "_delete_prev_fn"),
                [self.saved_input, self.chatbot],
                [self.chatbot, self.saved_input],
                show_api=False,
                queue=False,
            ).then(_format_textbox, [self.saved_input], [self.textbox], show_api=False, queue=False)
        if self.clear_btn:
            self.clear_btn.click(
                _labelled(lambda: ([], None), "clear"),
                None,
                [self.chatbot, self.saved_input],
                queue=False,
                show_api=False,
            )

    def _setup_stop_events(self, triggers: list[Any], answer: Any) -> None:
        """While a streamed answer runs, Stop is shown (in Submit's place) and cancels it."""
        if not (self.stop_btn and self.is_generator):
            return
        if self.submit_btn:
            for trigger in triggers:
                trigger(
                    _labelled(lambda: (_HIDE_PAIR, _SHOW_PAIR), "show_stop"),
                    None,
                    [self.submit_btn, self.stop_btn],
                    show_api=False,
                    queue=False,
                )
            answer.then(
                _labelled(lambda: (_SHOW_PAIR, _HIDE_PAIR), "hide_stop"),
                None,
                [self.submit_btn, self.stop_btn],
                show_api=False,
                queue=False,
            )
        else:
            for trigger in triggers:
                trigger(_labelled(lambda: _SHOW_PAIR, "show_stop"), None, [self.stop_btn], show_api=False, queue=False)
            answer.then(_labelled(lambda: _HIDE_PAIR, "hide_stop"), None, [self.stop_btn], show_api=False, queue=False)
        self.stop_btn.click(None, None, None, cancels=answer, show_api=False)

    def _setup_api(self) -> None:
        self.fake_api_btn.click(
            self.turns.api_fn(),
            [self.textbox, self.chatbot_state, *self.additional_inputs],
            [self.fake_response_textbox, self.chatbot_state],
            api_name="chat",
            concurrency_limit=self.concurrency_limit,
        )


def _named(method: Callable[..., Any], name: str) -> Callable[..., Any]:
    """``method`` under the name Gradio's listener has (it becomes the endpoint's api_name)."""

    def named(*args: Any) -> Any:
        return method(*args)

    named.__name__ = name
    named.__qualname__ = f"ChatInterface.{name}"
    return named


def _labelled(fn: Callable[..., Any], label: str) -> Callable[..., Any]:
    """A lambda (its endpoint is named "lambda", as Gradio's) that timelines call ``label``."""
    fn.__qualname__ = f"ChatInterface.{label}"
    return fn


def _format_textbox(message: Any) -> Any:
    """Undo puts the message back in the textbox (a multimodal one as text and file paths)."""
    as_dict = getattr(message, "as_dict", None)
    if as_dict is not None:
        data = as_dict()
        return {"text": data["text"], "files": [f.get("path") for f in data["files"]]}
    return message


_format_textbox.__name__ = "format_textbox"
_format_textbox.__qualname__ = "ChatInterface.format_textbox"


def _as_list(value: Any) -> list[Any]:
    if not value:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _component(value: Any, where: str) -> Component:
    """A component given as an instance or by name (``"textbox"``, ``"slider"``), unrendered."""
    if isinstance(value, Component):
        return value
    if isinstance(value, str):
        import blockspec

        matches = [
            getattr(blockspec, name)
            for name in dir(blockspec)
            if name.lower() == value.lower()
            and isinstance(getattr(blockspec, name), type)
            and issubclass(getattr(blockspec, name), Component)
        ]
        if matches:
            return matches[0](render=False)
    raise DefinitionTypeError(
        where, value, "is not a component", "Pass components (gr.Textbox(...)) or their names ('textbox')."
    )


def _rendered(component: Component) -> Component:
    if not component.is_rendered:
        component.render()
    return component


def _button(btn: Any, name: str, **options: Any) -> Button | None:
    if btn is None:
        return None
    if isinstance(btn, Button):
        return _rendered(btn)  # type: ignore[return-value]
    if isinstance(btn, str):
        return Button(btn, **options)
    raise DefinitionTypeError(
        f"ChatInterface({name})",
        btn,
        "is not a gr.Button, a string or None",
        "Pass the button's text, a gr.Button, or None.",
    )


def _accordion_params(name: str | None, accordion: str | Accordion | None) -> dict[str, Any]:
    if name is not None:
        # Gradio 4.44.1 prints a deprecation note and then, its `accordion is None` branch
        # coming after, uses the default label anyway (chat_interface.py:180-192).
        warnings.warn(
            "ChatInterface(additional_inputs_accordion_name) is deprecated and, as in Gradio 4.44.1, has no "
            "effect. Use additional_inputs_accordion='<label>' instead.",
            DeprecatedParameterWarning,
            stacklevel=4,
        )
    if accordion is None:
        return {"label": "Additional Inputs", "open": False}
    if isinstance(accordion, str):
        return {"label": accordion}
    if isinstance(accordion, Accordion):
        return {k: v for k, v in accordion._params.items() if k != "render"}
    raise DefinitionTypeError(
        "ChatInterface(additional_inputs_accordion)",
        accordion,
        "is not a string or a gr.Accordion",
        "Pass the accordion's label, or gr.Accordion(label=..., open=...).",
    )


# Embeddable has no constructor of its own, so Block gave it its (empty) PARAMS signature;
# ChatInterface's is its __init__'s.
ChatInterface.__signature__ = inspect.signature(
    ChatInterface.__init__
).replace(  # type: ignore[attr-defined]
    parameters=list(inspect.signature(ChatInterface.__init__).parameters.values())[1:]
)
