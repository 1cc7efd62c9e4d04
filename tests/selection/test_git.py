"""What changed, read from real git repositories: lines, renames, odd paths and bad input."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from qatron.errors import ConfigError
from qatron.selection import ChangedFile, changed_files
from qatron.selection.patch import unquote
from tests.selection import GIT_ENV, Repo

CODE = "".join(f"line{n}\n" for n in range(1, 11))


def by_path(changes: list[ChangedFile]) -> dict[str, ChangedFile]:
    return {change.path: change for change in changes}


def test_changed_deleted_and_inserted_lines_are_base_line_numbers(tmp_path: Path) -> None:
    repo = Repo(tmp_path, {"a.txt": CODE})
    lines = CODE.splitlines(keepends=True)
    lines[2] = "changed3\n"  # line 3 changed
    del lines[5]  # line 6 deleted
    lines.insert(8, "new\n")  # after base line 9: head line 9
    repo.write({"a.txt": "".join(lines)})
    (change,) = changed_files(tmp_path, "HEAD")
    assert (change.path, change.status, change.binary) == ("a.txt", "modified", False)
    assert change.old_lines == {3, 6}
    assert change.insertion_points == {9}
    assert change.new_lines == {3, 9}


def test_renames_deletions_additions_and_binary_files(tmp_path: Path) -> None:
    repo = Repo(tmp_path, {"old.py": CODE, "gone.py": "x = 1\n", "keep.txt": "k\n"})
    (tmp_path / "image.png").write_bytes(b"\x89PNG\0\1\2")
    repo.commit("binary")
    repo.git("mv", "old.py", "new.py")
    repo.write({"gone.py": None, "added.py": "y = 2\n"})
    (tmp_path / "image.png").write_bytes(b"\x89PNG\0\3\4")
    head = repo.commit("change")
    changes = by_path(changed_files(tmp_path, "HEAD~1", head))
    assert set(changes) == {"new.py", "gone.py", "added.py", "image.png"}
    assert (changes["new.py"].status, changes["new.py"].old_path) == ("renamed", "old.py")
    assert changes["gone.py"].status == "deleted" and changes["gone.py"].old_lines == {1}
    assert changes["added.py"].status == "added" and changes["added.py"].insertion_points == {0}
    assert changes["image.png"].binary and changes["image.png"].status == "modified"


def test_paths_with_spaces_quotes_and_unicode(tmp_path: Path) -> None:
    names = ["dir with space/file name.py", "ünïcödé/dätä.json", 'quo"te.txt', "tab\tname.txt"]
    repo = Repo(tmp_path, {name: CODE for name in names})
    repo.write({name: CODE.replace("line5", "LINE5") for name in names})
    changes = by_path(changed_files(tmp_path, "HEAD"))
    assert set(changes) == set(names)
    assert all(change.old_lines == {5} for change in changes.values())


def test_unquote_reads_git_c_quoting() -> None:
    assert unquote(b'"a\\tb\\303\\274.py"') == "a\tbü.py"
    assert unquote(b"plain name.py") == "plain name.py"


def test_working_tree_has_staged_unstaged_and_untracked_changes(tmp_path: Path) -> None:
    repo = Repo(tmp_path, {"staged.py": CODE, "unstaged.py": CODE, ".gitignore": "*.log\n"})
    repo.write({"staged.py": CODE + "more\n", "unstaged.py": "x\n", "new file.py": "y\n",
                "ignored.log": "noise\n", "sub/staged_new.py": "z\n"})
    repo.git("add", "staged.py", "sub/staged_new.py")
    changes = by_path(changed_files(tmp_path / "sub", "HEAD"))  # any folder of the repo
    assert set(changes) == {"staged.py", "unstaged.py", "new file.py", "sub/staged_new.py"}
    assert changes["new file.py"].status == "added"
    assert changes["sub/staged_new.py"].status == "added"
    assert changes["staged.py"].insertion_points == {10}


def test_merge_commits_compare_with_the_given_base(tmp_path: Path) -> None:
    repo = Repo(tmp_path, {"main.py": CODE, "feature.py": CODE})
    base = repo.git("rev-parse", "HEAD")
    repo.git("checkout", "-q", "-b", "feature")
    repo.commit("feature work", {"feature.py": CODE + "feature\n"})
    repo.git("checkout", "-q", "main")
    repo.commit("main work", {"main.py": CODE + "main\n"})
    repo.git("merge", "-q", "--no-edit", "feature")
    merge = repo.git("rev-parse", "HEAD")
    assert set(by_path(changed_files(tmp_path, base, merge))) == {"main.py", "feature.py"}
    assert set(by_path(changed_files(tmp_path, "HEAD^1", merge))) == {"feature.py"}
    repo.commit("after the merge", {"after.py": "x = 1\n"})
    assert set(by_path(changed_files(tmp_path, merge, "HEAD"))) == {"after.py"}


def test_detached_head(tmp_path: Path) -> None:
    repo = Repo(tmp_path, {"a.py": CODE})
    first = repo.git("rev-parse", "HEAD")
    repo.commit("second", {"a.py": CODE + "x\n"})
    repo.git("checkout", "-q", "--detach", "HEAD")
    repo.write({"b.py": "y\n"})
    assert set(by_path(changed_files(tmp_path, first))) == {"a.py", "b.py"}
    assert set(by_path(changed_files(tmp_path, first, "HEAD"))) == {"a.py"}


def test_a_base_missing_from_a_shallow_clone_says_to_fetch_more(tmp_path: Path) -> None:
    origin = Repo(tmp_path / "origin", {"a.py": CODE})
    old = origin.git("rev-parse", "HEAD")
    origin.commit("second", {"a.py": CODE + "x\n"})
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{origin.root}", str(clone)],
                   check=True, env={**os.environ, **GIT_ENV})
    with pytest.raises(ConfigError) as info:
        changed_files(clone, old)
    assert str(info.value) == (
        f"revision {old!r} is not in {clone}, a shallow clone: fetch more history "
        f"(`git fetch --deepen=200`, or `git fetch --unshallow`) and try again.")


def test_an_unknown_revision_is_named(tmp_path: Path) -> None:
    Repo(tmp_path, {"a.py": CODE})
    with pytest.raises(ConfigError) as info:
        changed_files(tmp_path, "no-such-branch")
    assert str(info.value) == (
        f"unknown revision 'no-such-branch' in {tmp_path}: not a branch, tag or commit "
        f"there. Check it with `git log --oneline`, or fetch it first (`git fetch origin`).")
    with pytest.raises(ConfigError, match="unknown revision 'HEAD~5'"):
        changed_files(tmp_path, "HEAD", "HEAD~5")


def test_a_folder_outside_git_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    with pytest.raises(ConfigError) as info:
        changed_files(folder, "HEAD")
    assert str(info.value) == (
        f"{folder} is not in a git repository: change-based selection compares revisions. "
        f"Run it inside a clone of the application's repository (or `git init` there), or "
        f"select all tests.")
    with pytest.raises(ConfigError, match="no such folder"):
        changed_files(tmp_path / "missing", "HEAD")
