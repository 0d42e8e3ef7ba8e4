"""Character folding and white-space repair for text exported from Word and PDF.

The folding table is built from Unicode character names so a reviewer can read
exactly what is changed.  Folding happens once, in the reader; the cell-level
repairs (:func:`squeeze_cjk_spaces`, :func:`fullwidth_parens`) are applied by the
stages that know what a cell holds, because a space is sometimes a separator
(``省财政厅 省地方金融监管局``) and sometimes an export artefact (``临空经济 区``).

>>> fold("（１）　推进")
'（1） 推进'
>>> squeeze_cjk_spaces("临空经济 区(2项)")
'临空经济区(2项)'
"""

from __future__ import annotations

import re
import unicodedata

import regex

# Folded in every line by the reader: (from, to) by Unicode name.
_FOLD_BY_NAME: list[tuple[str, str]] = [
    *(
        (f"FULLWIDTH DIGIT {name}", str(value))
        for value, name in enumerate(
            ["ZERO", "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE"]
        )
    ),
    ("FULLWIDTH FULL STOP", "."),
    ("SMALL FULL STOP", "."),  # 1﹒ numbering a task as 1. does
    ("IDEOGRAPHIC SPACE", " "),
    ("NO-BREAK SPACE", " "),
    ("NARROW NO-BREAK SPACE", " "),
    ("FIGURE SPACE", " "),
    ("EN SPACE", " "),
    ("EM SPACE", " "),
    ("THIN SPACE", " "),
    ("NULL", ""),  # never text: a NUL byte that survived decoding is damage (reported by the reader)
]

FOLD_TABLE: dict[int, str] = {ord(unicodedata.lookup(name)): to for name, to in _FOLD_BY_NAME}
# The same table as (character, replacement) pairs: no replacement is itself folded, so replacing
# each character present in turn gives what one translate gives, and a search for a character
# absent from a Chinese text (most of them, in most texts) costs far less than translating it.
_FOLD_PAIRS: tuple[tuple[str, str], ...] = tuple((chr(code), to) for code, to in FOLD_TABLE.items())

# Applied to unit names only: half-width brackets become the full-width ones the
# documents use, so 市委宣传部(市版权局) and 市委宣传部（市版权局） are one unit.
_PARENS_BY_NAME = [("LEFT PARENTHESIS", "（"), ("RIGHT PARENTHESIS", "）")]
PARENS_TABLE: dict[int, str] = {ord(unicodedata.lookup(name)): to for name, to in _PARENS_BY_NAME}

# Han ideographs and the full-width punctuation that sits between them.
_CJK = r"[\p{Han}\u3001-\u303F\uFF01-\uFF0F\uFF1A-\uFF20\uFF3B-\uFF40\uFF5B-\uFF65“”‘’]"
_STRAY_SPACE = regex.compile(rf"(?<={_CJK})[ \t]+(?={_CJK}|\d)|(?<=\d)[ \t]+(?={_CJK})")


def fold(text: str) -> str:
    """Fold full-width digits and exotic spaces to their plain forms, drop invisible characters
    and NUL, and read compatibility ideographs and a line's enclosed-numeral marker plainly."""
    for char, plain in _FOLD_PAIRS:
        if char in text:
            text = text.replace(char, plain)
    if not has_foldable(text):
        return text
    return _fold_compatibility(_INVISIBLE.sub("", text))


# Invisible characters (Unicode format characters: zero-width space and joiners, soft hyphen,
# bidirectional marks and overrides, a BOM inside the text) carry nothing a reader sees, but keep
# two spellings of one unit name apart and can reorder what a terminal shows.  They are removed.
_INVISIBLE = regex.compile(r"\p{Cf}")

# Characters a PDF's font mapping writes for ordinary ones: Kangxi radicals and the CJK radicals
# (⼀ for 一), CJK compatibility ideographs.  NFKC gives the ordinary character, everywhere.
_COMPAT_IDEOGRAPH = regex.compile(r"[\u2E80-\u2FDF\uF900-\uFAFF\U0002F800-\U0002FA1F]")

# Enclosed numerals that are a whole numbering marker, at the start of a line (⑴ ⒈ ㈠): NFKC
# writes the marker they stand for ((1) 1. (一)), so the heading rules read them.  A circled
# number (① ❶) has no plain form meaning the same (NFKC would make ① a bare 1): it stays.
_ENCLOSED = r"[\u2474-\u249B\u3220-\u3229]"
# At the start of each line: fold() may be given a whole text at once.
_ENCLOSED_MARKER = regex.compile(rf"^([^\S\n]*)({_ENCLOSED}+)", regex.MULTILINE)

_SUSPECT = regex.compile(rf"\p{{Cf}}|{_COMPAT_IDEOGRAPH.pattern}|{_ENCLOSED}")

# The blocks where every character _SUSPECT finds stands (the format characters are few and
# grouped; tests/test_normalisers.py checks every code point).  The standard library scans a
# class of ranges several times faster than regex tests \p{Cf} on each character, and most
# texts hold none of these: one quick search tells, and _SUSPECT starts where it found one.
_MAY_BE_SUSPECT = re.compile(
    "[\u00ad\u0600-\u08ff\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\u2474-\u249b"
    "\u2e80-\u2fdf\u3220-\u3229\uf900-\ufaff\ufeff\ufff9-\ufffb\U00010000-\U0010ffff]"
)


def _fold_compatibility(text: str) -> str:
    text = _COMPAT_IDEOGRAPH.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    return str(_ENCLOSED_MARKER.sub(lambda m: m.group(1) + unicodedata.normalize("NFKC", m.group(2)), text))


def has_foldable(text: str) -> bool:
    """``text`` holds a character :func:`folding_report` would report (on any of its lines)."""
    maybe = _MAY_BE_SUSPECT.search(text)
    return maybe is not None and _SUSPECT.search(text, maybe.start()) is not None


def folding_report(text: str) -> tuple[list[str], list[tuple[str, str]]] | None:
    """What :func:`fold` removes and changes in one line, beyond the plain forms of spaces and
    digits: (invisible characters removed, as U+XXXX NAME; (character, read as) pairs), or None."""
    if not has_foldable(text):
        return None
    removed = [f"U+{ord(c):04X} {unicodedata.name(c, 'FORMAT CHARACTER')}" for c in _INVISIBLE.findall(text)]
    visible = _INVISIBLE.sub("", text)
    found = [m.group() for m in _COMPAT_IDEOGRAPH.finditer(visible)]
    marker = _ENCLOSED_MARKER.match(visible.translate(FOLD_TABLE))
    found += list(marker.group(2)) if marker else []
    changed = [(c, plain) for c in found if (plain := unicodedata.normalize("NFKC", c)) != c]
    return (removed, changed) if removed or changed else None


_FOLDED_AWAY = frozenset(chr(c) for c, to in FOLD_TABLE.items() if not to)


def only_blank(text: str) -> bool:
    """True when ``fold(text)`` would be white space alone; stops at the first other character,
    so the folding itself happens once, line by line, in the reader.

    >>> only_blank(" \u3000\u200b\n"), only_blank("\u200b１")
    (True, False)
    """
    return all(c.isspace() or c in _FOLDED_AWAY or unicodedata.category(c) == "Cf" for c in text)


def printable(text: str) -> str:
    """``text`` with every control, format, surrogate or line-separator character written as an
    escape (a newline as ``\\n``, ESC as ``\\x1b``, an override as ``\\u202e``): what reaches a
    terminal from a file name or a cell can then neither forge a line, drive the terminal nor
    reorder what is shown.
    """
    if _UNPRINTABLE.search(text) is None:
        return text
    return str(
        _UNPRINTABLE.sub(
            lambda m: m.group().encode("unicode_escape", "backslashreplace").decode("ascii"), text
        )
    )


_UNPRINTABLE = regex.compile(r"[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]")


def squeeze_cjk_spaces(text: str) -> str:
    """Remove white space next to a Chinese character (an export artefact), and trim."""
    if " " not in text and "\t" not in text:
        return text.strip()  # nothing the pattern could remove: skip the regex on most cells
    squeezed: str = _STRAY_SPACE.sub("", text)
    return squeezed.strip()


def fullwidth_parens(text: str) -> str:
    """Turn half-width round brackets into full-width ones."""
    if "(" not in text and ")" not in text:
        return text  # most unit names: skip the translation
    return text.translate(PARENS_TABLE)
