"""Reading an amount as a person types it: "6.000", "6.000,50", "€ 6 000", "6,000.50".

Flemish (nl-BE) and Bolivian (es-BO) writers use "." to group thousands and "," for the
decimals; English writers, and Nicaraguan or Guatemalan ones (es-NI, es-GT), the other way
round. A parser that knows only one convention turns a typed "6.000" into six euro. So every
typed amount is read both ways, and the readings that make sense are kept:

- a separator followed by groups of exactly three digits can group thousands;
- the other separator, or a lone one followed by other than three digits, marks the decimals;
- a reading with more decimals than the currency has (two for EUR, none for PYG) is dropped.

"6.000" then gives 6000 only (as a decimal point it would need three decimals), "6.000,50"
6000.50 only, "6,5" 6.50 only. "6.5" gives 6.50 and "6,000" gives 6000, but each only the
English way, which a Belgian or Bolivian writer would not use: such a reading is flagged, to
be asked back. With a three-decimal currency (KWD) "6,000" has two readings, 6 and 6000,
and the caller must let the user choose. Whatever is kept is for the caller to confirm.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

# Spaces people and word processors put between digit groups: plain, no-break, narrow, thin.
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']+")
# The digits with what groups them, and whatever stands before and after (a currency mark).
_AMOUNT = re.compile(r"(?P<pre>.*?)(?P<number>[.,]?\d(?:[\d.,\s\u00a0\u202f\u2009']*\d)?)(?P<post>.*)", re.S)


@dataclass(frozen=True)
class Reading:
    """One way to understand a typed amount.

    ``english`` when it takes "." as the decimal sign or "," between thousands: the way
    English, Nicaraguan or Guatemalan writers write, but not Flemish or Bolivian ones.
    """

    amount: Decimal
    english: bool = False


def _read(digits: str, group: str, decimal: str) -> tuple[Decimal, int] | None:
    """``digits`` with ``group`` between thousands and ``decimal`` before the decimals, or None.

    Gives the amount and the number of decimals typed ("6,50" has two, even if 6.5 needs one).
    """
    whole, sep, fraction = digits.partition(decimal)
    if sep and (not fraction or decimal in fraction or group in fraction):
        return None
    groups = whole.split(group)
    if len(groups) > 1 and (not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:])):
        return None
    whole = "".join(groups) or "0"
    if not whole.isdigit() or (fraction and not fraction.isdigit()):
        return None
    return Decimal(f"{whole}.{fraction}" if fraction else whole), len(fraction)


def currency_marks(currency: str, locales: Iterable[str] = ()) -> set[str]:
    """What may stand before or after the digits of an amount in ``currency``: its code and symbols.

    The symbols come from CLDR for Belgian Dutch, Spanish, English and ``locales`` (the
    partner's Spanish knows "S/" for the sol and "Bs" for the boliviano).
    """
    from babel.numbers import get_currency_symbol

    marks = {currency.upper()}
    for locale in ("nl_BE", "es", "en", *locales):
        marks.add(get_currency_symbol(currency.upper(), locale=locale).upper())
    return marks | {m + "." for m in marks}  # "Bs." as well as "Bs"


def readings(text: str, currency: str, decimals: int, locales: Iterable[str] = ()) -> list[Reading]:
    """The sensible readings of ``text`` as an amount in ``currency`` with ``decimals`` decimals.

    A currency symbol may stand before or after the digits (see ``currency_marks``).

    Raises ValueError, saying why, when the text is no amount at all or has no reading
    the currency can hold. Readings come Belgian first and are never repeated.
    """
    shown = text.strip()
    match = _AMOUNT.fullmatch(shown)
    if not match:
        raise ValueError(f"{shown!r} is not an amount; type e.g. 6.000 or 1.250,50")
    marks = currency_marks(currency, locales)
    around = [match.group(side).strip() for side in ("pre", "post")]
    unexpected = [m for m in around if m and m.upper() not in marks]
    if unexpected:
        extra = ", ".join(repr(m) for m in unexpected)
        raise ValueError(f"{shown!r} is not an amount in {currency.upper()}: unexpected {extra}")
    digits = _SPACES.sub("", match.group("number"))
    found: list[Reading] = []
    for group, decimal in ((".", ","), (",", ".")):
        read = _read(digits, group, decimal)
        if read is None or read[1] > decimals or any(r.amount == read[0] for r in found):
            continue
        found.append(Reading(read[0], english=group == "," and any(sep in digits for sep in ".,")))
    if not found:
        raise ValueError(
            f"{shown!r} cannot be read as an amount in {currency.upper()} ({decimals} decimals); "
            "type e.g. 6.000 or 1.250,50"
        )
    return found
