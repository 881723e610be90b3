"""The queue: concurrency groups of waiting jobs, which group goes next, and estimates.

Within a group jobs leave in arrival order (FIFO). Across groups the docs promise no order
and Gradio picks at random; so does blockspec, from the run's seeded generator
(``group_order="random"``), or -- for readable tests -- the group whose waiting head arrived
first (``group_order="fifo"``).

A group's limit is the lowest ``concurrency_limit`` among its listeners (None: unlimited).
A batch run counts once against it. ``max_threads`` caps running jobs across all groups.
"""

from __future__ import annotations

import random
from collections import deque
from itertools import islice
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from ._jobs import Job

__all__ = ["Group", "ProcessTimes", "choose_group", "GroupOrder", "rank_etas_of"]

GroupOrder = Literal["fifo", "random"]


class Group:
    """One concurrency group: its limit, its waiting jobs (FIFO) and its running count."""

    __slots__ = ("id", "limit", "waiting", "running", "running_since", "dep_ids")

    def __init__(self, group_id: str, limit: int | None, dep_ids: tuple[int, ...] = ()) -> None:
        self.id = group_id
        self.limit = limit
        #: the dependencies whose jobs queue here
        self.dep_ids = dep_ids
        self.waiting: deque[Job] = deque()
        self.running = 0
        # start time and dependency id of each running run, for estimates (insertion order)
        self.running_since: dict[int, tuple[float, int]] = {}

    def has_room(self) -> bool:
        return self.limit is None or self.running < self.limit

    def take(self) -> list[Job]:
        """Remove and return the next run's jobs: the head, plus same-function jobs for a batch."""
        head = self.waiting.popleft()
        jobs = [head]
        dep = head.dep
        if dep.batch and dep.max_batch_size > 1:
            kept: deque[Job] = deque()
            while self.waiting:
                job = self.waiting.popleft()
                if job.dep.id == dep.id and len(jobs) < dep.max_batch_size:
                    jobs.append(job)
                else:
                    kept.append(job)
            self.waiting = kept
        return jobs


def choose_group(eligible: list[Group], order: GroupOrder, rng: random.Random) -> Group:
    """The group whose head starts next (``eligible`` is non-empty, in a defined order)."""
    if len(eligible) == 1:
        return eligible[0]
    if order == "fifo":
        return min(eligible, key=lambda g: g.waiting[0].seq)
    return eligible[rng.randrange(len(eligible))]


class ProcessTimes:
    """Running mean of how long each dependency's runs take (for ``eta`` and ``rank_eta``)."""

    def __init__(self) -> None:
        self._mean: dict[int, tuple[int, float]] = {}
        # Sums 0, c, c + c, ... added one by one, for one step c (see tail_eta).
        self._step: float | None = None
        self._sums: list[float] = [0.0]

    def add(self, dep_id: int, seconds: float) -> float:
        count, mean = self._mean.get(dep_id, (0, 0.0))
        count += 1
        mean += (seconds - mean) / count
        self._mean[dep_id] = (count, mean)
        return mean

    def mean(self, dep_id: int) -> float | None:
        entry = self._mean.get(dep_id)
        return None if entry is None else entry[1]

    def means(self, dep_ids: tuple[int, ...]) -> dict[int, float | None]:
        """The current mean of each of ``dep_ids`` (a broadcast's estimates need only these)."""
        return {dep_id: self.mean(dep_id) for dep_id in dep_ids}

    def rank_eta(self, group: Group, index: int, now: float) -> float | None:
        """Seconds until the job at ``index`` of ``group.waiting`` is likely to finish."""
        return self.rank_etas(group, now, upto=index + 1)[index]

    def tail_eta(self, group: Group, now: float) -> float | None:
        """:meth:`rank_eta` of the last waiting job, in constant time when every job of the
        group runs one function (a queue 10,000 deep must not cost 10,000 steps a join).

        The same additions in the same order as :func:`rank_etas_of`, so the same float.
        """
        if len(group.dep_ids) != 1:
            return self.rank_eta(group, len(group.waiting) - 1, now)
        until_free = self.until_free(group, now)
        own = self.mean(group.dep_ids[0])
        index = len(group.waiting) - 1
        if until_free is None or own is None:
            return None
        limit = group.limit
        if limit is None:
            return own + 0.0 + until_free
        step = own / limit
        sums = self._sums
        if step != self._step:  # another mean: start the sums again
            self._step = step
            sums = self._sums = [0.0]
        while len(sums) <= index:
            sums.append(sums[-1] + step)
        return own + sums[index] + until_free

    def until_free(self, group: Group, now: float) -> float | None:
        """Seconds until a slot of ``group`` frees: 0 if one is free; None if unknown."""
        if group.has_room() or not group.running_since:
            return 0.0
        remaining = []
        for started, dep_id in group.running_since.values():
            mean = self.mean(dep_id)
            if mean is None:
                return None
            remaining.append(started + mean - now)
        return max(0.0, min(remaining))

    def rank_etas(self, group: Group, now: float, upto: int | None = None) -> list[float | None]:
        """The estimate for each waiting job of ``group`` (the first ``upto`` of them).

        A job's own average duration, plus the averages of the jobs ahead of it shared over
        the group's slots, plus the time until a slot frees if none is free. None until every
        function involved has finished at least once.
        """
        jobs = group.waiting if upto is None else islice(group.waiting, upto)
        return rank_etas_of([self.mean(job.dep.id) for job in jobs], group.limit, self.until_free(group, now))


def rank_etas_of(means: list[float | None], limit: int | None, until_free: float | None) -> list[float | None]:
    """The estimates of waiting jobs whose functions' means are ``means``, in queue order.

    One function for the messages the engine sends and for the ones a history expands from a
    recorded broadcast (``_history.py``): both must give the same floats.
    """
    etas: list[float | None] = []
    ahead: float | None = 0.0
    for own in means:
        if own is None or ahead is None or until_free is None:
            etas.append(None)
        else:
            etas.append(own + ahead + until_free)
        if limit is not None and ahead is not None:
            ahead = None if own is None else ahead + own / limit
    return etas
