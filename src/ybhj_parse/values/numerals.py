"""Chinese and Arabic numerals as used in heading numbers.

``parse_numeral`` raises :class:`NumeralError` on anything it cannot read;
``try_parse_numeral`` returns ``None`` instead.

>>> parse_numeral("二十三")
23
>>> parse_numeral("（１２）")
12
>>> try_parse_numeral("第几") is None
True
"""

from __future__ import annotations

import unicodedata

_DIGITS = {
    "零": 0,
    "〇": 0,
    "○": 0,  # a white circle typed for 〇
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_WRAPPERS = "（()）第、.．条章 "


class NumeralError(ValueError):
    """The text is not a numeral."""


def _chinese(text: str) -> int:
    total, digit = 0, None
    for char in text:
        if char in _DIGITS:
            if digit is not None and digit != 0:
                raise NumeralError(f"not a numeral: {text!r}")
            digit = _DIGITS[char]
        elif char in _UNITS:
            total += (1 if digit is None else digit) * _UNITS[char]
            digit = None
        else:
            raise NumeralError(f"not a numeral: {text!r}")
    return total + (digit or 0)


def parse_numeral(text: str) -> int:
    """Read ``二十三``, ``十``, ``23`` or ``２３`` (wrapped in brackets or not) as an int."""
    core = unicodedata.normalize("NFKC", text).strip(_WRAPPERS)
    if not core:
        raise NumeralError(f"not a numeral: {text!r}")
    if core.isascii() and core.isdigit():
        return int(core)
    if core.isdigit():  # other Unicode digits
        return int(unicodedata.normalize("NFKC", core))
    return _chinese(core)


def try_parse_numeral(text: str) -> int | None:
    try:
        return parse_numeral(text)
    except NumeralError:
        return None
