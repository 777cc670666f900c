"""Numbers as a reader sees them, normalised so two languages can be compared.

``1,440``, ``1440`` and ``1 440`` (thin space) are one number; ``2048.0`` and
``2048`` too; ``03`` in a date is ``3``.  Ordinary spaces never join digits:
``18 100`` is two numbers.  Chinese numerals (三, 两) are words, not figures.

Each language writes large numbers its own way, and a number is compared by
its value: ``60 万`` = ``600,000`` = ``600k``; ``3,150 亿`` = ``315 billion``
= ``315B``; ``1.4 万亿`` = ``1.4 trillion`` = ``1.4T``.  The scale of the
second end of a range is the scale of the first too (``600～650 亿``,
``$60–65 billion``, ``78B–83B``).  Words around a number — 约, about, 美元,
US$ — are not part of it, so an approximation matches the same approximation,
and a percentage the same percentage; ``60 万`` against ``6 million`` is still
a difference.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal, InvalidOperation

#: A number with "," or thin-space thousands separators, or a plain one.
DIGITS = r"\d{1,3}(?:[,\u2009\u202f]\d{3})+(?![\d])(?:\.\d+)?|\d+(?:\.\d+)?"
#: What multiplies a number: zh 万 / 亿 / 万亿, en words and attached letters.
SCALES = {"万亿": 10**12, "亿": 10**8, "万": 10**4,
          "trillion": 10**12, "billion": 10**9, "million": 10**6, "thousand": 10**3,
          "T": 10**12, "B": 10**9, "M": 10**6, "k": 10**3, "K": 10**3}
SCALE = (r"(?:\s?(?P<zh>万亿|亿|万)|\s+(?P<word>trillion|billion|million|thousand)\b"
         r"|(?P<letter>[TBMkK])(?![A-Za-z0-9]))")
NUMBER = re.compile(rf"(?P<digits>{DIGITS}){SCALE}?")
#: "600～650 亿", "60–65 billion", "78 到 83 亿": the first end takes the second's scale.
RANGE_GAP = re.compile(r"\s*(?:[–—～~]|到|至|to)\s*")


def normalise(written: str, scale: int = 1) -> str:
    """``1,440`` → ``1440``; ``2048.0`` → ``2048``; ``0.750`` → ``0.75``;
    with *scale*, the value: ``normalise("60", 10**4)`` → ``600000``."""
    plain = re.sub(r"[,\u2009\u202f]", "", written)
    try:
        return format((Decimal(plain) * scale).normalize(), "f")
    except InvalidOperation:  # the pattern only matches digits and one point
        return plain


def numbers(text: str) -> list[tuple[str, str]]:
    """(value, as written) for each number in *text*, in order."""
    found: list[tuple[str, str, int, re.Match[str]]] = []
    for match in NUMBER.finditer(text):
        unit = match.group("zh") or match.group("word") or match.group("letter")
        found.append((match.group("digits"), match.group(0).strip(), SCALES[unit] if unit else 1, match))
    values = []
    for index, (digits, written, scale, match) in enumerate(found):
        if scale == 1 and index + 1 < len(found):
            following = found[index + 1]
            # Ranges rise: in "2,000 到 6.6 万" the first end is already a whole number.
            if following[2] != 1 and RANGE_GAP.fullmatch(text[match.end():following[3].start()]) \
                    and Decimal(normalise(digits)) <= Decimal(normalise(following[0])):
                scale = following[2]
        values.append((normalise(digits, scale), written))
    return values


def figures(text: str) -> Counter[str]:
    """The numbers in *text*, as values, with how often each occurs."""
    return Counter(value for value, _ in numbers(text))


def spellings(text: str) -> dict[str, str]:
    """Value → how *text* first writes it, for messages."""
    found: dict[str, str] = {}
    for value, written in numbers(text):
        found.setdefault(value, written)
    return found
