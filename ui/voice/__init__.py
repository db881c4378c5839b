"""Streamlit pieces of the voice analytics: key drivers, tone of comments, theme suggestions."""
