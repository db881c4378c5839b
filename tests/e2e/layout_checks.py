"""What a user sees cut on screen, measured in the browser.

``cut_or_broken`` looks at every visible element matching the selectors and at its
descendants: an element whose content is wider than its box (cut, or ending in an
ellipsis), and a word whose letters sit on two lines (broken mid-word; a break after a
hyphen is a normal one). ``outside_viewport`` names the elements not wholly on screen (below
Streamlit's header bar, within the window).
"""

from __future__ import annotations

from typing import Any

_CUT_OR_BROKEN = """
(selectors) => {
  const problems = [];
  const visible = (el) => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden';
  };
  for (const root of document.querySelectorAll(selectors)) {
    if (!visible(root)) continue;
    for (const el of [root, ...root.querySelectorAll('*')]) {
      if (!visible(el) || el.tagName === 'svg' || el.closest('svg')) continue;
      const style = getComputedStyle(el);
      if (style.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1) {
        problems.push('cut: ' + (el.innerText || '').trim().slice(0, 60));
      }
    }
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
      const words = /[^\\s\\-\\u2010-\\u2015]+/g;
      let m;
      while ((m = words.exec(node.data))) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()]
          .filter((r) => r.width > 0).map((r) => Math.round(r.bottom)));
        if (lines.size > 1) problems.push('broken: ' + m[0]);
      }
    }
  }
  return problems;
}
"""

_OUTSIDE = """
(selectors) => {
  const out = [];
  // Streamlit's header bar lies over the top of the page: under it is not on screen.
  const header = document.querySelector('[data-testid=stHeader]');
  const top = header ? header.getBoundingClientRect().bottom : 0;
  for (const el of document.querySelectorAll(selectors)) {
    const r = el.getBoundingClientRect();
    if (r.top < top || r.left < 0 || r.bottom > innerHeight || r.right > innerWidth) {
      out.push((el.innerText || el.className).trim().slice(0, 60) + ' at ' +
        [r.left, r.top, r.right, r.bottom].map(Math.round).join(','));
    }
  }
  return out;
}
"""


_SETTLED = """
() => !document.querySelector(
  '[data-testid=stStatusWidget], [data-stale=true], [data-testid=stSkeleton]')
"""


def wait_settled(page: Any, timeout: float = 60_000) -> None:
    """Wait until the script run is over and every element on the page is current (no
    placeholder, nothing greyed out as stale)."""
    page.wait_for_function(_SETTLED, timeout=timeout)


def cut_or_broken(page: Any, selectors: str) -> list[str]:
    return list(page.evaluate(_CUT_OR_BROKEN, selectors))


def outside_viewport(page: Any, selectors: str) -> list[str]:
    return list(page.evaluate(_OUTSIDE, selectors))
