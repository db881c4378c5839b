"""Streamlit-side helpers shared by app.py and the pages (the only place, with app_pages/,
that imports streamlit)."""
