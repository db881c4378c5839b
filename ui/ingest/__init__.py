"""Streamlit pieces of the import pages: upload, detected facts, mapping editor, tables."""
