"""Stories as an ACLED-style CSV, to merge with the event data analysts already use.

One row a story in view (drawn from its lead report, like the map), with ACLED's column names
and codes — `time_precision` 1 (day) or 3 (month or year), `geo_precision` 1 (a place),
2 (a region) or 3 (a country) — then Sahel Watch's own columns: the story's independent
origins, how many reports it has, its topics and a link that opens it in the dashboard.
ACLED's `admin1` and `source_scale` stay empty: the records do not hold them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

import pandas as pd

from sahelwatch.export import table_csv
from sahelwatch.geo import country_name

if TYPE_CHECKING:
    from sahelwatch.filters import Filter
    from sahelwatch.store import Store

TIME_PRECISION = {"day": 1, "month": 3, "year": 3}
GEO_PRECISION = {"point": 1, "region": 2, "country": 3}
COLUMNS = ["event_id_cnty", "event_date", "time_precision", "geo_precision", "country", "admin1",
           "location", "latitude", "longitude", "source", "source_scale", "notes",
           "sw_story_id", "sw_independent_origins", "sw_origins", "sw_reports", "sw_topics",
           "sw_evidence_link"]  # fmt: skip


def acled_frame(store: Store, flt: Filter, app_url: str = "") -> pd.DataFrame:
    """The stories `flt` shows, one ACLED-style row each (see the module's docstring)."""
    leads = store.story_leads(
        flt,
        "e.story_id, e.date_start, e.date_precision, e.geo_precision, e.countries, "
        "e.place_names, e.lat, e.lon, e.title, e.summary, e.topics, e.n_reports",
        "ORDER BY e.date_start NULLS LAST, e.story_id",
    )
    stories = store.sql(
        "SELECT story_id, independent_origins, origin_labels FROM stories "
        "WHERE list_contains(?, story_id)",
        [list(leads["story_id"])],
    ).set_index("story_id")
    outlets = store.sql(
        """
        SELECT se.story_id, string_agg(DISTINCT coalesce(a.outlet, 'outlet not given'), '; '
                                       ORDER BY coalesce(a.outlet, 'outlet not given')) AS source
        FROM story_events se JOIN articles a USING (article_id)
        WHERE list_contains(?, se.story_id) GROUP BY se.story_id
        """,
        [list(leads["story_id"])],
    ).set_index("story_id")["source"]
    rows = []
    for lead in leads.itertuples():
        story = stories.loc[lead.story_id] if lead.story_id in stories.index else None
        country = lead.countries[0] if len(lead.countries) else None
        rows.append({
            "event_id_cnty": f"{country or 'XXX'}-{lead.story_id.removeprefix('sty:')}",
            "event_date": lead.date_start.date().isoformat() if pd.notna(lead.date_start) else "",
            "time_precision": TIME_PRECISION.get(lead.date_precision, ""),
            "geo_precision": GEO_PRECISION.get(lead.geo_precision, ""),
            "country": country_name(country) if country else "",
            "admin1": "",
            "location": lead.place_names[0] if len(lead.place_names) else "",
            "latitude": lead.lat if pd.notna(lead.lat) else "",
            "longitude": lead.lon if pd.notna(lead.lon) else "",
            "source": outlets.get(lead.story_id, ""),
            "source_scale": "",
            "notes": " ".join(part for part in (lead.title, lead.summary) if part),
            "sw_story_id": lead.story_id,
            "sw_independent_origins": int(story["independent_origins"]) if story is not None
            else 1,
            "sw_origins": "; ".join(story["origin_labels"]) if story is not None else "",
            "sw_reports": int(lead.n_reports),
            "sw_topics": "; ".join(lead.topics),
            "sw_evidence_link": f"{app_url.rstrip('/')}/?story={quote(lead.story_id, safe=':')}",
        })  # fmt: skip
    return pd.DataFrame(rows, columns=COLUMNS)


def acled_csv(store: Store, flt: Filter, app_url: str = "") -> bytes:
    """`acled_frame` as CSV, formula cells neutralised like every other export."""
    return table_csv(acled_frame(store, flt, app_url))
