"""blockspec: the executable specification of Gradio's Blocks event model.

``import blockspec as gr`` gives the Blocks API as the docs describe it (Gradio 4.44.1)::

    import blockspec as gr

    def update(name):
        return f"Welcome to Gradio, {name}!"

    with gr.Blocks() as demo:
        inp = gr.Textbox(placeholder="What is your name?")
        out = gr.Textbox()
        gr.Button("Run").click(fn=update, inputs=inp, outputs=out)

    demo.graph          # the app as immutable data
    demo.get_config()   # Gradio's /config JSON

Every public name is defined in a private module and re-exported here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import components as components
from . import themes as themes
from ._block import Block as Block
from ._block import BlockContext as BlockContext
from ._block import Param as Param
from ._blocks import Blocks as Blocks
from ._chat_message import ChatMessage as ChatMessage
from ._components._base import Component as Component
from ._components._base import FormComponent as FormComponent
from ._components._buttons import Button as Button
from ._components._buttons import ClearButton as ClearButton
from ._components._choice import Checkbox as Checkbox
from ._components._choice import CheckboxGroup as CheckboxGroup
from ._components._choice import Dropdown as Dropdown
from ._components._choice import Radio as Radio
from ._components._data import JSON as JSON
from ._components._data import Chatbot as Chatbot
from ._components._data import Dataframe as Dataframe
from ._components._data import Label as Label
from ._components._dataset import Dataset as Dataset
from ._components._highlighted import HighlightedText as HighlightedText
from ._components._media import File as File
from ._components._media import Image as Image
from ._components._numeric import Number as Number
from ._components._numeric import Slider as Slider
from ._components._plots import BarPlot as BarPlot
from ._components._plots import LinePlot as LinePlot
from ._components._plots import Plot as Plot
from ._components._plots import ScatterPlot as ScatterPlot
from ._components._special import State as State
from ._components._special import Timer as Timer
from ._components._text import HTML as HTML
from ._components._text import Markdown as Markdown
from ._components._text import Textbox as Textbox
from ._errors import BlockspecError as BlockspecError
from ._errors import BlockspecWarning as BlockspecWarning
from ._errors import DefinitionContextError as DefinitionContextError
from ._errors import DefinitionError as DefinitionError
from ._errors import DefinitionTypeError as DefinitionTypeError
from ._errors import DeprecatedParameterWarning as DeprecatedParameterWarning
from ._errors import Error as Error
from ._errors import LifecycleError as LifecycleError
from ._errors import NotAvailableError as NotAvailableError
from ._errors import QueueFull as QueueFull
from ._errors import SubmissionError as SubmissionError
from ._event_data import DeletedFileData as DeletedFileData
from ._event_data import EventData as EventData
from ._event_data import KeyUpData as KeyUpData
from ._event_data import LikeData as LikeData
from ._event_data import SelectData as SelectData
from ._events import Dependency as Dependency
from ._events import on as on
from ._examples import Examples as Examples
from ._graph import AppGraph as AppGraph
from ._graph import AppSettings as AppSettings
from ._graph import BlockNode as BlockNode
from ._graph import DependencySpec as DependencySpec
from ._graph import FnSignature as FnSignature
from ._graph import LaunchSettings as LaunchSettings
from ._graph import LayoutNode as LayoutNode
from ._graph import QueueSettings as QueueSettings
from ._graph import Trigger as Trigger
from ._layouts import Accordion as Accordion
from ._layouts import Column as Column
from ._layouts import Group as Group
from ._layouts import Row as Row
from ._layouts import Tab as Tab
from ._layouts import TabItem as TabItem
from ._layouts import Tabs as Tabs
from ._oauth import OAuthProfile as OAuthProfile
from ._oauth import OAuthToken as OAuthToken
from ._progress import Info as Info
from ._progress import Progress as Progress
from ._progress import Warning as Warning  # noqa: A004 - Gradio's public name
from ._render import render as render
from ._request import Request as Request

if TYPE_CHECKING:
    from ._chat_interface import ChatInterface as ChatInterface
    from ._flagging import CSVLogger as CSVLogger
    from ._flagging import FlaggingCallback as FlaggingCallback
    from ._flagging import HuggingFaceDatasetSaver as HuggingFaceDatasetSaver
    from ._flagging import SimpleCSVLogger as SimpleCSVLogger
    from ._interface import Interface as Interface
    from ._tabbed_interface import TabbedInterface as TabbedInterface

#: Public names imported on first use (``__getattr__`` below): an app built from Blocks alone,
#: with no Interface, ChatInterface or flagging, does not pay their ~20 ms of imports when it
#: is served or simulated (bench/perf_server.py; tests/test_server_imports.py).
_LAZY = {
    "ChatInterface": "._chat_interface",
    "CSVLogger": "._flagging",
    "FlaggingCallback": "._flagging",
    "HuggingFaceDatasetSaver": "._flagging",
    "SimpleCSVLogger": "._flagging",
    "Interface": "._interface",
    "TabbedInterface": "._tabbed_interface",
}

__version__ = "0.1.0"

Text = Textbox
TextArea = Textbox
Json = JSON
Checkboxgroup = CheckboxGroup
DataFrame = Dataframe
Highlight = HighlightedText
Highlightedtext = HighlightedText


def update(**props: Any) -> dict[str, Any]:
    """An update of component properties, returned from a function: ``gr.update(visible=False)``."""
    return {"__type__": "update", **props}


def _fixup_module_metadata(namespace: dict[str, Any]) -> None:
    # As trio does: public objects report the public module, so reprs, docs and error
    # messages say `blockspec.Textbox`, not `blockspec._components._text.Textbox`.
    for name, obj in list(namespace.items()):
        if name.startswith("_") or not hasattr(obj, "__module__"):
            continue
        if isinstance(obj, type) or callable(obj):
            module = getattr(obj, "__module__", "") or ""
            if module.startswith("blockspec._"):
                try:
                    obj.__module__ = "blockspec"
                except (AttributeError, TypeError):
                    pass


_fixup_module_metadata(globals())


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'blockspec' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(_LAZY[name], __name__), name)
    _fixup_module_metadata({name: value})
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
