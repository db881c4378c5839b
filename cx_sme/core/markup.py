"""Text typed by users (or read from their files) shown literally where Streamlit renders
Markdown: in messages (``st.error``, ``st.info``, …), labels and the findings sentences.

>>> escape_markdown("a_b *c* <img src=x>")
'a\\\\_b \\\\*c\\\\* \\\\<img src\\\\=x\\\\>'
>>> escape_markdown("[link](x) #1")
'\\\\[link\\\\]\\\\(x\\\\) \\\\#1'
"""

from __future__ import annotations

# Every character Markdown, Streamlit's shortcodes (:material/x:, :red[...]) or inline
# HTML could read as markup.
MARKDOWN_SPECIAL = frozenset("\\`*_{}[]()#+-.!|<>~$:&=\"'")


def escape_markdown(text: object) -> str:
    """``text`` with every markup character backslash-escaped, so it shows as typed."""
    return "".join("\\" + ch if ch in MARKDOWN_SPECIAL else ch for ch in str(text))
