"""The link's text shows one domain, and the href goes to another.

What it catches: an ``<a>`` whose visible text is a URL or a domain
(``shop.com``, ``www.shop.co.uk/sale``, ``https://help.shop.com``) while
its href points at a different registrable domain. Domains are compared
through the Public Suffix List (shipped in the ``publicsuffixlist``
package; nothing is fetched): ``www.shop.co.uk`` and ``shop.co.uk`` are
one site, ``shop.co.uk`` and ``other.co.uk`` are two, and so are
``alice.github.io`` and ``bob.github.io``. Text that is not a domain
(``report.pdf``, ``Visit us``), hrefs with a templated host, and
tracking redirects (EL308) are not judged.

Why it matters: it is the mark of a phishing link. Spam filters score it,
and Gmail and Outlook may warn the reader, even when both domains belong
to the sender.

Failing::

    <a href="https://go.other-cdn.net/x">shop.com</a>

Passing::

    <a href="https://www.shop.com/">shop.com</a>

How to fix: link to the domain the text shows, or write words instead of
a domain in the text ("Visit our shop").

Fix: no; which of the two is right is not known to the linter.
"""

from __future__ import annotations

import re

from linter.lazyre import lazy_pattern
from linter.links import Link
from linter.rules.base import Hit
from linter.rules.context import RuleContext
from linter.tracking import (
    ascii_host,
    ip_address_of,
    registrable_domain,
    tracking_redirect,
    web_url,
)
from linter.urlcheck import whole_value_hit

CODE = "EL402"
NAME = "link-text-mismatch"
SEVERITY = "warning"
DEFAULT = True
FIXABLE = False
SCOPE = "link"


# A whole link text that reads as a URL or a host name, checked cheaply
# before the Public Suffix List is ever loaded.
_url_text = lazy_pattern(
    r"(?P<scheme>https?://)?(?P<host>[\w.-]+\.[\w-]+)\.?(?::\d{1,5})?"
    r"(?P<rest>[/?#]\S*)?",
    re.IGNORECASE,
)


# File names whose extension is also a top-level domain (.md, .zip, .mov).
_FILE_EXTENSIONS = frozenset(
    "html htm php asp aspx jsp pdf png jpg jpeg gif svg webp doc docx xls xlsx "
    "ppt pptx zip csv txt md json xml js css ics vcf mp3 mp4 mov".split()
)


def check(link: Link, ctx: RuleContext) -> tuple[Hit, ...]:
    """Report a domain in the text that differs from the href's."""
    shown_host = _domain_in_text(link.text)
    if shown_host is None:
        return ()
    url = web_url(link.value)
    if url is None or not url.has_literal_host:
        return ()
    target_host = ascii_host(url.host)
    # One host on both sides is one site: settled without building the
    # Public Suffix List (~30 ms), which many runs then never need.
    if target_host == shown_host or ip_address_of(url.host):
        return ()
    if tracking_redirect(url) is not None:
        return ()

    shown = registrable_domain(shown_host)
    target = registrable_domain(target_host)
    if shown is None or target is None or shown == target:
        return ()
    return (
        whole_value_hit(
            link,
            f"link text shows {shown_host} but the link goes to {target}; "
            "filters and readers take a mismatch for phishing",
        ),
    )


def _domain_in_text(text: str | None) -> str | None:
    """The host a link text consists of, in ASCII, or None."""
    if not text or "." not in text or len(text) > 300:
        return None
    match = _url_text().fullmatch(text.strip().rstrip(".,;:!"))
    if match is None:
        return None
    host = match.group("host").lower()
    labels = host.split(".")
    if not all(label and label.strip("-") == label for label in labels):
        return None
    plain = match.group("scheme") is None and not host.startswith("www.")
    if plain and match.group("rest") is None and labels[-1] in _FILE_EXTENSIONS:
        return None
    if ip_address_of(host) is not None:
        return None
    return ascii_host(host)
