"""A story: the reports of one happening side by side, where their information comes from
(independent origins, a badge when all of it comes from one), why each report joined, and
where the reports disagree, each side with its evidence."""

from __future__ import annotations

import streamlit as st

from components import data_access, view
from components.event_detail import highlighted_context
from components.i18n import _, number
from components.safe import html_text, md, present
from components.story_editing import render_merge, render_split_button
from components.words import N_

REPORTS_PER_ROW = 3
FIELD_WORDS = {
    "date": N_("the date"),
    "place": N_("the place"),
    "number": N_("a number"),
    "speaker": N_("who spoke"),
}


def _anchor_names(ids: list[str]) -> dict[str, str]:
    """The names of the actors and places a story's reports share."""
    rows = data_access.store().sql(
        "SELECT actor_id AS id, name FROM actor WHERE list_contains(?, actor_id) UNION ALL "
        "SELECT place_id, name FROM place WHERE list_contains(?, place_id)",
        [ids, ids],
    )
    return dict(zip(rows["id"], rows["name"], strict=True))


def _reason_text(reason: dict) -> str:
    """Why a report joined its story, in the analyst's words."""
    if "editor" in reason:
        decision = reason["editor"][-1]
        return _("joined by an editor ({by}, {at})").format(
            by=md(decision["by"], 60), at=md(decision["at"][:10])
        )
    if "with_event" not in reason:
        return _("first report")
    parts = []
    if reason.get("same_day"):
        parts.append(_("same day"))
    if anchors := reason.get("shared_anchors"):
        names = _anchor_names(list(anchors[:4]))
        parts.append(_("shared places or actors: {names}").format(
            names=", ".join(md(names.get(a, a), 40) for a in anchors[:4])))  # fmt: skip
    if reason.get("shared_countries"):
        parts.append(_("same countries"))
    parts.append(_("wording similarity {score}").format(score=f"{reason['similarity']:.2f}"))
    return _("joined: {reasons}").format(reasons="; ".join(parts))


def _render_report(story: dict, event_id: str, reason: dict, origins: list[str], articles) -> None:
    store = data_access.store()
    event = store.event(event_id)
    if event is None:
        return
    article = articles.loc[event["article_id"]]
    outlet = md(article["outlet"], 60) if present(article["outlet"]) else _("outlet not known")
    with st.container(border=True):
        st.markdown(f"**{outlet}** · {md(article['title'], 160)}")
        st.caption(
            _("origin: {origins}").format(origins=", ".join(md(o, 60) for o in origins) or "—")
        )
        st.markdown(md(event["title"], 200))
        text = store.article_text(event["article_id"])
        for span in store.evidence(event_id).itertuples():
            st.html(highlighted_context(text, span.start, span.end))
        st.caption(_reason_text(reason))
        st.button(
            _("Open this report"),
            key=f"{view.STORY_REPORT}{event_id}",
            on_click=view.set_view,
            kwargs={"event": event_id},
            type="tertiary",
            icon=":material/event:",
        )
        render_split_button(story, event_id)


def _render_disagreements(disagreements: list[dict]) -> None:
    st.markdown(_("**Where the reports disagree**"))
    for item in disagreements:
        subject = _(FIELD_WORDS.get(item["field"], item["field"]))
        detail = md(item["subject"], 80)
        st.markdown(_("On {subject} ({detail}):").format(subject=subject, detail=detail))
        sides = item["sides"]
        for column, side in zip(st.columns(len(sides[:REPORTS_PER_ROW])), sides, strict=False):
            with column:
                st.markdown(f"**{md(side['value'], 80)}** — {md(side['article_id'], 80)}")
                st.html(
                    "<div style='font-size:14px;border-left:3px solid #f59e0b;padding:4px 8px'>"
                    f"{html_text(side['evidence'], 400)}</div>"
                )


def render_story(story_id: str) -> None:
    story = data_access.store().story(story_id)
    if story is None:
        return
    labels = {o["id"]: o["label"] for o in story["origins"]}
    n_reports, n_origins = len(story["events"]), story["independent_origins"]
    with st.container(border=True, key=view.STORY_DETAIL):
        st.markdown(
            _(
                "**Story** · {reports} report(s) in {articles} article(s) · {origins} independent "
                "origin(s)"
            ).format(
                reports=number(n_reports),
                articles=number(len(story["articles"])),
                origins=number(n_origins),
            )
        )
        if story["single_origin"]:
            badge = _("single origin: {label}").format(
                label=md(story["single_origin"].removeprefix("single origin: "), 80)
            )
            st.markdown(f":orange-badge[{badge}]")
        if len(story["uncredited_copies"]):
            st.caption(_("Some reports copy another's wording without crediting it: they count "
                         "as one origin."))  # fmt: skip
        articles = (
            data_access.store()
            .sql(  # the story's articles, not the whole corpus
                "SELECT article_id, title, outlet FROM articles WHERE list_contains(?, article_id)",
                [list(story["articles"])],
            )
            .set_index("article_id")
        )
        origins_of = {r["article"]: [labels.get(o, o) for o in r["origins"]]
                      for r in story["reports"]}  # fmt: skip
        reasons = {r["event"]: r for r in story["reasons"]}
        events = list(story["events"])
        for start in range(0, len(events), REPORTS_PER_ROW):
            row = events[start : start + REPORTS_PER_ROW]
            for column, event_id in zip(st.columns(REPORTS_PER_ROW), row, strict=False):
                with column:
                    reason = reasons.get(event_id, {"event": event_id})
                    article = reason.get("article", "")
                    _render_report(story, event_id, reason, origins_of.get(article, []), articles)
        if story["disagreements"]:
            _render_disagreements(story["disagreements"])
        render_merge(story)
