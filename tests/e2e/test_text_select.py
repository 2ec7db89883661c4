"""The text-selection component (components/text_select) in Chromium: real mouse drags over
words return their exact character offsets into the Python string, also after characters
outside the BMP and CRLF line ends; hostile text stays text; highlights are drawn."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from tests.conftest import ROOT
from tests.e2e.conftest import free_port, wait_for_app, wait_healthy

pytestmark = pytest.mark.e2e

# Astral characters (a flag is two, 𝔄 and 😀 one each: two UTF-16 units per character), CRLF
# line ends and markup: any of them would shift offsets counted in UTF-16 or in parsed HTML.
TEXT = (
    "Le ministre 🇲🇱 a déclaré :\r\n"
    "« Nous résisterons » — 𝔄 <b>gras</b> & <script>alert(1)</script> à Gao.\r\n"
    "\r\n"
    "Fin du texte 😀 ici, selon Sputnik."
)
APP = f"""
import json
import streamlit as st
from components.text_select import Highlight, render_text_select

TEXT = {TEXT!r}
start = TEXT.index("Nous")
render_text_select(
    TEXT,
    [Highlight(start, start + len("Nous résisterons"), "quote", "a quote <i>")],
    key="select",
    on_select=lambda s: st.session_state.update(got=[s.start, s.end, s.text]),
)
st.code(json.dumps(st.session_state.get("got")), language=None)
"""


@pytest.fixture(scope="module")
def select_app(tmp_path_factory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("text-select")
    script = folder / "select_app.py"
    script.write_text(APP, "utf-8")
    port = free_port()
    log = folder / "streamlit.log"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process, log)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def open_select_app(page: Page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)
    page.locator(".sw-select mark").wait_for()


def drag_over(page: Page, words: str, after: int = 0) -> None:
    """Press before the first character of `words` (their first occurrence from character
    `after` of the text) and release after their last one, as an analyst's drag does."""
    box = page.evaluate(
        """([words, after]) => {
            const root = document.querySelector('.sw-select');
            // Python's character offset `after` as a UTF-16 index into the same text.
            const from = Array.from(root.textContent).slice(0, after).join('').length;
            const at = root.textContent.indexOf(words, from);
            if (at < 0) throw new Error('not in the text: ' + words);
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            const locate = (index) => {  // (text node, offset) of a UTF-16 index
                let seen = 0;
                for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                    if (index < seen + node.data.length) return [node, index - seen];
                    seen += node.data.length;
                }
            };
            const rect = (index) => {
                walker.currentNode = root;
                const [node, offset] = locate(index);
                const range = document.createRange();
                range.setStart(node, offset);
                range.setEnd(node, offset + 1);
                return range.getClientRects()[0];
            };
            walker.currentNode = root;
            locate(at)[0].parentElement.scrollIntoView({block: 'center'});
            const first = rect(at);
            const last = rect(at + words.length - 1);
            return {x0: first.left + 1, y0: first.top + first.height / 2,
                    x1: last.right - 1, y1: last.top + last.height / 2};
        }""",
        [words, after],
    )
    page.mouse.move(box["x0"], box["y0"])
    page.mouse.down()
    page.mouse.move((box["x0"] + box["x1"]) / 2, (box["y0"] + box["y1"]) / 2, steps=5)
    page.mouse.move(box["x1"], box["y1"], steps=5)
    page.mouse.up()


def received(page: Page, expected: list) -> list:
    """Waits until the app shows the selection it received, then returns it."""
    shown = page.locator("[data-testid='stCode']")
    page.wait_for_function(
        "(want) => document.querySelector(\"[data-testid='stCode']\")?.innerText.trim() === want",
        arg=json.dumps(expected),
        timeout=30_000,
    )
    return json.loads(shown.inner_text())


@pytest.mark.parametrize(
    "words",
    [
        "ministre",  # before any astral character
        "résisterons",  # after a flag and a CRLF, in a highlight
        "gras</b> & <script>alert(1)</script> à Gao",  # markup stays text
        "ici, selon Sputnik",  # after two CRLFs, 𝔄 and 😀
        "déclaré :\r\n« Nous",  # across a line end into a highlight
    ],
)
def test_a_mouse_drag_returns_the_character_offsets_of_the_words(
    page: Page, select_app: str, words: str
):
    open_select_app(page, select_app)
    start = TEXT.index(words)
    expected = [start, start + len(words), words]
    drag_over(page, words)
    assert received(page, expected) == expected
    assert page.errors == []


def test_text_and_highlights_are_shown_as_text(page: Page, select_app: str):
    open_select_app(page, select_app)
    root = page.locator(".sw-select")
    assert page.locator(".sw-select script, .sw-select b, .sw-select i").count() == 0
    assert root.evaluate("node => node.textContent") == TEXT
    mark = page.locator(".sw-select mark.sw-quote")
    assert mark.inner_text() == "Nous résisterons"
    assert mark.get_attribute("title") == "a quote <i>"
