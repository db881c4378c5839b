"""The KPI engine of spec/KPIS.md: the shared encoding, sales, complaint, survey and
cross-data-set KPIs, cohorts, the KPI catalogue (labels, captions, units), trends and
targets with their traffic light.
"""
