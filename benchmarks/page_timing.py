"""In-page timing shared by `run.py` and `click_breakdown.py`: when a load or a click is over.

A load or a click is over when (1) Streamlit's script state (`data-test-script-state` on
`[data-testid=stApp]`) has left `notRunning` since the action (or the page changed) and is
`notRunning` again with no status widget, (2) the map canvas, a timeline trace and the Quotes
heading are on the page (the baseline page: its canvas and trace), and (3) the main area has
kept its element boxes, its text, the script state and its stale marks for ten animation
frames in a row, each less than 50 ms after the one before (a longer gap means the browser was
still busy, e.g. drawing the map in software WebGL). The end time is the frame from which all
three held, read with `requestAnimationFrame` in the page, so no polling interval or sleep
adds to it.
"""

from __future__ import annotations

from dataclasses import dataclass

STILL_FRAMES = 10
SLOW_FRAME_MS = 50  # a longer gap between frames: the browser was busy (drawing)

# Installed before any page script: records script-state changes, websocket messages and the
# moment of the last mouse press, all on the page's `performance.now()` clock.
RECORDER = """(() => {
  const sw = window.__sw = {stateChanges: [], messages: [], clickAt: null};
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', event => {
        const data = event.data;
        sw.messages.push([performance.now(), data.byteLength ?? data.size ?? data.length ?? 0]);
      });
    }
  };
  new MutationObserver(records => {
    for (const record of records) {
      sw.stateChanges.push(
        [performance.now(), record.target.getAttribute('data-test-script-state')]);
    }
  }).observe(document, {attributes: true, subtree: true,
                        attributeFilter: ['data-test-script-state']});
  document.addEventListener('mousedown', () => { sw.clickAt = performance.now(); }, true);
})()"""

# Resolves with the timings of the action that began at `since` (page clock), once it is over.
SETTLED = """async ({since, beforeText, baseline, timeoutMs, stillFrames, slowFrameMs}) => {
  const sw = window.__sw;
  const started = performance.now();
  const main = () => document.querySelector('[data-testid="stMain"]');
  const state = () => document.querySelector('[data-testid="stApp"]')
    ?.getAttribute('data-test-script-state');
  const busy = () => !!document.querySelector('[data-testid="stStatusWidget"]');
  const drawn = () => {
    const canvas = document.querySelector('[data-testid="stDeckGlJsonChart"] canvas');
    const trace = document.querySelector('[data-testid="stPlotlyChart"] .trace path');
    const quotes = [...document.querySelectorAll('h3')]
      .some(h => h.textContent.startsWith('Quotes'));
    return !!canvas && !!trace && (baseline || quotes);
  };
  const signature = m => {
    const boxes = [...m.querySelectorAll('[data-testid="stElementContainer"], canvas')]
      .map(e => { const r = e.getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; });
    return JSON.stringify([boxes, m.innerText, state(), busy(),
                           m.querySelectorAll('[data-stale="true"]').length]);
  };
  const ran = m => sw.stateChanges.some(([t, s]) => t >= since && s !== 'notRunning')
    || (beforeText !== null && m.innerText !== beforeText);
  return await new Promise((resolve, reject) => {
    let last = null, settledAt = null, contentSettledAt = null, still = 0;
    let firstChange = null;
    let previous = performance.now();
    const frame = now => {
      const m = main();
      const idle = state() === 'notRunning' && !busy();
      if (m && firstChange === null && beforeText !== null && idle && m.innerText !== beforeText) {
        firstChange = now;
      }
      const ready = !!m && idle && ran(m) && drawn();
      const current = ready ? signature(m) : null;
      const smooth = now - previous < slowFrameMs;
      previous = now;
      if (!ready || current !== last) contentSettledAt = now;
      if (!ready || current !== last || !smooth) { last = current; settledAt = now; still = 0; }
      else still += 1;
      if (ready && still >= stillFrames) {
        const during = ([t]) => t >= since && t <= settledAt;
        const messages = sw.messages.filter(during);
        const changes = sw.stateChanges.filter(during);
        resolve({
          end: settledAt,
          contentSettled: contentSettledAt,
          firstChange,
          scriptRuns: changes.filter(([, s]) => s === 'running').length,
          scriptDone: changes.filter(([, s]) => s === 'notRunning').map(([t]) => t).pop() ?? null,
          lastMessage: messages.length ? messages[messages.length - 1][0] : null,
          bytes: messages.reduce((sum, [, size]) => sum + size, 0),
          messages: messages.length,
          timeOrigin: performance.timeOrigin,
        });
      } else if (now - started > timeoutMs) {
        reject(new Error('not settled after ' + timeoutMs + ' ms: ' + JSON.stringify(
          {state: state(), busy: busy(), drawn: drawn(), ran: !!m && ran(m), still})));
      } else requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
}"""


@dataclass
class Settled:
    """Timings of one load or click, in seconds from its start (the navigation, the mouse
    press). `first_change` is the earlier metric (the main area's text differs, the script is
    idle); `script_done` the last time the script state went back to `notRunning`;
    `after_last_message` how long the browser drew after the last websocket message."""

    total: float
    content_settled: float  # the last change of the main area, however slow the frames after
    first_change: float | None
    script_done: float | None
    after_last_message: float | None
    script_runs: int
    kilobytes: float
    messages: int
    end_epoch: float  # wall clock (seconds since the epoch) of the end


def settle(page, since_ms: float, before_text: str | None, baseline: bool, timeout_s: float):
    """Wait until the load or click that began at `since_ms` (page clock) is over."""
    raw = page.evaluate(
        SETTLED,
        {
            "since": since_ms,
            "beforeText": before_text,
            "baseline": baseline,
            "timeoutMs": timeout_s * 1000,
            "stillFrames": STILL_FRAMES,
            "slowFrameMs": SLOW_FRAME_MS,
        },
    )

    def since(t: float | None) -> float | None:
        return None if t is None else (t - since_ms) / 1000

    return Settled(
        total=since(raw["end"]),
        content_settled=since(raw["contentSettled"]),
        first_change=since(raw["firstChange"]),
        script_done=since(raw["scriptDone"]),
        after_last_message=None
        if raw["lastMessage"] is None
        else (raw["end"] - raw["lastMessage"]) / 1000,
        script_runs=raw["scriptRuns"],
        kilobytes=raw["bytes"] / 1024,
        messages=raw["messages"],
        end_epoch=(raw["timeOrigin"] + raw["end"]) / 1000,
    )


def load(page, url: str, baseline: bool, timeout_s: float) -> Settled:
    """Navigate to `url` and wait until the page is fully drawn (timed from navigation start)."""
    page.goto(url, timeout=timeout_s * 1000)
    return settle(page, 0.0, None, baseline, timeout_s)


def click(page, locator, baseline: bool, timeout_s: float) -> Settled:
    """Click once (never again) and wait until the rerun it starts is over and drawn."""
    before_text = page.locator("[data-testid='stMain']").inner_text()
    page.evaluate("() => { window.__sw.clickAt = null; }")
    locator.click(timeout=timeout_s * 1000)
    clicked_at = page.evaluate("() => window.__sw.clickAt")
    if clicked_at is None:
        raise RuntimeError("the click did not reach the page (no mousedown)")
    return settle(page, clicked_at, before_text, baseline, timeout_s)
