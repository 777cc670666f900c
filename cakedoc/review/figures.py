"""Numbers as a reader sees them, normalised so two languages can be compared.

``1,440``, ``1440`` and ``1 440`` (thin space) are one number; ``2048.0`` and
``2048`` too; ``03`` in a date is ``3``.  Ordinary spaces never join digits:
``18 100`` is two numbers.  Chinese numerals (三, 两) are words, not figures.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal, InvalidOperation

#: A number with "," or thin-space thousands separators, or a plain one.
NUMBER = re.compile(r"\d{1,3}(?:[,\u2009\u202f]\d{3})+(?![\d])(?:\.\d+)?|\d+(?:\.\d+)?")


def normalise(written: str) -> str:
    """``1,440`` → ``1440``; ``2048.0`` → ``2048``; ``0.750`` → ``0.75``."""
    plain = re.sub(r"[,\u2009\u202f]", "", written)
    try:
        return format(Decimal(plain).normalize(), "f")
    except InvalidOperation:  # the pattern only matches digits and one point
        return plain


def figures(text: str) -> Counter[str]:
    """The numbers in *text*, normalised, with how often each occurs."""
    return Counter(normalise(match) for match in NUMBER.findall(text))


def spellings(text: str) -> dict[str, str]:
    """Normalised number → how *text* first writes it, for messages."""
    found: dict[str, str] = {}
    for match in NUMBER.findall(text):
        found.setdefault(normalise(match), match)
    return found
