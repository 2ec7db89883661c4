"""The Overview page with the seed corpus: default view, filters, links in and out."""

from __future__ import annotations

from tests.app.conftest import all_markdown, metrics, open_app

CONFERENCE = "evt:bamako-conference-2024-12-01"
DRONES = "evt:russia-offers-drones-and-combat-aircraft"


def _plotted_events(at) -> set[str]:
    import json

    (chart,) = at.get("plotly_chart")
    figure = json.loads(chart.proto.spec)
    return {e for trace in figure["data"] for e in (trace.get("customdata") or [])}


def _map_layers(at) -> dict[str, dict]:
    """The deck.gl layers of the Overview's map, by id, as the browser receives them."""
    import json

    (deck,) = at.get("deck_gl_json_chart")
    return {layer["id"]: layer for layer in json.loads(deck.proto.json)["layers"]}


def test_default_view_shows_everything_in_the_seed():
    at = open_app()
    assert not at.exception
    assert metrics(at) == {
        "Stories": "11",  # one article: each of its events is a story of its own
        "Reports": "11",
        "Origins": "1",  # everything comes from Sputnik
        "Articles": "1",
        "Quotes": "5",
        "Date span": "2024",
    }
    layers = _map_layers(at)
    countries = {f["properties"]["iso3"]: f["properties"]["n"]
                 for f in layers["countries"]["data"]["features"]}  # fmt: skip
    assert countries == {"MLI": 11, "BFA": 11, "NER": 11}
    assert [m["event_id"] for m in layers["markers"]["data"]] == [CONFERENCE]
    [marker] = layers["markers"]["data"]
    assert marker["detail"].endswith("topics: Diplomacy, Energy, Information, Security")
    assert {CONFERENCE, DRONES} <= _plotted_events(at)
    text = all_markdown(at)
    assert "Conformément" in text
    assert "Igor Gromyko" in [b.label for b in at.button]  # a speaker's name opens their page
    assert "Quotes (5)" in [s.value for s in at.subheader]


def test_topic_energy_keeps_the_conference_and_drops_the_drones_offer():
    at = open_app()
    at.pills(key="flt:topics").set_value(["energy"]).run()
    assert not at.exception
    assert metrics(at)["Reports"] == "1"
    assert _plotted_events(at) == {CONFERENCE}
    assert "Quotes (0)" in [s.value for s in at.subheader]
    assert at.query_params["topic"] == "energy"


def test_country_filter_and_search_change_the_view():
    at = open_app()
    at.text_input(key="flt:q").input("drones").run()
    assert metrics(at)["Reports"] == "1"
    assert _plotted_events(at) == {DRONES}
    assert at.query_params["q"] == "drones"
    at.pills(key="flt:countries").set_value(["MLI"]).run()
    assert metrics(at)["Reports"] == "1"
    assert at.query_params["country"] == "MLI"


def test_undated_toggle_and_date_range():
    at = open_app()
    at.toggle(key="flt:undated").set_value(False).run()
    assert metrics(at)["Reports"] == "1"
    assert at.query_params["undated"] == "0"
    at = open_app(**{"from": "2025-01-01", "undated": "0"})
    assert metrics(at)["Reports"] == "0"
    assert any("No events match" in i.value for i in at.info)


def test_actor_and_source_filters():
    at = open_app()
    at.multiselect(key="flt:actors").set_value(["act:alexandre-novak"]).run()
    assert metrics(at)["Reports"] == "1"
    assert at.query_params["actor"] == "act:alexandre-novak"
    at.multiselect(key="flt:sources").set_value(["src:sputnik"]).run()
    assert metrics(at)["Reports"] == "1"


def test_link_in_gives_the_view_and_selected_event():
    at = open_app(topic="energy,security", country="MLI", event=CONFERENCE)
    assert not at.exception
    view = at.session_state["view"]
    assert view.filter.topics == ("energy", "security")
    assert view.filter.countries == ("MLI",)
    assert view.event == CONFERENCE
    assert at.pills(key="flt:topics").value == ["energy", "security"]
    detail = all_markdown(at)
    assert "Bamako" in detail and "precision: day" in detail
    assert any("<mark" in h.value and "1er décembre 2024" in h.value for h in at.html)
    assert at.query_params["event"] == CONFERENCE


def test_reset_clears_filters_and_link():
    at = open_app(topic="energy", q="Bamako")
    assert metrics(at)["Reports"] == "1"
    [reset] = [b for b in at.sidebar.button if b.label == "Reset filters"]
    reset.click().run()
    assert metrics(at)["Reports"] == "11"
    assert dict(at.query_params) == {}


def test_malformed_link_shows_a_notice_and_a_sane_view():
    at = open_app(
        topic="energy,bogus",
        country="XXX",
        **{"from": "2025-01-01", "to": "2024-01-01"},
        q="x" * 5000,
        event="evt:nope",
        colour="red",
    )
    assert not at.exception
    warning = at.warning[0].value.replace("\\", "")
    for fragment in ("bogus", "XXX", "reversed", "cut to 200", "evt:nope", "colour"):
        assert fragment in warning
    view = at.session_state["view"]
    assert view.filter.topics == ("energy",)
    assert view.filter.date_from.isoformat() == "2024-01-01"
    assert len(view.filter.q) == 200


def test_a_large_corpus_is_aggregated_and_a_month_click_zooms_in(monkeypatch, tmp_path):
    import json

    from sahelwatch.synth import write_corpus
    from tests.conftest import SEED_DATA

    corpus = tmp_path / "large"
    write_corpus(corpus, 2000, taxonomy_from=SEED_DATA)
    monkeypatch.setenv("SAHELWATCH_DATA", str(corpus))
    at = open_app()
    assert not at.exception
    assert metrics(at)["Reports"] == "2,000"
    assert any("counts per month" in c.value for c in at.caption)
    (chart,) = at.get("plotly_chart")
    figure = json.loads(chart.proto.spec)
    months = [m for trace in figure["data"] for m in (trace.get("customdata") or [])]
    assert months and all(len(m) == 10 for m in months)  # one point per month, not per event
    quotes = [s.value for s in at.subheader if s.value.startswith("Quotes")]
    assert quotes and int(quotes[0].split("(")[1].rstrip(")")) > 100
    assert len([c for c in at.markdown if c.value.startswith(">")]) <= 8  # paginated


def test_a_filter_widget_the_browser_loses_falls_back_to_the_view():
    """The browser falls back to a widget's default when it drops the widget's value (seen under
    load: both toggles came back off with a topic click). Each default must be the view's."""
    at = open_app(topic="security")
    at.toggle(key="flt:drafts").set_value(False).run()
    at.text_input(key="flt:q").input("drones").run()
    at.multiselect(key="flt:actors").set_value(["act:alexandre-novak"]).run()
    assert at.toggle(key="flt:undated").proto.default is True
    assert at.toggle(key="flt:drafts").proto.default is False
    assert at.text_input(key="flt:q").proto.default == "drones"
    topics = at.pills(key="flt:topics")
    assert [topics.options[i] for i in topics.proto.default] == [topics.format_func("security")]
    actors = at.multiselect(key="flt:actors")
    assert [actors.options[i] for i in actors.proto.default] == [
        actors.format_func("act:alexandre-novak")
    ]
