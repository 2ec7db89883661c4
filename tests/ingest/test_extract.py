"""Draft records from French text: the seed, the gold articles, quotes, places, sources,
the command line (including the refusal to overwrite reviewed records) and hostile input."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest

from sahelwatch.checks import check_record
from sahelwatch.cli import main
from sahelwatch.extract.evaluate import score
from sahelwatch.extract.pipeline import (
    ArticleInput,
    ExtractionError,
    extract_record,
    extract_records,
    load_nlp,
)
from sahelwatch.extract.quotes import find_quotes
from sahelwatch.model import Record
from tests.conftest import ROOT, SEED_DATA

pytestmark = pytest.mark.nlp

SEED = SEED_DATA / "articles" / "ru-aes-military-support"
GOLD = ROOT / "tests" / "ingest" / "gold"
TOPICS = frozenset({"security", "energy", "information", "economy", "diplomacy"})


def _gold(name: str) -> tuple[str, Record]:
    folder = GOLD / name if (GOLD / name).exists() else SEED
    text = (folder / "article.txt").read_text("utf-8")
    return text, Record.model_validate_json((folder / "record.json").read_bytes())


@pytest.fixture(scope="module")
def seed_draft() -> Record:
    text = (SEED / "article.txt").read_text("utf-8")
    return extract_record(ArticleInput(text=text, id="seed-draft"), SEED_DATA)


@pytest.fixture(scope="module")
def gold_drafts() -> dict[str, tuple[Record, Record, str]]:
    names = sorted(p.name for p in GOLD.iterdir() if p.is_dir())
    pairs = [_gold(name) for name in names]
    inputs = [
        ArticleInput(text=text, id=gold.article.id, published=gold.article.published.start)
        for text, gold in pairs
    ]
    drafts = extract_records(inputs, SEED_DATA)
    return {n: (d, g, t) for n, d, (t, g) in zip(names, drafts, pairs, strict=True)}


def test_seed_draft_validates_and_finds_the_essentials(seed_draft):
    text = (SEED / "article.txt").read_text("utf-8")
    assert check_record(seed_draft, text, TOPICS, "draft") == []
    assert seed_draft.article.status == "draft"
    actors = {a.name: a for a in seed_draft.actors}
    assert actors["Igor Gromyko"].role == "ambassadeur russe au Mali et au Niger"
    assert actors["Alexandre Novak"].role == "vice-Premier ministre"
    assert {"Russia", "Mali", "Burkina Faso", "Niger"} <= set(actors)
    assert any(a.kind == "alliance" for a in seed_draft.actors)
    gromyko = actors["Igor Gromyko"]
    assert [m.text for m in gromyko.mentions][-1] == "M. Gromyko"  # one actor, merged
    dated = [e for e in seed_draft.events if e.date.is_dated]
    assert [(str(e.date.start), e.date.precision) for e in dated] == [("2024-12-01", "day")]
    places = {p.name: p for p in seed_draft.places}
    assert places["Bamako"].kind == "city"
    assert places["Russie"].kind == "country"  # every country is a place, not only the AES
    # Russia is named too, but outside the AES: the event is a point (Bamako).
    assert dated[0].place_ids == ["plc:russia", "plc:bamako"]
    assert dated[0].geo_precision == "point"
    assert "energy" in dated[0].topics
    direct = [q for q in seed_draft.quotes if q.mode == "direct"]
    assert len(direct) == 1 and direct[0].speaker_id == gromyko.id
    assert direct[0].text.startswith("Conformément à notre principe fondamental")
    assert seed_draft.article.attributed_to == ["src:sputnik"]
    assert seed_draft.sources[0].kind == "state_media"
    undated = [e for e in seed_draft.events if not e.date.is_dated]
    assert all((e.date.precision, e.date.basis) == ("unknown", "report") for e in undated)


def test_a_place_outside_the_aes_is_kept_but_does_not_place_the_event(gold_drafts):
    draft, _, _ = gold_drafts["niger-russie-nucleaire"]
    moscow = next(p for p in draft.places if p.name == "Moscou")
    assert (moscow.kind, moscow.country) == ("city", "RUS")
    in_moscow = [e for e in draft.events if e.place_ids == [moscow.id]]
    assert in_moscow and all((e.countries, e.geo_precision) == ([], "country") for e in in_moscow)


@pytest.mark.parametrize(
    ("sentence", "countries", "precision"),
    [
        ("Des soldats ont patrouillé à Gao le 3 mars 2024 selon l'armée.", ["MLI"], "point"),
        ("Des soldats ont patrouillé dans la région de Kidal le 3 mars 2024.", ["MLI"], "region"),
        ("Des soldats ont patrouillé au Niger le 3 mars 2024 selon l'armée.", ["NER"], "country"),
    ],
)
def test_an_event_is_as_precise_as_its_finest_aes_place(sentence, countries, precision):
    draft = extract_record(ArticleInput(text=f"Titre\n\n{sentence}", id="x"), SEED_DATA)
    (event,) = [e for e in draft.events if e.date.is_dated]
    assert (event.countries, event.geo_precision) == (countries, precision)


def test_seed_scores_against_the_reviewed_record(seed_draft):
    _, gold = _gold("seed")
    scores = {s.field: s for s in score(gold, seed_draft)}
    assert scores["places"].recall == 1.0
    assert scores["dated events"].f1 == 1.0
    assert scores["topics"].recall == 1.0
    assert scores["quotes"].precision == 1.0 and scores["quotes"].recall >= 0.8
    assert scores["actors"].recall >= 0.8


def test_gold_articles_validate_and_score(gold_drafts):
    for name, (draft, gold, text) in gold_drafts.items():
        assert check_record(gold, text, TOPICS, name) == [], name
        assert check_record(draft, text, TOPICS, name) == [], name
        scores = {s.field: s for s in score(gold, draft)}
        assert scores["dated events"].f1 == 1.0, name
        assert scores["quotes"].f1 == 1.0, name


def test_relative_dates_resolve_against_publication(gold_drafts):
    draft, _, _ = gold_drafts["convoi-gao"]
    dates = [(str(e.date.start), e.date.basis) for e in draft.events if e.date.is_dated]
    assert dates == [("2025-08-11", "inferred"), ("2025-08-06", "inferred")]
    draft, _, _ = gold_drafts["burkina-medias"]
    dates = [(str(e.date.start), e.date.precision) for e in draft.events if e.date.is_dated]
    assert dates == [("2024-12-17", "day"), ("2024-06-01", "month")]


def test_quote_forms_and_speakers(gold_drafts):
    for name, mark in (("niger-russie-nucleaire", "«"), ("convoi-gao", "“"),
                       ("burkina-medias", '"')):  # fmt: skip
        draft, _, text = gold_drafts[name]
        direct = next(q for q in draft.quotes if q.mode == "direct")
        assert text[direct.evidence.start - 1 - (mark == "«")] == mark
        speaker = next(a for a in draft.actors if a.id == direct.speaker_id)
        assert speaker.kind == "person"
    draft, _, _ = gold_drafts["burkina-medias"]
    reported = next(q for q in draft.quotes if q.mode == "indirect")
    assert reported.text == "les autorités resteraient vigilantes face à la désinformation"
    assert reported.speaker_id == "act:jean-emmanuel-ouedraogo"  # "Il a ajouté que"


def test_titles_in_guillemets_are_not_quotes():
    text = "Une conférence intitulée « L’Alliance des États du Sahel et la Russie » s’est tenue."
    assert find_quotes(load_nlp()(text)) == []


def test_selon_names_the_speaker():
    (quote,) = find_quotes(load_nlp()("« Nous ne céderons pas », selon Assimi Goïta."))
    assert quote.speaker.text == "Assimi"


def test_doc_sents_follow_the_sentence_rules():
    text = "« Il faut agir. Vite », a affirmé M. Gromyko. Le 1er mai, rien."
    assert [s.text.strip() for s in load_nlp()(text).sents] == [
        "« Il faut agir. Vite », a affirmé M. Gromyko.",
        "Le 1er mai, rien.",
    ]


def test_geocoding_keeps_places_outside_the_aes(gold_drafts):
    draft, _, _ = gold_drafts["niger-russie-nucleaire"]
    places = {p.name: p for p in draft.places}
    assert places["Niamey"].country == "NER" and places["Niamey"].lat is not None
    assert places["Moscou"].country == "RUS"
    draft, _, _ = gold_drafts["convoi-gao"]
    assert {p.name: p.country for p in draft.places}["Tombouctou"] == "MLI"


def test_hostile_text_is_kept_as_text():
    text = (
        "Titre <script>alert(1)</script>\n"
        "Le 2 mars 2025, à Gao, <img src=x onerror=alert(1)> le ministre [cliquez](javascript:x) "
        "a annoncé un accord sur la sécurité.\n"
    )
    record = extract_record(ArticleInput(text=text, id="hostile"), SEED_DATA)
    assert record.article.title == "Titre <script>alert(1)</script>"
    assert check_record(record, text, TOPICS, "hostile") == []


@pytest.mark.parametrize("text", ["", "   \n  "])
def test_empty_text_is_refused(text):
    with pytest.raises(ExtractionError, match="empty"):
        extract_record(ArticleInput(text=text), SEED_DATA)


def test_enormous_text_is_refused():
    with pytest.raises(ExtractionError, match="limit"):
        extract_record(ArticleInput(text="mot " * 100_000), SEED_DATA)


def test_ingest_command_writes_a_valid_draft(tmp_path, capsys):
    assert main(["ingest", str(SEED / "article.txt"), "--published", "2024-12-02",
                 "--out", "-"]) == 0  # fmt: skip
    record = Record.model_validate_json(capsys.readouterr().out)
    assert record.article.status == "draft"
    assert str(record.article.published.start) == "2024-12-02"


def test_ingest_into_a_corpus_and_refuse_to_overwrite_reviewed(tmp_path, capsys):
    corpus = tmp_path / "data"
    shutil.copytree(SEED_DATA, corpus, ignore=shutil.ignore_patterns("geo", "schema"))
    source = tmp_path / "new.txt"
    source.write_text((GOLD / "convoi-gao" / "article.txt").read_text("utf-8"), "utf-8")
    assert main(["ingest", str(source), "--id", "convoi", "--into", str(corpus)]) == 0
    assert main(["validate", str(corpus)]) == 0
    reviewed = corpus / "articles" / "ru-aes-military-support" / "record.json"
    before = reviewed.read_bytes()
    same_text = ["ingest", str(SEED / "article.txt"), "--id", "ru-aes-military-support"]
    assert main([*same_text, "--into", str(corpus), "--redraft"]) == 0
    assert "1 skipped" in capsys.readouterr().err
    changed = tmp_path / "changed.txt"
    changed.write_text((SEED / "article.txt").read_text("utf-8") + " Ajout.", "utf-8")
    code = main(["ingest", str(changed), "--id", "ru-aes-military-support",
                 "--into", str(corpus)])  # fmt: skip
    assert code == 1
    assert "reviewed" in capsys.readouterr().err
    assert reviewed.read_bytes() == before


def test_ingest_refuses_wrong_encoding(tmp_path, capsys):
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("Le ministre a signé un accord à Niamey.".encode("latin-1"))
    assert main(["ingest", str(latin), "--out", "-"]) == 2
    assert "not UTF-8" in capsys.readouterr().err


def test_ingest_a_folder_in_one_batch(tmp_path, capsys):
    folder = tmp_path / "in"
    for name in ("convoi-gao", "burkina-medias"):
        (folder / name).mkdir(parents=True)
        shutil.copy(GOLD / name / "article.txt", folder / name / "article.txt")
    assert main(["ingest", str(folder), "--published", "2025-08-12", "--out", "-"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [r["article"]["id"] for r in records] == ["burkina-medias", "convoi-gao"]


def test_evaluate_command_prints_scores(capsys):
    assert main(["evaluate", str(SEED)]) == 0
    out = capsys.readouterr().out
    assert "dated events" in out and "throughput" in out and "spaCy" in out


def test_published_date_is_a_parameter():
    text = "Attaque près de Gao\nUn convoi a été attaqué hier près de Gao.\n"
    record = extract_record(
        ArticleInput(text=text, id="x", published=dt.date(2025, 1, 10)), SEED_DATA
    )
    assert str(record.events[0].date.start) == "2025-01-09"
    assert str(record.article.published.start) == "2025-01-10"


def test_unknown_language_is_refused():
    with pytest.raises(ExtractionError, match="language"):
        extract_record(ArticleInput(text="Hello world.", language="xx"), SEED_DATA)
