"""The page furniture above a document: web-page metadata lines (索引号：…  发布时间：…  来源：…
点击数：…), legal-database banners (【法宝引证码】…) and page numbers.

Metadata lines are the document's metadata, not stray lines: every pair is kept with its key as
written (``document.web_meta``), and the values of the keys that name the issuer, the document
number, the date and the title (``rules/furniture.yaml`` ``meta_keys``) fill the document where
its own head says nothing.  Banners and page numbers are set aside, each with an info.

>>> from ybhj_parse.blocks.lexer import tokenize
>>> from ybhj_parse.source.document import Line
>>> found = read_furniture(tokenize((Line(1, "索引号：0001/2024-00018"), Line(2, "发布时间：2024-01-18 来源：市政府办"))))
>>> found.written
{'索引号': '0001/2024-00018', '发布时间': '2024-01-18', '来源': '市政府办'}
>>> found.meta["date"], sorted(found.lines)
('2024-01-18', [1, 2])
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ybhj_parse.blocks.lexer import Tok


@dataclass(slots=True)
class Furniture:
    meta: dict[str, str] = field(default_factory=dict)  # field (issuer, date, …) → its first value
    written: dict[str, str] = field(default_factory=dict)  # key as written → its first value
    lines: set[int] = field(default_factory=set)  # the lines read here (metadata and set aside)
    set_aside: list[Tok] = field(default_factory=list)  # banners and page numbers

    @property
    def web_meta(self) -> dict[str, str] | None:
        return self.written or None


def read_furniture(toks: list[Tok]) -> Furniture:
    """The metadata lines, banners and page numbers among ``toks``; first value of each key."""
    found = Furniture()
    for tok in toks:
        if tok.kind in ("banner", "page-number"):
            found.set_aside.append(tok)
        elif tok.kind == "web-meta":
            for key, value in tok.meta.items():
                if value:
                    found.meta.setdefault(key, value)
            for key, value in tok.written.items():
                if value:
                    found.written.setdefault(key, value)
        else:
            continue
        found.lines.add(tok.number)
    return found
