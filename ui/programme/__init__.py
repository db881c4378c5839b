"""Streamlit helpers of the CX-programme pages."""
