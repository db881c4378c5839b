"""What the dashboards show, computed without Streamlit: KPI cards, Altair charts,
breakdowns by touchpoint and department, alerts and their follow-ups, comment themes,
the plain-words findings and the per-page display tables.
"""
