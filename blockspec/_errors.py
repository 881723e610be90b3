"""Every exception and warning blockspec raises, in one place.

The hierarchy (each class also derives from the builtin a caller would naturally catch)::

    BlockspecError
    ├── DefinitionError (ValueError)        an app definition that cannot work: bad listener
    │   │                                    option, bad queue()/launch() setting, a component
    │   │                                    that is not part of the app, ...
    │   ├── DefinitionTypeError (TypeError) the same, when the problem is the value's type
    │   └── DefinitionContextError (AttributeError)
    │                                        a listener added outside its app's ``with`` block
    ├── SubmissionError (ValueError)        a submission the engine refuses: an unknown or
    │   │                                    unexposed endpoint, the wrong number of values,
    │   │                                    a closed session
    │   └── QueueFull                       the queue already holds max_size waiting jobs
    ├── NotAvailableError (NotImplementedError)
    │                                        a part of blockspec that does not exist yet or
    │                                        cannot exist on this machine
    └── LifecycleError (RuntimeError)       a method called at the wrong point of an app's
                                            life (integrate() before launch())

    Error (Exception)                       raised by *user* functions to show a message to
                                            the person using the app (Gradio's ``gr.Error``);
                                            it is data for the engine, not a blockspec failure

    BlockspecWarning (UserWarning)
    └── DeprecatedParameterWarning (FutureWarning)

Definition errors are raised while the app is being defined, never while it runs: a listener
with a bad option fails on the line that registers it. Their messages follow one pattern: the
parameter, the bad value, and the fix.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "BlockspecError",
    "DefinitionError",
    "DefinitionTypeError",
    "DefinitionContextError",
    "NotAvailableError",
    "LifecycleError",
    "SubmissionError",
    "QueueFull",
    "Error",
    "BlockspecWarning",
    "DeprecatedParameterWarning",
]


class BlockspecError(Exception):
    """Root of the exceptions blockspec itself raises."""


class DefinitionError(BlockspecError, ValueError):
    """An app definition that cannot work, found while the app is being defined.

    ``parameter`` names what was wrong (``"trigger_mode"``, ``"launch(max_file_size)"``),
    ``value`` is what was given and ``fix`` says what to do instead.
    """

    def __init__(self, parameter: str, value: Any, problem: str, fix: str) -> None:
        self.parameter = parameter
        self.value = value
        self.fix = fix
        super().__init__(f"`{parameter}={value!r}` {problem}. {fix}")


class DefinitionTypeError(DefinitionError, TypeError):
    """A :class:`DefinitionError` where the value has the wrong type."""


class DefinitionContextError(DefinitionError, AttributeError):
    """A :class:`DefinitionError` for a listener added outside its app's ``with`` block.

    An AttributeError too, as Gradio raises there.
    """


class NotAvailableError(BlockspecError, NotImplementedError):
    """A part of blockspec that is not available (yet, or on this machine)."""


class SubmissionError(BlockspecError, ValueError):
    """A submission the engine refuses; ``status`` is the HTTP status a server answers with."""

    status = 422

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        if status is not None:
            self.status = status


class QueueFull(SubmissionError):
    """The queue holds ``max_size`` waiting jobs; the message is Gradio's."""

    status = 503


class LifecycleError(BlockspecError, RuntimeError):
    """A method called at the wrong point of an app's life; the message says the order."""


class Error(Exception):
    """Raise from an event function to show ``message`` to the app's user.

    Unlike other exceptions its message always reaches the client, whatever
    ``launch(show_error=...)`` says. ``duration`` is how long the frontend shows it (None:
    until closed), ``visible=False`` hides the modal, ``title`` heads it.
    """

    def __init__(
        self,
        message: str = "Error raised.",
        duration: float | None = 10,
        visible: bool = True,
        title: str = "Error",
    ) -> None:
        self.message = message
        self.duration = duration
        self.visible = visible
        self.title = title
        super().__init__(message)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r})"


class BlockspecWarning(UserWarning):
    """Root of the warnings blockspec emits."""


class DeprecatedParameterWarning(BlockspecWarning, FutureWarning):
    """A documented parameter that is deprecated; the message says what to use instead."""
