"""No unsubscribe link, provider unsubscribe tag or List-Unsubscribe header.

What it catches: an email with none of these:

- a link whose text says unsubscribe (also "opt out", "email
  preferences", "manage subscription", and a few other languages'
  words: abmelden, désabonner, désinscrire, darse de baja, uitschrijven,
  afmelden, disiscriviti, cancelar inscrição), or whose literal href has
  ``unsubscribe``, ``optout`` or ``opt-out`` in it;
- the provider's unsubscribe tag anywhere in the document
  (``<%asm_group_unsubscribe_raw_url%>``, ``*|UNSUB|*``,
  ``%unsubscribe_url%``, ``{{{ pm:unsubscribe }}}``,
  ``{% unsubscribe_url %}``, ...; the generic profile knows them all);
- for an ``.eml`` message, a ``List-Unsubscribe`` header, or the words
  or tags above in its ``text/plain`` part.

Why it matters: bulk mail without a way out breaks CAN-SPAM and GDPR
rules, and Gmail and Yahoo require senders of bulk mail to offer one;
readers who cannot unsubscribe press "Report spam" instead. Off by
default: transactional mail (receipts, password resets) needs none, a
partial template may leave the footer to another file, and a provider
may add the footer itself (SendGrid subscription tracking, for one).

Failing::

    <p>Our spring sale is on.</p>

Passing::

    <p>Our spring sale is on.</p>
    <a href="<%asm_group_unsubscribe_raw_url%>">Unsubscribe</a>

How to fix: add an unsubscribe link, with the provider's tag as its href.

Fix: no. It reports once per document, at 1:1.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from typing import Iterator

from linter.lazyre import lazy_pattern
from linter.links import TEMPLATE_MARK, Link
from linter.rules.base import Hit
from linter.rules.context import DocumentFacts, RuleContext
from linter.source import Document
from linter.tracking import normalized_tag

CODE = "EL405"
NAME = "missing-unsubscribe"
SEVERITY = "warning"
DEFAULT = False
FIXABLE = False
SCOPE = "document"


_unsubscribe_text = lazy_pattern(
    r"unsubscribe|opt[\s-]?out|email preferences|manage (?:your )?"
    r"(?:subscription|preferences)|abmelden|d[ée]sabonner|d[ée]sinscri|"
    r"darse de baja|uitschrijven|afmelden|disiscriviti|cancelar inscri",
    re.IGNORECASE,
)


_unsubscribe_href = lazy_pattern(r"unsubscribe|opt-?out", re.IGNORECASE)


def check_document(facts: DocumentFacts, ctx: RuleContext) -> Iterator[Hit]:
    """Report a document with no way to unsubscribe."""
    if _has_list_unsubscribe(facts.document):
        return
    if any(_is_unsubscribe_link(link) for link in facts.links):
        return
    tags = _tag_pattern(ctx.provider.unsubscribe_tags)
    if tags is not None and _has_tag(facts, tags):
        return
    for plain in facts.document.plain_text:
        if (_unsubscribe_text().search(plain)
                or tags is not None and tags.search(plain)):
            return

    yield Hit(
        start=0,
        end=0,
        message=(
            "no unsubscribe link, provider unsubscribe tag or List-Unsubscribe "
            "header; bulk mail needs one (CAN-SPAM, Gmail and Yahoo sender "
            "rules)"
        ),
    )


def _has_list_unsubscribe(document: Document) -> bool:
    """An ``.eml`` message's ``List-Unsubscribe`` header, if not empty."""
    if document.headers is None:
        return False
    return bool((document.headers.get("List-Unsubscribe") or "").strip())


def _is_unsubscribe_link(link: Link) -> bool:
    """A link that reads as, or leads to, an unsubscribe page."""
    if link.text and _unsubscribe_text().search(link.text):
        return True
    literal = link.value.replace(TEMPLATE_MARK, " ")
    return bool(_unsubscribe_href().search(literal))


@lru_cache(maxsize=16)
def _tag_pattern(tags: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern for the tags, in any case and with any white space."""
    if not tags:
        return None
    spelled = (
        r"\s*".join(re.escape(char) for char in normalized_tag(tag)) for tag in tags
    )
    return re.compile("|".join(spelled), re.IGNORECASE)


def _has_tag(facts: DocumentFacts, tags: re.Pattern[str]) -> bool:
    """An unsubscribe tag in the document: a whole token, or plain text.

    Text that is no token counts too, for tags the dialect table does not
    read as tokens (``[unsubscribe]``); a match inside a longer token does
    not (``%unsubscribe_url%`` in ``{% unsubscribe_url %}``).
    """
    starts = [token.start for token in facts.tokens]
    for match in tags.finditer(facts.text):
        index = bisect_right(starts, match.start()) - 1
        token = facts.tokens[index] if index >= 0 else None
        if token is None or token.end <= match.start():
            return True
        if (token.start, token.end) == match.span():
            return True
    return False
