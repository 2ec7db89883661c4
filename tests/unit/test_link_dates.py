"""A link's dates are checked against the data's range (`sahelwatch.filters.fit_dates`)."""

from __future__ import annotations

import datetime as dt

import pytest

from sahelwatch.filters import DATE_MAX, DATE_MIN, Filter, date_range, fit_dates

D = dt.date.fromisoformat
FIRST, LAST = D("2024-06-01"), D("2024-12-31")
SPAN = "events are dated 2024-06-01 to 2024-12-31"


@pytest.mark.parametrize(
    ("date_from", "date_to", "fitted", "notices"),
    [
        # beyond what the widgets and the store hold: dropped, or moved to the bound
        ("0001-01-01", None, (None, None), [f"Ignored from=0001-01-01: {SPAN}."]),
        (None, "9999-12-31", (None, None), [f"Ignored to=9999-12-31: {SPAN}."]),
        ("9999-12-31", None, ("2100-12-31", None),
         [f"from=9999-12-31 is replaced by 2100-12-31: {SPAN}."]),
        (None, "0001-01-01", (None, "1900-01-01"),
         [f"to=0001-01-01 is replaced by 1900-01-01: {SPAN}."]),
        ("0001-01-01", "9999-12-31", (None, None),
         [f"Ignored from=0001-01-01: {SPAN}.", f"Ignored to=9999-12-31: {SPAN}."]),
        # outside the data but holdable: kept, with a notice
        ("1900-01-01", None, ("1900-01-01", None), [f"from=1900-01-01: {SPAN}."]),
        ("2025-01-01", None, ("2025-01-01", None), [f"from=2025-01-01: {SPAN}."]),
        (None, "2024-01-01", (None, "2024-01-01"), [f"to=2024-01-01: {SPAN}."]),
        (None, "2100-12-31", (None, "2100-12-31"), [f"to=2100-12-31: {SPAN}."]),
        # the bounds of what the widgets hold are holdable: kept, with a notice
        ("2100-12-31", None, ("2100-12-31", None), [f"from=2100-12-31: {SPAN}."]),
        (None, "1900-01-01", (None, "1900-01-01"), [f"to=1900-01-01: {SPAN}."]),
        # inside the data's range, bounds included: kept, no notice
        ("2024-07-01", "2024-08-01", ("2024-07-01", "2024-08-01"), []),
        ("2024-06-01", "2024-12-31", ("2024-06-01", "2024-12-31"), []),
        ("2024-12-31", "2024-06-01", ("2024-12-31", "2024-06-01"), []),
    ],
)  # fmt: skip
def test_link_dates_outside_the_data_get_a_notice(date_from, date_to, fitted, notices):
    flt = Filter(
        topics=("energy",),
        date_from=date_from and D(date_from),
        date_to=date_to and D(date_to),
    )
    out, said = fit_dates(flt, FIRST, LAST)
    assert (out.date_from, out.date_to) == tuple(v and D(v) for v in fitted)
    assert out.topics == ("energy",)
    assert said == notices


def test_without_dated_events_link_dates_get_a_notice():
    flt = Filter(date_from=D("2024-01-01"), date_to=D("9999-12-31"))
    out, notices = fit_dates(flt, None, None)
    assert (out.date_from, out.date_to) == (D("2024-01-01"), None)
    assert notices == [
        "from=2024-01-01: no event is dated.",
        "Ignored to=9999-12-31: no event is dated.",
    ]


def test_the_date_range_widens_to_the_data():
    assert date_range(None, None) == (DATE_MIN, DATE_MAX)
    assert date_range(D("1850-03-01"), D("2200-01-01")) == (D("1850-03-01"), D("2200-01-01"))
    assert date_range(FIRST, LAST) == (DATE_MIN, DATE_MAX)


def test_link_dates_inside_data_older_or_later_than_the_widgets_hold_are_kept():
    """Events dated before 1900 or after 2100 widen what a link may ask for."""
    first, last = D("1850-03-01"), D("2200-01-01")
    flt = Filter(date_from=D("1860-01-01"), date_to=D("2150-01-01"))
    out, notices = fit_dates(flt, first, last)
    assert (out.date_from, out.date_to) == (D("1860-01-01"), D("2150-01-01"))
    assert notices == []
