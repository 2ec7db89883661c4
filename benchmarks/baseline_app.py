"""The baseline page for the benchmark: one plotly chart and one offline deck.gl map of three
polygons, with one filter, as a bare Streamlit app would draw them."""

import json

import plotly.express as px
import pydeck as pdk
import streamlit as st

from components.map_figure import OFFLINE_STYLE
from sahelwatch.geo import load_boundaries

st.set_page_config(page_title="Baseline", layout="wide")
topic = st.pills("Topic", ["security", "energy"], key="topic") or "all"
shapes = json.loads(load_boundaries().query("aes").to_json())
points = {"all": [3, 1, 2, 5], "security": [3, 0, 1, 4], "energy": [0, 1, 1, 1]}[topic]
st.caption(f"Showing {topic}")
st.plotly_chart(px.scatter(x=[1, 2, 3, 4], y=points, title=f"Events ({topic})"))
st.pydeck_chart(
    pdk.Deck(
        layers=[
            pdk.Layer("GeoJsonLayer", data=shapes, get_fill_color=[200, 30, 30, 180], pickable=True)
        ],
        initial_view_state=pdk.ViewState(latitude=15.5, longitude=0.5, zoom=3.6),
        map_style=OFFLINE_STYLE,
    ),
    height=470,
)
