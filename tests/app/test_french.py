"""The French interface: `lang=fr` renders every page with its UI strings in French, keeps
the language through a shared link and a reset, and leaves articles and quotes as written."""

from __future__ import annotations

import pytest

from components import review_state
from components.text_select import Selection
from scripts.update_catalogue import read_catalogue
from tests.app.conftest import open_app

GROMYKO = "act:igor-gromyko"
SEED = "ru-aes-military-support"
PAGES = [
    (None, {}),
    ("app_pages/article.py", {}),
    ("app_pages/actor.py", {"actor": GROMYKO}),
    ("app_pages/outlet.py", {"source": "src:sputnik"}),
    ("app_pages/data.py", {}),
    ("app_pages/about.py", {}),
]
# English UI strings that French writes differently (the same word in both, such as
# "Article" or "Sources", proves nothing).
ENGLISH = {m.id: m.string for m in read_catalogue() if m.id and m.string and m.string != m.id}


def shown_texts(at) -> tuple[list[str], list[str]]:
    """(labels: whole strings a widget or heading shows, prose: Markdown-like bodies)."""
    labels = [e.value for kind in ("title", "header", "subheader") for e in getattr(at, kind)]
    for kind in ("button", "selectbox", "multiselect", "text_input", "toggle", "date_input",
                 "number_input", "metric", "tabs", "expander"):  # fmt: skip
        labels += [e.label for e in getattr(at, kind)]
    prose = [e.value for kind in ("markdown", "caption", "info", "warning", "error")
             for e in getattr(at, kind)]  # fmt: skip
    return [str(x).replace("\\", "") for x in labels], [str(x).replace("\\", "") for x in prose]


def english_left(at) -> list[str]:
    labels, prose = shown_texts(at)
    left = [label for label in labels if label.strip() in ENGLISH]
    long_ones = [m for m in ENGLISH if len(m) >= 16 and "{" not in m]
    left += [m for m in long_ones for text in prose if m.replace("\\", "") in text]
    return left


@pytest.mark.parametrize(("page", "params"), PAGES, ids=lambda v: str(v))
def test_every_page_reads_in_french(page, params):
    at = open_app(page, lang="fr", **params)
    assert not at.exception
    assert english_left(at) == []
    labels, _ = shown_texts(at)
    assert "Filtres" in labels or page == "app_pages/about.py" or page == "app_pages/article.py"
    assert at.query_params["lang"] == "fr"


@pytest.mark.parametrize(
    ("params", "label"),
    [
        ({}, "Relecture"),  # the queue of drafts
        ({"article": SEED}, "Rouvrir comme brouillon"),  # one article, with words selected
    ],
    ids=["queue", "article"],
)
def test_the_review_page_reads_in_french(monkeypatch, params, label):
    monkeypatch.setenv("SAHELWATCH_EDITING", "open")
    at = open_app(lang="fr")
    at.session_state[review_state.SELECTION + SEED] = Selection(3, 9, "Russie")  # the add forms
    for name, value in params.items():
        at.query_params[name] = value  # the Overview, run first, rewrote the address
    at.switch_page("app_pages/review.py").run()
    assert not at.exception
    assert english_left(at) == []
    assert label in shown_texts(at)[0]


def test_the_same_pages_read_in_english_by_default():
    at = open_app()
    labels, _ = shown_texts(at)
    assert {"Filters", "Map", "Timeline", "Selected event"} <= set(labels)
    assert "lang" not in at.query_params


def test_french_overview_shows_french_labels_dates_and_topics():
    at = open_app(lang="fr")
    labels, prose = shown_texts(at)
    assert {"Filtres", "Carte", "Chronologie", "Événement choisi", "Citations (5)"} <= set(labels)
    [period] = [m for m in at.metric if m.label == "Période"]
    assert period.value == "2024"
    assert period.proto.help.startswith("1 déc. 2024 : ")
    topics = at.sidebar.pills[0]
    assert topics.label == "Thèmes"
    assert any(option.startswith("Sécurité") for option in topics.options)
    # the quotes stay as the article wrote them
    assert any("La Russie compte poursuivre son aide" in text for text in prose)


def test_the_language_switch_changes_the_page_and_the_link():
    at = open_app()
    at.segmented_control(key="language").set_value("fr").run()
    assert not at.exception
    assert "Filtres" in shown_texts(at)[0]
    assert at.query_params["lang"] == "fr"


def test_reset_keeps_the_language():
    at = open_app(lang="fr", topic="energy")
    [reset] = [b for b in at.button if b.label == "Réinitialiser les filtres"]
    reset.click().run()
    assert at.query_params.get("topic") is None
    assert at.query_params["lang"] == "fr"


def test_deployment_default_language(monkeypatch):
    monkeypatch.setenv("SAHELWATCH_LANG", "fr")
    at = open_app()
    assert "Filtres" in shown_texts(at)[0]
    assert "lang" not in at.query_params  # the default needs no parameter
    at = open_app(lang="en")
    assert "Filters" in shown_texts(at)[0]


def test_unknown_language_gets_a_notice():
    at = open_app(lang="xx")
    assert not at.exception
    assert any("Ignored lang 'xx'" in w.value.replace("\\", "") for w in at.warning)
    assert "Filters" in shown_texts(at)[0]


def test_link_notices_are_translated():
    at = open_app(lang="fr", topic="bogus", drafts="maybe")
    notices = " ".join(w.value.replace("\\", "") for w in at.warning)
    assert "Des parties de ce lien n’ont pas été comprises" in notices
    assert "topic inconnu 'bogus' ignoré dans le lien." in notices
    assert "drafts='maybe' ignoré : utilisez 1 ou 0." in notices
    assert "Ignored" not in notices
