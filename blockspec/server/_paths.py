"""Which files the server may hand out: ``GET /gradio_api/file=<path>`` and file paths sent as inputs.

``launch(allowed_paths=...)`` and the app's own cache directories (uploads, files functions
created) are served; ``launch(blocked_paths=...)`` wins over everything; the working directory
and the rest of the disk are not served. The threat is a client that names a file outside those
directories -- by ``..``, an absolute path, a symlink that leads out, a shared name prefix
(``/srv/data2`` vs ``/srv/data``), a second percent-decoding, or a case variant of a blocked name
on a case-insensitive filesystem. The filesystem itself is trusted: whoever can create links in
a served directory already chooses what is served. Serve the returned canonical path, not the
requested one.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePath

import attrs

__all__ = ["FileAccess", "PathRefused"]

# Any URL scheme followed by "//" (http, https, ftp, file, ...): the server fetches nothing on a
# client's behalf. Two or more letters, so a Windows drive ("C://x") is still a path.
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+://")

# Linux gives up after 40 symlinks (MAXSYMLINKS); so do we.
_MAX_SYMLINKS = 40


class PathRefused(PermissionError):
    """A path the policy does not serve; .requested is what was asked for, .reason why (for logs, not for clients)."""

    def __init__(self, requested: str, reason: str) -> None:
        super().__init__(f"not served ({reason}): {requested!r}")
        self.requested = requested
        self.reason = reason


def _canonical(paths: Iterable[str | os.PathLike[str]]) -> tuple[Path, ...]:
    # A relative entry means the working directory at launch, as in blockspec._settings.
    return tuple(Path(os.path.realpath(p)) for p in paths)


def _within(path: PurePath, roots: Iterable[PurePath]) -> bool:
    """``path`` is one of ``roots`` or below one, compared component by component, case-sensitively."""
    parts = path.parts
    return any(parts[: len(root.parts)] == root.parts for root in roots)


def _folded(path: PurePath) -> tuple[str, ...]:
    return tuple(os.path.normcase(part).casefold() for part in path.parts)


def _within_folded(path: PurePath, roots: Iterable[PurePath]) -> bool:
    """Like ``_within`` but ignoring case, so a case-insensitive filesystem can't alias a blocked name."""
    parts = _folded(path)
    return any(parts[: len(root)] == root for root in map(_folded, roots))


def _fold(part: str) -> str:
    return os.path.normcase(part).casefold()


def _names_looked_up(path: str) -> Iterator[tuple[str, list[str]]]:
    """Every absolute name the OS looks up to reach ``path`` (absolute), symlink hops included,
    each with its components case-folded (the list is reused: read it before the next step).

    This is ``os.path.realpath`` step by step: for ``a/link/f`` with ``link -> /x/y`` it yields
    ``a``, ``a/link``, ``/x``, ``/x/y``, ``/x/y/f``. A name that does not exist is taken as it is
    (``strict=False``). Raises ``PathRefused`` on a symlink loop. The folded components are kept
    step by step (not recomputed per name), so the walk is linear in the path's length.
    """
    pure = PurePath(path)
    here = pure.anchor
    folded = [_fold(pure.anchor)]
    todo = list(reversed(pure.parts[1:]))  # a stack: the next component is todo[-1]
    hops = 0
    while todo:
        part = todo.pop()
        if part in ("", "."):
            continue
        if part == "..":
            # `here` never contains a symlink, so its lexical parent is its real parent.
            here = os.path.dirname(here)
            if len(folded) > 1:
                folded.pop()
            continue
        name = os.path.join(here, part)
        folded.append(_fold(part))
        yield name, folded
        try:
            target = os.readlink(name)
        except OSError:  # not a symlink, or missing
            here = name
            continue
        folded.pop()  # the link's own name is not on the way: its target is
        hops += 1
        if hops > _MAX_SYMLINKS:
            raise PathRefused(path, "symlink loop")
        link = PurePath(target)
        if link.is_absolute():
            here = link.anchor
            folded = [_fold(link.anchor)]
            todo.extend(reversed(link.parts[1:]))
        else:  # relative to the directory holding the link, which is `here`
            todo.extend(reversed(link.parts))


def _starts_with_any(parts: list[str], roots: list[list[str]]) -> bool:
    return any(parts[: len(root)] == root for root in roots)


@attrs.frozen(kw_only=True)
class FileAccess:
    """The file-access policy of one launched app.

    Every entry is canonical (absolute, symlinks resolved): the converters make it so however
    the object is built, and ``resolve`` compares canonical paths only against canonical entries.
    """

    allowed: tuple[Path, ...] = attrs.field(converter=_canonical)
    blocked: tuple[Path, ...] = attrs.field(converter=_canonical)
    cache_dirs: tuple[Path, ...] = attrs.field(converter=_canonical)

    @classmethod
    def from_settings(
        cls, *, allowed_paths: Iterable[str], blocked_paths: Iterable[str], cache_dirs: Iterable[str | Path]
    ) -> FileAccess:
        """The policy for ``launch(allowed_paths=..., blocked_paths=...)`` plus the app's cache directories."""
        return cls(allowed=allowed_paths, blocked=blocked_paths, cache_dirs=cache_dirs)

    def resolve(self, requested: str) -> Path:
        """The canonical file `requested` names, if it may be served; raises PathRefused otherwise.

        ``requested`` is taken as the route delivers it -- already percent-decoded once by the
        ASGI server -- and is not decoded again: ``%2e%2e`` is a file name, not ``..``. A relative
        path is relative to the working directory, which is not itself served.
        """
        if not isinstance(requested, str):  # JSON from a client can hold anything
            raise PathRefused(repr(requested), "not a string")
        if not requested:
            raise PathRefused(requested, "empty path")
        if "\0" in requested:
            raise PathRefused(requested, "NUL byte")
        if _URL.match(requested):
            raise PathRefused(requested, "a URL, not a path")
        absolute = os.path.join(os.getcwd(), requested)  # joining an absolute path keeps it as is
        try:
            canonical = Path(os.path.realpath(absolute))
            # Blocked wins: the file itself, the path as written, and every name on the way to
            # the file (a link inside a blocked directory is blocked wherever it points).
            if _within_folded(canonical, self.blocked) or _within_folded(
                Path(os.path.normpath(absolute)), self.blocked
            ):
                raise PathRefused(requested, "blocked")
            if self.blocked:
                roots = [list(_folded(root)) for root in self.blocked]
                if any(_starts_with_any(parts, roots) for _, parts in _names_looked_up(absolute)):
                    raise PathRefused(requested, "blocked")
            if not _within(canonical, self.allowed + self.cache_dirs):
                raise PathRefused(requested, "outside the allowed paths")
            # Only now look at what is there, so a refusal outside the served directories says
            # nothing about what exists. A directory and a missing file get the same answer.
            # Ask about the request as written, not `canonical`: realpath walks lexically through
            # missing names and files ("ok.txt/", "nope/../ok.txt") where the OS fails. When the
            # OS does find a file, every name on the way exists, so `canonical` is that file.
            if not os.path.isfile(absolute):
                raise PathRefused(requested, "not a regular file")
        except PathRefused:
            raise
        except (OSError, ValueError) as exc:  # e.g. a name too long, a directory we may not list
            raise PathRefused(requested, f"unreadable path: {type(exc).__name__}") from exc
        return canonical

    def may_serve(self, requested: str) -> bool:
        """Whether ``resolve(requested)`` would succeed."""
        try:
            self.resolve(requested)
        except PathRefused:
            return False
        return True
