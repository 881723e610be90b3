"""``gr.Examples``: a Dataset of sample inputs and the listener that loads a clicked one.

As Gradio 4.44.1 builds it (gradio/helpers.py ``Examples``): a ``Dataset`` (``type="tuple"``)
of the samples for the inputs that have any, and one ``click`` listener on it named
``load_example`` that puts the clicked sample into those inputs -- unqueued, progress hidden,
not postprocessed (the values are already what the components display), hidden from the API
page. ``run_on_click=True`` chains ``fn`` after it.

``cache_examples=True`` runs ``fn`` on every example when the app is defined and keeps the
outputs; the click listener then fills the outputs too (Gradio: helpers.py ``cache``). In a
simulation the app file loads on the virtual clock, so the function's sleeps cost no wall time.
``"lazy"`` chains a listener that runs ``fn`` on the first click of each example and
replays the kept outputs afterwards. Examples are never cached unless asked
(``GRADIO_CACHE_EXAMPLES`` is read as Gradio reads it).
"""

from __future__ import annotations

import copy
import inspect
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal

from . import _context
from ._components._base import Component
from ._components._dataset import Dataset
from ._errors import DefinitionError, DefinitionTypeError

__all__ = ["Examples", "create_examples"]

_CACHE_VALUES = (True, False, "lazy")


def _cache_setting(cache_examples: Any, fn: Any, outputs: Any) -> bool | str:
    if cache_examples is None:
        env = os.environ.get("GRADIO_CACHE_EXAMPLES")
        if env is None:
            return False
        if env.lower() not in ("true", "false", "lazy"):
            raise DefinitionError(
                "GRADIO_CACHE_EXAMPLES",
                env,
                "is not a caching mode",
                "Set it to one of 'true', 'false', 'lazy' (any case), or unset it.",
            )
        if env.lower() == "false" or fn is None or not outputs:
            return False
        return True if env.lower() == "true" else "lazy"
    # 1 and 0 compare equal to True and False: only the bools themselves (and "lazy") are modes.
    if cache_examples not in _CACHE_VALUES or (
        isinstance(cache_examples, int) and not isinstance(cache_examples, bool)
    ):
        raise DefinitionError(
            "Examples(cache_examples)", cache_examples, "is not a caching mode", "Pass True, False or 'lazy'."
        )
    return cache_examples


def _rows(examples: Any, inputs: list[Component]) -> list[list[Any]]:
    """The examples as one list of values per sample (Gradio's accepted shapes)."""
    if examples is None:
        raise DefinitionTypeError(
            "Examples(examples)", None, "is None", "Pass a list of samples (one list of values per sample)."
        )
    if isinstance(examples, list) and (not examples or isinstance(examples[0], list)):
        return [list(row) for row in examples]
    if isinstance(examples, list) and len(inputs) == 1:
        return [[value] for value in examples]
    if isinstance(examples, (str, Path)):
        return _rows_from_directory(Path(examples), len(inputs))
    raise DefinitionTypeError(
        "Examples(examples)",
        examples,
        "is not a list of samples or a directory",
        "Pass a nested list (one list of values per sample), a flat list when there is one input, "
        "or the path of a directory of example files.",
    )


def _rows_from_directory(folder: Path, count: int) -> list[list[Any]]:
    import csv

    if not folder.exists():
        raise DefinitionError(
            "Examples(examples)", str(folder), "is not an existing directory", "Pass the path of a folder of examples."
        )
    log = folder / "log.csv"
    if not log.exists():
        if count != 1:
            raise DefinitionError(
                "Examples(examples)",
                str(folder),
                "has no log.csv, which is needed for several inputs",
                "Add a log.csv naming each sample's files, or pass the examples as a list.",
            )
        return [[str(folder / name)] for name in sorted(os.listdir(folder))]
    with log.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return [[str(folder / v) if (folder / v).is_file() else v for v in row[:count]] for row in rows[1:]]


class Examples:
    """Sample inputs shown under the components; clicking one fills them in.

    ``gr.Examples(...)`` builds the Dataset and its listener at once (its signature is Gradio
    4.44.1's ``gr.Examples``). Attributes: ``dataset``, ``load_input_event`` (the click
    listener), ``cache_event``, ``examples``, ``inputs``, ``outputs``.
    """

    def __init__(
        self,
        examples: list[Any] | list[list[Any]] | str,
        inputs: Component | Sequence[Component],
        outputs: Component | Sequence[Component] | None = None,
        fn: Callable[..., Any] | None = None,
        cache_examples: bool | Literal["lazy"] | None = None,
        examples_per_page: int = 10,
        _api_mode: bool = False,
        label: str | None = None,
        elem_id: str | None = None,
        run_on_click: bool = False,
        preprocess: bool = True,
        postprocess: bool = True,
        api_name: str | Literal[False] = "load_example",
        batch: bool = False,
        *,
        example_labels: list[str] | None = None,
        visible: bool = True,
        _defer_caching: bool = False,
    ) -> None:
        if fn is not None and not callable(fn):
            raise DefinitionTypeError("Examples(fn)", fn, "is not callable", "Pass a function, or None.")
        self.cache_examples = _cache_setting(cache_examples, fn, outputs)
        if self.cache_examples and (fn is None or not outputs):
            raise DefinitionError(
                "Examples(cache_examples)",
                self.cache_examples,
                "needs a function and outputs to cache",
                "Pass fn= and outputs= as well, or cache_examples=False.",
            )
        input_list = list(inputs) if isinstance(inputs, Sequence) else [inputs]
        output_list = (list(outputs) if isinstance(outputs, Sequence) else [outputs]) if outputs else []
        for where, items in (("inputs", input_list), ("outputs", output_list)):
            for item in items:
                if not isinstance(item, Component):
                    raise DefinitionTypeError(
                        f"Examples({where})",
                        item,
                        "is not a component",
                        f"Pass the components the examples fill as `{where}`.",
                    )
        rows = _rows(examples, input_list)
        has_examples = [any(i < len(row) and row[i] is not None for row in rows) for i in range(len(input_list))]
        if example_labels is not None and len(example_labels) != len(rows):
            raise DefinitionError(
                "Examples(example_labels)",
                example_labels,
                f"has {len(example_labels)} labels for {len(rows)} examples",
                "Give one label per example.",
            )
        self.examples = rows
        self.inputs = input_list
        self.outputs = output_list
        self.input_has_examples = has_examples
        self.inputs_with_examples = [c for c, keep in zip(input_list, has_examples) if keep]
        self.non_none_examples = [[v for v, keep in zip(row, has_examples) if keep] for row in rows]
        self.fn = fn
        self._api_mode = _api_mode
        self.preprocess = preprocess
        self.postprocess = postprocess
        self.api_name = api_name
        self.batch = batch
        self.example_labels = example_labels
        self.run_on_click = run_on_click
        self._defer_caching = _defer_caching
        self.cache_event: Any = None
        self.load_input_event: Any = None
        self._cached: dict[int, list[Any]] = {}
        self.dataset = Dataset(
            components=self.inputs_with_examples,
            samples=copy.deepcopy(self.non_none_examples),
            type="tuple",
            label=label,
            samples_per_page=examples_per_page,
            elem_id=elem_id,
            visible=visible,
            sample_labels=example_labels,
        )
        self._create()

    # -- the listener ----------------------------------------------------------------------

    def _processed(self, sample: list[Any]) -> list[Any]:
        """A sample's values as its components display them (the listener does not postprocess)."""
        return [c.postprocess(v) for c, v in zip(self.inputs_with_examples, sample)]

    def _create(self) -> None:
        if _context.current_app() is None:
            return  # Gradio adds the listener only inside a Blocks (helpers.py create)

        async def load_example(example_tuple: Any) -> Any:  # Gradio's name for it
            _, sample = example_tuple
            values = [{"__type__": "update", "value": v} for v in self._processed(sample)]
            return values[0] if len(values) == 1 else values

        load_example.__qualname__ = "load_example"
        self.load_input_event = self.dataset.click(
            load_example,
            inputs=[self.dataset],
            outputs=self.inputs_with_examples,
            show_progress="hidden",
            postprocess=False,
            queue=False,
            api_name=self.api_name,
            show_api=False,
        )
        if self.run_on_click and not self.cache_examples:
            if self.fn is None:
                raise DefinitionError("Examples(run_on_click)", True, "needs a function to run", "Pass fn= as well.")
            self.load_input_event.then(self.fn, inputs=self.inputs, outputs=self.outputs, show_api=False)
        if not self._defer_caching:
            self._start_caching()

    def _start_caching(self) -> None:
        """Cache the examples' outputs if asked (ChatInterface calls this once its inputs are rendered)."""
        if self.cache_examples == "lazy":
            self._cache_lazily()
        elif self.cache_examples is True:
            self._cache_now()

    def _cache_now(self) -> None:
        from ._events import _as_list

        assert self.fn is not None
        for index, sample in enumerate(self.examples):
            self._cached[index] = _outputs_as_list(_run_example(self, sample), len(self.outputs))
        outputs = self.inputs_with_examples + self.outputs

        def load_example(example_tuple: Any) -> Any:
            index, sample = example_tuple
            inputs = self._processed(sample)
            outputs_ = [c.postprocess(v) for c, v in zip(self.outputs, self._cached[index])]
            values = inputs + outputs_
            return values[0] if len(values) == 1 else values

        load_example.__qualname__ = "load_example"
        # Gradio replaces the input-only listener with this one (helpers.py cache).
        app = self.dataset.app
        assert app is not None and self.load_input_event is not None

        def register() -> Any:
            return self.dataset.click(
                load_example,
                inputs=[self.dataset],
                outputs=_as_list(outputs),
                show_progress="hidden",
                postprocess=False,
                queue=False,
                api_name=self.api_name,
                show_api=False,
            )

        self.cache_event = self.load_input_event = _replace_dependency(app, self.load_input_event.id, register)

    def _cache_lazily(self) -> None:
        examples = self

        def lazy_cache(example_tuple: Any, *values: Any) -> Any:
            index, _ = example_tuple
            if index not in examples._cached:
                result = examples.fn(*values)  # type: ignore[misc]
                if inspect.isgenerator(result):
                    last = None
                    for last in result:
                        yield last
                    result = last
                examples._cached[index] = _outputs_as_list(result, len(examples.outputs))
            kept = examples._cached[index]
            yield kept[0] if len(kept) == 1 else kept

        lazy_cache.__name__ = lazy_cache.__qualname__ = "sync_lazy_cache"
        assert self.load_input_event is not None
        self.cache_event = self.load_input_event.then(
            lazy_cache,
            inputs=[self.dataset, *self.inputs],
            outputs=self.outputs,
            api_name=self.api_name,
            show_api=False,
        )


def _outputs_as_list(result: Any, count: int) -> list[Any]:
    if count == 1:
        return [result]
    if not isinstance(result, (list, tuple)) or len(result) != count:
        raise DefinitionError(
            "Examples(fn)",
            result,
            f"returned something that is not {count} values while caching examples",
            "Return one value per output component (a tuple).",
        )
    return list(result)


def _run_example(examples: Examples, sample: list[Any]) -> Any:
    """Run ``fn`` on one example as a click would: inputs preprocessed (a generator's last value)."""
    assert examples.fn is not None
    values = []
    for component, value in zip(examples.inputs, sample + [None] * (len(examples.inputs) - len(sample))):
        values.append(component.preprocess(component.postprocess(value)) if examples.preprocess else value)
    if examples.batch:
        values = [[v] for v in values]
    result = examples.fn(*values)
    if inspect.isawaitable(result):
        result = _run_coroutine(result)
    if inspect.isgenerator(result):
        last = None
        for last in result:  # noqa: B007
            pass
        result = last
    elif inspect.isasyncgen(result):
        result = _run_coroutine(_last_of(result))
    if examples.batch:
        result = [v[0] for v in result] if len(examples.outputs) > 1 else result[0]
    return result


async def _last_of(agen: Any) -> Any:
    last = None
    async for last in agen:  # noqa: B007
        pass
    return last


def _run_coroutine(coroutine: Any) -> Any:
    import asyncio

    return asyncio.run(coroutine)


def _replace_dependency(app: Any, dep_id: int, register: Callable[[], Any]) -> Any:
    """Drop dependency ``dep_id`` for the listener ``register()`` adds, as Gradio 4.44.1 does.

    Gradio (helpers.py ``Examples.cache``) first adds a dependency to compute the examples
    with, drops it, then drops the old listener and adds the new one at the end: the new one's
    id is the old one's plus two when nothing came between, and the old api_name is free again.
    """
    from ._events import Dependency

    old = app._dependency_spec(dep_id)
    if isinstance(old.api_name, str):
        app._api_names.discard(old.api_name)
    app._dependencies.remove(old)
    app._take_dependency_id()  # the computing dependency Gradio adds and drops
    count = len(app._dependencies)
    dependency = register()
    if len(app._dependencies) != count + 1:
        raise DefinitionError(
            "Examples(cache_examples)", True, "could not replace its click listener", "Report this as a bug."
        )
    return Dependency(app, dependency.id)


def create_examples(*args: Any, **kwargs: Any) -> Examples:
    """``gr.Examples(...)``: the same as constructing :class:`Examples`."""
    return Examples(*args, **kwargs)


create_examples.__signature__ = inspect.signature(Examples)  # type: ignore[attr-defined]
