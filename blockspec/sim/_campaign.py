"""Seed campaigns: one scenario, many seeds, one summary -- on one core, all cores, or a cluster.

A campaign plays the same app and scenario once per seed (exploring interleavings: the seed
draws the queue's order between concurrency groups and trio's order for tasks woken
together) and keeps, per seed, a small :class:`SeedResult`: the trace's digest, the verdict,
which invariants or expectations failed, and which "sometimes" events the run reached
(``blockspec.sim._coverage``). :class:`Tally` adds results up as they arrive, in any order,
into a :class:`Summary` that depends only on the seeds and their results -- so the serial
run, ``--workers N`` and a Dask cluster give byte-identical JSON summaries.

Engines (:func:`run_campaign`): serial; a pool of N processes on this machine (from a fork
server that imported blockspec, or spawned -- never forked from this process: it may have
threads, and a forked child of a threaded parent can deadlock);
or a Dask ``distributed`` scheduler at an address (``pip install 'blockspec[cluster]'``). All
three run :func:`run_block` on blocks of consecutive seeds and hand each block's results back
as soon as it is done, so one progress bar serves them all.

The app file travels with the campaign (:class:`CampaignSpec` holds its text): a worker
whose disk has the same file at the same path uses it; any other worker writes the text to a
cache directory of its own, named by the text's digest, and loads it from there.
"""

from __future__ import annotations

import hashlib
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import attrs

from .._errors import DefinitionError
from ._campaign_summary import Summary, Tally
from ._coverage import reached
from ._scenario import _MISSING, Expectation, Outcome, Scenario, run_scenario

__all__ = [
    "CampaignSpec",
    "SeedResult",
    "Summary",
    "Tally",
    "failure_keys",
    "run_block",
    "run_campaign",
    "run_seed",
    "seed_blocks",
]


@attrs.frozen(kw_only=True)
class CampaignSpec:
    """What every seed of a campaign plays: the app (path and text), the scenario, and the
    run settings a seed does not choose."""

    app: str
    source: str
    scenario: Scenario
    app_name: str | None = None
    explore: bool = True
    until: float | None = None

    @classmethod
    def for_app(
        cls,
        app: str | Path,
        scenario: Scenario,
        *,
        app_name: str | None = None,
        explore: bool = True,
        until: float | None = None,
    ) -> CampaignSpec:
        path = Path(app)
        try:
            source = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise DefinitionError("app", str(app), f"cannot be read ({exc})", "Pass the path of an app file.") from None
        return cls(
            app=str(path.resolve()), source=source, scenario=scenario, app_name=app_name, explore=explore, until=until
        )

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.source.encode()).hexdigest()

    def scenario_for(self, seed: int) -> Scenario:
        """The scenario as ``seed`` plays it (the settings in it, so its repro has them)."""
        return self.scenario.overridden(
            seed=seed,
            group_order="random" if self.explore else None,
            interleaving="seeded" if self.explore else None,
            until=self.until,
        )


@attrs.frozen(kw_only=True)
class SeedResult:
    """What a campaign keeps of one seed's run."""

    seed: int
    digest: str
    ok: bool
    failures: tuple[str, ...] = ()
    first_failure: str | None = None
    jobs: int = 0
    errors: int = 0
    reached: tuple[tuple[str, int], ...] = ()


def describe_expectation(expectation: Expectation) -> str:
    """An expectation as the same words for every seed (its verdict's text varies)."""
    what: str
    if expectation.no_errors:
        what = "no errors"
    elif expectation.equals is not _MISSING:
        what = f"{expectation.target} equals {expectation.equals!r}"
    else:
        what = f"{expectation.target} contains {expectation.contains!r}"
    return f"t={expectation.at:g} {expectation.client}: {what}"


def failure_keys(outcome: Outcome) -> tuple[str, ...]:
    """The ways a run failed, one key per broken invariant or failed expectation: seeds that
    fail the same way have the same keys, whatever the details."""
    keys: list[str] = []
    for violation in outcome.violations:
        keys.append(f"invariant {violation.check}")
    for expectation, _ in outcome.failed_expectations:
        keys.append(f"expectation {describe_expectation(expectation)}")
    if outcome.cycles:
        keys.append("a .change cascade was stopped (a cycle)")
    for job in outcome.app_failures:
        keys.append(f"app function {job.fn} raised {(job.failure or {}).get('type')}")
    for missing in outcome.missing_failures:
        keys.append(f"expected failure did not happen: {missing.describe()}")
    return tuple(dict.fromkeys(keys))


# -- running seeds ------------------------------------------------------------------------

_LOCAL_COPIES: dict[str, str] = {}


def app_path(spec: CampaignSpec) -> str:
    """The app file to load here: the spec's own path if it holds the same text, else a copy
    of the text in this machine's cache (a cluster worker without the file)."""
    cached = _LOCAL_COPIES.get(spec.digest)
    if cached is not None:
        return cached
    own = Path(spec.app)
    try:
        same = own.read_text(encoding="utf-8") == spec.source
    except OSError:
        same = False
    if same:
        path = own
    else:
        folder = Path(tempfile.gettempdir()) / "blockspec-campaign" / spec.digest[:16]
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / own.name
        if not path.is_file():
            path.write_text(spec.source, encoding="utf-8")
    _LOCAL_COPIES[spec.digest] = str(path)
    return str(path)


def run_seed(spec: CampaignSpec, seed: int) -> SeedResult:
    """Play the campaign's scenario with ``seed``; keep what the summary needs."""
    sim, outcome = run_scenario(app_path(spec), spec.scenario_for(seed), app_name=spec.app_name)
    try:
        digest = hashlib.sha256(sim.trace.to_jsonl().encode()).hexdigest()[:16]
        events = reached(sim.history, sim.graph)
    finally:
        sim.close()
    return SeedResult(
        seed=seed,
        digest=digest,
        ok=outcome.ok,
        failures=failure_keys(outcome),
        first_failure=outcome.first_failure,
        jobs=outcome.jobs,
        errors=len(outcome.errors),
        reached=tuple(events.items()),
    )


#: One simulation at a time per process: a run sets process-wide state (trio's scheduler
#: switch and tie-breaker, Python's global `random`) for its duration, so two runs in two
#: threads of one process -- a Dask worker with several threads -- would mix their draws.
_ONE_AT_A_TIME = threading.Lock()


def run_block(spec: CampaignSpec, first: int, last: int) -> list[SeedResult]:
    """Seeds ``first`` to ``last`` (inclusive): the unit of work a worker or a cluster task runs."""
    with _ONE_AT_A_TIME:
        return [run_seed(spec, seed) for seed in range(first, last + 1)]


def seed_blocks(seeds: range, size: int) -> list[tuple[int, int]]:
    """``seeds`` cut into (first, last) blocks of at most ``size`` consecutive seeds."""
    if size < 1:
        raise DefinitionError("block size", size, "is not positive", "Use a block size of 1 or more seeds.")
    return [(start, min(start + size, seeds.stop) - 1) for start in range(seeds.start, seeds.stop, size)]


def run_campaign(
    spec: CampaignSpec,
    seeds: range,
    *,
    workers: int = 1,
    cluster: str | None = None,
    block_size: int | None = None,
    on_results: Callable[[Sequence[SeedResult]], None] | None = None,
    connect_timeout: float = 30.0,
) -> Summary:
    """Run every seed of ``seeds`` and sum the results up.

    ``workers``: processes on this machine (1: in this process); ``cluster``: the address
    of a Dask scheduler (``tcp://host:8786``) instead, given ``connect_timeout`` seconds to
    answer. ``block_size``: seeds per task (default: about 8 tasks per worker, within
    bounds). ``on_results`` sees each finished block's results, in the order blocks finish.
    """
    if workers < 1:
        raise DefinitionError("--workers", workers, "is not positive", "Use 1 (serial) or more processes.")
    if block_size is not None and block_size < 1:
        raise DefinitionError("--block-size", block_size, "is not positive", "Use 1 or more seeds per task.")
    tally = Tally(spec=spec, seeds=seeds)
    if cluster is not None:
        batches = _on_cluster(spec, seeds, block_size, cluster, connect_timeout)
    elif workers > 1:
        batches = _in_processes(spec, seed_blocks(seeds, block_size or _block_size(len(seeds), workers)), workers)
    else:
        batches = ([run_seed(spec, seed)] for seed in seeds)
    for results in batches:
        tally.add(results)
        if on_results is not None:
            on_results(results)
    return tally.summary()


def _block_size(seeds: int, workers: int, *, least: int = 1) -> int:
    """About 8 blocks per worker: small enough to keep every worker busy to the end and the
    progress bar moving, large enough that handing a block over costs little next to running
    it (``least`` seeds at least -- a cluster task costs some 10 ms -- and 500 at most)."""
    return max(1, min(500, max(least, -(-seeds // (max(1, workers) * 8)))))


def _in_processes(spec: CampaignSpec, blocks: list[tuple[int, int]], workers: int) -> Iterator[list[SeedResult]]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    if "forkserver" in multiprocessing.get_all_start_methods():
        # Workers forked from a clean server process that imported blockspec once: as safe as
        # spawning, seconds faster to start.
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__])
    else:
        context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = [pool.submit(run_block, spec, first, last) for first, last in blocks]
        try:
            for future in as_completed(futures):
                yield future.result()
        finally:
            for future in futures:
                future.cancel()


def _on_cluster(
    spec: CampaignSpec, seeds: range, block_size: int | None, address: str, timeout: float
) -> Iterator[list[SeedResult]]:
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise DefinitionError(
            "--cluster", address, "needs Dask distributed", "Install it: pip install 'blockspec[cluster]'."
        ) from None
    try:
        client = Client(address, timeout=timeout)
    except OSError as exc:
        raise DefinitionError(
            "--cluster", address, f"is not a reachable Dask scheduler ({exc})", "Start one: dask scheduler."
        ) from None
    with client:
        workers = len(client.nthreads())  # worker processes (each runs one simulation at a time)
        blocks = seed_blocks(seeds, block_size or _block_size(len(seeds), workers, least=50))
        shipped = client.scatter(spec, broadcast=True)
        futures = [client.submit(run_block, shipped, first, last, pure=False) for first, last in blocks]
        try:
            for future in as_completed(futures):
                yield future.result()
        finally:
            client.cancel(futures)
