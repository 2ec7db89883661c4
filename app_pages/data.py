"""Data: the filtered events, quotes, actors and places as tables, with downloads."""

import streamlit as st

from components import data_access, view
from components.header import render_notices, render_share
from components.i18n import _, number
from components.safe import table
from sahelwatch import export

MAX_ROWS = 1000

flt = view.current_filter()  # set by the sidebar filters app.py draws
store = data_access.store()
head, share = st.columns([5, 1], vertical_alignment="bottom")
head.title(_("Data"), anchor=False)
with share:
    render_share("data")
render_notices()
total = int(data_access.headline(flt)["events"])
st.caption(
    _(
        "{n} events match the filters. Tables show the first {rows} rows; downloads hold "
        "every matching row."
    ).format(n=number(total), rows=number(MAX_ROWS))
)


def _download(fmt: str, table: str = "events"):
    """The download of this view in `fmt`, built only when the analyst clicks."""
    return lambda: export.view_download(store, flt, fmt, table)


cols = st.columns(3) + st.columns(3)  # two rows: the labels stay whole
cols[0].download_button(_("Events (CSV)"), _download("csv"), "sahelwatch-events.csv", "text/csv",
                        icon=":material/download:")  # fmt: skip
cols[1].download_button(_("Located events (GeoJSON)"), _download("geojson"),
                        "sahelwatch-events.geojson", "application/geo+json",
                        icon=":material/download:")  # fmt: skip
cols[2].download_button(_("Records (JSON)"), _download("json"), "sahelwatch-records.json",
                        "application/json", icon=":material/download:")  # fmt: skip
cols[3].download_button(_("Map (HTML, folium)"), _download("html"), "sahelwatch-map.html",
                        "text/html",
                        icon=":material/download:",
                        help=_("A standalone Leaflet map of this view for reports: one HTML "
                        "file that draws with no network (Leaflet is inside it). Its layer menu "
                        "adds an OpenStreetMap background, which needs a connection and loads "
                        "tiles from openstreetmap.org."))  # fmt: skip
cols[5].download_button(_("Stories (ACLED-style CSV)"), _download("acled"),
                        "sahelwatch-stories-acled.csv", "text/csv", icon=":material/download:",
                        help=_("One row a story, with ACLED's column names and precision "
                        "codes, then its independent origins, reports, topics and a link that "
                        "opens it here."))  # fmt: skip
cols[4].download_button(_("Evidence (W3C annotations)"), _download("annotations"),
                        "sahelwatch-evidence.jsonld", "application/ld+json",
                        icon=":material/download:",
                        help=_("Every evidence span and quote of this view as W3C Web "
                        "Annotations (JSON-LD): character offsets and the exact words with "
                        "their context, for annotation tools and archives."))  # fmt: skip

events_tab, quotes_tab, actors_tab, places_tab = st.tabs(
    [_("Events"), _("Quotes"), _("Actors"), _("Places")]
)
with events_tab:
    events = data_access.events(flt, MAX_ROWS)
    st.dataframe(
        table(events)[
            [
                "event_id",
                "title",
                "date_start",
                "date_precision",
                "countries",
                "topics",
                "kind",
                "place_names",
                "status",
                "article_id",
            ]
        ],
        hide_index=True,
        column_config={"date_start": st.column_config.DateColumn(_("date"), format="YYYY-MM-DD")},
    )
with quotes_tab:
    quotes = data_access.quotes(flt, MAX_ROWS)
    st.dataframe(
        table(quotes[["speaker_name", "speaker_role", "mode", "text", "event_title", "status"]]),
        hide_index=True,
    )
    st.download_button(_("Quotes (CSV)"), _download("csv", "quotes"),
                       "sahelwatch-quotes.csv", "text/csv")  # fmt: skip
with actors_tab:
    actors = data_access.actors(flt)
    actors = actors[actors["n_events"] > 0]
    st.dataframe(table(actors.head(MAX_ROWS)), hide_index=True)
    st.download_button(_("Actors (CSV)"), _download("csv", "actors"), "sahelwatch-actors.csv",
                       "text/csv")  # fmt: skip
with places_tab:
    places = data_access.places(flt)
    places = places[places["n_events"] > 0]
    st.dataframe(table(places.head(MAX_ROWS)), hide_index=True)
    st.download_button(_("Places (CSV)"), _download("csv", "places"), "sahelwatch-places.csv",
                       "text/csv")  # fmt: skip

view.sync_query_params()
