"""``blockspec.components`` (``gr.components``): every component class, and the base classes
for defining your own (see :class:`Component`)."""

from ._block import Param as Param
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
from ._components._media import File as File
from ._components._media import Image as Image
from ._components._numeric import Number as Number
from ._components._numeric import Slider as Slider
from ._components._special import State as State
from ._components._special import Timer as Timer
from ._components._text import HTML as HTML
from ._components._text import Markdown as Markdown
from ._components._text import Textbox as Textbox

Text = Textbox
TextArea = Textbox
DataFrame = Dataframe

__all__ = [
    "Param",
    "Component",
    "FormComponent",
    "Button",
    "ClearButton",
    "Checkbox",
    "CheckboxGroup",
    "Dropdown",
    "Radio",
    "JSON",
    "Chatbot",
    "Dataframe",
    "DataFrame",
    "Label",
    "Dataset",
    "File",
    "Image",
    "Number",
    "Slider",
    "State",
    "Timer",
    "HTML",
    "Markdown",
    "Textbox",
    "Text",
    "TextArea",
]
