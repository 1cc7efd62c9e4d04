from __future__ import annotations

from setlists.fingerprint import fingerprint, frames_digest

AUDIO = bytes(range(256)) * 64


def test_frames_digest() -> None:
    assert len(frames_digest(AUDIO)) == 4


def test_fingerprint_in_child_process() -> None:
    assert fingerprint(AUDIO) == frames_digest(AUDIO)
