"""Keeping a running app on the latest published store, off the request path.

A `CorpusWatcher` runs in a background thread. In `compile` mode (one server, or the separate
`sahelwatch compile --watch` process) it checks the corpus's stamp every `interval` seconds and,
when it moved, compiles and publishes a new version. In `follow` mode (servers that share a
store another process compiles) it only reads the store's `CURRENT` file. Either way a request
reads `version`, a number in memory: no request pays for a check.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from time import monotonic

from sahelwatch import published
from sahelwatch.compiler import corpus_stamp, default_store_dir

logger = logging.getLogger(__name__)
MODES = ("compile", "follow")


class CorpusWatcher:
    def __init__(
        self,
        data_dir: Path,
        store_dir: Path | None = None,
        *,
        mode: str = "compile",
        interval: float = 1.0,
    ):
        if mode not in MODES:
            raise ValueError(f"unknown watch mode {mode!r} (one of {', '.join(MODES)})")
        self.data_dir = Path(data_dir)
        self.store_dir = Path(store_dir) if store_dir else default_store_dir(self.data_dir)
        self.mode = mode
        self.interval = interval
        self.version: int | None = published.current_version(self.store_dir)
        self.last_error: str | None = None
        self.look_seconds = 0.0  # what the last look at the corpus (its stamp) took
        self._stamp: str | None = None
        self._check_lock = threading.Lock()
        self.stopped = threading.Event()
        self._thread: threading.Thread | None = None

    def check_now(self, force: bool = False) -> int | None:
        """Bring `version` up to date now: in `compile` mode compile and publish if the corpus
        changed, in `follow` mode read `CURRENT`. `force` compiles and publishes in either mode
        (after this process changed the corpus; compiles of one store take turns under its
        lock). Returns the version."""
        with self._check_lock:
            if self.mode == "follow" and not force:
                self.version = published.current_version(self.store_dir) or self.version
                return self.version
            started = monotonic()
            stamp = corpus_stamp(self.data_dir)
            self.look_seconds = monotonic() - started
            if force or stamp != self._stamp or self.version is None:
                _, self.version = published.compile_and_publish(self.data_dir, self.store_dir)
                self._stamp = stamp
            return self.version

    def run(self, on_new_version: Callable[[int], None] | None = None) -> None:
        """Check every `interval` seconds until `stop`; a failed check is logged and retried.

        The wait after a check is at least twice what looking at the corpus took (a stat per
        record file: seconds at a million events), so looking never takes more than a third of
        the time; a compile that follows a change does not lengthen the wait."""
        while not self.stopped.wait(max(self.interval, 2 * self.look_seconds)):
            before = self.version
            try:
                self.check_now()
                self.last_error = None
                if on_new_version and self.version != before:
                    on_new_version(self.version)
            except Exception as error:  # the next check tries again; the app keeps its version
                self.last_error = f"{type(error).__name__}: {error}"
                logger.exception("checking %s for changes failed", self.data_dir)

    def start(self) -> CorpusWatcher:
        self._thread = threading.Thread(target=self.run, name="sahelwatch-watcher", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopped.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join()
