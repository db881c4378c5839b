"""The Reports page's Streamlit helpers."""
