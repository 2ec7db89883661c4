"""Streamlit pieces of the dashboard; each module renders one thing."""
