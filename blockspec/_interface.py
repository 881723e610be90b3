"""``gr.Interface``: a function wrapped in a page, built as a Blocks the way Gradio 4.44.1 builds it.

Facts from gradio/interface.py at 4.44.1 (the layout, the listeners and their settings); the
config an Interface gives is Gradio's dependency for dependency. The page is:

* a title and a description (Markdown), if given;
* a Row (``equal_height=False``) of two panel Columns. The first holds a Column of the inputs
  (additional inputs in an Accordion) and a Row of Clear, Submit and -- for a generator
  function -- a hidden Stop button. The second holds the outputs and a Row of Flag buttons
  (one per flagging option). An Interface with no inputs has "Generate" in the second column;
  one whose inputs are its outputs ("unified") has a single column;
* the examples (a :class:`~blockspec.Examples`), then the article.

The listeners, in Gradio's order: the submit listener (Submit's click and each input's
``submit``; api_name "predict", scroll_to_output); with a Stop button, a chain that swaps the
buttons, runs the function, swaps them back, and a Stop click that cancels it; ``live=True``
instead runs the function on every input's ``change`` (``trigger_mode="always_last"``). Then
Clear (a JavaScript-only reset of the inputs and outputs and of the input column), the Flag
buttons' listeners (see :mod:`blockspec._flagging`), and the examples' listener.

An Interface built inside an open app (``with gr.Blocks(): gr.Interface(...)``) puts its blocks
and listeners into that app, where it stands; one built on its own can be shown in another
with ``.render()`` (:func:`blockspec._tabbed_interface.render_blocks`).
"""

from __future__ import annotations

import inspect
import json
import os
import warnings
from collections.abc import Callable, Sequence
from typing import Any, Literal

from . import _context
from ._components._base import Component
from ._components._buttons import Button, ClearButton
from ._components._dataset import component_instance
from ._components._special import State
from ._components._text import Markdown
from ._errors import DefinitionError, DefinitionTypeError, NotAvailableError
from ._event_data import EventData
from ._events import on
from ._examples import Examples
from ._flagging import CSVLogger, FlaggingCallback, FlagMethod
from ._layouts import Accordion, Column, Row
from ._request import Request
from ._tabbed_interface import Embeddable

__all__ = ["Interface"]

STANDARD, INPUT_ONLY, OUTPUT_ONLY, UNIFIED = "standard", "input_only", "output_only", "unified"


def _as_async(fn: Callable[[], Any], name: str) -> Callable[[], Any]:
    """``fn`` as a coroutine function named ``name`` (Gradio's utils.async_lambda keeps the name)."""

    async def wrapper() -> Any:
        return fn()

    wrapper.__name__ = wrapper.__qualname__ = name
    return wrapper


def _is_generator(fn: Any) -> bool:
    return inspect.isgeneratorfunction(fn) or inspect.isasyncgenfunction(fn)


def _button_settings(button: Any, where: str) -> dict[str, Any]:
    if isinstance(button, Button):
        return {name: button._params[name] for name in button._given if name not in ("render", "key")}
    raise DefinitionTypeError(
        f"Interface({where})", button, "is not a gr.Button or a string", "Pass the button's text, or a gr.Button."
    )


class Interface(Embeddable):
    """A page around one function: its inputs, its outputs, Submit, Clear, Flag and examples."""

    def __init__(
        self,
        fn: Callable[..., Any],
        inputs: Any,
        outputs: Any,
        examples: list[Any] | list[list[Any]] | str | None = None,
        cache_examples: bool | Literal["lazy"] | None = None,
        examples_per_page: int = 10,
        live: bool = False,
        title: str | None = None,
        description: str | None = None,
        article: str | None = None,
        thumbnail: str | None = None,
        theme: Any = None,
        css: str | None = None,
        allow_flagging: Literal["never", "auto", "manual"] | None = None,
        flagging_options: list[str] | list[tuple[str, str]] | None = None,
        flagging_dir: str = "flagged",
        flagging_callback: FlaggingCallback | None = None,
        analytics_enabled: bool | None = None,
        batch: bool = False,
        max_batch_size: int = 4,
        api_name: str | Literal[False] | None = "predict",
        _api_mode: bool = False,
        allow_duplication: bool = False,
        concurrency_limit: int | None | Literal["default"] = "default",
        js: str | None = None,
        head: str | None = None,
        additional_inputs: Any = None,
        additional_inputs_accordion: str | Accordion | None = None,
        *,
        submit_btn: str | Button = "Submit",
        stop_btn: str | Button = "Stop",
        clear_btn: str | Button | None = "Clear",
        delete_cache: tuple[int, int] | None = None,
        show_progress: Literal["full", "minimal", "hidden"] = "full",
        example_labels: list[str] | None = None,
        fill_width: bool = False,
        **kwargs: Any,
    ) -> None:
        if not callable(fn):
            raise DefinitionTypeError("Interface(fn)", fn, "is not callable", "Pass the function to wrap.")
        outer = _context.current_app()
        super().__init__(
            analytics_enabled=analytics_enabled,
            mode="interface",
            css=css,
            title=title or "Gradio",
            theme=theme,
            js=js,
            head=head,
            delete_cache=delete_cache,
            fill_width=fill_width,
            **kwargs,
        )
        self._embed(outer)  # built inside an open app, it is a part of that app
        self.api_name = api_name
        self.interface_type = STANDARD
        if _empty(inputs) and _empty(outputs):
            raise DefinitionError(
                "Interface(inputs, outputs)", None, "are both empty", "Give at least one input or output component."
            )
        if _empty(outputs):
            outputs, self.interface_type = [], INPUT_ONLY
        elif _empty(inputs):
            inputs, self.interface_type = [], OUTPUT_ONLY
        for where, value in (("inputs", inputs), ("outputs", outputs)):
            if not isinstance(value, (str, list, Component)):
                raise DefinitionTypeError(
                    f"Interface({where})",
                    value,
                    "is not a component, a component's name, or a list of them",
                    f"Pass `{where}` as gr.Textbox(...), 'textbox', or a list of those.",
                )
        inputs = list(inputs) if isinstance(inputs, list) else [inputs]
        outputs = list(outputs) if isinstance(outputs, list) else [outputs]
        self.cache_examples = cache_examples
        # Gradio's order of construction, which is the order of ids: the additional inputs,
        # a "state" State, the inputs, the outputs.
        extra = additional_inputs
        if extra is None:
            extra = []
        elif not isinstance(extra, Sequence) or isinstance(extra, str):
            extra = [extra]
        with self._numbered():
            self.additional_input_components = [self._instance(c, "additional_inputs") for c in extra]
        self._pair_states(fn, inputs, outputs, cache_examples)
        with self._numbered():
            self.main_input_components = [self._instance(c, "inputs") for c in inputs]
            self.output_components = [self._instance(c, "outputs") for c in outputs]
        self.additional_inputs_accordion_params = _accordion_settings(additional_inputs_accordion)
        self.input_components = self.main_input_components + self.additional_input_components
        if len(self.input_components) == len(self.output_components) and all(
            i is o for i, o in zip(self.input_components, self.output_components)
        ):
            self.interface_type = UNIFIED
        if self.interface_type in (STANDARD, OUTPUT_ONLY):
            for component in self.output_components:
                if getattr(component, "interactive", None) is None:
                    component.interactive = False  # outputs are not editable unless asked
        self.api_mode = _api_mode
        self.fn = fn
        self.__name__ = getattr(fn, "__name__", "fn")
        self.live = live
        self.title = title
        self.description = description
        self.article = article
        self.thumbnail = thumbnail
        self.examples = examples
        self.examples_per_page = examples_per_page
        self.example_labels = example_labels
        self.submit_btn_params = (
            {"value": submit_btn, "variant": "primary"}
            if isinstance(submit_btn, str)
            else _button_settings(submit_btn, "submit_btn")
        )
        self.stop_btn_params = (
            {"value": stop_btn, "variant": "stop", "visible": False}
            if isinstance(stop_btn, str)
            else _button_settings(stop_btn, "stop_btn")
        )
        if clear_btn is None:
            self.clear_btn_params: dict[str, Any] = {"visible": False, "variant": "secondary"}
        elif isinstance(clear_btn, str):
            self.clear_btn_params = {"value": clear_btn, "variant": "secondary"}
        else:
            self.clear_btn_params = _button_settings(clear_btn, "clear_btn")
        self.allow_flagging = _flagging_mode(allow_flagging)
        self.flagging_options = _flagging_options(flagging_options)
        if flagging_callback is not None and not isinstance(flagging_callback, FlaggingCallback):
            raise DefinitionTypeError(
                "Interface(flagging_callback)",
                flagging_callback,
                "is not a FlaggingCallback",
                "Pass gr.CSVLogger(), gr.SimpleCSVLogger() or a subclass of gr.FlaggingCallback.",
            )
        self.flagging_callback = flagging_callback if flagging_callback is not None else CSVLogger()
        self.flagging_dir = flagging_dir
        self.show_progress = show_progress
        self.batch = batch
        self.max_batch_size = max_batch_size
        self.allow_duplication = allow_duplication
        self.concurrency_limit = concurrency_limit
        self.examples_handler: Examples | None = None
        self._label_inputs()
        if self.allow_flagging != "never":
            if self.interface_type == UNIFIED:
                self.flagging_callback.setup(self.input_components, self.flagging_dir)
            elif self.interface_type != INPUT_ONLY:
                self.flagging_callback.setup(self.input_components + self.output_components, self.flagging_dir)
        with self:
            self._build()

    # -- construction ------------------------------------------------------------------------

    def _numbered(self) -> Any:
        """Components named by strings are numbered by this Interface right after its own id."""
        if self._outer is not None:
            from contextlib import nullcontext

            return nullcontext()
        return self._defining()

    def _instance(self, spec: Any, where: str) -> Component:
        component = component_instance(spec, where=f"Interface({where})")
        if component.is_rendered:
            component.unrender()  # shown by the Interface instead (Gradio: unrender=True)
        return component

    def _pair_states(self, fn: Any, inputs: list[Any], outputs: list[Any], cache_examples: Any) -> None:
        """One "state" input and one "state" output become one State (Gradio's Interface state)."""
        ins = [i for i, c in enumerate(inputs) if c == "state" or isinstance(c, State)]
        outs = [i for i, c in enumerate(outputs) if c == "state" or isinstance(c, State)]
        if not ins and not outs:
            return
        if len(ins) != 1 or len(outs) != 1:
            raise DefinitionError(
                "Interface(inputs, outputs)",
                f"{len(ins)} state inputs, {len(outs)} state outputs",
                "use State unevenly",
                "Give exactly one 'state' input and one 'state' output.",
            )
        state = inputs[ins[0]]
        if state == "state":
            with self._numbered():
                defaults = _default_args(fn)
                state = State(value=defaults[ins[0]] if ins[0] < len(defaults) else None, render=False)
        inputs[ins[0]] = outputs[outs[0]] = state
        if cache_examples:
            warnings.warn("Examples cannot be cached with State inputs and outputs; not caching.", stacklevel=3)
        self.cache_examples = False

    def _label_inputs(self) -> None:
        names = _parameter_names(self.fn)
        for component, name in zip(self.input_components, names):
            if getattr(component, "label", None) is None:
                component.label = name
        for index, component in enumerate(self.output_components):
            if getattr(component, "label", None) is None:
                component.label = "output" if len(self.output_components) == 1 else f"output {index}"

    def _build(self) -> None:
        if self.title:
            Markdown(f"<h1 style='text-align: center; margin-bottom: 1rem'>{self.title}</h1>")
        if self.description:
            Markdown(self.description)
        submit = clear = stop = flags = column = duplicate = None
        with Row(equal_height=False):
            if self.interface_type in (STANDARD, INPUT_ONLY, UNIFIED):
                submit, clear, stop, flags, column = self._input_column()
            if self.interface_type in (STANDARD, OUTPUT_ONLY):
                submit_out, clear_out, duplicate, stop_out, flags_out = self._output_column(submit)
                submit, clear = submit or submit_out, clear or clear_out
                stop, flags = stop or stop_out, flags or flags_out
        assert clear is not None
        self.submit_btn, self.clear_btn, self.stop_btn, self.flag_btns = submit, clear, stop, flags
        self.duplicate_btn = duplicate
        submit_event = self._attach_submit(submit, stop)
        self._attach_clear(clear, column)
        self._attach_flagging(flags, clear, submit_event)
        if self.examples:
            self.examples_handler = Examples(
                examples=self.examples,
                inputs=[c for c in self.input_components if not isinstance(c, State)],
                outputs=[c for c in self.output_components if not isinstance(c, State)],
                fn=self.fn,
                cache_examples=self.cache_examples,
                examples_per_page=self.examples_per_page,
                _api_mode=self.api_mode,
                batch=self.batch,
                example_labels=self.example_labels,
            )
        if self.article:
            Markdown(self.article)

    def _input_column(self) -> tuple[Any, Any, Any, Any, Column]:
        submit = clear = stop = flags = None
        with Column(variant="panel"):
            column = Column()
            with column:
                for component in self.main_input_components:
                    component.render()
                if self.additional_input_components:
                    with Accordion(**self.additional_inputs_accordion_params):
                        for component in self.additional_input_components:
                            component.render()
            with Row():
                if self.interface_type in (STANDARD, INPUT_ONLY):
                    clear = ClearButton(**self.clear_btn_params)
                    if not self.live:
                        submit = Button(**self.submit_btn_params)
                        # Gradio shows Stop only for generators (its proxy for "the queue is on").
                        if _is_generator(self.fn):
                            stop = Button(**self.stop_btn_params)
                else:  # unified
                    clear = ClearButton(**self.clear_btn_params)
                    submit = Button(**self.submit_btn_params)
                    if _is_generator(self.fn) and not self.live:
                        stop = Button(**self.stop_btn_params)
                    if self.allow_flagging == "manual":
                        flags = [Button(label) for label, _ in self.flagging_options]
                    elif self.allow_flagging == "auto":
                        flags = [submit]
        return submit, clear, stop, flags, column

    def _output_column(self, submit: Any) -> tuple[Any, Any, Any, Any, Any]:
        clear = duplicate = flags = stop = None
        with Column(variant="panel"):
            for component in self.output_components:
                if not isinstance(component, State):
                    component.render()
            with Row():
                if self.interface_type == OUTPUT_ONLY:
                    clear = ClearButton(**self.clear_btn_params)
                    submit = Button("Generate", variant="primary")
                    if _is_generator(self.fn) and not self.live:
                        stop = Button(**self.stop_btn_params)
                if self.allow_flagging == "manual":
                    flags = [Button(label) for label, _ in self.flagging_options]
                elif self.allow_flagging == "auto":
                    flags = [submit]
                if self.allow_duplication:
                    from ._components._standins import stand_in

                    duplicate = stand_in("DuplicateButton")(scale=1, size="lg")
        return submit, clear, duplicate, stop, flags

    def _attach_submit(self, submit: Any, stop: Any) -> Any:
        processing = {"preprocess": not self.api_mode, "postprocess": not self.api_mode}
        if self.live:
            if self.interface_type == OUTPUT_ONLY:
                self.load(self.fn, None, self.output_components)
                return submit.click(
                    self.fn,
                    None,
                    self.output_components,
                    api_name=self.api_name,
                    batch=self.batch,
                    max_batch_size=self.max_batch_size,
                    **processing,
                )
            events = []
            streaming = False
            for component in self.input_components:
                if "stream" in component.EVENTS and _streams(component):
                    events.append(component.stream)
                    streaming = True
                elif "change" in component.EVENTS:
                    events.append(component.change)
            return on(
                events,
                self.fn,
                self.input_components,
                self.output_components,
                api_name=self.api_name,
                show_progress="hidden" if streaming else self.show_progress,
                trigger_mode="always_last",
                **processing,
            )
        triggers = [submit.click] + [c.submit for c in self.input_components if "submit" in c.EVENTS]
        run = {
            "api_name": self.api_name,
            "scroll_to_output": True,
            "batch": self.batch,
            "max_batch_size": self.max_batch_size,
            "concurrency_limit": self.concurrency_limit,
            "show_progress": self.show_progress,
            **processing,
        }
        if stop is None:
            return on(triggers, self.fn, self.input_components, self.output_components, **run)

        def swap() -> Any:
            return Button(visible=False), Button(visible=True)

        async def cleanup() -> Any:
            return [Button(visible=True), Button(visible=False)]

        predict = on(triggers, _as_async(swap, "<lambda>"), None, [submit, stop], queue=False, show_api=False).then(
            self.fn, self.input_components, self.output_components, **run
        )
        final = predict.then(cleanup, None, [submit, stop], queue=False, show_api=False)
        stop.click(cleanup, None, [submit, stop], cancels=predict, queue=False, show_api=False)
        return final

    def _attach_clear(self, clear: ClearButton, column: Column | None) -> None:
        clear.add(self.input_components + self.output_components)
        reset = [{"variant": None, "visible": True, "__type__": "update"}] if column is not None else []
        # The JavaScript is Gradio's text to the character (its trailing newline and spaces
        # included): the config carries it.
        clear.click(None, [], [column] if column is not None else [], js=f"() => {json.dumps(reset)}\n            ")

    def _attach_flagging(self, flags: Any, clear: ClearButton, submit_event: Any) -> None:
        if not flags or self.interface_type == INPUT_ONLY:
            return
        if self.allow_flagging == "auto":
            method = FlagMethod(self.flagging_callback, "", "", visual_feedback=False)
            submit_event.success(
                method,
                inputs=self.input_components + self.output_components,
                outputs=None,
                preprocess=False,
                queue=False,
                show_api=False,
            )
            return
        flagged = (
            self.input_components if self.interface_type == UNIFIED else self.input_components + self.output_components
        )
        for button, (label, value) in zip(flags, self.flagging_options):
            method = FlagMethod(self.flagging_callback, label, value)
            saving = _as_async(lambda: Button(value="Saving...", interactive=False), "<lambda>")
            button.click(saving, None, button, queue=False, show_api=False)
            button.click(method, inputs=flagged, outputs=button, preprocess=False, queue=False, show_api=False)
            clear.click(_as_async(method.reset, "reset"), None, button, queue=False, show_api=False)

    @classmethod
    def from_pipeline(cls, pipeline: Any, **kwargs: Any) -> Interface:
        """Gradio builds an Interface from a ``transformers`` or ``diffusers`` pipeline; blockspec
        does not run models, so this says what to write instead."""
        raise NotAvailableError(
            f"gr.Interface.from_pipeline({type(pipeline).__name__}) builds the page from a transformers or "
            "diffusers pipeline's task, which blockspec does not run. Write the Interface out: "
            "gr.Interface(fn=lambda x: pipeline(x), inputs=..., outputs=...), with inputs and outputs for "
            "the pipeline's task."
        )

    def __repr__(self) -> str:
        lines = [f"Gradio Interface for: {self.__name__}"]
        lines.append("-" * len(lines[0]))
        lines.append("inputs:")
        lines += [f"|-{c!r}" for c in self.input_components]
        lines.append("outputs:")
        lines += [f"|-{c!r}" for c in self.output_components]
        return "\n".join(lines)


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, list) and not value)


def _streams(component: Any) -> bool:
    return bool(getattr(component, "streaming", None) or getattr(component, "extra", {}).get("streaming"))


def _accordion_settings(value: Any) -> dict[str, Any]:
    if value is None:
        return {"label": "Additional Inputs", "open": False}
    if isinstance(value, str):
        return {"label": value}
    if isinstance(value, Accordion):
        settings = {name: value._params[name] for name in value._given if name not in ("render", "key")}
        if value.is_rendered:
            value.unrender()
        return settings
    raise DefinitionTypeError(
        "Interface(additional_inputs_accordion)",
        value,
        "is not a string or a gr.Accordion",
        "Pass the accordion's label, or a gr.Accordion(...).",
    )


def _flagging_mode(value: Any) -> str:
    if value is None:
        value = os.environ.get("GRADIO_ALLOW_FLAGGING", "manual")
    if value is True:
        warnings.warn("allow_flagging takes 'auto', 'manual' or 'never'; True means 'manual'.", stacklevel=4)
        return "manual"
    if value is False:
        warnings.warn("allow_flagging takes 'auto', 'manual' or 'never'; False means 'never'.", stacklevel=4)
        return "never"
    if value not in ("manual", "never", "auto"):
        raise DefinitionError(
            "Interface(allow_flagging)", value, "is not a flagging mode", "Use 'manual', 'auto' or 'never'."
        )
    return value


def _flagging_options(value: Any) -> list[tuple[str, str]]:
    if value is None:
        return [("Flag", "")]
    if isinstance(value, list) and all(isinstance(x, str) for x in value):
        return [(f"Flag as {x}", x) for x in value]
    if isinstance(value, list) and all(isinstance(x, tuple) and len(x) == 2 for x in value):
        for _label, option in value:
            if not isinstance(option, str):
                raise DefinitionTypeError(
                    "Interface(flagging_options)", option, "is not a string", "Give each option's value as a string."
                )
        return list(value)
    raise DefinitionTypeError(
        "Interface(flagging_options)",
        value,
        "is not a list of strings or of (label, value) pairs",
        'Pass ["Wrong", "Offensive"] or [("Flag as wrong", "wrong"), ...].',
    )


def _parameter_names(fn: Any) -> list[str]:
    """The names Gradio labels inputs with: the function's positional parameters but special ones."""
    try:
        spec = inspect.getfullargspec(fn)
    except TypeError:
        return [f"input {i}" for i in range(100)]
    names = list(spec.args)
    if names and inspect.ismethod(fn):
        names = names[1:]
    hints = spec.annotations
    out = []
    for name in names:
        annotation = hints.get(name)
        if isinstance(annotation, type) and issubclass(annotation, (Request, EventData)):
            continue
        if isinstance(annotation, str) and annotation.split(".")[-1] in ("Request", "EventData", "SelectData"):
            continue
        out.append(name)
    return out


def _default_args(fn: Any) -> list[Any]:
    try:
        signature = inspect.signature(fn)
    except (TypeError, ValueError):
        return []
    return [None if p.default is inspect.Parameter.empty else p.default for p in signature.parameters.values()]


# Its own __init__ is its signature (a Block class's is otherwise derived from PARAMS).
Interface.__signature__ = inspect.signature(
    Interface.__init__
).replace(  # type: ignore[attr-defined]
    parameters=list(inspect.signature(Interface.__init__).parameters.values())[1:]
)
