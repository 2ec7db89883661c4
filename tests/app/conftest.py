"""AppTest fixtures: the app on a given corpus, with its own store and fresh caches."""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT, SEED_DATA

APP = str(ROOT / "app.py")


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("SAHELWATCH_STORE", str(tmp_path / "store"))
    monkeypatch.setenv("SAHELWATCH_DATA", str(SEED_DATA))
    monkeypatch.delenv("SAHELWATCH_EDITING", raising=False)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def open_app(page: str | None = None, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page).run()
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def all_markdown(at: AppTest) -> str:
    """Every Markdown element's text, with the escaping backslashes removed."""
    return "\n".join(m.value for m in at.markdown).replace("\\", "")
