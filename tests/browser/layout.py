"""Layout measurements every browser test shares (issue 10): sideways overflow, touch targets,
times that wrap inside themselves, and where the first result starts.

Each function returns what is wrong as readable strings, so an assertion reads
`assert small_targets(page) == []` and its failure names the offending elements.
"""

from pathlib import Path

from playwright.sync_api import Page

MIN_TARGET = 44  # CSS px, WCAG 2.5.5 (AAA) and the rule for every touch target

_DESCRIBE = """
(el) => {
  const text = (el.innerText || el.value || el.getAttribute('aria-label') || '').trim();
  const cls = el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
  return el.tagName.toLowerCase() + cls + (text ? ' "' + text.slice(0, 40) + '"' : '');
}
"""

_OVERFLOWING = f"""
(scope) => {{
  const describe = {_DESCRIBE};
  const width = document.documentElement.clientWidth;
  const found = [];
  if (document.documentElement.scrollWidth > width) {{
    found.push('page is ' + document.documentElement.scrollWidth + ' px wide at ' + width + ' px');
  }}
  for (const el of document.querySelectorAll(scope + ' *')) {{
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    // Content inside a deliberately scrolling box (a wide table) does not widen the page.
    if (el.closest('[data-scrolls]') && !el.hasAttribute('data-scrolls')) continue;
    if (el.closest('.visually-hidden, .skip-link')) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    if (box.right > width + 1 || box.left < -1) {{
      found.push(describe(el) + ' spans ' + Math.round(box.left) + '–' + Math.round(box.right));
    }}
  }}
  return found;
}}
"""

# Targets: links, buttons, form fields and disclosure summaries. Exempt, as WCAG 2.5.8 allows:
# links inside running text (a sentence in a paragraph, an address, a table cell's prose),
# marked by being inline inside p, address, dd, td, li.prose or .prose. A checkbox or radio
# counts through its label, which must be the 44 px target; the box itself must be >= 24 px.
_SMALL_TARGETS = f"""
(scope) => {{
  const describe = {_DESCRIBE};
  const min = {MIN_TARGET};
  const found = [];
  const visible = (el) => {{
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return style.visibility !== 'hidden' && style.display !== 'none' && box.width > 0 && box.height > 0;
  }};
  const targets = Array.from(document.querySelectorAll(scope)).flatMap((root) => Array.from(root.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary'
  )));
  for (const el of targets) {{
    if (!visible(el)) continue;
    if (el.closest('.skip-link, .leaflet-container, [data-target-exempt]')) continue;
    const style = getComputedStyle(el);
    if (el.tagName === 'A' && style.display === 'inline' && el.closest('p, address, dd, td, .prose')) continue;
    if (el.type === 'checkbox' || el.type === 'radio') {{
      const box = el.getBoundingClientRect();
      if (box.width < 24 || box.height < 24) found.push(describe(el) + ' box ' + Math.round(box.width) + '×' + Math.round(box.height));
      const label = el.closest('label') || (el.id && document.querySelector('label[for="' + el.id + '"]'));
      if (!label) {{ found.push(describe(el) + ' has no label'); continue; }}
      const lbox = label.getBoundingClientRect();
      if (lbox.height < min - 0.5) found.push(describe(label) + ' label ' + Math.round(lbox.width) + '×' + Math.round(lbox.height));
      continue;
    }}
    const box = el.getBoundingClientRect();
    if (box.width < min - 0.5 || box.height < min - 0.5) {{
      found.push(describe(el) + ' ' + Math.round(box.width) + '×' + Math.round(box.height));
    }}
  }}
  return found;
}}
"""

_WRAPPED_TIMES = f"""
() => {{
  const describe = {_DESCRIBE};
  const found = [];
  for (const el of document.querySelectorAll('time, .nowrap')) {{
    const lines = new Set(Array.from(el.getClientRects()).map((r) => Math.round(r.top)));
    if (lines.size > 1) found.push(describe(el) + ' wraps over ' + lines.size + ' lines');
  }}
  return found;
}}
"""


def overflowing(page: Page, scope: str = "body") -> list[str]:
    """Elements in `scope` reaching past the viewport's sides, and the page itself."""
    return page.evaluate(_OVERFLOWING, scope)


def small_targets(page: Page, scope: str = "body") -> list[str]:
    """Visible touch targets in `scope` smaller than 44 × 44 px, outside running text."""
    return page.evaluate(_SMALL_TARGETS, scope)


def wrapped_times(page: Page) -> list[str]:
    """`<time>` and `.nowrap` elements broken over more than one line."""
    return page.evaluate(_WRAPPED_TIMES)


def top_edge(page: Page, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not shown"
    return box["y"]


def screenshot(page: Page, name: str, directory: Path) -> Path:
    """A full-page screenshot named `name-<width>.png` in `directory` (SCREENSHOT_DIR)."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}-{page.viewport_size['width']}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
