"""Deliberately broken implementations, to show the suite catches them (the mutation run).

A test-only power, and an explicit opt-in: ``with mutant("lifo"): ...`` patches the engine
or the reference frontend for the duration of the block and restores them after; nothing
in blockspec knows about mutants. :func:`mutation_run` plays the sim target once as it is,
then once per mutant, and counts a mutant as caught when some (case, clause) verdict differs
from the unbroken run.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

from blockspec.engine import _execution as execution_module
from blockspec.engine._queue import Group
from blockspec.engine._session_keeper import SessionKeeper
from blockspec.engine._submission import Submissions
from blockspec.frontend._client import FrontendCore
from blockspec.frontend._timers import TimerHandle

from ._cases import Case
from ._catalogue import Catalogue
from ._runner import run_suite
from ._targets import SimTarget

__all__ = ["MUTANTS", "mutant", "mutation_run"]

Patch = tuple[Any, str, Callable[[Any], Any]]  # (owner, attribute, make(original) -> replacement)


def _lifo(original: Any) -> Any:
    def take(self: Group) -> list[Any]:
        if self.waiting and not self.waiting[-1].dep.batch:
            return [self.waiting.pop()]  # the newest first: last in, first out
        return original(self)

    return take


def _limit_plus_one(original: Any) -> Any:
    return lambda self: self.limit is None or self.running < self.limit + 1


def _max_size_counts_running(original: Any) -> Any:
    def submit(self: Submissions, *args: Any, **kwargs: Any) -> str:
        dispatcher = self._dispatcher
        extra = dispatcher.active
        dispatcher.waiting += extra
        try:
            return original(self, *args, **kwargs)
        finally:
            dispatcher.waiting -= extra

    return submit


def _cancel_ignored(original: Any) -> Any:
    return lambda self, *args, **kwargs: False


def _unload_twice(original: Any) -> Any:
    async def run_unload(self: SessionKeeper, dep: Any, session: Any) -> None:
        await original(self, dep, session)
        await original(self, dep, session)

    return run_unload


def _unload_never(original: Any) -> Any:
    async def run_unload(self: SessionKeeper, dep: Any, session: Any) -> None:
        return None

    return run_unload


def _once_admits_a_second(original: Any) -> Any:
    async def dispatch_dep(self: FrontendCore, dep: Any, **kwargs: Any) -> None:
        hidden = self._submissions.pop(dep.id, None) if dep.trigger_mode == "once" else None
        try:
            await original(self, dep, **kwargs)
        finally:
            if hidden:
                self._submissions.setdefault(dep.id, [])[:0] = hidden

    return dispatch_dep


def _always_last_drops_the_rerun(original: Any) -> Any:
    async def complete(self: FrontendCore, submission: Any, *args: Any) -> None:
        self._deferred.pop(submission.dep.id, None)
        await original(self, submission, *args)

    return complete


def _timer_ignores_cancel(original: Any) -> Any:
    return lambda self: None


def _wrong_diffs(original: Any) -> Any:
    return lambda old, new: original(old, new)[:-1]  # the last edit is lost


def _batch_waits_to_fill(original: Any) -> Any:
    def has_room(self: Group) -> bool:
        if self.waiting and self.waiting[0].dep.batch and len(self.waiting) < self.waiting[0].dep.max_batch_size:
            return False
        return original(self)

    return has_room


#: name -> (what is broken, the patches)
MUTANTS: dict[str, tuple[str, tuple[Patch, ...]]] = {
    "lifo": ("jobs of a group start newest first", ((Group, "take", _lifo),)),
    "limit-plus-one": ("a concurrency limit lets one more run", ((Group, "has_room", _limit_plus_one),)),
    "max-size-counts-running": (
        "max_size counts running jobs too",
        ((Submissions, "submit", _max_size_counts_running),),
    ),
    "cancel-ignored": ("cancel requests do nothing", ((Submissions, "cancel", _cancel_ignored),)),
    "unload-twice": ("unload functions run twice", ((SessionKeeper, "run_unload", _unload_twice),)),
    "unload-never": ("unload functions never run", ((SessionKeeper, "run_unload", _unload_never),)),
    "once-admits-a-second": (
        "trigger_mode once submits while pending",
        ((FrontendCore, "_dispatch_dep", _once_admits_a_second),),
    ),
    "always-last-drops-rerun": (
        "always_last forgets the rerun",
        ((FrontendCore, "_complete", _always_last_drops_the_rerun),),
    ),
    "timer-ignores-cancel": (
        "a Timer keeps ticking after its cancel",
        ((TimerHandle, "cancel", _timer_ignores_cancel),),
    ),
    "wrong-generator-diffs": ("generator diffs lose their last edit", ((execution_module, "diff", _wrong_diffs),)),
    "batch-waits-to-fill": ("a batch waits until it is full", ((Group, "has_room", _batch_waits_to_fill),)),
}


@contextlib.contextmanager
def mutant(name: str) -> Iterator[None]:
    """Break the implementation as mutant ``name`` says, for the duration of the block."""
    if name not in MUTANTS:
        raise KeyError(f"no mutant {name!r}; the mutants are: {', '.join(MUTANTS)}")
    saved = []
    try:
        for owner, attribute, make in MUTANTS[name][1]:
            original = getattr(owner, attribute)
            saved.append((owner, attribute, original))
            setattr(owner, attribute, make(original))
        yield
    finally:
        for owner, attribute, original in reversed(saved):
            setattr(owner, attribute, original)


def mutation_run(cases: list[Case], catalogue: Catalogue, *, seed: int = 0) -> dict[str, Any]:
    """Each mutant on the sim target: which (case, clause) verdicts it changed."""
    baseline = {(r.case, r.clause): r.verdict for r in run_suite(SimTarget(), cases, catalogue, seed=seed).results}
    mutants = []
    for name, (doc, _) in MUTANTS.items():
        with mutant(name):
            results = run_suite(SimTarget(), cases, catalogue, seed=seed).results
        failing = sorted({r.clause for r in results if r.verdict != baseline.get((r.case, r.clause))})
        mutants.append({"name": name, "doc": doc, "failing": failing})
    return {"total": len(mutants), "killed": sum(bool(m["failing"]) for m in mutants), "mutants": mutants}
