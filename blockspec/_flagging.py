"""Flagging: what an Interface's Flag button writes, as Gradio 4.44.1 writes it (gradio/flagging.py).

A :class:`FlaggingCallback` is set up with the components whose values it records and a
folder, then called once per flag. :class:`CSVLogger` (the default) appends a row to
``<folder>/log.csv`` -- a header row first: the components' labels, then ``flag``,
``username``, ``timestamp`` -- and copies flagged files into ``<folder>/<label>/``.
:class:`SimpleCSVLogger` writes the values only.

Where the folder is: a relative ``flagging_dir`` is taken from the working directory, as in
Gradio (``blockspec serve``, plain Python) -- except inside a simulation, where it is taken
from the run's temporary folder (the engine's file store), so simulating an app never
writes into the directory it was started from. Nothing is created until the first flag.

``FlagMethod`` is the listener behind a Flag button: it records the flagged values, holds the
button at "Saving..." for 0.8 s of (virtual) time as Gradio's does, then puts its label back.
"""

from __future__ import annotations

import csv
import datetime
import json
import re
import shutil
import time
from abc import ABC, abstractmethod
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ._files import current_file_store, is_file_data
from ._request import Request

__all__ = [
    "FlaggingCallback",
    "CSVLogger",
    "SimpleCSVLogger",
    "HuggingFaceDatasetSaver",
    "FlagMethod",
    "flagging_folder",
]


def flagging_folder(flagging_dir: str | Path) -> Path:
    """Where ``flagging_dir`` is now: under the simulation's temporary folder, or as given."""
    from ._virtual_time import _current

    folder = Path(flagging_dir)
    if folder.is_absolute() or _current.get() is None:  # not code run for a simulation
        return folder
    return current_file_store().root / folder


class FlaggingCallback(ABC):
    """What every flagging callback provides: ``setup`` once, then ``flag`` per flagged sample."""

    @abstractmethod
    def setup(self, components: Sequence[Any], flagging_dir: str) -> None:
        """Remember the components whose values ``flag`` receives, and the folder to write in."""

    @abstractmethod
    def flag(self, flag_data: list[Any], flag_option: str = "", username: str | None = None) -> int:
        """Record one flagged sample; return how many samples are recorded in all."""


_INVALID = re.compile(r"[^\w\-. ]")


def _folder_name(name: str) -> str:
    return _INVALID.sub("", name)


def _flag_value(value: Any, save_dir: Path, *, simplify: bool) -> str:
    """One flagged value as a CSV cell: text as it is, files copied beside the log, the rest JSON."""
    if isinstance(value, str):
        return value
    if is_file_data(value) and value.get("path"):
        source = Path(value["path"])
        target_dir = save_dir / source.parent.name
        target_dir.mkdir(parents=True, exist_ok=True)
        target = target_dir / source.name
        if source.is_file() and not target.exists():
            shutil.copyfile(source, target)
        return str(target) if simplify else json.dumps({**value, "path": str(target)})
    return json.dumps(value)


def _sanitize(cell: Any) -> str:
    # Gradio's sanitize_list_for_csv: a cell a spreadsheet would run as a formula is quoted.
    text = str(cell)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _count_rows(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as handle:
        return len(list(csv.reader(handle)))


class _CSVLog(FlaggingCallback):
    """What both CSV loggers keep: the components flagged and the folder of ``log.csv``."""

    components: Sequence[Any] = ()
    flagging_dir: str | Path = "flagged"

    def setup(self, components: Sequence[Any], flagging_dir: str | Path) -> None:
        self.components = components
        self.flagging_dir = flagging_dir


class SimpleCSVLogger(_CSVLog):
    """Each flagged sample as one row of ``log.csv`` (no header, no flag option, no time)."""

    def __init__(self) -> None:
        pass

    def flag(self, flag_data: list[Any], flag_option: str = "", username: str | None = None) -> int:
        folder = flagging_folder(self.flagging_dir)
        folder.mkdir(parents=True, exist_ok=True)
        row = []
        for component, value in zip(self.components, flag_data):
            save_dir = folder / _folder_name(getattr(component, "label", None) or "")
            row.append(_flag_value(value, save_dir, simplify=True))
        log = folder / "log.csv"
        with log.open("a", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerow([_sanitize(c) for c in row])
        return _count_rows(log) - 1


class CSVLogger(_CSVLog):
    """The default: ``log.csv`` with a header row, plus the flag option, username and time."""

    def __init__(self, simplify_file_data: bool = True) -> None:
        self.simplify_file_data = simplify_file_data

    def flag(self, flag_data: list[Any], flag_option: str = "", username: str | None = None) -> int:
        folder = flagging_folder(self.flagging_dir)
        folder.mkdir(parents=True, exist_ok=True)
        log = folder / "log.csv"
        is_new = not log.exists()
        labels = [getattr(c, "label", None) or f"component {i}" for i, c in enumerate(self.components)]
        row: list[Any] = []
        for label, value in zip(labels, flag_data):
            if isinstance(value, dict) and value.get("__type__") == "update":
                row.append(str(value))
            elif value is None:
                row.append("")
            else:
                row.append(_flag_value(value, folder / _folder_name(label), simplify=self.simplify_file_data))
        # datetime.now() reads the virtual clock in a simulation, as every app's clock does.
        row += [flag_option, username if username is not None else "", str(datetime.datetime.now())]
        with log.open("a", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            if is_new:
                writer.writerow([_sanitize(h) for h in [*labels, "flag", "username", "timestamp"]])
            writer.writerow([_sanitize(c) for c in row])
        return _count_rows(log) - 1


class HuggingFaceDatasetSaver(CSVLogger):
    """Gradio's flagging to a Hugging Face dataset, kept local: blockspec never uses the network.

    Gradio 4.44.1 creates (or clones) the dataset repository when the app is built and pushes
    each flag to it. Here flags go to ``<flagging_dir>/<dataset name>/log.csv`` as
    :class:`CSVLogger` writes them -- in a simulation, inside the run's temporary folder -- so
    an app that flags to the Hub loads, and its Flag buttons run, without a token or a network.
    """

    def __init__(
        self,
        hf_token: str,
        dataset_name: str,
        private: bool = False,
        info_filename: str = "dataset_info.json",
        separate_dirs: bool = False,
    ) -> None:
        import warnings

        from ._errors import BlockspecWarning

        super().__init__()
        self.hf_token = hf_token
        self.dataset_name = dataset_name
        self.private = private
        self.info_filename = info_filename
        self.separate_dirs = separate_dirs
        warnings.warn(
            f"gr.HuggingFaceDatasetSaver(dataset_name={dataset_name!r}) flags locally in blockspec "
            f"(<flagging_dir>/{_folder_name(dataset_name.split('/')[-1])}/log.csv): nothing is pushed to "
            "the Hub, which needs the network. Use gr.CSVLogger() to say so in the app itself.",
            BlockspecWarning,
            stacklevel=2,
        )

    def setup(self, components: Sequence[Any], flagging_dir: str | Path) -> None:
        super().setup(components, Path(flagging_dir) / _folder_name(self.dataset_name.split("/")[-1]))


class FlagMethod:
    """The function a Flag button runs: ``callback.flag(values, option)``, then its label back.

    Its ``__name__`` is "Flag", the api_name Gradio's config shows for it.
    """

    def __init__(self, flagging_callback: FlaggingCallback, label: str, value: str, visual_feedback: bool = True):
        self.flagging_callback = flagging_callback
        self.label = label
        self.value = value
        self.visual_feedback = visual_feedback
        self.__name__ = "Flag"
        self.__qualname__ = "Flag"

    def __call__(self, request: Request, *flag_data: Any) -> Any:
        # Gradio prints a failed flag and shows "Error!" on the button; the app goes on.
        try:
            self.flagging_callback.flag(list(flag_data), flag_option=self.value, username=request.username)
        except Exception as exc:  # noqa: BLE001 - a callback's failure is shown, never raised
            print(f"Error while flagging: {exc}")
            if self.visual_feedback:
                return "Error!"
        if not self.visual_feedback:
            return None
        time.sleep(0.8)  # Gradio holds "Saving..." so the user sees it (virtual seconds in a simulation)
        return self.reset()

    def reset(self) -> Any:
        from ._components._buttons import Button

        return Button(value=self.label, interactive=True)
