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
    ("IDEOGRAPHIC SPACE", " "),
    ("NO-BREAK SPACE", " "),
    ("NARROW NO-BREAK SPACE", " "),
    ("FIGURE SPACE", " "),
    ("EN SPACE", " "),
    ("EM SPACE", " "),
    ("THIN SPACE", " "),
    ("ZERO WIDTH SPACE", ""),
    ("ZERO WIDTH NO-BREAK SPACE", ""),  # a BOM left in the middle of a concatenated file
]

FOLD_TABLE: dict[int, str] = {ord(unicodedata.lookup(name)): to for name, to in _FOLD_BY_NAME}

# Applied to unit names only: half-width brackets become the full-width ones the
# documents use, so 市委宣传部(市版权局) and 市委宣传部（市版权局） are one unit.
_PARENS_BY_NAME = [("LEFT PARENTHESIS", "（"), ("RIGHT PARENTHESIS", "）")]
PARENS_TABLE: dict[int, str] = {ord(unicodedata.lookup(name)): to for name, to in _PARENS_BY_NAME}

# Han ideographs and the full-width punctuation that sits between them.
_CJK = r"[\p{Han}\u3001-\u303F\uFF01-\uFF0F\uFF1A-\uFF20\uFF3B-\uFF40\uFF5B-\uFF65“”‘’]"
_STRAY_SPACE = regex.compile(rf"(?<={_CJK})[ \t]+(?={_CJK}|\d)|(?<=\d)[ \t]+(?={_CJK})")


def fold(text: str) -> str:
    """Fold full-width digits and exotic spaces to their plain forms."""
    return text.translate(FOLD_TABLE)


_FOLDED_AWAY = frozenset(chr(c) for c, to in FOLD_TABLE.items() if not to)


def only_blank(text: str) -> bool:
    """True when ``fold(text)`` would be white space alone; stops at the first other character,
    so the folding itself happens once, line by line, in the reader.

    >>> only_blank(" \u3000\u200b\n"), only_blank("\u200b１")
    (True, False)
    """
    return all(c.isspace() or c in _FOLDED_AWAY for c in text)


def squeeze_cjk_spaces(text: str) -> str:
    """Remove white space next to a Chinese character (an export artefact), and trim."""
    if " " not in text and "\t" not in text:
        return text.strip()  # nothing the pattern could remove: skip the regex on most cells
    squeezed: str = _STRAY_SPACE.sub("", text)
    return squeezed.strip()


def fullwidth_parens(text: str) -> str:
    """Turn half-width round brackets into full-width ones."""
    return text.translate(PARENS_TABLE)
