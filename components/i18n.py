"""The interface's language: `_()` for every UI string, `words()` for the figure builders.

The French catalogue is a gettext `.po` file (`locales/fr/LC_MESSAGES/messages.po`) read with
Babel when the app starts, so there is no compile step. The language is part of the view
(`lang=` in the link); a deployment picks its default with SAHELWATCH_LANG or
`[sahelwatch] language` in secrets.toml. Article texts, quotes and records keep their own
language.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from babel.messages.pofile import read_po

from components import view
from components.access import deployment_setting
from components.words import Words
from sahelwatch.filters import LANGUAGES, Notice
from sahelwatch.taxonomy import Topic

LOCALES = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "messages"


def catalogue_path(lang: str) -> Path:
    return LOCALES / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@st.cache_resource(show_spinner=False)
def _words(lang: str) -> Words:
    """`lang`'s catalogue (translated, non-fuzzy entries only) as `Words`."""
    path = catalogue_path(lang)
    if lang == "en" or not path.is_file():
        return Words(lang)
    with path.open("rb") as po:
        entries = read_po(po, locale=lang)
    return Words(lang, {m.id: m.string for m in entries if m.id and m.string and not m.fuzzy})


def default_language() -> str:
    wanted = deployment_setting("SAHELWATCH_LANG", "language", "en")
    return wanted if wanted in LANGUAGES else "en"


def language() -> str:
    return view.view().lang or default_language()


def words() -> Words:
    return _words(language())


def link_words() -> Words:
    """The words of the language the link asks for, without the view (which needs the data):
    for the messages shown when the data cannot be loaded."""
    wanted = st.query_params.get("lang")
    return _words(wanted if wanted in LANGUAGES else default_language())


def _(message: str) -> str:
    """`message` in the interface's language (English is the source language)."""
    return words()(message)


def notice_text(notice: str) -> str:
    """A notice of the domain (`sahelwatch.filters.Notice`) in the interface's language."""
    if not isinstance(notice, Notice):
        return notice
    values = {k: notice_text(v) if isinstance(v, str) else v for k, v in notice.values.items()}
    return _(notice.template).format(**values)


def number(value: float) -> str:
    return words().number(value)


def topic_label(topic: Topic) -> str:
    return words().topic(topic)
