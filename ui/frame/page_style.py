"""CSS every page shares. Constant text only: no user text ever goes into it.

* A KPI card's change and its "compared with" note share one line in Streamlit, cut
  with an ellipsis when the card is narrow (four cards on a 1366-pixel laptop): the
  note moves to the next line instead.
"""

from __future__ import annotations

import streamlit as st

_CSS = """
<style>
[data-testid="stMetric"] div:has(> [data-testid="stMetricDeltaDescription"]) {
  flex-wrap: wrap; row-gap: 0.1rem;
}
[data-testid="stMetricDeltaDescription"] .stMarkdownEllipsis,
[data-testid="stMetricDeltaDescription"] p {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
}
</style>
"""


def inject() -> None:
    """Add the shared CSS to the page (once per run; it takes no space)."""
    st.html(_CSS)
