"""Actor and Outlet pages: reached from a name, following the filters, safe on unknown ids."""

from __future__ import annotations

import html
import json
import re

from tests.app.conftest import open_app
from tests.conftest import SEED_DATA

SEED = "ru-aes-military-support"
GROMYKO = "act:igor-gromyko"


def _seed_record() -> dict:
    return json.loads((SEED_DATA / "articles" / SEED / "record.json").read_text("utf-8"))


def _gromyko_quotes() -> list[dict]:
    return [q for q in _seed_record()["quotes"] if q["speaker_id"] == GROMYKO]


def _start(quote: dict) -> int:
    return quote["evidence"]["start"]


def test_actor_page_lists_every_quote_of_gromyko_with_its_evidence():
    at = open_app("app_pages/actor.py", actor=GROMYKO)
    assert not at.exception
    assert [t.value for t in at.title] == ["Igor Gromyko"]
    quotes = _gromyko_quotes()
    assert len(quotes) == 5
    assert {m.label: m.value for m in at.metric}["Quotes"] == "5"
    marked = [re.search(r"<mark[^>]*>(.*?)</mark>", h.value, re.S) for h in at.html]
    shown = [html.unescape(m.group(1)) for m in marked if m]
    # each quote's evidence, marked in its article's words, in the order of the article
    assert shown == [q["evidence"]["text"] for q in sorted(quotes, key=_start)]
    assert at.query_params["actor"] == GROMYKO


def test_a_quote_on_the_actor_page_opens_its_event():
    at = open_app("app_pages/actor.py", actor=GROMYKO)
    quote = _gromyko_quotes()[0]
    at.button(key=f"quote-event:{quote['id']}").click().run()
    assert not at.exception
    assert at.query_params["event"] == quote["event_id"]
    assert any("Evidence in the article" in m.value for m in at.markdown)


def test_unknown_actor_gives_a_notice_and_a_sane_page():
    at = open_app("app_pages/actor.py", actor="act:nobody")
    assert not at.exception
    assert any("were not understood" in w.value for w in at.warning)
    assert [s.label for s in at.selectbox] == ["Choose an actor"]


def test_actor_page_follows_the_filters():
    at = open_app("app_pages/actor.py", actor=GROMYKO, q="no such words anywhere")
    assert not at.exception
    assert [t.value for t in at.title] == ["Igor Gromyko"]
    assert {m.label: m.value for m in at.metric} == {"Events": "0", "Quotes": "0"}
    assert "No quotes credited to this actor in the current view." in [c.value for c in at.caption]


def test_speaker_name_in_the_quotes_panel_opens_the_actor_page():
    at = open_app()
    quote = next(q for q in _seed_record()["quotes"] if q["speaker_id"] == GROMYKO)
    button = at.button(key=f"actor-link:quote:{quote['id']}")
    assert button.label == "Igor Gromyko"
    button.click().run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Igor Gromyko"]
    assert at.query_params["actor"] == GROMYKO
    assert at.multiselect(key="flt:actors").value == [GROMYKO]  # the sidebar follows


def test_picking_an_actor_opens_their_profile():
    at = open_app("app_pages/actor.py")
    picker = at.selectbox(key="profile-picker")
    assert GROMYKO in picker.options or "Igor Gromyko" in picker.options
    picker.set_value(GROMYKO).run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Igor Gromyko"]


def test_co_actors_lead_to_their_own_pages():
    at = open_app("app_pages/actor.py", actor=GROMYKO)
    russia = at.button(key="actor-link:co-actor:act:russia")
    russia.click().run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Russia"]


def test_outlet_page_lists_what_cites_sputnik_and_whom_it_quotes():
    at = open_app("app_pages/outlet.py", source="src:sputnik")
    assert not at.exception
    assert [t.value for t in at.title] == ["Sputnik"]
    articles = at.dataframe[0].value
    assert list(articles["title"]) == [_seed_record()["article"]["title"]]
    assert at.button(key=f"actor-link:speaker:{GROMYKO}").label == "Igor Gromyko"


def test_a_source_in_the_sources_panel_opens_its_outlet_page():
    at = open_app()
    button = at.button(key="source-link:panel:src:sputnik")
    assert button.label == "Sputnik"
    button.click().run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Sputnik"]
    assert at.query_params["source"] == "src:sputnik"
    assert {m.label: m.value for m in at.metric} == {"Articles citing it": "1", "Events": "11"}


def test_an_actor_of_the_selected_event_opens_their_page():
    event = next(e for e in _seed_record()["events"] if GROMYKO in e["actor_ids"])
    at = open_app(event=event["id"])
    button = at.button(key=f"actor-link:detail:{event['id']}:{GROMYKO}")
    button.click().run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Igor Gromyko"]
