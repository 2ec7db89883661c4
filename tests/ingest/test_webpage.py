"""Saved web pages as articles: text, title, date, outlet and address read offline by
trafilatura; hostile, oversized, empty and undated pages; the original kept as source.html.

The pages are small ones written here, not copies of real articles."""

from __future__ import annotations

import datetime as dt
import json
import os

import pytest

from sahelwatch.cli import main
from sahelwatch.extract import webpage
from sahelwatch.extract.pipeline import ExtractionError
from sahelwatch.extract.webpage import SOURCE_HTML, read_webpage, save_source_html
from tests.conftest import SEED_DATA

BODY = (
    "<p>Le ministre de la Défense a annoncé mardi à Bamako que l'armée a repris la ville de "
    "Gao après trois jours de combats contre des groupes armés.</p>"
    "<p>« Nos soldats ont rétabli l'ordre », a déclaré le ministre lors d'une conférence de "
    "presse, selon un communiqué publié par le gouvernement de transition.</p>"
)
TITLE = "L'armée reprend la ville de Gao"


def page(head: str = "", body: str = BODY, title: str = TITLE) -> bytes:
    return (
        f"<!doctype html><html lang='fr'><head><meta charset='utf-8'>{head}</head><body>"
        f"<nav>Accueil · Politique · Sport</nav><article><h1>{title}</h1>{body}</article>"
        "<footer>© 2021 Le Journal</footer></body></html>"
    ).encode()


META = (
    "<title>L'armée reprend la ville de Gao – Le Journal du Sahel</title>"
    "<meta property='og:site_name' content='Le Journal du Sahel'>"
    "<meta property='article:published_time' content='2024-03-05T10:00:00+00:00'>"
    "<link rel='canonical' href='https://journal.example.org/2024/03/gao.html'>"
)


def test_a_page_gives_its_text_title_date_outlet_and_address():
    article = read_webpage(page(META), "gao.html")
    assert article.title == TITLE
    assert article.published == dt.date(2024, 3, 5)
    assert article.outlet == "Le Journal du Sahel"
    assert article.url == "https://journal.example.org/2024/03/gao.html"
    lines = article.text.split("\n")
    assert lines[:2] == [TITLE, ""]  # the title line the pipeline reads, once
    assert lines[2].startswith("Le ministre de la Défense a annoncé mardi")
    assert article.text.count(TITLE) == 1
    assert "Accueil" not in article.text and "© 2021" not in article.text


def test_scripts_styles_and_frames_never_reach_the_text():
    hostile = (
        "<script>document.write('<p>injected paragraph from a script</p>')</script>"
        "<style>p { content: 'styled text' }</style>"
        "<noscript><p>Activez JavaScript pour lire cet article en entier.</p></noscript>"
        "<iframe srcdoc='<p>framed text</p>'><p>iframe fallback text</p></iframe>"
        "<object><p>object fallback text</p></object>"
    )
    article = read_webpage(page(META, body=hostile + BODY + hostile), "hostile.html")
    for leaked in ("injected", "styled", "JavaScript", "framed", "fallback", "<"):
        assert leaked not in article.text
    assert "Nos soldats ont rétabli l'ordre" in article.text


def test_a_page_with_no_date_anywhere_has_no_date():
    """No date in the markup: none is guessed from the copyright year or the body's numbers."""
    body = BODY + "<p>En 2019, 1 200 soldats étaient déployés dans la région de Gao.</p>"
    article = read_webpage(page(body=body), "undated.html")
    assert article.published is None
    assert article.url is None and article.outlet is None
    assert article.title == TITLE


def test_an_address_that_is_not_http_is_dropped():
    head = "<link rel='canonical' href='javascript:alert(1)'>"
    assert read_webpage(page(head), "x.html").url is None


@pytest.mark.parametrize(
    ("html", "message"),
    [
        (page(body="<script>var article = 'rien';</script>"), "no article text found"),
        (page(body="", title="Un titre et rien d'autre"), "only a title: “Un titre et rien"),
        (b"", "not an HTML page"),
    ],
    ids=["scripts-only", "title-only", "empty"],
)
def test_a_page_without_an_article_is_refused_with_a_message(html, message):
    with pytest.raises(ExtractionError, match=message):
        read_webpage(html, "page.html")


def test_oversized_pages_are_refused_before_extraction(monkeypatch):
    ten_mb = page(body=BODY + "<p>" + "mot " * 2_500_000 + "</p>")
    with pytest.raises(ExtractionError, match=r"big\.html: 10\.0 MB of HTML; the limit is 5 MB"):
        read_webpage(ten_mb, "big.html")
    many = page(body=BODY + "<div><span>x</span></div>" * (webpage.MAX_ELEMENTS // 2))
    with pytest.raises(ExtractionError, match=r"HTML elements; the limit is 15,000"):
        read_webpage(many, "nested.html")
    wordy = page(body=BODY + ("<p>" + "mot " * 500 + "</p>") * 450)  # 900,000 characters
    with pytest.raises(ExtractionError, match="more than 800,000 characters of text"):
        read_webpage(wordy, "wordy.html")
    monkeypatch.setattr(webpage, "MAX_ELEMENTS", 10)  # the same page under a lower limit
    with pytest.raises(ExtractionError, match="the limit is 10"):
        read_webpage(page(META), "small.html")


def test_script_markup_does_not_count_against_the_limits():
    script = "<script>" + "var x = '<div></div>';" * 40_000 + "</script>"  # 880,000 characters
    divs = "<div hidden>" + "<span></span>" * webpage.MAX_ELEMENTS + "</div>"
    article = read_webpage(page(META + f"<script>{divs}</script>" + script), "scripted.html")
    assert article.published == dt.date(2024, 3, 5)


def test_the_original_page_is_kept_in_the_article_folder(tmp_path):
    folder = tmp_path / "data" / "articles" / "gao"
    folder.mkdir(parents=True)
    raw = page(META)
    assert save_source_html(tmp_path / "data", folder, raw) == folder / SOURCE_HTML
    assert (folder / SOURCE_HTML).read_bytes() == raw
    assert [p.name for p in folder.iterdir()] == [SOURCE_HTML]  # no temporary file left


def test_a_link_in_place_of_the_kept_page_is_not_followed(tmp_path):
    folder = tmp_path / "data" / "articles" / "gao"
    folder.mkdir(parents=True)
    outside = tmp_path / "outside.html"
    outside.write_bytes(b"untouched")
    os.symlink(outside, folder / SOURCE_HTML)
    with pytest.raises(ExtractionError, match="a symbolic link; not written"):
        save_source_html(tmp_path / "data", folder, page(META))
    assert outside.read_bytes() == b"untouched"


@pytest.mark.nlp
def test_ingest_a_saved_page_into_a_corpus_that_still_compiles(tmp_path, caplog):
    import shutil

    corpus = tmp_path / "data"
    shutil.copytree(SEED_DATA, corpus)
    saved = tmp_path / "pages" / "gao-reprise.html"
    saved.parent.mkdir()
    saved.write_bytes(page(META))
    (saved.parent / "undated.html").write_bytes(page())
    assert main(["ingest", str(saved.parent), "--into", str(corpus)]) == 0
    assert "undated.html: the page gives no publication date" in caplog.text
    assert "gao-reprise.html" not in caplog.text
    folder = corpus / "articles" / "gao-reprise"
    assert (folder / SOURCE_HTML).read_bytes() == saved.read_bytes()
    article = json.loads((folder / "record.json").read_text("utf-8"))["article"]
    assert article["title"] == TITLE
    assert article["outlet"] == "Le Journal du Sahel"
    assert article["published"]["start"] == "2024-03-05"
    assert article["url"] == "https://journal.example.org/2024/03/gao.html"
    undated = json.loads((corpus / "articles" / "undated" / "record.json").read_text("utf-8"))
    assert undated["article"]["published"]["start"] is None
    assert main(["validate", str(corpus)]) == 0
    assert main(["compile", str(corpus), "--store", str(tmp_path / "store")]) == 0
    # The folder is ingested again: the kept pages are not new articles.
    assert main(["ingest", str(corpus / "articles"), "--out", str(tmp_path / "out.json")]) == 0
    ids = {r["article"]["id"] for r in json.loads((tmp_path / "out.json").read_text("utf-8"))}
    assert ids == {"gao-reprise", "undated", "ru-aes-military-support"}


@pytest.mark.nlp
def test_the_command_line_wins_over_the_page(tmp_path, capsys):
    saved = tmp_path / "gao.html"
    saved.write_bytes(page(META))
    assert main(["ingest", str(saved), "--published", "2024-03-06", "--outlet", "Autre"]) == 0
    article = json.loads(capsys.readouterr().out)["article"]
    assert article["published"]["start"] == "2024-03-06"
    assert article["outlet"] == "Autre"


def test_a_refused_page_is_an_error_of_the_command(tmp_path, capsys):
    saved = tmp_path / "empty.html"
    saved.write_bytes(page(body="", title="Seulement un titre"))
    assert main(["ingest", str(saved), "--into", str(tmp_path / "data")]) == 2
    assert "no article text found in the page (only a title" in capsys.readouterr().err
    assert not (tmp_path / "data").exists()
