"""The company's own catalogue: its departments, its touchpoints and the focus area it
chose. Low in the house so that KPIs, dashboards and the team pages read it without
reaching up.
"""
