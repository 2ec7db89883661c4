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
