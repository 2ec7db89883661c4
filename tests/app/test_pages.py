"""Article, Data, About and Ingest pages; read-only and editing modes."""

from __future__ import annotations

import json

import pytest

from sahelwatch import published
from tests.app.conftest import all_markdown, open_app
from tests.conftest import wait_for

SEED = "ru-aes-military-support"
CONFERENCE = "evt:bamako-conference-2024-12-01"


def _record(article_id: str) -> dict:
    import json

    from tests.conftest import SEED_DATA

    return json.loads((SEED_DATA / "articles" / article_id / "record.json").read_text("utf-8"))


def test_article_page_highlights_every_evidence_span():
    at = open_app("app_pages/article.py")
    assert not at.exception
    body = next(h.value for h in at.html if "sw-article" in h.value)
    assert body.count("<mark") >= 11
    assert "1er décembre 2024" in body
    [title] = [s.value.replace("\\", "") for s in at.subheader]
    assert title == _record(SEED)["article"]["title"]


def test_article_link_opens_the_article_at_its_event():
    at = open_app(article=SEED, event=CONFERENCE)
    at.switch_page("app_pages/article.py").run()
    assert not at.exception
    body = next(h.value for h in at.html if "sw-article" in h.value)
    assert f"data-event='{CONFERENCE}' style='background:" in body
    assert "outline:2px solid" in body
    assert at.session_state["view"].article == SEED
    assert at.query_params["article"] == SEED
    assert at.query_params["event"] == CONFERENCE


def test_data_page_tables_and_downloads_follow_the_filters():
    at = open_app("app_pages/data.py", topic="energy")
    assert not at.exception
    events = at.dataframe[0].value
    assert list(events["event_id"]) == [CONFERENCE]
    labels = [d.label for d in at.get("download_button")]
    assert {"Events (CSV)", "Located events (GeoJSON)", "Records (JSON)"} <= set(labels)


def test_about_page_lists_topics_and_licences():
    at = open_app("app_pages/about.py")
    assert not at.exception
    topics = at.dataframe[0].value
    assert set(topics["Topic"]) >= {"Security", "Energy", "Information", "Economy", "Diplomacy"}
    text = all_markdown(at)
    assert "Natural Earth" in text and "GeoNames" in text


def test_read_only_by_default_has_no_ingest_page():
    at = open_app()
    assert not at.exception
    with pytest.raises(ValueError, match="Known pages") as refused:
        at.switch_page("app_pages/ingest.py")
    assert "ingest.py" not in str(refused.value).split("Known pages")[1]


@pytest.mark.parametrize("mode", ["open"])
def test_editing_mode_shows_ingest(monkeypatch, mode):
    monkeypatch.setenv("SAHELWATCH_EDITING", mode)
    at = open_app("app_pages/ingest.py")
    assert not at.exception
    assert not at.error
    assert "Ingest an article" in [t.value for t in at.title]


def test_login_mode_without_sign_in_is_read_only(monkeypatch):
    monkeypatch.setenv("SAHELWATCH_EDITING", "login")
    at = open_app()
    assert not at.exception
    assert "Editor sign-in" in [b.label for b in at.sidebar.button]
    with pytest.raises(ValueError, match="Known pages"):
        at.switch_page("app_pages/ingest.py")


@pytest.mark.nlp
def test_ingest_previews_and_saves_a_draft_that_appears_everywhere(monkeypatch, tmp_path):
    import shutil

    from tests.conftest import ROOT, SEED_DATA

    corpus = tmp_path / "data"
    shutil.copytree(SEED_DATA, corpus)
    monkeypatch.setenv("SAHELWATCH_DATA", str(corpus))
    monkeypatch.setenv("SAHELWATCH_EDITING", "open")
    text = (ROOT / "tests" / "ingest" / "gold" / "convoi-gao" / "article.txt").read_text()
    at = open_app("app_pages/ingest.py")
    at.text_area[0].input(text)
    at.text_input[0].input("Example Outlet <b>")  # outlet; hostile text stays text
    at.button[0].click().run()  # "Preview the draft" (the form's submit button)
    assert not at.exception and not at.error
    assert any("Nos forces ont repoussé" in m.value for m in at.markdown)
    [save] = [b for b in at.button if b.label == "Save as draft"]
    save.click().run()
    assert not at.exception
    assert "Saved" in at.success[0].value
    assert (corpus / "articles" / "attaque-contre-un-convoi-pres-de-gao" / "record.json").exists()
    at.switch_page("app_pages/overview.py").run()
    text_out = all_markdown(at)
    assert "Nos forces ont repoussé les assaillants" in text_out
    assert "draft" in text_out


def test_ingest_refuses_empty_text(monkeypatch):
    monkeypatch.setenv("SAHELWATCH_EDITING", "open")
    at = open_app("app_pages/ingest.py")
    at.button[0].click().run()
    assert "empty" in at.error[0].value


@pytest.mark.nlp
def test_ingest_a_saved_web_page_keeps_it_beside_the_draft(monkeypatch, tmp_path):
    import shutil

    from tests.conftest import SEED_DATA
    from tests.ingest.test_webpage import META, TITLE, page

    corpus = tmp_path / "data"
    shutil.copytree(SEED_DATA, corpus)
    monkeypatch.setenv("SAHELWATCH_DATA", str(corpus))
    monkeypatch.setenv("SAHELWATCH_EDITING", "open")
    at = open_app("app_pages/ingest.py")
    assert {".html", ".htm", ".txt"} <= set(at.file_uploader[0].allowed_type)
    at.file_uploader[0].upload("gao.html", page(META), "text/html")
    at.button[0].click().run()
    assert not at.exception and not at.error
    assert not at.warning  # the page gave its date
    assert [s.value.replace("\\", "") for s in at.subheader] == [TITLE]
    [save] = [b for b in at.button if b.label == "Save as draft"]
    save.click().run()
    assert not at.exception and "Saved" in at.success[0].value
    folder = corpus / "articles" / "l-armee-reprend-la-ville-de-gao"
    assert (folder / "source.html").read_bytes() == page(META)
    article = json.loads((folder / "record.json").read_text("utf-8"))["article"]
    assert article["outlet"] == "Le Journal du Sahel"
    assert article["published"]["start"] == "2024-03-05"


@pytest.mark.nlp
def test_ingest_an_undated_page_says_its_dates_are_unknown(monkeypatch):
    from tests.ingest.test_webpage import page

    monkeypatch.setenv("SAHELWATCH_EDITING", "open")
    at = open_app("app_pages/ingest.py")
    at.file_uploader[0].upload("undated.html", page(), "text/html")
    at.button[0].click().run()
    assert not at.exception and not at.error
    assert "No publication date" in at.warning[0].value


def test_ingest_says_a_text_in_another_language_gets_no_entities(monkeypatch):
    from tests.ingest.test_language import ENGLISH

    monkeypatch.setenv("SAHELWATCH_EDITING", "open")
    at = open_app("app_pages/ingest.py")
    at.file_uploader[0].upload("report.txt", ENGLISH.encode(), "text/plain")
    at.button[0].click().run()
    assert not at.exception and not at.error
    assert "reads as English (`en`), not French" in at.warning[0].value
    assert "0 events · 0 quotes · 0 actors · 0 places" in all_markdown(at)
    at.checkbox[0].check()  # "The text is French": the French rules run on it
    at.button[0].click().run()
    assert not at.exception
    assert not [w for w in at.warning if "reads as" in w.value]
    assert "0 events" not in all_markdown(at)


@pytest.mark.parametrize(
    ("html", "message"),
    [
        (b"<html><body>" + b"<p>mot</p>" * 1_000_000 + b"</body></html>", "the limit is 5 MB"),
        (b"<html><head><script>alert(1)</script></head><body><iframe src='x'></iframe>"
         b"<h1>Titre</h1></body></html>", "no article text found in the page"),
    ],
    ids=["ten-megabytes", "scripts-and-a-frame"],
)  # fmt: skip
def test_ingest_refuses_a_hostile_page_with_a_message(monkeypatch, tmp_path, html, message):
    import shutil

    from tests.conftest import SEED_DATA

    corpus = tmp_path / "data"
    shutil.copytree(SEED_DATA, corpus)
    monkeypatch.setenv("SAHELWATCH_DATA", str(corpus))
    monkeypatch.setenv("SAHELWATCH_EDITING", "open")
    at = open_app("app_pages/ingest.py")
    at.file_uploader[0].upload("page.html", html, "text/html")
    at.button[0].click().run()
    assert not at.exception
    shown = at.error[0].value.replace("\\", "")  # Markdown escapes
    assert "page.html" in shown and message in shown
    assert not [b for b in at.button if b.label == "Save as draft"]
    assert sorted(p.name for p in (corpus / "articles").iterdir()) == [SEED]


def test_a_broken_record_is_named_and_the_rest_still_served(monkeypatch, tmp_path):
    import shutil

    from sahelwatch.synth import write_corpus
    from tests.conftest import SEED_DATA

    corpus = tmp_path / "data"
    shutil.copytree(SEED_DATA, corpus)
    write_corpus(corpus / "extra", 10, taxonomy_from=SEED_DATA)
    shutil.move(corpus / "extra" / "articles" / "synthetic-0000000", corpus / "articles")
    monkeypatch.setenv("SAHELWATCH_DATA", str(corpus))
    monkeypatch.setenv("SAHELWATCH_WATCH_INTERVAL", "0.2")
    at = open_app()
    assert at.metric[1].value == "16"
    store_dir = tmp_path / "store"
    shown_version = published.current_version(store_dir)
    broken = corpus / "articles" / "synthetic-0000000" / "record.json"
    broken.write_text("{ not json", "utf-8")
    # The server's watcher publishes the change by itself, with no request asking for it.
    wait_for(lambda: published.current_version(store_dir) != shown_version)
    at = open_app()
    assert not at.exception
    assert at.metric[1].value == "11"
    expander = at.expander[0]
    assert "could not be loaded" in expander.label
    shown = expander.text[0].value
    assert shown.startswith("articles/synthetic-0000000/record.json: $: invalid JSON")
    assert str(corpus) not in shown  # no server path reaches a viewer (issue 10)


@pytest.mark.parametrize(("email", "allowed"), [("editor@example.org", True),
                                                ("stranger@example.org", False)])  # fmt: skip
def test_login_mode_lets_only_signed_in_editors_ingest(monkeypatch, email, allowed):
    from streamlit.testing.v1 import AppTest

    from tests.app.conftest import APP

    monkeypatch.setenv("SAHELWATCH_EDITING", "login")
    at = AppTest.from_file(APP, default_timeout=90)
    at.user = {"is_logged_in": True, "email": email}
    at.secrets["sahelwatch"] = {"editors": ["editor@example.org"]}
    at.run()
    assert not at.exception
    assert "Sign out" in [b.label for b in at.sidebar.button]
    if allowed:
        at.switch_page("app_pages/ingest.py").run()
        assert "Ingest an article" in [t.value for t in at.title]
    else:
        with pytest.raises(ValueError, match="Known pages"):
            at.switch_page("app_pages/ingest.py")
