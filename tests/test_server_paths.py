"""The file-access policy behind ``GET /gradio_api/file=<path>``: what is served, what is refused.

Every request is written relative to a tree built in ``tmp_path`` (``{tmp}`` stands for it) and
run with the working directory at ``tmp``, which is not served.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from blockspec.server._paths import FileAccess, PathRefused

# tmp/
#   allowed/                 allowed_paths
#     ok.txt  sub/deep.txt
#     secret.txt             blocked_paths
#     blocked_dir/           blocked_paths
#       x.txt
#       escape -> allowed/ok.txt
#     link.txt -> outside.txt
#     door -> allowed/blocked_dir      a way into the blocked dir under another name
#     relay -> allowed/blocked_dir/escape
#     %2e%2e%2fok.txt        a file whose name really is that
#   allowed2/y.txt           shares a prefix with allowed/, not allowed
#   cache/up.txt             cache_dirs
#   outside.txt
FILES = [
    "allowed/ok.txt",
    "allowed/sub/deep.txt",
    "allowed/secret.txt",
    "allowed/blocked_dir/x.txt",
    "allowed/%2e%2e%2fok.txt",
    "allowed2/y.txt",
    "cache/up.txt",
    "outside.txt",
]
LINKS = {
    "allowed/link.txt": "outside.txt",
    "allowed/blocked_dir/escape": "allowed/ok.txt",
    "allowed/door": "allowed/blocked_dir",
    "allowed/relay": "allowed/blocked_dir/escape",
}


@pytest.fixture
def tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in FILES:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(f"contents of {name}\n")
    for name, target in LINKS.items():
        os.symlink(tmp_path / target, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def policy(tmp: Path, **overrides: list[str]) -> FileAccess:
    settings = {
        "allowed_paths": [f"{tmp}/allowed"],
        "blocked_paths": [f"{tmp}/allowed/secret.txt", f"{tmp}/allowed/blocked_dir"],
        "cache_dirs": [f"{tmp}/cache"],
    }
    return FileAccess.from_settings(**(settings | overrides))


SERVED = {
    # request -> the file it names, relative to tmp
    "{tmp}/allowed/ok.txt": "allowed/ok.txt",
    "{tmp}/allowed/sub/deep.txt": "allowed/sub/deep.txt",
    "{tmp}/cache/up.txt": "cache/up.txt",
    "{tmp}/allowed/./sub/../ok.txt": "allowed/ok.txt",
    "allowed/ok.txt": "allowed/ok.txt",  # relative: to the working directory
    # A literal "%2e%2e%2f" in a name: decoding it a second time would make it "../ok.txt".
    "{tmp}/allowed/%2e%2e%2fok.txt": "allowed/%2e%2e%2fok.txt",
}

REFUSED = {
    "dotdot out of allowed": "{tmp}/allowed/../outside.txt",
    "dotdot from a subdir": "{tmp}/allowed/sub/../../outside.txt",
    "absolute system file": "/etc/passwd",
    "relative, cwd not served": "outside.txt",
    "relative dotdot": "allowed/../outside.txt",
    "sibling sharing a prefix": "{tmp}/allowed2/y.txt",
    "percent-encoded dotdot, decoded once": "{tmp}/allowed/%2e%2e/outside.txt",
    "double-encoded dotdot-slash, decoded once": "{tmp}/allowed/%2e%2e%2foutside.txt",
    "symlink leading out": "{tmp}/allowed/link.txt",
    "blocked file": "{tmp}/allowed/secret.txt",
    "file in blocked dir": "{tmp}/allowed/blocked_dir/x.txt",
    "symlink named inside blocked dir": "{tmp}/allowed/blocked_dir/escape",
    "blocked dir under a linked name": "{tmp}/allowed/door/escape",
    "link to a link inside blocked dir": "{tmp}/allowed/relay",
    "through blocked dir and back out": "{tmp}/allowed/blocked_dir/../ok.txt",
    "blocked file, upper case": "{tmp}/allowed/SECRET.txt",
    "blocked file, mixed case": "{tmp}/allowed/Secret.Txt",
    "blocked dir, other case": "{tmp}/allowed/BLOCKED_DIR/x.txt",
    "the allowed dir itself": "{tmp}/allowed",
    "a subdir": "{tmp}/allowed/sub",
    "the cache dir itself": "{tmp}/cache",
    "missing file in allowed": "{tmp}/allowed/nope.txt",
    "through a missing dir": "{tmp}/allowed/nope/../ok.txt",
    "a file used as a dir": "{tmp}/allowed/ok.txt/",
    "NUL byte": "{tmp}/allowed/ok.txt\0.png",
    "empty": "",
    "http URL": "http://example.com/allowed/ok.txt",
    "https URL": "HTTPS://example.com/allowed/ok.txt",
    "file URL": "file://{tmp}/allowed/ok.txt",
}


def fill(template: str, tmp: Path) -> str:
    return template.replace("{tmp}", str(tmp))


@pytest.mark.parametrize("template", SERVED)
def test_served_paths_resolve_to_the_canonical_file(tmp: Path, template: str) -> None:
    resolved = policy(tmp).resolve(fill(template, tmp))
    assert resolved == (tmp / SERVED[template]).resolve()
    assert resolved.is_absolute() and os.path.realpath(resolved) == str(resolved)


@pytest.mark.parametrize("template", REFUSED.values(), ids=REFUSED.keys())
def test_refused_paths_raise_a_permission_error(tmp: Path, template: str) -> None:
    requested = fill(template, tmp)
    with pytest.raises(PermissionError) as info:
        policy(tmp).resolve(requested)
    assert isinstance(info.value, PathRefused)
    assert info.value.requested == requested and info.value.reason


@pytest.mark.parametrize("template", [*SERVED, *REFUSED.values()])
def test_may_serve_agrees_with_resolve(tmp: Path, template: str) -> None:
    access, requested = policy(tmp), fill(template, tmp)
    try:
        access.resolve(requested)
    except PathRefused:
        served = False
    else:
        served = True
    assert access.may_serve(requested) is served
    assert served is (template in SERVED)


def test_case_variants_of_a_blocked_file_are_refused_as_blocked_when_they_exist(tmp: Path) -> None:
    # On a case-sensitive filesystem these are new files; on a case-insensitive one, the
    # blocked file under other names. Either way the answer is "blocked", not "missing".
    for name in ("SECRET.txt", "Secret.Txt"):
        (tmp / "allowed" / name).write_text("same secret?\n")
        with pytest.raises(PathRefused) as info:
            policy(tmp).resolve(f"{tmp}/allowed/{name}")
        assert info.value.reason == "blocked"


@pytest.mark.parametrize("blocked", ["allowed/secret.txt", "allowed/blocked_dir/x.txt", "cache/up.txt"])
def test_blocked_wins_even_when_also_allowed(tmp: Path, blocked: str) -> None:
    access = policy(
        tmp,
        allowed_paths=[f"{tmp}/allowed", f"{tmp}/{blocked}", f"{tmp}/allowed/blocked_dir"],
        blocked_paths=[f"{tmp}/{blocked}"],
    )
    with pytest.raises(PathRefused) as info:
        access.resolve(f"{tmp}/{blocked}")
    assert info.value.reason == "blocked"


def test_a_single_allowed_file_serves_only_itself(tmp: Path) -> None:
    access = policy(tmp, allowed_paths=[f"{tmp}/outside.txt"])
    assert access.resolve(f"{tmp}/outside.txt") == (tmp / "outside.txt").resolve()
    assert not access.may_serve(f"{tmp}/allowed/ok.txt")
    assert not access.may_serve(f"{tmp}/outside.txt/")


def test_symlinks_within_the_allowed_dir_are_followed(tmp: Path) -> None:
    os.symlink(tmp / "allowed/sub/deep.txt", tmp / "allowed/shortcut.txt")
    assert policy(tmp).resolve(f"{tmp}/allowed/shortcut.txt") == (tmp / "allowed/sub/deep.txt").resolve()


def test_settings_are_canonicalised(tmp: Path) -> None:
    os.symlink(tmp / "allowed", tmp / "alias")
    access = policy(tmp, allowed_paths=["alias"], blocked_paths=[f"{tmp}/alias/sub/../secret.txt"])
    assert access.allowed == ((tmp / "allowed").resolve(),)
    assert access.blocked == ((tmp / "allowed/secret.txt").resolve(),)
    assert access.cache_dirs == ((tmp / "cache").resolve(),)
    assert access.resolve(f"{tmp}/alias/ok.txt") == (tmp / "allowed/ok.txt").resolve()
    assert not access.may_serve(f"{tmp}/allowed/secret.txt")


def test_a_url_is_refused_even_where_it_would_name_a_served_file(tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Read as a relative path from inside allowed/, "http://example.com/ok.txt" is a real file.
    (tmp / "allowed/http:/example.com").mkdir(parents=True)
    (tmp / "allowed/http:/example.com/ok.txt").write_text("not fetched\n")
    monkeypatch.chdir(tmp / "allowed")
    with pytest.raises(PathRefused) as info:
        policy(tmp).resolve("http://example.com/ok.txt")
    assert info.value.reason == "a URL, not a path"


def test_the_path_as_written_is_checked_against_blocked_paths(tmp: Path) -> None:
    # allowed/hop/../blocked_dir/x.txt really is allowed/sub/blocked_dir/x.txt (hop -> sub/inner),
    # but as written it names the blocked dir: blocked wins, even over a lexical reading.
    (tmp / "allowed/sub/inner").mkdir()
    (tmp / "allowed/sub/blocked_dir").mkdir()
    (tmp / "allowed/sub/blocked_dir/x.txt").write_text("a different x\n")
    os.symlink(tmp / "allowed/sub/inner", tmp / "allowed/hop")
    assert os.path.samefile(f"{tmp}/allowed/hop/../blocked_dir/x.txt", tmp / "allowed/sub/blocked_dir/x.txt")
    access = policy(tmp)
    assert access.may_serve(f"{tmp}/allowed/sub/blocked_dir/x.txt")
    with pytest.raises(PathRefused) as info:
        access.resolve(f"{tmp}/allowed/hop/../blocked_dir/x.txt")
    assert info.value.reason == "blocked"


def test_a_symlink_loop_is_refused(tmp: Path) -> None:
    os.symlink(tmp / "allowed/loop_b", tmp / "allowed/loop_a")
    os.symlink(tmp / "allowed/loop_a", tmp / "allowed/loop_b")
    assert not policy(tmp).may_serve(f"{tmp}/allowed/loop_a")


def test_nothing_is_served_by_default(tmp: Path) -> None:
    access = FileAccess.from_settings(allowed_paths=[], blocked_paths=[], cache_dirs=[])
    assert not access.may_serve(f"{tmp}/allowed/ok.txt")
    assert not access.may_serve("outside.txt")
