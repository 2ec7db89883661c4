"""French date forms, their precision and basis, and relative dates."""

import datetime as dt

import pytest

from sahelwatch.extract.dates import find_dates

PUBLISHED = dt.date(2024, 12, 26)  # a Thursday


@pytest.mark.parametrize(
    ("text", "start", "end", "precision", "basis"),
    [
        ("Le 1er décembre 2024, une conférence", "2024-12-01", "2024-12-01", "day", "stated"),
        ("lundi 23 décembre 2024 à Niamey", "2024-12-23", "2024-12-23", "day", "stated"),
        ("le 6 août, à Gao", "2024-08-06", "2024-08-06", "day", "inferred"),
        ("le 30 décembre, à Gao", "2023-12-30", "2023-12-30", "day", "inferred"),
        ("en juin 2024, les radios", "2024-06-01", "2024-06-30", "month", "stated"),
        ("en février 2024", "2024-02-01", "2024-02-29", "month", "stated"),
        ("en 2023, le pays", "2023-01-01", "2023-12-31", "year", "stated"),
        ("hier soir", "2024-12-25", "2024-12-25", "day", "inferred"),
        ("avant-hier", "2024-12-24", "2024-12-24", "day", "inferred"),
        ("aujourd’hui", "2024-12-26", "2024-12-26", "day", "inferred"),
        ("mardi dernier, il a", "2024-12-24", "2024-12-24", "day", "inferred"),
        ("jeudi dernier", "2024-12-19", "2024-12-19", "day", "inferred"),
        # bare weekdays: the last one, or the publication day itself
        ("mercredi, les soldats", "2024-12-25", "2024-12-25", "day", "inferred"),
        ("jeudi soir", "2024-12-26", "2024-12-26", "day", "inferred"),
        ("ce lundi", "2024-12-23", "2024-12-23", "day", "inferred"),
        ("Dimanche, une alliance", "2024-12-22", "2024-12-22", "day", "inferred"),
        ("lundi prochain", "2024-12-30", "2024-12-30", "day", "inferred"),
        ("ce jour", "2024-12-26", "2024-12-26", "day", "inferred"),
        # spans keep their start and their end
        ("du 11 au 13 octobre", "2024-10-11", "2024-10-13", "day", "inferred"),
        ("les 2 et 3 juillet", "2024-07-02", "2024-07-03", "day", "inferred"),
        ("la nuit du 6 au 7 février", "2024-02-06", "2024-02-07", "day", "inferred"),
        ("du 22 au 27 juillet 2023", "2023-07-22", "2023-07-27", "day", "stated"),
        # an old year is that year, never the publication year's day
        ("le 13 mars 1591", "1591-03-13", "1591-03-13", "day", "stated"),
    ],
)
def test_date_forms(text, start, end, precision, basis):
    (mention,) = find_dates(text, PUBLISHED)
    assert str(mention.date.start) == start and str(mention.date.end) == end
    assert (mention.date.precision, mention.date.basis) == (precision, basis)
    assert text[mention.start : mention.end] == mention.text


def test_relative_dates_need_the_publication_date():
    assert find_dates("hier, le 6 août, mardi dernier") == []
    (stated,) = find_dates("hier, le 1er décembre 2024")
    assert stated.date.basis == "stated"


def test_offsets_are_shifted_into_the_article():
    (mention,) = find_dates("en juin 2024", offset=100)
    assert (mention.start, mention.end) == (103, 112)


def test_impossible_dates_are_skipped():
    assert find_dates("le 31 février 2024") == []


def test_no_date():
    assert find_dates("La Russie propose son aide.", PUBLISHED) == []


@pytest.mark.parametrize(
    "text",
    ["La coopération est aujourd’hui excellente.", "Il reste actuellement au Mali.",
     "jusqu'à aujourd'hui", "la bataille du 13 mars 1591"],
)  # fmt: skip
def test_nowadays_and_old_years_give_no_day_of_publication(text):
    assert all(m.date.start != PUBLISHED and m.date.start.year != 2024
               for m in find_dates(text, PUBLISHED))  # fmt: skip


@pytest.mark.nlp
@pytest.mark.parametrize(
    ("text", "date", "background"),
    [
        ("Le capitaine Koné, arrivé au pouvoir en septembre 2022, a reçu l’ambassadeur lundi.",
         "septembre 2022", True),
        ("Le capitaine Koné, arrivé au pouvoir en septembre 2022, a reçu l’ambassadeur lundi.",
         "lundi", False),
        ("Le forum, qui se tient du 18 au 21 juin, accueille les ministres.", "du 18 au 21 juin",
         False),
    ],
)  # fmt: skip
def test_background_clauses(text, date, background):
    from sahelwatch.extract.dates import in_background_clause
    from sahelwatch.extract.pipeline import load_nlp

    doc = load_nlp()(text)
    start = text.index(date)
    span = doc.char_span(start, start + len(date), alignment_mode="expand")
    assert in_background_clause(span[0]) is background


@pytest.mark.nlp
@pytest.mark.parametrize(
    ("text", "date", "background"),
    [
        # the date of a statement is news, even in a participle clause
        ("Les soldats ont patrouillé trois jours, comme indiqué dans un communiqué de l'armée "
         "du 14 mars.", "14 mars", False),
        ("Le groupe a perdu deux hommes, selon un article publié le 3 mars.", "3 mars", False),
        # a day said from the publication is the news, even in a past relative clause
        ("Les personnalités qui l'ont accueilli ce matin sont des ministres.", "ce matin", False),
        # a relative clause the parser did not label as one
        ("La société, dont le fondateur, Jean Dupont, est mort le 3 mars dans un accident, "
         "reste active.", "3 mars", True),
        # what came before: "après que"
        ("Le pays a signé l'accord deux ans après que le président a demandé, fin mai 2021, "
         "une centrale.", "mai 2021", True),
        # a date inside the subject describes it; the inverted subject does not count
        ("L'auteur du coup d'État du 30 septembre 2022 a reçu les soldats lundi.",
         "30 septembre 2022", True),
        ("« Nous partons », a déclaré le ministre mardi.", "mardi", False),
        ("Niamey, lundi 23 décembre 2024 — Le ministre nigérien des Mines, Ali Sani, a signé "
         "un accord avec Rosatom.", "lundi 23 décembre 2024", False),
    ],
)  # fmt: skip
def test_background_rules(text, date, background):
    from sahelwatch.extract.dates import in_background_clause
    from sahelwatch.extract.pipeline import load_nlp

    doc = load_nlp()(text)
    start = text.index(date)
    span = doc.char_span(start, start + len(date), alignment_mode="expand")
    assert in_background_clause(span[0]) is background


@pytest.mark.nlp
@pytest.mark.parametrize(
    ("text", "dates"),
    [
        # a bare weekday or a day without a year in a future clause: the next one
        ("Le ministre se rendra à Niamey samedi.", ["2024-12-28"]),
        ("Le ministre s'est rendu à Niamey samedi.", ["2024-12-21"]),
        ("Le président recevra le 30 décembre son homologue.", ["2024-12-30"]),
        ("Le président a reçu le 30 décembre son homologue.", ["2023-12-30"]),
        # "hier" inside a quotation counts from the day it was said, which is not given
        ("« Hier, nous avons signé l'accord », a déclaré le ministre mardi.", ["2024-12-24"]),
        # a background date is not the event's
        ("Le colonel Koné, arrivé au pouvoir le 2 mars 2022, a reçu l’ambassadeur lundi.",
         ["2024-12-23"]),
    ],
)  # fmt: skip
def test_event_dates(text, dates):
    from sahelwatch.extract.dates import event_dates
    from sahelwatch.extract.pipeline import load_nlp

    doc = load_nlp()(text)
    assert [str(m.date.start) for m in event_dates(doc[:], PUBLISHED)] == dates
