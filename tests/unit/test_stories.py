"""Stories on small corpora written for the tests: relays, shared owners, uncredited copies,
disagreements, events that must stay apart, editors' decisions, ids independent of order."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from sahelwatch.corpus import LoadedArticle
from sahelwatch.extract.relays import cited_sources
from sahelwatch.geo import Gazetteer
from sahelwatch.sources import SourceBook
from sahelwatch.stories import build_stories
from sahelwatch.stories.compiled import story_rows
from sahelwatch.stories.decisions import Constraints, Decision
from sahelwatch.stories.incremental import regroup
from sahelwatch.synth import synthetic_record
from tests.conftest import SEED_DATA
from tests.unit.stories_corpus import KNOWN_SOURCES, Said, article, frames

BOOK = SourceBook.load(SEED_DATA)
CONFERENCE_DAY = "2024-12-02"


def cites(text: str) -> tuple[str, ...]:
    return tuple(s.id for s in cited_sources(text, list(KNOWN_SOURCES.values())))


def by_article(stories) -> dict[tuple[str, ...], object]:
    return {s.articles: s for s in stories}


def the_story_of(stories, article_id: str):
    (story,) = [s for s in stories if article_id in s.articles]
    return story


# --- origins ---------------------------------------------------------------------------------

RELAYED = (
    "Selon Sputnik, le groupe Wagner a annoncé la mort d'un commandant dans les combats de Gao."
)
CITED = "Le groupe Wagner déplore un commandant tué dans les combats de Gao, cité par RIA Novosti."


def relay_chain():
    return frames(
        article("sputnik-gao", Said("Le groupe Wagner a annoncé la mort d'un commandant tombé "
                                    "dans les combats acharnés de Gao.", places=("gao",),
                                    actors=("wagner",)), outlet="Sputnik Afrique"),
        article("site-relais", Said(RELAYED, places=("gao",), actors=("wagner",)),
                outlet="Mali Express", cites=cites(RELAYED)),
        article("autre-site", Said(CITED, places=("gao",), actors=("wagner",)),
                outlet="Sahel Info", cites=cites(CITED)),
    )  # fmt: skip


def test_a_relay_chain_via_russian_state_media_is_one_origin_with_its_badge():
    stories = build_stories(relay_chain(), BOOK)
    story = the_story_of(stories, "sputnik-gao")
    assert story.articles == ("autre-site", "site-relais", "sputnik-gao")
    assert story.origins.independent == 1
    assert story.origins.badge == "single origin: Russian state media"
    relays = {r.article_id: r.credited for r in story.origins.reports}
    assert relays == {"autre-site": True, "site-relais": True, "sputnik-gao": False}


def test_the_relay_rule_reads_the_cues_of_the_issue_and_not_an_outlet_named_as_an_actor():
    assert cites("a rapporté l'agence TASS.") == ("src:tass",)
    assert cites("cité par RIA Novosti") == ("src:ria-novosti",)
    assert cites("selon un article de Sputnik publié ce jour") == ("src:sputnik",)
    assert cites("a indiqué à l’AFP un officier") == ("src:afp",)
    assert cites("L'ANP et l'agence Sputnik ont signé un accord.") == ()


def test_outlets_of_one_owner_count_once_and_another_owner_adds_an_origin():
    corpus = frames(
        article("rfi", Said("Amadou Diallo a signé un accord énergétique solaire à Bamako.",
                            kind="agreement", day=CONFERENCE_DAY, places=("bamako",),
                            actors=("diallo",)), outlet="RFI"),
        article("f24", Said("Accord solaire signé par Diallo à Bamako: énergie pour Moscou et "
                            "le Mali.", kind="agreement", day=CONFERENCE_DAY,
                            places=("bamako",), actors=("diallo",)), outlet="France 24"),
    )  # fmt: skip
    story = the_story_of(build_stories(corpus, BOOK), "rfi")
    assert story.articles == ("f24", "rfi")
    assert story.origins.copies == ()  # not one copying the other: the owner makes them one
    assert story.origins.independent == 1
    assert story.origins.badge == "single origin: France Médias Monde (French public media)"


def test_an_uncredited_copy_is_not_an_origin_of_its_own_but_another_wording_is():
    original = ("Deux jours après la remise de la base de Gao, une cinquantaine de combattants "
                "de Wagner sont arrivés en fin de journée à bord d'hélicoptères.")  # fmt: skip
    corpus = frames(
        article("radio", Said(original, places=("gao",), actors=("wagner",)), outlet="Radio A"),
        article("copie", Said(original.replace("Deux jours", "Quarante-huit heures"),
                              places=("gao",), actors=("wagner",)), outlet="Site B"),
        article("autre", Said("A Gao, des hommes armés de la société Wagner ont débarqué en "
                              "hélicoptères à l'aéroport, selon des habitants.", places=("gao",),
                              actors=("wagner",)), outlet="Journal C"),
    )  # fmt: skip
    story = the_story_of(build_stories(corpus, BOOK), "radio")
    assert story.articles == ("autre", "copie", "radio")
    assert [(a, b) for a, b, _ in story.origins.copies] == [("copie", "radio")]
    assert story.origins.independent == 2
    assert story.origins.badge is None


# --- grouping --------------------------------------------------------------------------------


def conference(article_id: str, text: str, **kwargs):
    return article(article_id, Said(text, kind="conference", day=CONFERENCE_DAY,
                                    places=("bamako",), actors=("diallo",)), **kwargs)  # fmt: skip


def bamako_day():
    """Two reports of one conference in Bamako, and a delivery in Bamako the same day."""
    return [
        conference("conf-a", "Amadou Diallo a ouvert à Bamako une conférence sur l'énergie "
                   "solaire et les réseaux électriques.", outlet="Journal A"),
        article("livraison", Said("Des hélicoptères de combat ont été livrés à l'armée de l'air "
                                  "à Bamako, a indiqué Mariam Keïta.", kind="other",
                                  day=CONFERENCE_DAY, places=("bamako",), actors=("keita",)),
                outlet="Journal B"),
        conference("conf-b", "À Bamako, la conférence sur l'énergie solaire a été ouverte par le "
                   "ministre Amadou Diallo.", outlet="Journal C"),
    ]  # fmt: skip


def test_two_happenings_on_the_same_day_in_the_same_city_stay_apart():
    stories = build_stories(frames(*bamako_day()), BOOK)
    assert set(by_article(stories)) == {("conf-a", "conf-b"), ("livraison",)}
    (reason,) = [r for r in the_story_of(stories, "conf-b").reasons if r["article"] == "conf-b"]
    assert reason["with_event"] == "evt:conf-a-1"
    assert reason["shared_anchors"] == ["act:amadou-diallo", "plc:bamako"]
    assert reason["shared_countries"] == ["MLI"]
    assert reason["same_day"] is True
    assert reason["similarity"] >= 0.5


def test_kinds_that_cannot_be_one_happening_stay_apart_whatever_their_words():
    text = "Amadou Diallo a ouvert à Bamako une conférence sur les hélicoptères de combat."
    corpus = frames(
        article("meeting", Said(text, kind="conference", day=CONFERENCE_DAY, places=("bamako",),
                                actors=("diallo",))),
        article("handover", Said(text, kind="delivery", day=CONFERENCE_DAY, places=("bamako",),
                                 actors=("diallo",))),
        article("said", Said(text, kind="statement", day=CONFERENCE_DAY, places=("bamako",),
                             actors=("diallo",))),
    )  # fmt: skip
    groups = set(by_article(build_stories(corpus, BOOK)))
    assert not any({"meeting", "handover"} <= set(g) for g in groups)
    assert any({"said", "meeting"} <= set(g) or {"said", "handover"} <= set(g) for g in groups)


def test_a_disagreement_on_the_day_shows_both_sides_with_their_evidence():
    first = "Wagner a annoncé le 22 juillet la fin des combats de Gao contre les rebelles."
    second = "Les combats de Gao contre les rebelles ont pris fin le 25 juillet, a annoncé Wagner."
    corpus = frames(
        article("jour-a", Said(first, day="2024-07-22", places=("gao",), actors=("wagner",)),
                outlet="Journal A"),
        article("jour-b", Said(second, day="2024-07-25", places=("gao",), actors=("wagner",)),
                outlet="Journal B"),
    )  # fmt: skip
    story = the_story_of(build_stories(corpus, BOOK), "jour-a")
    assert story.articles == ("jour-a", "jour-b")
    (disagreement,) = story.disagreements
    assert disagreement.field == "date"
    sides = [(s.value, s.article_id, s.evidence) for s in disagreement.sides]
    assert sides == [("2024-07-22", "jour-a", first), ("2024-07-25", "jour-b", second)]


def test_days_too_far_apart_are_two_stories():
    text = "Wagner a annoncé la fin des combats de Gao contre les rebelles."
    corpus = frames(
        article("tot", Said(text, day="2024-07-10", places=("gao",), actors=("wagner",))),
        article("tard", Said(text, day="2024-07-25", places=("gao",), actors=("wagner",))),
    )
    assert set(by_article(build_stories(corpus, BOOK))) == {("tot",), ("tard",)}


def test_ids_and_groups_do_not_depend_on_the_order_of_the_files():
    articles = bamako_day()
    forward = build_stories(frames(*articles), BOOK)
    backward = build_stories(frames(*reversed(articles)), BOOK)
    shuffled = articles[1:] + articles[:1]
    again = build_stories(frames(*shuffled), BOOK)
    key = [(s.id, s.events) for s in forward]
    assert key == [(s.id, s.events) for s in backward] == [(s.id, s.events) for s in again]
    assert the_story_of(forward, "conf-b").id == "sty:conf-a-1"


# --- editors' decisions ----------------------------------------------------------------------


def decision(op: str, minute: int, **named) -> Decision:
    at = dt.datetime(2026, 11, 26, 14, minute, tzinfo=dt.UTC)
    return Decision(op=op, by="editor@example.org", at=at, **named)


SPLIT = decision("split", 5, sides=(("evt:conf-a-1",), ("evt:conf-b-1",)))


def test_an_editor_split_survives_regrouping_with_a_new_report():
    stories = build_stories(frames(*bamako_day()), BOOK, [SPLIT])
    assert set(by_article(stories)) == {("conf-a",), ("conf-b",), ("livraison",)}
    (reason,) = the_story_of(stories, "conf-b").reasons
    assert reason["editor"][0]["by"] == "editor@example.org"
    newcomer = conference("conf-c", "Amadou Diallo a ouvert la conférence de Bamako sur "
                          "l'énergie solaire et les réseaux.", outlet="Journal D")  # fmt: skip
    regrouped = build_stories(frames(*bamako_day(), newcomer), BOOK, [SPLIT])
    apart = [s for s in regrouped if {"conf-a", "conf-b"} & set(s.articles)]
    assert len(apart) == 2
    assert not any({"conf-a", "conf-b"} <= set(s.articles) for s in regrouped)
    assert any("conf-c" in s.articles and len(s.articles) == 2 for s in apart)


def test_an_editor_merge_wins_and_a_later_split_wins_over_it():
    merge = decision("merge", 1, events=("evt:conf-a-1", "evt:livraison-1"))
    merged = build_stories(frames(*bamako_day()), BOOK, [merge])
    assert set(by_article(merged)) == {("conf-a", "conf-b", "livraison")}
    later = decision("split", 9, sides=(("evt:livraison-1",), ("evt:conf-a-1",)))
    assert set(by_article(build_stories(frames(*bamako_day()), BOOK, [later, merge]))) == {
        ("conf-a", "conf-b"), ("livraison",)
    }  # fmt: skip


def test_a_merge_needs_two_events_and_a_split_two_sides():
    with pytest.raises(ValueError, match="at least two events"):
        decision("merge", 1, events=("evt:conf-a-1",))
    with pytest.raises(ValueError, match="at least two sides"):
        decision("split", 1, sides=(("evt:conf-a-1",),))


# --- incremental -----------------------------------------------------------------------------


def synthetic(count: int, seed: int = 3):
    rng = random.Random(seed)
    gazetteer = Gazetteer.load()
    cities = [gazetteer.lookup(name) for name in gazetteer.place_names()]
    cities = sorted({c.id: c for c in cities if c and c.in_aes}.values(), key=lambda c: c.id)
    loaded = []
    for index in range(count):
        record, text = synthetic_record(index, 5, rng, cities)
        loaded.append(LoadedArticle(record, text, record.article.id))
    return loaded


def snapshot(stories) -> list[tuple]:
    return sorted((s.id, s.events, s.origins.independent, len(s.disagreements)) for s in stories)


@pytest.mark.parametrize("change", ["added", "removed", "edited"])
def test_regrouping_what_one_article_touches_gives_what_grouping_everything_gives(change):
    """On a corpus whose links do not chain across stories (see `stories.incremental`)."""
    articles = synthetic(400)
    grouped = build_stories(frames(*articles), BOOK)
    target = min(a for s in grouped if len(s.articles) > 1 for a in s.articles)
    n = next(i for i, a in enumerate(articles) if a.record.article.id == target)
    if change == "added":
        before, after = articles[:n] + articles[n + 1 :], articles
    elif change == "removed":
        before, after = articles, articles[:n] + articles[n + 1 :]
    else:
        edited = synthetic(1, seed=99)[0]
        record = edited.record.model_copy(
            update={"article": edited.record.article.model_copy(update={"id": target})}
        )
        record = record.model_copy(update={"events": [
            e.model_copy(update={"id": f"evt:{target}-{n}"}) for n, e in enumerate(record.events)
        ], "quotes": []})  # fmt: skip
        before = articles
        after = [*articles[:n], LoadedArticle(record, edited.text, target), *articles[n + 1 :]]
    grouped_before = build_stories(frames(*before), BOOK)
    previous = story_rows(grouped_before)["story_events"]
    result = regroup(frames(*after), previous, {target}, BOOK, Constraints())
    kept = [s for s in grouped_before if s.id not in result.replaced]
    assert snapshot(kept + result.stories) == snapshot(build_stories(frames(*after), BOOK))
    assert len(result.replaced) <= 10  # a few stories, not everything again
    if change != "added":  # the stories the article was in are grouped again
        assert any(len(s.articles) > 1 for s in grouped_before if s.id in result.replaced)
    else:  # the new article joins another article's story
        assert any(len(s.articles) > 1 for s in result.stories)
