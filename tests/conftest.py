"""Shared fixtures: the committed mini corpus, copied so tests can break it."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED_DATA = ROOT / "data"
MINI_DATA = ROOT / "tests" / "fixtures" / "mini"


@pytest.fixture
def mini_corpus(tmp_path: Path) -> Path:
    """A writable copy of the one-article mini corpus."""
    target = tmp_path / "data"
    shutil.copytree(MINI_DATA, target)
    return target


def new_file_mode() -> int:
    """The mode `open()` gives a new file under this process's umask (0644 under 022)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def wait_for(condition, timeout: float = 60.0, what: str = "the condition") -> None:
    """Wait until `condition()` holds (checked every 50 ms), failing after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(0.05)
