"""The timeline as pure functions: `make_timeline` (one point per event) and
`make_timeline_bins` (counts per month) turn query results into plotly figures. No Streamlit
here: unit tests inspect the traces."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from components.safe import html_text, plain
from components.words import ENGLISH, N_, Words
from sahelwatch.taxonomy import Topic

UNDATED_TITLE = N_("Reported, date not given")
NO_TOPIC = {"id": "none", "label": N_("No topic"), "colour": "#6b7280"}
PRECISION_WORDS = {"day": N_("day"), "month": N_("month only"), "year": N_("year only")}
HOVER_WIDTH = 60  # characters per line of a hover label: plotly does not wrap them
HOVER_LINES = 3
# Traces and the figure skip plotly's per-value schema checks: at 1,700 events they cost more
# than the rest of the timeline's build, and the builders here only set values of the schema's
# types (a unit test sends each figure through the checks).
UNCHECKED = {"_validate": False}  # for traces; `figure._validate = False` for the figure


def lanes(topics: Sequence[Topic], words: Words = ENGLISH) -> list[dict]:
    """One lane per topic, in the taxonomy's order, then one for events without a topic."""
    return [
        *({"id": t.id, "label": html_text(words.topic(t), 40), "colour": t.colour}
          for t in topics),
        NO_TOPIC | {"label": words(NO_TOPIC["label"])},
    ]  # fmt: skip


def _date_text(row, words: Words) -> str:
    if pd.isna(row.date_start):
        return words("date not given (reported)")
    start = row.date_start.date()
    if row.date_precision == "year":
        return words("{year} (year only)").format(year=start.year)
    if row.date_precision == "month":
        return words("{month} (month only)").format(month=words.month(start))
    return words.long_date(start)


def hover_lines(text: object) -> str:
    """`text` escaped for a plotly hover label, wrapped and clipped to `HOVER_LINES` lines."""
    lines = textwrap.wrap(plain(text, HOVER_WIDTH * HOVER_LINES), HOVER_WIDTH)
    return "<br>".join(html_text(line, None) for line in lines)


def _hover(row, words: Words) -> str:
    countries = ", ".join(words.country(c) for c in row.countries)
    not_reviewed = words("draft, not reviewed")
    draft = f"<br><i>{not_reviewed}</i>" if row.status == "draft" else ""
    reports = getattr(row, "n_reports", 1)
    if reports > 1:
        draft += "<br>" + words("{n} reports of this story").format(n=reports)
    return (
        f"<b>{hover_lines(row.title)}</b><br>{_date_text(row, words)}<br>"
        f"{hover_lines(countries)}{draft}"
    )


def make_timeline(
    events: pd.DataFrame,
    topics: Sequence[Topic],
    selected: str | None = None,
    words: Words = ENGLISH,
) -> go.Figure:
    """Events (`Store.timeline_events`: one row per event and topic) in topic lanes: points
    for day-precise dates, bars under the point for month and year spans, undated events
    as diamonds in a strip below; `selected` drawn larger, drafts hollow."""
    all_lanes = lanes(topics, words)
    shown = [lane for lane in all_lanes if lane["id"] in set(events["topic"])] or all_lanes[:1]
    order = [lane["label"] for lane in shown]
    dated = events[events["date_start"].notna()]
    undated = events[events["date_start"].isna()].copy()
    undated["rank"] = undated.groupby("topic").cumcount() + 1
    figure = make_subplots(
        rows=2,
        cols=1,
        row_heights=[0.68, 0.32],
        vertical_spacing=0.16,
        subplot_titles=(
            words("Dated events"),
            words(UNDATED_TITLE) + f" ({undated['event_id'].nunique()})",
        ),
    )
    figure._validate = False
    for lane in shown:
        colour = lane["colour"]
        spans = dated[(dated["topic"] == lane["id"]) & (dated["date_precision"] != "day")]
        if len(spans):
            # One trace per lane: the bars are segments separated by gaps (None).
            ends = spans["date_end"].fillna(spans["date_start"]) + pd.Timedelta(days=1)
            xs = [x for start, end in zip(spans["date_start"], ends, strict=True)
                  for x in (start, end, None)]  # fmt: skip
            figure.add_trace(
                go.Scatter(
                    x=xs,
                    y=[lane["label"]] * len(xs),
                    mode="lines",
                    line={"color": colour, "width": 10},
                    opacity=0.45,
                    hoverinfo="skip",
                    showlegend=False,
                    **UNCHECKED,
                ),
                row=1,
                col=1,
            )
        points = dated[dated["topic"] == lane["id"]]
        if len(points):
            mid = (
                points["date_start"]
                + (points["date_end"].fillna(points["date_start"]) - points["date_start"]) / 2
            )
            figure.add_trace(
                go.Scatter(
                    x=mid,
                    y=[lane["label"]] * len(points),
                    mode="markers",
                    name=lane["label"],
                    marker=_marker_style(points, colour, selected, "circle"),
                    customdata=points["event_id"],
                    hovertext=[_hover(r, words) for r in points.itertuples()],
                    hovertemplate="%{hovertext}<extra></extra>",
                    showlegend=False,
                    **UNCHECKED,
                ),
                row=1,
                col=1,
            )
        loose = undated[undated["topic"] == lane["id"]]
        if len(loose):
            figure.add_trace(
                go.Scatter(
                    x=loose["rank"],
                    y=[lane["label"]] * len(loose),
                    mode="markers",
                    name=words("{lane} (undated)").format(lane=lane["label"]),
                    marker=_marker_style(loose, colour, selected, "diamond"),
                    customdata=loose["event_id"],
                    hovertext=[_hover(r, words) for r in loose.itertuples()],
                    hovertemplate="%{hovertext}<extra></extra>",
                    showlegend=False,
                    **UNCHECKED,
                ),
                row=2,
                col=1,
            )
    for row in (1, 2):
        figure.update_yaxes(
            categoryorder="array", categoryarray=order[::-1], type="category", row=row, col=1
        )
    figure.update_xaxes(type="date", row=1, col=1)
    if len(dated) and dated["date_start"].min() == dated["date_start"].max():
        day = dated["date_start"].min()
        figure.update_xaxes(
            range=[day - pd.Timedelta(days=45), day + pd.Timedelta(days=45)], row=1, col=1
        )
    if len(undated):
        figure.update_xaxes(
            range=[0.3, max(8, undated["rank"].max()) + 0.7], row=2, col=1, showticklabels=False
        )
    else:
        figure.update_xaxes(visible=False, row=2, col=1)
    figure.update_layout(
        height=160 + 42 * len(shown) * 2,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        clickmode="event+select",
        dragmode="pan",
        hoverlabel={"align": "left"},
    )
    figure.update_annotations(font_size=13, x=0, xanchor="left")
    return figure


def _marker_style(points: pd.DataFrame, colour: str, selected: str | None, symbol: str) -> dict:
    is_selected = points["event_id"] == selected
    drafts = points["status"] == "draft"
    return {
        "color": colour,
        "size": [18 if s else 12 for s in is_selected],
        "symbol": [f"{symbol}-open" if d else symbol for d in drafts],
        "line": {"color": ["#111827" if s else "white" for s in is_selected], "width": 2},
    }


def make_timeline_bins(
    bins: pd.DataFrame, topics: Sequence[Topic], words: Words = ENGLISH
) -> go.Figure:
    """Event counts (`Store.timeline_bins`) per topic lane and month as shaded squares, and
    the undated counts as bars beside them."""
    shown = [lane for lane in lanes(topics, words) if lane["id"] in set(bins["topic"])]
    dated = bins[bins["period"].notna()]
    undated = bins[bins["period"].isna()]
    top = max(int(dated["n"].max()) if len(dated) else 1, 1)
    figure = make_subplots(
        rows=1,
        cols=2,
        column_widths=[0.86, 0.14],
        shared_yaxes=True,
        horizontal_spacing=0.02,
        subplot_titles=(
            words("Events per month (click a month to zoom in)"),
            words(UNDATED_TITLE),
        ),
    )
    figure._validate = False
    for lane in shown:
        cells = dated[dated["topic"] == lane["id"]]
        figure.add_trace(
            go.Scatter(
                x=cells["period"],
                y=[lane["label"]] * len(cells),
                mode="markers",
                marker={
                    "color": lane["colour"],
                    "symbol": "square",
                    "size": 11,
                    "opacity": list((0.2 + 0.8 * cells["n"] / top).clip(0, 1).round(3)),
                },
                customdata=cells["period"].dt.strftime("%Y-%m-%d"),
                text=cells["n"],
                hovertemplate=f"{lane['label']}<br>%{{x|%Y-%m}}: %{{text}} "
                + words("events")
                + "<extra></extra>",
                showlegend=False,
                **UNCHECKED,
            ),
            row=1,
            col=1,
        )
        loose = undated[undated["topic"] == lane["id"]]
        figure.add_trace(
            go.Bar(
                x=loose["n"],
                y=[lane["label"]] * len(loose),
                orientation="h",
                marker={"color": lane["colour"]},
                hovertemplate=f"{lane['label']}: %{{x}} "
                + words("undated events")
                + "<extra></extra>",
                showlegend=False,
                **UNCHECKED,
            ),
            row=1,
            col=2,
        )
    figure.update_layout(
        height=140 + 46 * len(shown),
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        clickmode="event",
        dragmode="pan",
    )
    figure.update_annotations(font_size=13)
    return figure
