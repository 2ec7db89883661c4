"""Review: the queue of drafts; for one article (`?article=`), its text with every span
highlighted beside each extracted item, with accept / edit / delete, and Save."""

import streamlit as st

from components import access, data_access
from components import review_state as state
from components.i18n import _, words
from components.review_add import render_add_from_selection
from components.review_display import highlights
from components.review_entities import render_actors, render_places
from components.review_events import render_events
from components.review_header import render_review_header
from components.review_history import render_restore
from components.review_queue import render_queue
from components.review_quotes import render_quotes
from components.text_select import render_text_select
from sahelwatch.review import ReviewError, checked_items, read_history
from sahelwatch.storage import StorageError

if not access.can_edit():  # app.py registers this page only for editors; never rely on it alone
    st.error(_("Editing is switched off on this deployment."), icon=":material/lock:")
    st.stop()

article_id = st.query_params.get("article")
if not article_id:
    st.title(_("Review"), anchor=False)
    render_queue()
    st.stop()

try:
    current = state.pending(article_id)
    history = read_history(data_access.data_dir(), article_id)
except (ReviewError, StorageError, OSError):
    st.error(
        _(
            "This article cannot be opened for review: it is not in the corpus or cannot be "
            "read (`sahelwatch validate` names the problem)."
        ),
        icon=":material/error:",
    )
    st.page_link("app_pages/review.py", label=_("Back to the queue"), icon=":material/arrow_back:")
    st.stop()

render_review_header(current)
render_restore(current, history)
checked = checked_items(history) | {change.item for change in current.changes}
text_col, items_col = st.columns([3, 2], gap="medium")
with text_col:
    event, quote, actor, place = _("event"), _("quote"), _("actor"), _("place")
    selection = _("your selection")
    st.caption(
        f":blue-background[{event}] :violet-background[{quote}] :orange-background[{actor}] "
        f":green-background[{place}] :yellow-background[{selection}] — "
        + _("select words with the mouse to add an item or a mention")
    )
    render_text_select(
        current.text,
        highlights(current.record, state.focus(article_id), state.selection(article_id), words()),
        key=state.TEXT + article_id,
        on_select=lambda chosen: state.select(article_id, chosen),
    )
    render_add_from_selection(current)
with items_col:
    record = current.record
    quotes, events, actors, places = st.tabs(
        [_("Quotes ({n})").format(n=len(record.quotes)),
         _("Events ({n})").format(n=len(record.events)),
         _("Actors ({n})").format(n=len(record.actors)),
         _("Places ({n})").format(n=len(record.places))]
    )  # fmt: skip
    with quotes:
        render_quotes(current, checked)
    with events:
        render_events(current, checked)
    with actors:
        render_actors(current, checked)
    with places:
        render_places(current, checked)
