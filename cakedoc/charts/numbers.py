"""Numbers in the reader's language, the same way in Python and JavaScript.

English groups digits by three (``1,590,000``).  Chinese writes large
numbers in 万 (10⁴), 亿 (10⁸) and 万亿 (10¹²) as the pages do
(``159 万``, ``1.4 亿``, ``140 万亿``) and small ones like English (``8,760``).

:func:`significant` rounds like JavaScript's ``Number.prototype.toPrecision``
(the exact binary value, ties away from zero), so the calculator's script
(static/cake-calculator.js, ``format``) and :func:`display` show the same digits for
the same double: tests/test_charts_calculator.py holds them to that.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

#: Chinese units for large numbers, largest first.
ZH_UNITS = ((Decimal(10) ** 12, "万亿"), (Decimal(10) ** 8, "亿"), (Decimal(10) ** 4, "万"))


def significant(value: float | Decimal, digits: int) -> Decimal:
    """*value* rounded to *digits* significant figures (ties away from zero)."""
    exact = Decimal(value)  # a float's exact binary value, as toPrecision sees it
    if exact == 0:
        return Decimal(0)
    exponent = exact.adjusted() - digits + 1
    rounded = exact.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_UP)
    # Rounding up can add a digit (9.995 → 10.0): round again at the new size.
    if rounded.adjusted() != exact.adjusted():
        rounded = rounded.quantize(Decimal(1).scaleb(exponent + 1), rounding=ROUND_HALF_UP)
    return rounded


def grouped(value: Decimal) -> str:
    """1590000 → 1,590,000; 0.0134 → 0.0134 (no exponent, no trailing zeros)."""
    text = format(value.normalize(), "f")
    whole, _, fraction = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + ",".join(groups) + ("." + fraction if fraction else "")


def display(value: float | Decimal, lang: str, digits: int = 3) -> str:
    """*value* to *digits* significant figures in *lang*'s number style."""
    rounded = significant(value, digits)
    if lang == "zh":
        for size, unit in ZH_UNITS:
            if abs(rounded) >= size:
                return f"{grouped(significant(rounded / size, digits))} {unit}"
    return grouped(rounded)


def tick(value: float, lang: str) -> str:
    """An axis tick: exact as far as it goes (ticks are round numbers)."""
    return display(Decimal(repr(float(value))), lang, digits=6)


def written(text: str, lang: str) -> str:
    """A number as the page writes it (``1,200``), in *lang*'s style: kept
    as written below 10⁴, so the chart says what the text says."""
    value = Decimal(text.replace(",", ""))
    if lang == "zh" and abs(value) >= ZH_UNITS[-1][0]:
        return display(value, lang, digits=len(value.normalize().as_tuple().digits))
    return text
