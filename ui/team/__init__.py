"""Streamlit helpers of the CX-team pages (touchpoints, actions, meeting) and their CSS."""
