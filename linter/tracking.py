"""What click tracking sees in a link: shared facts for EL3xx and EL4xx.

A provider's rewriter works on the HTML as written, before any template
runs, and only on links it can read: an ``<a>`` whose href starts with a
literal ``http://`` or ``https://``. The helpers here answer the questions
the tracking and deliverability rules share: is this link a web link and
what are its literal parts, does it opt out of tracking, is it already a
tracking redirect, which host names are local, what is a domain's
registrable part. Template tokens (TEMPLATE_MARK in a value) are holes:
nothing here guesses what they hold.

Provider facts come from the profiles in ``linter.providers``; their
sources are in docs/providers.md.
"""

import html
import ipaddress
import re
from functools import lru_cache
from typing import Iterator, NamedTuple, TYPE_CHECKING
from urllib.parse import unquote

from linter.lazyre import lazy_pattern
from linter.links import TEMPLATE_MARK, Attribute, Link
from linter.providers import GENERIC, PROVIDERS, Provider
from linter.urlcheck import (
    RESERVED_NAMES,
    RESERVED_SUFFIXES,
    is_private_address,
    matches_host,
)

if TYPE_CHECKING:
    from publicsuffixlist import PublicSuffixList

# --- the provider as messages name it ------------------------------------


def short_name(provider: Provider) -> str:
    """The provider's name for a message: "SendGrid", "Amazon SES"."""
    return provider.title.split(" (", 1)[0]


def tracker(provider: Provider) -> str:
    """Who rewrites links, for a message: "SendGrid" or "click trackers"."""
    return "click trackers" if provider.name == GENERIC.name else short_name(provider)


@lru_cache(maxsize=1)
def services() -> tuple[Provider, ...]:
    """Every named provider profile (the generic one excluded)."""
    return tuple(p for p in PROVIDERS.values() if p.name != GENERIC.name)


# --- own tags -------------------------------------------------------------


def normalized_tag(text: str) -> str:
    """A template tag compared loosely: no white space, case folded.

    ``{{{ pm:unsubscribe }}}`` and ``{{{pm:unsubscribe}}}`` are one tag.
    """
    return "".join(text.split()).casefold()


@lru_cache(maxsize=64)
def _tag_set(tags: tuple[str, ...]) -> frozenset[str]:
    return frozenset(normalized_tag(tag) for tag in tags)


def is_own_tag(token_text: str, provider: Provider) -> bool:
    """Whether a template token is one of the provider's own tags."""
    return normalized_tag(token_text) in _tag_set(provider.own_tags)


# --- elements trackers skip -------------------------------------------------


def is_untracked_element(element: str) -> bool:
    """VML shapes (``v:roundrect``) and image-map ``area``: never rewritten."""
    return element.startswith("v:") or element == "area"


# --- the literal parts of a web link ----------------------------------------

_WEB_SCHEME = re.compile(r"(https?)://", re.IGNORECASE)


class WebUrl(NamedTuple):
    """A link value that opens with a literal ``http://`` or ``https://``.

    Indices are into the link's value. ``host`` is lowercased, without
    user info, port or trailing dot, and may hold TEMPLATE_MARK. ``query``
    and ``fragment`` exclude their ``?`` and ``#``; ``query_start`` is the
    index just past the ``?`` (-1 without one). ``text`` is the URL as the
    value holds it, without the white space around it.
    """

    scheme: str
    host: str
    path: str
    query: str
    fragment: str
    text: str
    start: int
    end: int
    query_start: int
    query_end: int

    @property
    def has_literal_host(self) -> bool:
        """A host that is written out, with no template token in it."""
        return bool(self.host) and TEMPLATE_MARK not in self.host

    @property
    def literal_bytes(self) -> int:
        """UTF-8 length of the URL's literal parts (tokens not counted)."""
        return len(self.text.replace(TEMPLATE_MARK, "").encode("utf-8", "replace"))


@lru_cache(maxsize=4096)
def web_url(value: str) -> WebUrl | None:
    """The web URL a value holds, or None when it has no literal web scheme."""
    stripped = value.lstrip()
    start = len(value) - len(stripped)
    end = len(value.rstrip())
    match = _WEB_SCHEME.match(value, start)
    if match is None or end <= start:
        return None

    authority_start = match.end()
    authority_end = authority_start
    while authority_end < end and value[authority_end] not in "/?#\\":
        authority_end += 1
    host = _host_of(value[authority_start:authority_end])

    fragment_at = value.find("#", authority_end, end)
    fragment_at = end if fragment_at < 0 else fragment_at
    query_at = value.find("?", authority_end, fragment_at)
    path_end = fragment_at if query_at < 0 else query_at
    query_start = -1 if query_at < 0 else query_at + 1
    query_end = fragment_at if query_at >= 0 else -1
    return WebUrl(
        scheme=match.group(1).lower(),
        host=host,
        path=value[authority_end:path_end],
        query=value[query_start:fragment_at] if query_at >= 0 else "",
        fragment=value[fragment_at + 1:end] if fragment_at < end else "",
        text=value[start:end],
        start=start,
        end=end,
        query_start=query_start,
        query_end=query_end,
    )


def _host_of(authority: str) -> str:
    """The host of an authority: no user info, port or trailing dot."""
    host_port = authority.rpartition("@")[2]
    if host_port.startswith("["):
        host = host_port.split("]", 1)[0] + "]"
    else:
        host = host_port.partition(":")[0]
    return host.lower().rstrip(".")


def query_parameters(url: WebUrl) -> list[tuple[str, str, int]]:
    """The query's ``name=value`` pairs as written, with each value's index.

    The index is the value index of the parameter value's first character
    (of the name when there is no ``=``). Nothing is decoded.
    """
    if url.query_start < 0 or not url.query:
        return []
    parameters = []
    position = url.query_start
    for piece in url.query.split("&"):
        name, equals, written = piece.partition("=")
        index = position + len(name) + len(equals)
        parameters.append((name, written, index))
        position += len(piece) + 1
    return parameters


# --- opting out of click tracking --------------------------------------------

# Values that say "off" for an attribute that switches tracking on and off
# (clicktracking="off"), and "yes" for one that disables it
# (disable-tracking="true"). A written value from the same family that is
# not the documented one was meant as an opt-out, and may not work.
_SAYS_OFF = frozenset({"off", "0", "false", "no", "none", "disabled", "disable"})
_SAYS_YES = frozenset({"true", "1", "yes", "on", "disabled", "disable"})


def attribute_value(attribute: Attribute) -> str | None:
    """An attribute's value decoded (character references), or None."""
    if attribute.raw is None:
        return None
    return html.unescape(attribute.raw)


def opts_out(attribute: Attribute, expected: str | None) -> bool:
    """Whether the attribute turns tracking off, given the documented value.

    ``expected`` None: the attribute's presence is enough. For ``class``
    the opt-out is one class name among others (``class="btn untracked"``).
    """
    if expected is None:
        return True
    value = attribute_value(attribute)
    if value is None:
        return False
    if attribute.name == "class":
        return expected in value.split()
    return value.strip().lower() == expected


def meant_as_opt_out(attribute: Attribute, expected: str | None) -> bool:
    """A value that tries to opt out but is not the documented one."""
    value = attribute_value(attribute)
    if expected is None or value is None or attribute.name == "class":
        return False
    written = value.strip().lower()
    if written == expected:
        return False
    if expected in _SAYS_OFF:
        return written in _SAYS_OFF
    if expected in _SAYS_YES:
        return written in _SAYS_YES
    return False


@lru_cache(maxsize=1)
def _before_href_only() -> frozenset[str]:
    """Opt-out attributes that their provider reads only before ``href``."""
    return frozenset(
        name
        for service in services()
        if service.opt_out_before_href
        for name in service.opt_outs
    )


def must_precede_href(provider: Provider) -> frozenset[str]:
    """Opt-out attributes of this profile that only work before ``href``."""
    return _before_href_only().intersection(provider.opt_outs)


@lru_cache(maxsize=256)
def opt_out_owner(name: str) -> Provider | None:
    """The provider whose opt-out attribute this is (cached by name)."""
    for service in services():
        if name in service.opt_outs:
            return service
    return None


def stands_before_href(link: Link, attribute: Attribute) -> bool:
    """Whether the attribute is written before the link's ``href``."""
    return attribute.name_start < link.attribute.name_start


def effective_opt_out(link: Link, provider: Provider) -> Attribute | None:
    """The attribute that opts this link out of the provider's tracking."""
    before_only = must_precede_href(provider)
    for attribute in link.attributes:
        if attribute.name not in provider.opt_outs:
            continue
        if not opts_out(attribute, provider.opt_outs[attribute.name]):
            continue
        if attribute.name in before_only and not stands_before_href(link, attribute):
            continue
        return attribute
    return None


def foreign_opt_outs(
    link: Link, provider: Provider
) -> Iterator[tuple[Attribute, Provider]]:
    """Opt-out attributes of other providers, each with its provider."""
    for attribute in link.attributes:
        if attribute.name in provider.opt_outs:
            continue
        owner = opt_out_owner(attribute.name)
        if owner is not None and opts_out(attribute, owner.opt_outs[attribute.name]):
            yield attribute, owner


def opt_out_span(attribute: Attribute) -> tuple[int, int]:
    """Where an opt-out finding points: its value, or its name (SPEC)."""
    if attribute.raw is None:
        return attribute.name_start, attribute.name_start + len(attribute.name)
    return attribute.value_start, attribute.value_end


def describe(attribute: Attribute) -> str:
    """The attribute as a message shows it: ``clicktracking="off"``."""
    value = attribute_value(attribute)
    return attribute.name if value is None else f'{attribute.name}="{value}"'


def documented(name: str, expected: str | None) -> str:
    """An opt-out as its provider documents it."""
    return name if expected is None else f'{name}="{expected}"'


def is_tracked(link: Link, provider: Provider) -> bool:
    """Whether the provider's rewriter would track this link.

    A web link with a literal scheme on an element trackers rewrite, not
    opted out. Links whose URL comes from a token are invisible to it.
    """
    if is_untracked_element(link.element) or web_url(link.value) is None:
        return False
    return effective_opt_out(link, provider) is None


# --- hosts that EL108 owns ----------------------------------------------------

_RESERVED_PATTERNS = tuple(f"*{suffix}" for suffix in RESERVED_SUFFIXES) + tuple(
    pattern for name in RESERVED_NAMES for pattern in (name, f"*.{name}")
)


@lru_cache(maxsize=4096)
def is_forbidden_host(host: str, forbidden_hosts: tuple[str, ...]) -> bool:
    """Local, private, reserved or config-banned: EL108 reports these.

    Cached: EL401 asks about every ``http://`` link, and an email repeats
    its hosts.
    """
    bare = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    if is_private_address(bare):
        return True
    patterns = _RESERVED_PATTERNS + forbidden_hosts
    return any(matches_host(host, pattern) for pattern in patterns)


def ip_address_of(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address a literal host spells: a dotted quad or ``[IPv6]``."""
    if host.startswith("[") and host.endswith("]"):
        try:
            return ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            return None
    # A dotted quad ends in a digit: spare host names a ValueError.
    if not host[-1:].isdigit():
        return None
    try:
        return ipaddress.IPv4Address(host)
    except ValueError:
        return None


# --- tracking redirects copied from sent emails ------------------------------


class Redirect(NamedTuple):
    """A provider's click-tracking redirect, and its destination if known."""

    provider: str
    destination: str | None


@lru_cache(maxsize=4096)
def tracking_redirect(url: WebUrl) -> Redirect | None:
    """The tracking redirect this URL is, or None for an ordinary link.

    Each provider's own tracking hosts are recognised whatever the path
    (except where the host also serves other pages); formats that also run
    on branded tracking domains are recognised by their path. Cached (the
    URL is a frozen record): three rules ask about every link.
    """
    if not url.has_literal_host:
        return None
    for recognise in _RECOGNISERS:
        redirect = recognise(url)
        if redirect is not None:
            return redirect
    return None


def _on_host(host: str, suffixes: tuple[str, ...]) -> bool:
    return any(host == s or host.endswith("." + s) for s in suffixes)


def _segments(path: str) -> list[str]:
    return path.split("/")[1:]


def _parameter(url: WebUrl, name: str) -> str | None:
    for written_name, written, _ in query_parameters(url):
        if written_name == name:
            return unquote(written)
    return None


def _web_destination(text: str | None) -> str | None:
    """A decoded destination, kept only when it is a literal web URL."""
    if not text or TEMPLATE_MARK in text:
        return None
    return text if _WEB_SCHEME.match(text) else None


def _decoded_json(token: str) -> object:
    """Base64 (URL-safe or standard, padding optional) JSON, or None."""
    # Imported here: only links shaped like a tracking redirect need them.
    import base64
    import json

    padded = token + "=" * (-len(token) % 4)
    for decode in (base64.urlsafe_b64decode, base64.b64decode):
        try:
            return json.loads(decode(padded.encode("ascii")))
        except (ValueError, UnicodeEncodeError):
            continue
    return None


def _url_in_json(data: object, keys: tuple[str, ...], depth: int = 0) -> str | None:
    """The first web URL under one of ``keys``, JSON in strings unwrapped.

    Mandrill nests a JSON document as a string inside its JSON.
    """
    import json

    if depth > 3:
        return None
    if isinstance(data, str) and data.lstrip().startswith("{"):
        try:
            data = json.loads(data)
        except ValueError:
            return None
    if not isinstance(data, dict):
        return None
    for key in keys:
        value = data.get(key)
        found = _web_destination(value) if isinstance(value, str) else None
        if found:
            return found
    for nested in data.values():
        found = _url_in_json(nested, keys, depth + 1)
        if found:
            return found
    return None


def _ses(url: WebUrl) -> Redirect | None:
    """``https://<id>.r.<region>.awstrack.me/L0/<encoded URL>/1/...``.

    Custom tracking domains use ``/CL0/``: recognised on any host when the
    next segment decodes to a web URL.
    """
    segments = _segments(url.path)
    title = short_name(PROVIDERS["ses"])
    destination = None
    if len(segments) >= 2 and segments[0] in ("L0", "CL0"):
        destination = _web_destination(unquote(segments[1]))
    if _on_host(url.host, PROVIDERS["ses"].tracking_hosts):
        return Redirect(title, destination)
    if segments and segments[0] == "CL0" and destination:
        return Redirect(title, destination)
    return None


def _mandrill(url: WebUrl) -> Redirect | None:
    """``https://mandrillapp.com/track/click/<uid>/<host>?p=<base64 JSON>``."""
    if not url.path.startswith("/track/click/"):
        return None
    token = _parameter(url, "p")
    destination = None
    if token:
        destination = _url_in_json(_decoded_json(token), ("url",))
    if _on_host(url.host, ("mandrillapp.com",)) or destination:
        return Redirect(short_name(PROVIDERS["mandrill"]), destination)
    return None


def _mailchimp(url: WebUrl) -> Redirect | None:
    """Mailchimp campaign links, ``list-manage.com/track/click?u=&id=&e=``.

    Opaque. The same host serves sign-up and profile pages, so only the
    ``/track/`` paths are redirects.
    """
    if _on_host(url.host, ("list-manage.com",)) and url.path.startswith("/track/"):
        return Redirect("Mailchimp", None)
    return None


def _customerio(url: WebUrl) -> Redirect | None:
    """``https://e.customeriomail.com/e/c/<base64 JSON with the href>/...``."""
    segments = _segments(url.path)
    destination = None
    if len(segments) >= 3 and segments[:2] == ["e", "c"]:
        destination = _url_in_json(_decoded_json(segments[2]), ("href",))
    if _on_host(url.host, PROVIDERS["customerio"].tracking_hosts) or destination:
        return Redirect(short_name(PROVIDERS["customerio"]), destination)
    return None


def _postmark(url: WebUrl) -> Redirect | None:
    """``https://click.pstmrk.it/3s/<encoded URL>/...``."""
    if not _on_host(url.host, PROVIDERS["postmark"].tracking_hosts):
        return None
    segments = _segments(url.path)
    destination = None
    if len(segments) >= 2:
        decoded = unquote(segments[1])
        destination = _web_destination(decoded) or _web_destination(
            "https://" + decoded if _looks_like_host_path(decoded) else None
        )
    return Redirect(short_name(PROVIDERS["postmark"]), destination)


def _looks_like_host_path(text: str) -> bool:
    host = text.split("/", 1)[0]
    return "." in host and all(c.isalnum() or c in ".-" for c in host)


# SendGrid's click paths; its links carry no public format for decoding.
_SENDGRID_PATHS = ("/ls/click", "/wf/click", "/uni/ls/click", "/uni/wf/click")


def _sendgrid(url: WebUrl) -> Redirect | None:
    """``u123.ct.sendgrid.net/ls/click?upn=...`` or a branded host's."""
    title = short_name(PROVIDERS["sendgrid"])
    if _on_host(url.host, PROVIDERS["sendgrid"].tracking_hosts):
        return Redirect(title, None)
    if url.path in _SENDGRID_PATHS and _parameter(url, "upn") is not None:
        return Redirect(title, None)
    return None


_mailgun_click = lazy_pattern(r"/c/[A-Za-z0-9_-]{20,}")


def _mailgun(url: WebUrl) -> Redirect | None:
    """``email.<domain>/c/<token>`` (the default tracking host), opaque."""
    title = short_name(PROVIDERS["mailgun"])
    if _on_host(url.host, PROVIDERS["mailgun"].tracking_hosts):
        return Redirect(title, None)
    if url.host.startswith("email.") and _mailgun_click().fullmatch(url.path):
        return Redirect(title, None)
    return None


def _sparkpost(url: WebUrl) -> Redirect | None:
    """``https://spgo.io/f/...`` and its EU and managed-HTTPS hosts."""
    if _on_host(url.host, PROVIDERS["sparkpost"].tracking_hosts):
        return Redirect(short_name(PROVIDERS["sparkpost"]), None)
    return None


def _marketing_cloud(url: WebUrl) -> Redirect | None:
    """Salesforce Marketing Cloud's tracking domain ``cl.exct.net``."""
    if _on_host(url.host, ("cl.exct.net",)):
        return Redirect("Salesforce Marketing Cloud", None)
    return None


_RECOGNISERS = (
    _ses,
    _mandrill,
    _mailchimp,
    _customerio,
    _postmark,
    _sendgrid,
    _mailgun,
    _sparkpost,
    _marketing_cloud,
)


# --- bare URLs in text -----------------------------------------------------

# ``http(s)://`` or ``www.`` not inside a word, a path or an address.
# Spelled with a leading character class and no IGNORECASE: ``re`` then
# scans for the first character in C, ten times faster on a big file.
_BARE_URL = re.compile(
    r"[hHwW](?<![\w@.\-/].)"
    r"(?:(?<=[hH])[tT][tT][pP][sS]?://[^\s<>\"'`]+"
    r"|(?<=[wW])[wW][wW]\.[A-Za-z0-9-]+\.[^\s<>\"'`]+)"
)

# The dot of a "www." in any case: the dot is the one character of it with
# no case, so one search stops at dots only (not one search per case).
_www_dot = lazy_pattern(r"\.(?<=[wW][wW][wW]\.)")


# Character references that end a URL written in HTML text.
_reference_end = lazy_pattern(
    r"&(?:lt|gt|quot|apos|nbsp|#0*39|#0*34|#0*160|#x0*27|#x0*22|#x0*a0);",
    re.IGNORECASE,
)


_TRAILING = ".,;:!?*'\""
_CLOSERS = {")": "(", "]": "[", "}": "{"}


def find_bare_urls(
    text: str, start: int = 0, end: int | None = None
) -> Iterator[tuple[int, int]]:
    """Offsets ``(start, end)`` of each URL written as plain text.

    ``http://``, ``https://`` and ``www.`` addresses, as mail clients
    auto-link them, without trailing punctuation or an unbalanced closing
    bracket, and cut at an HTML ``&lt;``, ``&gt;``, ``&quot;`` or
    ``&nbsp;``. Works on HTML text and on a ``text/plain`` part alike.
    """
    for url_start, url_end in url_candidates(text, start, end):
        trimmed = bare_url_end(text, url_start, url_end)
        if trimmed is not None:
            yield url_start, trimmed


def url_candidates(
    text: str, start: int = 0, end: int | None = None
) -> Iterator[tuple[int, int]]:
    """Where a URL-looking run of characters starts and ends, untrimmed.

    What ``_BARE_URL.finditer`` gives, found faster: every match holds a
    ``://`` four or five characters after its start, or starts with a
    ``www.``, and those are searched for in C, far rarer in text than the
    ``h`` and ``w`` that the pattern itself stops at. The pattern is tried
    only there, left to right, and never inside the match before.
    """
    limit = len(text) if end is None else end
    last = start
    for position in _url_starts(text, start, limit):
        if position < last:
            continue
        match = _BARE_URL.match(text, position, limit)
        if match is not None:
            last = match.end()
            yield position, last


def url_candidate_end(text: str, start: int) -> int | None:
    """Where the URL-looking run at ``start`` ends; None if none starts there.

    A run is one of ``url_candidates`` unless it starts inside the one
    before: for a rule that knows which starts matter.
    """
    match = _BARE_URL.match(text, start)
    return None if match is None else match.end()


def _url_starts(text: str, start: int, limit: int) -> list[int]:
    """Sorted offsets at or after ``start`` where a bare URL could begin.

    Two passes over the text, each in C: one for ``://`` (the URL starts
    five characters before it after an ``s``, else four), one for the dot
    of a ``www.`` in any case (three before it).
    """
    found = [dot.start() - 3 for dot in _www_dot().finditer(text, start, limit)]
    at = text.find("://", start, limit)
    while at >= 0:
        found.append(at - 5 if text[at - 1] in "sS" else at - 4)
        at = text.find("://", at + 3, limit)
    found.sort()
    if found and found[0] < start:
        # A marker near ``start`` gives an offset before it (at 0, below 0).
        found = [position for position in found if position >= start]
    return found


def bare_url_end(text: str, start: int, end: int) -> int | None:
    """Where the URL at ``text[start:end]`` really ends; None if no URL."""
    url_end = _url_end(text, start, end)
    return url_end if _has_host(text[start:url_end]) else None


def _url_end(text: str, start: int, end: int) -> int:
    """Where the URL matched at ``text[start:end]`` really ends."""
    reference = _reference_end().search(text, start, end)
    if reference is not None:
        end = reference.start()
    while end > start:
        last = text[end - 1]
        if last in _TRAILING:
            end -= 1
        elif last in _CLOSERS and _unbalanced(text[start:end], last):
            end -= 1
        else:
            break
    return end


def _unbalanced(url: str, closer: str) -> bool:
    return url.count(closer) > url.count(_CLOSERS[closer])


def _has_host(url: str) -> bool:
    """A scheme alone (``https://``) or ``www.`` with nothing after is no URL."""
    rest = url.split("://", 1)[1] if "://" in url else url
    return bool(rest) and (rest[0].isalnum() or rest[0] == "[")


# --- registrable domains ------------------------------------------------------


@lru_cache(maxsize=1)
def _suffix_list() -> "PublicSuffixList":
    """The Public Suffix List shipped inside ``publicsuffixlist``.

    Built on first use only, once per process; nothing is fetched: the
    package reads its own copy of the list, which is updated with its
    releases. Unknown top-level domains are not suffixes, so ``report.pdfx``
    has no registrable domain.
    """
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList(_suffix_rules(), accept_unknown=False,
                            accept_encoded_idn=False)


def _suffix_rules() -> list[str]:
    """The list's rules, each non-ASCII one also in punycode.

    The package would run every one of its ten thousand rules through the
    IDNA codec (about 60 ms); only the few hundred non-ASCII ones change,
    and for those, lowercase already, punycode per label gives what IDNA
    does (``tests/test_perf_equivalence.py`` holds the two builds equal).
    """
    from publicsuffixlist import PSLFILE

    with open(PSLFILE, encoding="utf-8") as source:
        lines = source.read().splitlines()
    rules = [line for line in lines if line and not line.startswith("//")]
    for line in lines:
        if line.isascii():
            continue
        rule = line.lower().split(" ")[0].rstrip()
        if not rule or rule.startswith("//"):
            continue
        exception = rule.startswith("!")
        encoded = _punycode(rule.lstrip("!"))
        rules.append("!" + encoded if exception else encoded)
    return rules


def _punycode(name: str) -> str:
    """A lowercase host name with each non-ASCII label as ``xn--`` punycode."""
    return ".".join(
        label if label.isascii() else "xn--" + label.encode("punycode").decode("ascii")
        for label in name.split(".")
    )


@lru_cache(maxsize=4096)
def ascii_host(host: str) -> str:
    """A host name in ASCII (punycode), or as given when IDNA refuses it.

    Cached: the IDNA codec is slow, and an email repeats its hosts.
    """
    if host.isascii():
        return host.lower()
    try:
        return host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return host.lower()


@lru_cache(maxsize=4096)
def registrable_domain(host: str) -> str | None:
    """``shop.co.uk`` for ``www.shop.co.uk``; None for a suffix or an IP."""
    if not host or ip_address_of(host) is not None:
        return None
    return _suffix_list().privatesuffix(ascii_host(host))
