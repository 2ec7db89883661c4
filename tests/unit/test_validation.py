"""Each validation rule, with a malformed fixture and the exact error it must produce."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from sahelwatch.cli import main
from sahelwatch.corpus import load_corpus

ARTICLE = "mini-article"
EVENT = "evt:niamey-energy-agreement-2024-08-06"


def record_file(data: Path, article: str = ARTICLE) -> Path:
    return data / "articles" / article / "record.json"


def edit_record(data: Path, change: Callable[[dict], None]) -> None:
    path = record_file(data)
    record = json.loads(path.read_text("utf-8"))
    change(record)
    path.write_text(json.dumps(record, ensure_ascii=False, indent=2), "utf-8")


def set_path(*keys_and_value):
    *keys, value = keys_and_value

    def change(record: dict) -> None:
        target = record
        for key in keys[:-1]:
            target = target[key]
        target[keys[-1]] = value

    return change


def add_duplicate_actor(record: dict) -> None:
    record["actors"].append({**record["actors"][0], "name": "Someone else", "mentions": []})


RULES = [
    # evidence text differs from the article at its offsets
    (set_path("events", 0, "evidence", 0, "text", "L" + "x" * 103), "events[0].evidence[0]",
     "evidence text 'Lxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…' does not match "
     "the article at 40:144 ('Le 6 août 2024, le ministre nigérien et une délégation russ…')"),
    (set_path("quotes", 0, "evidence", "start", 0), "quotes[0].evidence",
     "span 0:169 covers 169 characters but its text has 22"),
    (set_path("actors", 0, "mentions", 0, "end", 5000), "actors[0].mentions[0]",
     "span 183:5000 covers 4817 characters but its text has 9"),
    # text_sha256 that does not match article.txt
    (set_path("article", "text_sha256", "0" * 64), "article.text_sha256",
     "does not match the sha256 of article.txt"),
    # duplicate ids
    (add_duplicate_actor, "actors[1].id", "duplicate id 'act:ivanov' (first at actors[0].id)"),
    # dangling references
    (set_path("events", 0, "place_ids", ["plc:nowhere"]), "events[0].place_ids[0]",
     "unknown place id 'plc:nowhere'"),
    (set_path("events", 0, "actor_ids", ["act:nobody"]), "events[0].actor_ids[0]",
     "unknown actor id 'act:nobody'"),
    (set_path("quotes", 0, "speaker_id", "act:nobody"), "quotes[0].speaker_id",
     "unknown actor id 'act:nobody'"),
    (set_path("quotes", 0, "event_id", "evt:nothing"), "quotes[0].event_id",
     "unknown event id 'evt:nothing'"),
    (set_path("article", "attributed_to", ["src:nobody"]), "article.attributed_to[0]",
     "unknown source id 'src:nobody'"),
    # a topic not in data/topics.yaml
    (set_path("events", 0, "topics", ["energy", "sports"]), "events[0].topics[1]",
     "unknown topic 'sports' (known: diplomacy, economy, energy, information, security)"),
    # a country that is not ISO 3166-1 alpha-3
    (set_path("events", 0, "countries", ["NER", "XYZ"]), "events[0].countries[1]",
     "'XYZ' is not an ISO 3166-1 alpha-3 country code"),
    (set_path("places", 0, "country", "Niger"), "places[0].country",
     "'Niger' is not an ISO 3166-1 alpha-3 country code"),
    # an end date before a start date
    (set_path("events", 0, "date", "end", "2024-08-01"), "events[0].date",
     "end date 2024-08-01 is before start date 2024-08-06"),
    # closed vocabularies
    (set_path("events", 0, "kind", "battle"), "events[0].kind",
     "Input should be 'statement', 'press_conference', 'conference', 'visit', 'agreement', "
     "'negotiation', 'offer', 'delivery', 'training' or 'other'"),
    (set_path("article", "status", "approved"), "article.status",
     "Input should be 'reviewed' or 'draft'"),
]  # fmt: skip


@pytest.mark.parametrize(("change", "path", "message"), RULES)
def test_each_rule_names_file_path_and_problem(mini_corpus, change, path, message):
    edit_record(mini_corpus, change)
    corpus = load_corpus(mini_corpus)
    assert corpus.articles == []
    assert [p.path for p in corpus.problems] == [path]
    problem = corpus.problems[0]
    assert problem.file == f"articles/{ARTICLE}/record.json"  # relative: no server path shown
    assert problem.message == message
    assert str(problem) == f"{problem.file}: {path}: {problem.message}"


def test_invalid_json_names_line_and_column(mini_corpus):
    record_file(mini_corpus).write_text('{"schema_version": 1,\n  "article": }', "utf-8")
    [problem] = load_corpus(mini_corpus).problems
    assert (problem.path, problem.message) == (
        "$",
        "invalid JSON: expected value at line 2 column 14",
    )


def test_folder_name_must_be_the_article_id(mini_corpus):
    articles = mini_corpus / "articles"
    shutil.move(articles / ARTICLE, articles / "renamed")
    [problem] = load_corpus(mini_corpus).problems
    assert problem.path == "article.id"
    assert problem.message == "id 'mini-article' differs from its folder name 'renamed'"


def test_missing_text_file_is_reported(mini_corpus):
    (mini_corpus / "articles" / ARTICLE / "article.txt").unlink()
    [problem] = load_corpus(mini_corpus).problems
    assert problem.message == "missing file article.txt"


def copy_article(data: Path, new_id: str, *, keep_event_ids: bool) -> None:
    source = data / "articles" / ARTICLE
    target = data / "articles" / new_id
    shutil.copytree(source, target)
    record = json.loads((target / "record.json").read_text("utf-8"))
    record["article"]["id"] = new_id
    if not keep_event_ids:
        record["events"][0]["id"] = f"evt:{new_id}"
        record["quotes"][0]["id"] = f"q:{new_id}"
        record["quotes"][0]["event_id"] = f"evt:{new_id}"
    (target / "record.json").write_text(json.dumps(record, ensure_ascii=False), "utf-8")


def test_one_bad_record_does_not_stop_the_others(mini_corpus):
    copy_article(mini_corpus, "second-article", keep_event_ids=False)
    edit_record(mini_corpus, set_path("events", 0, "topics", ["sports"]))
    corpus = load_corpus(mini_corpus)
    assert [a.record.article.id for a in corpus.articles] == ["second-article"]
    assert [p.path for p in corpus.problems] == ["events[0].topics[0]"]


ORIGINAL = f"articles/{ARTICLE}/record.json"
FIRST = "also reviewed and first by article id"


def test_event_ids_are_unique_across_records(mini_corpus):
    copy_article(mini_corpus, "z-copy", keep_event_ids=True)
    corpus = load_corpus(mini_corpus)
    assert [a.record.article.id for a in corpus.articles] == [ARTICLE]
    assert [(p.path, p.message) for p in corpus.problems] == [
        ("events[0].id", f"duplicate id '{EVENT}' (also in {ORIGINAL}, {FIRST})"),
        ("quotes[0].id", f"duplicate id 'q:ivanov-together' (also in {ORIGINAL}, {FIRST})"),
    ]


def test_validate_command_prints_problems_and_fails(mini_corpus, capsys):
    edit_record(mini_corpus, set_path("events", 0, "topics", ["sports"]))
    assert main(["validate", str(mini_corpus)]) == 1
    out, err = capsys.readouterr()
    assert "0 articles, 0 events" in out
    assert "events[0].topics[0]: unknown topic 'sports'" in err


def test_validate_command_prints_counts(mini_corpus, capsys):
    assert main(["validate", str(mini_corpus)]) == 0
    out, _ = capsys.readouterr()
    assert out.strip() == "1 articles, 1 events, 1 quotes, 1 actors, 1 places"
