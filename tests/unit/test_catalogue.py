"""The French interface: every UI string of the code is in the catalogue, translated, with the
same placeholders; and no UI text reaches Streamlit without going through `_()`."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from scripts.update_catalogue import SOURCES, read_catalogue, ui_strings

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = {m.id: m for m in read_catalogue() if m.id}


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_every_ui_string_has_a_french_translation():
    missing = sorted(m for m in ui_strings() if not (m in CATALOGUE and CATALOGUE[m].string))
    assert missing == [], "run scripts/update_catalogue.py and translate these"


def test_the_catalogue_holds_no_string_the_code_no_longer_uses():
    assert sorted(set(CATALOGUE) - set(ui_strings())) == []


@pytest.mark.parametrize("message", sorted(CATALOGUE))
def test_translations_keep_the_placeholders_and_markup(message):
    translated = CATALOGUE[message].string
    assert _fields(translated) == _fields(message)
    assert translated.count("**") == message.count("**")
    assert not CATALOGUE[message].fuzzy


# Streamlit calls whose first argument or these keywords are text an analyst reads.
_SHOWN = {"title", "header", "subheader", "caption", "markdown", "info", "warning", "error",
          "success", "button", "download_button", "metric", "selectbox", "multiselect",
          "text_input", "text_area", "toggle", "pills", "date_input", "number_input", "popover",
          "expander", "page_link", "segmented_control", "tabs", "spinner", "Page",
          "form_submit_button", "file_uploader", "radio", "checkbox"}  # fmt: skip
_KEYWORDS = {"label", "help", "placeholder", "title", "caption"}


def _literal_words(node: ast.AST) -> list[str]:
    """Letters written straight into `node` (a string or an f-string's literal parts)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        parts = [node.value]
    elif isinstance(node, ast.JoinedStr):
        parts = [v.value for v in node.values if isinstance(v, ast.Constant)]
    elif isinstance(node, ast.BinOp):
        return _literal_words(node.left) + _literal_words(node.right)
    elif isinstance(node, ast.List | ast.Tuple):
        return [w for item in node.elts for w in _literal_words(item)]
    else:
        return []
    # Page files, addresses, Material icon names, badge directives, HTML/CSS and the
    # product's name are not words to translate.
    parts = [p for p in parts if not p.endswith(".py")]
    text = re.sub(
        r"https?://\S*|:[a-z_-]+(?:/[a-z_]+)?(?::|\[)|<[^>]*>|[a-z-]+:[^;']*;", " ", "".join(parts)
    )
    return [w for w in re.findall(r"[A-Za-zÀ-ÿ]{2,}", text) if w not in ("Sahel", "Watch")]


def _untranslated(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        if node.func.attr not in _SHOWN:
            continue
        shown = node.args[:1] + [k.value for k in node.keywords if k.arg in _KEYWORDS]
        for arg in shown:
            if words := _literal_words(arg):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {' '.join(words)}")
    return found


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_ui_text_bypasses_the_catalogue(path):
    assert _untranslated(path) == []
