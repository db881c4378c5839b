"""Streamlit side of the dashboards: the current view and its caches, KPI cards, the
alerts panel.
"""
