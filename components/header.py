"""The top of a page: headline figures under the current filters, the share control and the
notices about a link's ignored parameters or broken records."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlencode, urlsplit, urlunsplit

import pandas as pd
import streamlit as st

from components import data_access, view
from components.i18n import _, notice_text, number, words
from components.safe import md, plain, relative_paths
from sahelwatch.filters import Filter, to_query_params


def render_headline(flt: Filter) -> None:
    figures = data_access.headline(flt)
    cols = st.columns(6)
    undated = number(figures["undated"])
    cols[0].metric(_("Stories"), number(figures["stories"]),
                   help=_("Happenings: the reports of one event in several articles count "
                          "once."))  # fmt: skip
    cols[1].metric(_("Reports"), number(figures["events"]),
                   help=_("Events as each article reports them; {n} undated.").format(
                       n=undated))  # fmt: skip
    cols[2].metric(_("Origins"), number(figures["origins"]),
                   help=_("Independent origins behind these stories: outlets of one owner, "
                          "and reports relaying a source, count as one."))  # fmt: skip
    cols[3].metric(_("Articles"), number(figures["articles"]))
    cols[4].metric(_("Quotes"), number(figures["quotes"]))
    years, exact = _date_span(figures["date_min"], figures["date_max"], undated)
    cols[5].metric(_("Date span"), years, help=exact)


def _date_span(lo, hi, undated: str) -> tuple[str, str]:
    """The years the dated events cover (what fits a metric), and the exact span as its help."""
    if pd.isna(lo):
        return "—", _("No event is dated; {n} are undated.").format(n=undated)
    here = words()
    if lo.date() == hi.date():
        exact = here.date(lo.date())
    else:
        exact = f"{here.short_month(lo.date())} – {here.short_month(hi.date())}"
    years = f"{lo:%Y}" if lo.year == hi.year else f"{lo:%Y}–{hi:%Y}"
    return years, _("{span}: dated events only; {n} more are undated.").format(
        span=exact, n=undated
    )


def share_url(path: str = "", *, with_article: bool = False) -> str:
    """The link that reopens this view: the app's address, this page, the view's parameters."""
    shown = view.view()
    params = to_query_params(shown if with_article else replace(shown, article=None))
    parts = urlsplit(st.context.url or "http://localhost:8501/")
    base_path = parts.path.rsplit("/", 1)[0] if parts.path.count("/") > 1 else ""
    path = f"{base_path}/{path}" if path else (base_path or "/")
    return urlunsplit((parts.scheme, parts.netloc, path, urlencode(params, safe=",:"), ""))


def render_share(path: str = "", *, with_article: bool = False) -> None:
    with st.popover(_("Share this view"), icon=":material/link:"):
        st.caption(_("Anyone with this link sees these filters and this selection."))
        st.code(share_url(path, with_article=with_article), language=None, wrap_lines=True)


def render_notices() -> None:
    notices = view.link_notices()
    if notices:
        with st.container(border=True, key=view.LINK_NOTICES):
            st.warning(
                _("Parts of this link were not understood or do not match the data:")
                + "  \n"
                + "  \n".join(f"• {md(notice_text(n), 200)}" for n in notices[:8]),
                icon=":material/link_off:",
            )
            st.button(_("Dismiss"), on_click=view.dismiss_notices, key=view.DISMISS_NOTICES)
    problems = data_access.store().report.problems
    if problems:
        files = sorted({p.file for p in problems})
        with st.expander(
            _("{n} record file(s) could not be loaded; the rest are shown").format(
                n=number(len(files))
            ),
            icon=":material/error:",
        ):
            for problem in problems[:50]:
                st.text(relative_paths(plain(problem, 500), data_access.data_dir()))
