"""What the Review page shows of a record, as plain values (no Streamlit, unit-tested): the
highlights in the text, one line per item, the readable form of a change."""

from __future__ import annotations

import json

from components.text_select import Highlight, Selection
from components.words import ENGLISH, N_, Words
from sahelwatch.geo import Gazetteer, GazetteerPlace, normalise_name
from sahelwatch.model import Record
from sahelwatch.text import plain

UNATTRIBUTED = N_("unattributed")
# A quote's mode (`sahelwatch.model.Quote.mode`) as the Review page names it.
MODE_WORDS = {"direct": N_("direct"), "indirect": N_("indirect")}


def speaker_name(record: Record, speaker_id: str | None, words: Words = ENGLISH) -> str:
    names = {actor.id: actor.name for actor in record.actors}
    return names.get(speaker_id, speaker_id) if speaker_id else words(UNATTRIBUTED)


def highlights(
    record: Record,
    focus: str | None = None,
    selection: Selection | None = None,
    words: Words = ENGLISH,
) -> list[Highlight]:
    """Every span of the record, by kind; the spans of the item `focus` outlined; the
    analyst's current selection on top."""
    out: list[Highlight] = []
    for event in record.events:
        label = words("event: {title}").format(title=event.title)
        out += [Highlight(s.start, s.end, "event", label) for s in event.evidence]
    for quote in record.quotes:
        label = words("quote ({mode}): {speaker}").format(
            mode=words.kind(MODE_WORDS, quote.mode),
            speaker=speaker_name(record, quote.speaker_id, words),
        )
        out.append(Highlight(quote.evidence.start, quote.evidence.end, "quote", label))
    for actor in record.actors:
        label = words("actor: {name}").format(name=actor.name)
        out += [Highlight(s.start, s.end, "actor", label) for s in actor.mentions]
    for place in record.places:
        label = words("place: {name}").format(name=place.name)
        out += [Highlight(s.start, s.end, "place", label) for s in place.mentions]
    if focus:
        out += [Highlight(span.start, span.end, "focus") for span in item_spans(record, focus)]
    if selection:
        label = words("your selection")
        out.append(Highlight(selection.start, selection.end, "selected", label))
    return out


def event_covering(record: Record, start: int, end: int) -> str | None:
    """The first event with an evidence span holding [start, end): a quote selected there is
    most likely about it."""
    return next(
        (e.id for e in record.events for v in e.evidence if v.start <= start and end <= v.end),
        None,
    )


def item_spans(record: Record, item_id: str) -> list:
    for event in record.events:
        if event.id == item_id:
            return list(event.evidence)
    for quote in record.quotes:
        if quote.id == item_id:
            return [quote.evidence]
    for entity in [*record.actors, *record.places]:
        if entity.id == item_id:
            return list(entity.mentions)
    return []


def change_lines(
    before: dict | None, after: dict | None, limit: int = 120, words: Words = ENGLISH
) -> list[str]:
    """`field: old → new` for each field that differs (the whole item when added or
    deleted), values as compact JSON clipped to `limit` characters; field names stay the
    record's own."""

    def shown(value: object) -> str:
        return plain(json.dumps(value, ensure_ascii=False, default=str), limit)

    if before is None and after is None:
        return []
    if before is None:
        return [words("added: {item}").format(item=shown(after))]
    if after is None:
        return [words("deleted: {item}").format(item=shown(before))]
    fields = list(dict.fromkeys([*before, *after]))
    return [
        f"{field}: {shown(before.get(field))} → {shown(after.get(field))}"
        for field in fields
        if before.get(field) != after.get(field)
    ]


def gazetteer_matches(gazetteer: Gazetteer, query: str, limit: int = 20) -> list[GazetteerPlace]:
    """Entries whose name starts with `query` (accents and case ignored), exact names first,
    then the AES and the most populous."""
    wanted = normalise_name(query)
    if not wanted:
        return []
    exact = gazetteer.candidates(query)
    starting = [
        entry
        for entry in gazetteer.entries
        if entry not in exact
        and any(normalise_name(name).startswith(wanted) for name in entry.aliases)
    ]
    starting.sort(key=lambda e: (not e.in_aes, -e.population, e.name_fr))
    return (exact + starting)[:limit]


# A place's kind (`sahelwatch.model.PlaceKind`) as the Review page names it.
PLACE_KIND_WORDS = {"city": N_("city"), "town": N_("town"), "region": N_("region"),
                    "country": N_("country"), "site": N_("site"), "other": N_("other")}  # fmt: skip


def place_label(entry: GazetteerPlace, words: Words = ENGLISH) -> str:
    return f"{entry.name_fr} ({words.kind(PLACE_KIND_WORDS, entry.kind)}, {entry.country})"
