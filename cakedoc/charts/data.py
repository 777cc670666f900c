"""A chart's data table, as the author writes it in the ``{chart}`` body.

One row per line, cells separated by ``|``::

    2024 | 415  | [^iea]
    2030 | 945  | [^iea]

The first cell names the row (a year, a product: the same in both
languages; ``:labels:`` gives translated names), then one number per
series (two for a range chart: low and high), then where every number
comes from: registry keys (``{footcite}`iea-energy-ai```), footnote references
of the page (``[^note]``) or ``doctest``
(the number is a result the page's doctests compute).  The body holds no
words to translate, so the zh and en pages carry the identical table and
the translation review can demand it (cakedoc.review.consistency).

Pure functions, no Sphinx: the directive, the review and the tests share
them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

#: Chart kinds and how many numbers a row of each holds (None: one or more).
KINDS = {"line": None, "bar": None, "range": 2}
FOOTNOTE = re.compile(r"\[\^([^\]\s]+)\]")
#: A citation of the registry of sources (``{footcite}`iea-energy-ai```).
FOOTCITE = re.compile(r"\{footcite\}`([^`]+)`")
#: How a registry key is told from a footnote label among a row's citations.
SOURCE = "source-"
#: What a row cites when its numbers are results of the page's doctests.
DOCTEST = "doctest"
#: A number as the guide writes one: 1,200 or 0.12 or 415.
NUMBER = re.compile(r"^-?\d{1,3}(?:,\d{3})*(?:\.\d+)?$|^-?\d+(?:\.\d+)?$")


class DataError(ValueError):
    """A mistake in a chart's table, at a line of the body (0-based)."""

    def __init__(self, offset: int, message: str) -> None:
        super().__init__(message)
        self.offset = offset


@dataclass(frozen=True)
class Row:
    offset: int  #: line of the body, 0-based
    key: str  #: the row's name as written (language-neutral)
    values: tuple[Decimal, ...]
    written: tuple[str, ...]  #: the numbers as written ("1,200")
    footnotes: tuple[str, ...]  #: footnote labels cited; registry keys as source-<key>
    doctest: bool  #: the numbers are doctest results


def number(text: str) -> Decimal | None:
    """The value of a number as the guide writes it, or None."""
    text = text.strip()
    if not NUMBER.match(text):
        return None
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - NUMBER admits only valid ones
        return None


def parse(body: str, kind: str) -> list[Row]:
    """The rows of a chart body; DataError on the first malformed line."""
    rows: list[Row] = []
    for offset, line in enumerate(body.splitlines()):
        if not line.strip():
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) < 2:
            raise DataError(offset, f"a chart row is 'name | number … | source', not {line.strip()!r}")
        key, rest = cells[0], cells[1:]
        source = rest[-1] if rest and number(rest[-1]) is None else ""
        numbers = rest[:-1] if source else rest
        values = []
        for cell in numbers:
            value = number(cell)
            if value is None:
                raise DataError(offset, f"row {key!r}: {cell!r} is not a number")
            values.append(value)
        if not values:
            raise DataError(offset, f"row {key!r} has no number")
        footnotes = tuple(FOOTNOTE.findall(source)) + tuple(
            SOURCE + key.strip() for keys in FOOTCITE.findall(source)
            for key in keys.split(",") if key.strip())
        doctest = source.strip() == DOCTEST
        leftover = FOOTCITE.sub("", FOOTNOTE.sub("", source)).strip()
        if not (footnotes or doctest) or (footnotes and leftover):
            raise DataError(offset, (
                f"row {key!r}: {', '.join(numbers)} cites no source; end the row with the "
                f"sources ({{footcite}}`key`), the page's footnote references ([^label]) or "
                f"'{DOCTEST}' for a doctest result"))
        wanted = KINDS[kind]
        if wanted is not None and len(values) != wanted:
            raise DataError(offset, f"row {key!r}: a {kind} chart row has {wanted} numbers "
                                    f"(low, high), not {len(values)}")
        if kind == "range" and values[0] > values[1]:
            raise DataError(offset, f"row {key!r}: low {numbers[0]} is above high {numbers[1]}")
        rows.append(Row(offset, key, tuple(values), tuple(numbers), footnotes, doctest))
    if not rows:
        raise DataError(0, "a chart needs at least one data row")
    widths = {len(row.values) for row in rows}
    if len(widths) > 1:
        raise DataError(rows[-1].offset, "every row of a chart has the same number of values")
    return rows


def same_data(source: str, translation: str) -> str | None:
    """None if two chart bodies hold the same table, else what differs.

    Compared row by row as written (spacing aside): the numbers, names and
    citations are not translated."""
    def normal(body: str) -> list[str]:
        return [" | ".join(cell.strip() for cell in line.strip().strip("|").split("|"))
                for line in body.splitlines() if line.strip()]
    mine, theirs = normal(source), normal(translation)
    for number_, (a, b) in enumerate(zip(mine, theirs), start=1):
        if a != b:
            return f"row {number_}: {a!r} in the source, {b!r} in the translation"
    if len(mine) != len(theirs):
        return f"{len(mine)} rows in the source, {len(theirs)} in the translation"
    return None


# What decides a drawing: here, not in draw.py, so that reading a page (and a
# no-op rebuild, which draws nothing) never imports matplotlib (~1 s).
@dataclass(frozen=True)
class Spec:
    """Everything that decides a drawing (its cache key is made from this)."""

    kind: str
    keys: tuple[str, ...]  #: row names as displayed
    values: tuple[tuple[float, ...], ...]
    series: tuple[str, ...]
    xlabel: str
    ylabel: str
    unit: str
    scale: str  #: "linear" or "log"
    lang: str


def axis_title(label: str, unit: str, lang: str) -> str:
    if not unit:
        return label
    return f"{label}（{unit}）" if lang == "zh" else f"{label} ({unit})"
