"""A ``'`` in the URL.

What it catches: an apostrophe in a web link's literal text, as written
or as ``&#39;``/``&apos;``: ``https://shop.com/?q=men's``.

Why it matters: SendGrid's link rewriter cuts the URL at a ``'``
(PROVIDERS.md), so the tracked link leads to the wrong page for every
recipient; the SendGrid profile makes this an error. Other tools that
find URLs in HTML stop there too, and an apostrophe ends a value quoted
with ``'`` once someone changes the quoting.

Failing::

    <a href="https://shop.com/search?q=men's+shoes">Men's shoes</a>

Passing::

    <a href="https://shop.com/search?q=men%27s+shoes">Men's shoes</a>

How to fix: write ``%27`` instead of the ``'``.

Fix: yes, when every ``'`` is in the query: ``--fix`` writes ``%27``,
which is what browsers send there anyway. A ``'`` in the path or fragment
is left to the author: a server may treat ``%27`` there differently.
"""

from __future__ import annotations

from linter.links import Link
from linter.rules.base import Edit, Hit
from linter.rules.context import RuleContext
from linter.tracking import web_url

CODE = "EL310"
NAME = "quote-in-url"
SEVERITY = "warning"
DEFAULT = True
FIXABLE = True
SCOPE = "link"


def check(link: Link, ctx: RuleContext) -> tuple[Hit, ...]:
    """Report a web link that holds an apostrophe; fix it in the query."""
    # One search of the value settles the many links without an apostrophe.
    if "'" not in link.value:
        return ()
    url = web_url(link.value)
    if url is None or "'" not in url.text:
        return ()
    quotes = [i for i in range(url.start, url.end) if link.value[i] == "'"]

    edit = None
    if url.query_start >= 0 and all(
        url.query_start <= i < url.query_end for i in quotes
    ):
        edit = _encoding_edit(link, quotes)
    return (
        Hit(
            start=link.offset(0),
            end=link.offset(len(link.value)),
            message=(
                f"URL holds {_apostrophes(len(quotes))}; link rewriters such as "
                "SendGrid's cut the URL there; write %27 instead"
            ),
            fix=None if edit is None else _fixed(link, edit),
            edit=edit,
        ),
    )


def _apostrophes(count: int) -> str:
    return "an apostrophe (')" if count == 1 else f"{count} apostrophes (')"


def _encoding_edit(link: Link, quotes: list[int]) -> Edit:
    """One edit from the first ``'`` to the last, each written as %27.

    The source between them is kept as written (character references and
    template tokens included); each ``'`` replaces its own source text,
    which may be ``&#39;``.
    """
    raw, base = link.raw, link.attribute.value_start
    pieces = []
    position = link.offset(quotes[0])
    for index in quotes:
        pieces.append(raw[position - base:link.offset(index) - base])
        pieces.append("%27")
        position = link.offset(index + 1)
    return Edit(link.offset(quotes[0]), position, "".join(pieces))


def _fixed(link: Link, edit: Edit) -> str:
    raw, base = link.raw, link.attribute.value_start
    return raw[: edit.start - base] + edit.replacement + raw[edit.end - base:]
