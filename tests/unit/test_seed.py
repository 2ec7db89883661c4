"""The bundled seed: the article byte for byte and its hand-curated, reviewed record."""

import hashlib
import json

import pytest

from sahelwatch.corpus import load_corpus
from sahelwatch.model import Record
from tests.conftest import ROOT, SEED_DATA

SEED_ID = "ru-aes-military-support"
SEED_FOLDER = SEED_DATA / "articles" / SEED_ID
SHARED_SEED = ROOT.parent / "shared" / "seeds" / "000_9af019276e75033e.txt"


@pytest.fixture(scope="module")
def seed() -> Record:
    return Record.model_validate_json((SEED_FOLDER / "record.json").read_bytes())


@pytest.fixture(scope="module")
def text() -> str:
    return (SEED_FOLDER / "article.txt").read_text("utf-8")


# sha256 of ../shared/seeds/000_9af019276e75033e.txt, taken when the seed was copied in.
SEED_SHA256 = "387c95206fb8b9d45457821bbfb000117f2e4f4ca075c83035b0bab896a19bfd"


def test_article_is_the_seed_byte_for_byte():
    copied = (SEED_FOLDER / "article.txt").read_bytes()
    assert hashlib.sha256(copied).hexdigest() == SEED_SHA256
    if SHARED_SEED.exists():  # beside the shared folder, compare the bytes themselves
        assert copied == SHARED_SEED.read_bytes()


def test_record_round_trips_through_the_models(seed):
    raw = (SEED_FOLDER / "record.json").read_text("utf-8")
    assert seed.to_json() == raw
    assert Record.model_validate(json.loads(raw)) == seed


def test_hash_matches_the_text(seed):
    digest = hashlib.sha256((SEED_FOLDER / "article.txt").read_bytes()).hexdigest()
    assert seed.article.text_sha256 == digest


def test_every_evidence_span_matches_the_article(seed, text):
    spans = list(seed.spans())
    assert len(spans) > 20
    for path, span in spans:
        assert text[span.start : span.end] == span.text, path


def test_the_corpus_loads_cleanly():
    corpus = load_corpus(SEED_DATA)
    assert corpus.problems == []
    assert corpus.counts()["articles"] == 1


def test_record_is_reviewed_and_cites_sputnik(seed):
    assert seed.article.status == "reviewed"
    assert seed.article.attributed_to == ["src:sputnik"]
    assert seed.sources[0].kind == "state_media"
    assert seed.article.outlet is None and seed.article.published.start is None
    assert str(seed.article.published.not_before) == "2024-12-01"


def test_only_the_bamako_conference_is_dated(seed):
    dated = [event for event in seed.events if event.date.is_dated]
    assert [event.id for event in dated] == ["evt:bamako-conference-2024-12-01"]
    conference = dated[0]
    assert conference.date.precision == "day" and conference.date.basis == "stated"
    assert conference.place_ids == ["plc:bamako"] and conference.geo_precision == "point"
    for event in seed.events:
        if event is not conference:
            assert (event.date.precision, event.date.basis) == ("unknown", "report"), event.id


def test_people_states_and_alliance_are_actors(seed):
    actors = {actor.id: actor for actor in seed.actors}
    assert actors["act:igor-gromyko"].role == "Ambassador of Russia to Mali and Niger"
    assert actors["act:alexandre-novak"].role == "Deputy Prime Minister of Russia"
    assert {"act:russia", "act:mali", "act:burkina-faso", "act:niger"} <= set(actors)
    assert actors["act:aes"].kind == "alliance"


def test_every_quote_has_its_speaker_and_event(seed):
    modes = sorted(quote.mode for quote in seed.quotes)
    assert modes == ["direct", "indirect", "indirect", "indirect", "indirect"]
    for quote in seed.quotes:
        assert quote.speaker_id == "act:igor-gromyko"
        assert quote.event_id is not None
    direct = next(q for q in seed.quotes if q.mode == "direct")
    assert direct.text.startswith("Conformément à notre principe fondamental")


def test_topics_follow_the_text(seed):
    events = {event.id: event for event in seed.events}
    assert "energy" in events["evt:bamako-conference-2024-12-01"].topics
    assert events["evt:russia-offers-drones-and-combat-aircraft"].topics == ["security"]
    assert "economy" in events["evt:russia-continues-economic-cooperation"].topics
