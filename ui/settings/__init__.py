"""Streamlit pieces of the Settings page."""
