"""`streamlit run` with Streamlit's script runner and websocket writer timed from outside the
app (the app's code is not touched):

    python benchmarks/traced_streamlit.py TRACE.jsonl run app.py [streamlit options]

Appends one JSON line per script run and per message sent to the browser to TRACE.jsonl, with
wall-clock times (seconds since the epoch, comparable with the browser's
`performance.timeOrigin + performance.now()` on the same machine):

    {"kind": "run", "start": …, "end": …, "profile": "TRACE.run-3.prof" | null}
    {"kind": "message", "at": …, "type": "delta", "element": "plotly_chart", "bytes": …,
     "serialise_s": …}

With SAHELWATCH_TRACE_PROFILE=1 each script run is also profiled with cProfile (which slows
Python code down: take run times from a run without it).
"""

from __future__ import annotations

import cProfile
import itertools
import json
import os
import sys
import threading
import time
from pathlib import Path

from streamlit.runtime.scriptrunner import script_runner
from streamlit.web import cli
from streamlit.web.server.starlette import starlette_websocket

TRACE = Path(sys.argv.pop(1))
PROFILE = os.environ.get("SAHELWATCH_TRACE_PROFILE") == "1"
_write_lock = threading.Lock()
_run_numbers = itertools.count(1)


def _record(entry: dict) -> None:
    with _write_lock, TRACE.open("a") as trace:
        trace.write(json.dumps(entry) + "\n")


def _timed_run_script(original):
    def run_script(self, rerun_data):
        number = next(_run_numbers)
        profiler = cProfile.Profile() if PROFILE else None
        started = time.time()
        if profiler:
            profiler.enable()
        try:
            return original(self, rerun_data)
        finally:
            if profiler:
                profiler.disable()
            ended = time.time()
            profile_path = None
            if profiler:
                profile_path = f"{TRACE}.run-{number}.prof"
                profiler.dump_stats(profile_path)
            _record({"kind": "run", "start": started, "end": ended, "profile": profile_path})

    return run_script


def _element_type(msg) -> str | None:
    """The kind of element a delta message draws (`plotly_chart`, `deck_gl_json_chart`, …)."""
    if msg.WhichOneof("type") != "delta" or msg.delta.WhichOneof("type") != "new_element":
        return None
    return msg.delta.new_element.WhichOneof("type")


def _timed_serialise(original):
    def serialise(msg):
        started = time.time()
        payload = original(msg)
        _record(
            {
                "kind": "message",
                "at": started,
                "type": msg.WhichOneof("type"),
                "element": _element_type(msg),
                "bytes": len(payload),
                "serialise_s": time.time() - started,
            }
        )
        return payload

    return serialise


script_runner.ScriptRunner._run_script = _timed_run_script(script_runner.ScriptRunner._run_script)
starlette_websocket.serialize_forward_msg = _timed_serialise(
    starlette_websocket.serialize_forward_msg
)
sys.argv[0] = "streamlit"
sys.exit(cli.main())
