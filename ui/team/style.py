"""The CX-team pages' own CSS: journey-map cards coloured by score, and the large type
of meeting mode. Constant text only: no user text ever goes into it.

Containers are addressed by their key (Streamlit gives a keyed container the class
``st-key-<key>``): ``tpcard_s<score>_<id>`` for a card (score 0 = not scored yet) and
``meeting_stage`` for the meeting screen.
"""

from __future__ import annotations

import streamlit as st

from cx_sme.core.i18n import t

# score -> (background, border). Light backgrounds with dark text in every theme; the
# score is also written on the card, so colour is never the only signal.
SCORE_COLOURS = {
    0: ("#f1f3f5", "#9aa1a9"),
    1: ("#fbd9d3", "#c62828"),
    2: ("#ffe4c4", "#e8710a"),
    3: ("#fff3bf", "#c8a200"),
    4: ("#dcf1d8", "#5cae5f"),
    5: ("#bfe5c6", "#1e7a34"),
}

_CARD_CSS = "\n".join(
    f'[class*="st-key-tpcard_s{score}_"], .st-key-tplegend_s{score} '
    f"{{ background: {bg}; border: 1px solid {edge} !important; "
    f"border-left: 10px solid {edge} !important; }}"
    for score, (bg, edge) in SCORE_COLOURS.items()
)

_CSS = f"""
<style>
{_CARD_CSS}
[class*="st-key-tpcard_"], [class*="st-key-tplegend_"] {{
  border-radius: 8px; padding: 0.55rem 0.75rem; gap: 0.1rem;
}}
[class*="st-key-tpcard_"] [data-testid="stText"],
[class*="st-key-tplegend_"] [data-testid="stText"] {{ color: #1f2328; font-size: 0.9rem; }}
[class*="st-key-tpcard_"] [data-testid="stElementContainer"]:first-child [data-testid="stText"] {{
  font-weight: 700; font-size: 1.05rem;
}}
.st-key-meeting_stage [data-testid="stText"],
.st-key-meeting_stage [data-testid="stMarkdownContainer"] p,
.st-key-meeting_stage [data-testid="stMarkdownContainer"] li,
.st-key-meeting_stage label p,
.st-key-meeting_stage input,
.st-key-meeting_stage textarea,
.st-key-meeting_stage [data-testid="stAlertContentInfo"] p,
.st-key-meeting_stage [data-testid="stAlertContentWarning"] p {{
  font-size: 26px !important; line-height: 1.35 !important;
}}
.st-key-meeting_tpname [data-testid="stText"] {{
  font-size: 48px !important; font-weight: 700; line-height: 1.15 !important;
}}
.st-key-meeting_stage h1 {{ font-size: 56px !important; }}
.st-key-meeting_stage h2 {{ font-size: 44px !important; }}
.st-key-meeting_stage h3 {{ font-size: 34px !important; }}
.st-key-meeting_stage [data-testid="stMetricLabel"] p {{ font-size: 26px !important; }}
.st-key-meeting_stage [data-testid="stMetricLabel"] .stMarkdownEllipsis {{
  white-space: normal !important; overflow: visible !important;
}}
.st-key-meeting_stage [data-testid="stMetricLabel"] p {{ white-space: normal !important; }}
.st-key-meeting_stage [data-testid="stMetricValue"],
.st-key-meeting_stage [data-testid="stMetricValue"] div,
.st-key-meeting_stage [data-testid="stMetricValue"] p {{
  font-size: 54px !important; font-weight: 600; line-height: 1.2 !important;
}}
.st-key-meeting_stage [data-testid="stMetricDelta"],
.st-key-meeting_stage [data-testid="stMetricDelta"] div,
.st-key-meeting_stage [data-testid="stMetricDelta"] p {{ font-size: 28px !important; }}
.st-key-meeting_stage [data-testid="stTable"] th,
.st-key-meeting_stage [data-testid="stTable"] td,
.st-key-meeting_stage [data-testid="stTable"] td p,
.st-key-meeting_stage [data-testid="stTable"] th p {{ font-size: 22px !important; }}
.st-key-meeting_stage button p {{ font-size: 24px !important; }}
.st-key-meeting_stage [data-baseweb="input"], .st-key-meeting_stage [data-baseweb="select"] > div {{
  min-height: 56px; font-size: 26px !important;
}}
.st-key-meeting_stage [data-baseweb="select"] div {{ font-size: 26px; }}
.st-key-meeting_stage [data-testid="stMetricDeltaDescription"] {{ font-size: 20px !important; }}
.st-key-meeting_stage [data-testid="stCaptionContainer"] p {{ font-size: 22px !important; }}
[data-testid="stMainBlockContainer"]:has(.st-key-meeting_stage) {{ padding-top: 4.5rem; }}
.st-key-meeting_nav button {{ min-height: 60px; min-width: 190px; }}
.st-key-meeting_step [data-testid="stText"] {{ white-space: nowrap; }}
.st-key-meeting_headline, .st-key-meeting_alert_figures {{ flex-wrap: wrap !important; }}
.st-key-meeting_headline > [data-testid="stElementContainer"] {{
  flex: 1 1 300px !important; min-width: 300px !important;
}}
.st-key-meeting_alert_figures > [data-testid="stElementContainer"] {{
  flex: 1 1 250px !important; min-width: 250px !important;
}}
.st-key-meeting_stage [data-testid="stMetricLabel"] p,
.st-key-meeting_stage [data-testid="stMetricLabel"] div {{
  word-break: normal !important; overflow-wrap: normal !important; hyphens: manual;
}}
.st-key-meeting_nav button p {{ font-size: 28px !important; font-weight: 600; }}
.st-key-meeting_stage [data-testid="stButtonGroup"] button {{ min-width: 80px; min-height: 64px; }}
.st-key-meeting_stage [data-testid="stButtonGroup"] button p {{ font-size: 32px !important; }}
</style>
"""


def inject() -> None:
    """Add the CSS to the page (once per run; it takes no space)."""
    st.html(_CSS)


def legend() -> None:
    """The colour key of the journey map, score by score."""
    with st.container(horizontal=True, gap="small"):
        for score in (1, 2, 3, 4, 5, 0):
            with st.container(key=f"tplegend_s{score}", width="content"):
                st.text(t(f"team.map.legend_{score}"))
