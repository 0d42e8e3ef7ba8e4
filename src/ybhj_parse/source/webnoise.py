"""Noise that web copies of a document carry, taken out of the text before anything reads it.

- Pinyin readings a site adds after characters, in brackets: 建设(shè), 市发(fā)改委.  A
  reading has a tone mark (the brackets of a document's own words, 上班的路 or (a), have none).
- Mojibake: UTF-8 text once read as Windows-1252 (å¸‚ for 市), read back when its bytes make
  UTF-8 again, removed when they do not.  (A replacement character, U+FFFD, is left where it
  stands: the decoder puts it where the bytes were damaged, and says so.)

The rules are ordered data: ``(code, pattern, repair)``.  Each line a rule changes is reported
by the reader as a warning citing the line and what was taken out (``pinyin-removed``,
``mojibake-removed``); the source file keeps the text as published.

>>> strip_noise("市发(fā)改委、湘西经（jīng）开区")
'市发改委、湘西经开区'
>>> strip_noise("å¸‚å•†åŠ¡å±€")
'市商务局'
"""

from __future__ import annotations

import re
from collections.abc import Callable

import regex

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN = regex.compile(
    rf"(?<=\p{{Han}})[ \t]?[(（][ \t]*(?=[a-zü]*[{_TONED}])[a-zü{_TONED}]{{1,7}}[ \t]*[)）]"
)
# Windows-1252's characters for the bytes 0x80-0x9F, which a UTF-8 continuation byte may be.
_CP1252_HIGH = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
_MOJIBAKE = regex.compile(rf"(?:[\u00e0-\u00ef][\u0080-\u00bf{_CP1252_HIGH}]{{2}})+")


def _as_utf8(run: str) -> str:
    """The characters a mojibake run stood for, or nothing when its bytes make no UTF-8."""
    for encoding in ("cp1252", "latin-1"):
        try:
            return run.encode(encoding).decode("utf-8")
        except UnicodeError:
            continue
    return ""


NOISE_RULES: tuple[tuple[str, regex.Pattern[str], Callable[[str], str]], ...] = (
    ("pinyin-removed", _PINYIN, lambda _: ""),
    ("mojibake-removed", _MOJIBAKE, _as_utf8),
)

# Every rule needs one of these characters: one search of the text tells most texts have none.
_MAY_BE_NOISE = re.compile(f"[{_TONED}\u00e0-\u00ef]")


def has_noise(text: str) -> bool:
    return _MAY_BE_NOISE.search(text) is not None


def strip_noise(text: str) -> str:
    if not has_noise(text):
        return text
    for _, pattern, repair in NOISE_RULES:
        text = pattern.sub(lambda m, repair=repair: repair(m.group()), text)
    return text


def noise_report(line: str) -> list[tuple[str, list[str]]]:
    """``[(code, [what was taken out, …]), …]`` for one line, in rule order, codes merged."""
    if not has_noise(line):
        return []
    found: dict[str, list[str]] = {}
    for code, pattern, repair in NOISE_RULES:
        pieces = [(m.group(), repair(m.group())) for m in pattern.finditer(line)]
        if pieces:
            found.setdefault(code, []).extend(
                f"{piece.strip()}→{read}" if read else piece.strip() for piece, read in pieces
            )
            line = pattern.sub(lambda m, repair=repair: repair(m.group()), line)
    return list(found.items())
