"""Score drafts against the real-reporting evaluation set (`../shared/eval/real/gold.json`).

The matching rules are those of the set's README: names are compared case-folded and
accent-stripped; a person is found by the gold surname as a token of an extracted person's name;
a place by name (equal, or one inside the other as whole tokens) and ISO3; a date by the distinct
day-precise `stated`/`inferred` event starts; a quote when an extracted quote contains the gold
substring; its speaker by surname (or `also_speakers`), or by the organisation's name in the
actor's name or one of its mentions.

Each field is a `Tally`: `found` of `gold` gives the recall, `correct` of `extracted` the
precision. Tallies add up, so the same code gives per-article and micro-averaged figures.
"""

from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from pathlib import Path

from sahelwatch.model import Actor, Record

FIELDS = (
    "persons",
    "places",
    "dates",
    "quotes",
    "speaker",
    "wrong_speaker",
    "mode",
    "unattributed",
    "topics",
)
FIELD_LABELS = {
    "persons": "persons (surname)",
    "places": "places (name+ISO3)",
    "dates": "dates (day)",
    "quotes": "quotes found",
    "speaker": "right speaker",
    "wrong_speaker": "wrong speaker",
    "mode": "mode accuracy",
    "unattributed": "unattributed kept",
    "topics": "topics",
}
# Fields that are a count of `gold` only (no precision), and the note each line carries.
COUNTS_ONLY = ("wrong_speaker", "mode", "unattributed")
NOTES = {
    "dates": lambda t: f"{t.leaks} background leak(s)",
    "wrong_speaker": lambda t: f"of quotes found, lower is better; {t.invented} for unnamed",
}
# The set's README: "Corps africain" is "Africa Corps". Other organisation names are compared as
# written, so an extraction that names the speaker differently is not given the benefit.
ORG_EQUIVALENTS = {"corps africain": "africa corps"}


@dataclass(frozen=True)
class Tally:
    gold: int = 0
    found: int = 0
    extracted: int = 0
    correct: int = 0
    leaks: int = 0  # dates only: background dates given to an event
    invented: int = 0  # wrong speaker only: a speaker given where the gold names nobody

    def __add__(self, other: Tally) -> Tally:
        return Tally(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(Tally)))

    @property
    def recall(self) -> float | None:
        return self.found / self.gold if self.gold else None

    @property
    def precision(self) -> float | None:
        return self.correct / self.extracted if self.extracted else None


Scores = dict[str, Tally]


def normalise_text(text: str) -> str:
    """README rule for quote substrings: NFC, ’ → ', whitespace runs → one space."""
    return " ".join(unicodedata.normalize("NFC", text).replace("’", "'").split())


def normalise_name(text: str) -> str:
    """Quote rule plus case-folding and accent stripping (for names)."""
    decomposed = unicodedata.normalize("NFKD", normalise_text(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def name_tokens(name: str) -> list[str]:
    return re.findall(r"[\w'-]+", normalise_name(name))


def surname(name: str) -> str:
    return normalise_name(name).split()[-1]


def _contains_tokens(longer: str, shorter: str) -> bool:
    a, b = name_tokens(longer), name_tokens(shorter)
    return bool(b) and any(a[i : i + len(b)] == b for i in range(len(a) - len(b) + 1))


def _same_place(gold_name: str, draft_name: str) -> bool:
    return _contains_tokens(gold_name, draft_name) or _contains_tokens(draft_name, gold_name)


def _org_matches(org: str, actor_name: str) -> bool:
    org_key = normalise_name(org)
    org_key = ORG_EQUIVALENTS.get(org_key, org_key)
    return _contains_tokens(actor_name, org_key)


def score_article(gold: dict, draft: Record) -> Scores:
    """Every field's tally for one article."""
    actors = {a.id: a for a in draft.actors}
    return {
        "persons": _persons(gold, draft),
        "places": _places(gold, draft),
        "dates": _dates(gold, draft),
        **_quotes(gold, draft, actors),
        "topics": _topics(gold, draft),
    }


def _persons(gold: dict, draft: Record) -> Tally:
    surnames = {surname(p) for p in gold["persons"]}
    people = [a for a in draft.actors if a.kind == "person"]
    tokens = [set(name_tokens(a.name)) for a in people]
    found = sum(any(s in t for t in tokens) for s in surnames)
    correct = sum(bool(surnames & t) for t in tokens)
    return Tally(len(surnames), found, len(people), correct)


def _places(gold: dict, draft: Record) -> Tally:
    gold_places = list(gold["places"].items())
    regions = gold.get("regions", [])

    def names(place) -> list[str]:
        return [place.name, *(m.text for m in place.mentions)]

    def matches(place, name: str, iso3: str) -> bool:
        return place.country == iso3 and any(_same_place(name, n) for n in names(place))

    found = sum(any(matches(p, n, iso3) for p in draft.places) for n, iso3 in gold_places)
    judged = [p for p in draft.places if not any(_same_place(r, n) for r in regions
                                                  for n in names(p))]  # fmt: skip
    correct = sum(any(matches(p, n, iso3) for n, iso3 in gold_places) for p in judged)
    return Tally(len(gold_places), found, len(judged), correct)


def _background_hit(background: str, event_date) -> bool:
    start = event_date.start.isoformat()
    if len(background) == 10:
        return event_date.precision == "day" and start == background
    precision = "month" if len(background) == 7 else "year"
    return event_date.precision == precision and start.startswith(background)


def _dates(gold: dict, draft: Record) -> Tally:
    dated = [e.date for e in draft.events if e.date.is_dated]
    days = {
        d.start.isoformat()
        for d in dated
        if d.precision == "day" and d.basis in ("stated", "inferred")
    }
    gold_days, background = set(gold["dates"]), set(gold["background_dates"])
    hits = days & gold_days
    false_positives = days - gold_days - background
    leaks = sum(any(_background_hit(b, d) for d in dated) for b in background)
    return Tally(len(gold_days), len(hits), len(hits) + len(false_positives), len(hits), leaks)


def _quotes(gold: dict, draft: Record, actors: dict) -> Scores:
    extracted = [(normalise_text(q.text), q) for q in draft.quotes]
    found = right = mode_right = unattributed = handled = wrong = invented = 0
    with_speaker = 0
    right_extracted: set[str] = set()
    matched_extracted: set[str] = set()
    for entry in gold["quotes"]:
        needle = normalise_text(entry["contains"])
        hits = [q for text, q in extracted if needle in text]
        named = bool(entry["speaker"]) or bool(entry.get("speaker_org"))
        with_speaker += named
        unattributed += not named
        if not hits:
            continue
        found += 1
        matched_extracted.update(q.id for q in hits)
        quote = hits[0]
        mode_right += quote.mode == entry["mode"]
        speaker = actors.get(quote.speaker_id) if quote.speaker_id else None
        if not named:
            handled += speaker is None
            invented += speaker is not None
            wrong += speaker is not None
            continue
        if speaker is not None and _right_speaker(entry, speaker):
            right += 1
            right_extracted.update(q.id for q in hits if q.speaker_id == quote.speaker_id)
        else:
            wrong += speaker is not None
    return {
        "quotes": Tally(len(gold["quotes"]), found, len(extracted), len(matched_extracted)),
        "speaker": Tally(with_speaker, right, len(extracted), len(right_extracted)),
        # Of the gold quotes found, those put in a wrong mouth (left unattributed is not wrong).
        "wrong_speaker": Tally(found, wrong, invented=invented),
        "mode": Tally(found, mode_right),
        "unattributed": Tally(unattributed, handled),
    }


def _right_speaker(entry: dict, speaker: Actor) -> bool:
    """A person by surname in the actor's name; an organisation by its name as the gold writes
    it, in the actor's name or in one of its mentions (the article's "armée malienne" is the
    actor displayed as "Forces armées maliennes (FAMa)"), as places are matched."""
    tokens = set(name_tokens(speaker.name))
    if entry["speaker"]:
        names = [entry["speaker"], *entry.get("also_speakers", [])]
        return any(surname(n) in tokens for n in names)
    written = [speaker.name, *(m.text for m in speaker.mentions)]
    return any(_org_matches(entry["speaker_org"], name) for name in written)


def _topics(gold: dict, draft: Record) -> Tally:
    gold_topics = set(gold["topics"])
    draft_topics = {t for e in draft.events for t in e.topics}
    both = len(gold_topics & draft_topics)
    return Tally(len(gold_topics), both, len(draft_topics), both)


def total(rows: Iterable[Scores]) -> Scores:
    summed = {name: Tally() for name in FIELDS}
    for row in rows:
        for name in FIELDS:
            summed[name] = summed[name] + row[name]
    return summed


def _ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def table(scores: Scores, title: str) -> str:
    """One line per field: recall (found of gold), precision (correct of extracted)."""
    lines = [
        title,
        f"{'field':<20}{'gold':>6}{'found':>7}{'R':>7}{'extr.':>7}{'right':>7}{'P':>7}  note",
    ]
    for name in FIELDS:
        t = scores[name]
        note = NOTES.get(name, lambda _: "")(t)
        if name in COUNTS_ONLY:
            extracted = right = precision = ""
        else:
            extracted, right, precision = str(t.extracted), str(t.correct), _ratio(t.precision)
        lines.append(
            f"{FIELD_LABELS[name]:<20}{t.gold:>6}{t.found:>7}{_ratio(t.recall):>7}"
            f"{extracted:>7}{right:>7}{precision:>7}  {note}".rstrip()
        )
    return "\n".join(lines)


@dataclass(frozen=True)
class EvalSet:
    """The gold of every article and where its text is."""

    folder: Path
    gold: dict[str, dict]  # file name -> gold entry

    @classmethod
    def load(cls, path: Path) -> EvalSet:
        """`path` is the set's folder (`eval/` or `eval/real/`) or its `gold.json`."""
        path = Path(path)
        candidates = [path, path / "gold.json", path / "real" / "gold.json"]
        gold_file = next((p for p in candidates if p.is_file()), None)
        if gold_file is None:
            raise FileNotFoundError(f"{path}: no gold.json here or in real/")
        raw = json.loads(gold_file.read_text("utf-8"))
        articles = {k: v for k, v in raw.items() if not k.startswith("_") and k != "clusters"}
        return cls(gold_file.parent, articles)

    def text(self, name: str) -> str:
        return (self.folder / "articles" / name).read_text("utf-8")


def load_split(path: Path) -> dict[str, list[str]]:
    """Part name -> article file names, from a TOML file of `[part] articles = [...]`."""
    raw = tomllib.loads(Path(path).read_text("utf-8"))
    return {part: list(values["articles"]) for part, values in raw.items()}


def per_part(
    scores: dict[str, Scores], split: dict[str, Sequence[str]] | None
) -> dict[str, Scores]:
    """Micro-averaged scores per part of the split (or one part, `all`)."""
    parts = split or {"all": list(scores)}
    return {part: total(scores[name] for name in names) for part, names in parts.items()}


def article_table(scores: dict[str, Scores], part_of: dict[str, str]) -> str:
    """One line per article: `found/gold` and `correct/extracted` per field."""
    header = f"{'article':<12}{'part':<10}" + "".join(f"{f[:5]:>12}" for f in FIELDS)
    lines = ["per article (found/gold correct/extracted)", header]
    for name, row in scores.items():
        cells = []
        for field_name in FIELDS:
            t = row[field_name]
            cell = f"{t.found}/{t.gold}"
            if field_name not in COUNTS_ONLY:
                cell += f" {t.correct}/{t.extracted}"
            cells.append(f"{cell:>12}")
        lines.append(f"{name.split('_')[0]:<12}{part_of.get(name, 'all'):<10}" + "".join(cells))
    return "\n".join(lines)
