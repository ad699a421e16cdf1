"""The shortcuts that make the link rules cheap give the plain answers.

Link rules run once per link and rule, so they settle most links early:
a test of one character, a verdict cached per distinct href, a check of
plain email addresses that spares importing validators, a comparison of
hosts that spares building the Public Suffix List. Each shortcut here is
held to the straightforward way of getting the same answer. Nothing here
measures time: that is ``benchmarks/rule_costs.py``'s job.
"""

from __future__ import annotations

import ipaddress
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
import validators
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.links import Attribute, Link, TemplateToken
from linter.providers import PROVIDERS, Provider
from linter.rules import ineffective_opt_out, link_text_mismatch, rule_modules
from linter.rules.base import Edit, Hit
from linter.rules.context import RuleContext
from linter.rules.forbidden_host import check as forbidden_host_check
from linter.rules.invalid_mailto import _is_email
from linter.tracking import (
    ascii_host,
    foreign_opt_outs,
    ip_address_of,
    opts_out,
    registrable_domain,
    services,
    tracking_redirect,
    web_url,
)
from linter.urlcheck import ENCODED_DELIMITERS, find_encoded_tokens, is_private_address
from tests.linkfactory import make_link

REPO = Path(__file__).resolve().parents[1]
LINK_RULES = [module for module in rule_modules() if module.SCOPE == "link"]
CTX = RuleContext(forbidden_hosts=("staging.shop.com", "*.internal"))


# --- a verdict cached per href holds no position ----------------------------


def _shifted(link: Link, by: int) -> Link:
    """The same link ``by`` characters further into its document."""

    def moved(attribute: Attribute) -> Attribute:
        return attribute._replace(
            name_start=attribute.name_start + by,
            value_start=attribute.value_start + by,
            equals_start=attribute.equals_start + by,
        )

    def token_moved(token: TemplateToken) -> TemplateToken:
        return token._replace(start=token.start + by, end=token.end + by)

    offsets = link.offsets
    return link._replace(
        attribute=moved(link.attribute),
        tag_start=link.tag_start + by,
        attributes=tuple(moved(attribute) for attribute in link.attributes),
        offsets=None if offsets is None else tuple(o + by for o in offsets),
        tokens=tuple(token_moved(token) for token in link.tokens),
        tag_tokens=tuple(token_moved(token) for token in link.tag_tokens),
    )


def _hit_shifted(hit: Hit, by: int) -> Hit:
    edit = hit.edit
    if edit is not None:
        edit = Edit(edit.start + by, edit.end + by, edit.replacement)
    return hit._replace(start=hit.start + by, end=hit.end + by, edit=edit)


def _hits(module: ModuleType, link: Link) -> list[Hit]:
    return list(module.check(link, CTX))


# Values that every cached rule reports at least once, with character
# references and tokens so that offsets do not map one to one.
REPORTED = [
    "#",
    " # ",
    "url",
    "https://example.com",
    "http://localhost:3000/x",
    "https://staging.shop.com/a",
    "https://shop.com/a b",
    "https://shop.com/a&amp;b c",
    "https://sh op.com/x",
    "mailto:help@shop",
    "mailto:help@shop.com?subject=Hi there",
    "mailto:Info <info@shop.com>",
    "https://shop.com/%zz",
    "https://shop.com/%7B%7Bname%7D%7D",
    "https://shop.com/{{ x",
    "https://click.pstmrk.it/3s/shop.com%2Fa/x",
    "https://bit.ly/x",
    "http://shop.com/x",
    "https://shop.com/<b>",
    "https://shop.com/it's",
    "{{ url }}",
    "htps://shop.com",
    "",
]


@pytest.mark.parametrize("value", REPORTED)
def test_a_cached_verdict_is_placed_at_each_link(value: str) -> None:
    _, first = make_link(value)
    second = _shifted(first, 1000)

    for module in LINK_RULES:
        expected = [_hit_shifted(hit, 1000) for hit in _hits(module, first)]
        assert _hits(module, second) == expected, module.CODE


def test_the_cached_values_are_reported() -> None:
    """The list above reaches every cached verdict (else it proves little)."""
    codes: set[str] = set()
    for value in REPORTED:
        _, link = make_link(value)
        codes.update(module.CODE for module in LINK_RULES if _hits(module, link))

    cached = {"EL107", "EL108", "EL201", "EL205", "EL207", "EL209", "EL210",
              "EL308", "EL404"}
    assert cached <= codes


_PIECES = ["https://", "http://", "mailto:", "shop.com", "localhost", "/", "?",
           "#", "=", "&amp;", " ", "\t", "%20", "%zz", "{{ x }}", "{{", "<", "'",
           "\u201c", "@", "x", "."]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=8), st.integers(1, 500))
def test_any_value_is_placed_at_each_link(pieces: list[str], by: int) -> None:
    _, first = make_link("".join(pieces))
    second = _shifted(first, by)

    for module in LINK_RULES:
        expected = [_hit_shifted(hit, by) for hit in _hits(module, first)]
        assert _hits(module, second) == expected, module.CODE


def test_the_forbidden_host_verdict_is_cached_per_config() -> None:
    _, link = make_link("https://staging.shop.com/a")
    banned = RuleContext(forbidden_hosts=("staging.shop.com",))

    for _ in range(2):
        assert list(forbidden_host_check(link, banned))
        assert not list(forbidden_host_check(link, RuleContext()))


# --- plain email addresses: settled as validators settles them -------------

_ADDRESS_PIECES = ["a", "Z", "9", ".", "-", "_", "+", "@", "shop", "com", "x" * 63,
                   "é", " ", "[1.2.3.4]", '"', "!", "..", "-x", "1"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_ADDRESS_PIECES), min_size=1, max_size=8))
def test_plain_addresses_are_judged_as_validators_judges_them(
    pieces: list[str],
) -> None:
    address = "".join(pieces)
    assert _is_email(address) == bool(validators.email(address)), address


_LABELS = st.text(alphabet="aZ09-_é", min_size=0, max_size=5)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(alphabet="aZ9+_.-!é\"", max_size=4), min_size=1, max_size=3),
       st.lists(_LABELS, min_size=1, max_size=4))
def test_address_shaped_values_are_judged_as_validators_judges_them(
    atoms: list[str], labels: list[str]
) -> None:
    address = ".".join(atoms) + "@" + ".".join(labels)
    assert _is_email(address) == bool(validators.email(address)), address


@pytest.mark.parametrize("address", [
    "help@shop.com",
    "help_me@shop.com",
    "help@sh_op.com",
    "help@shop.co_",
    "help@shop.c0",
    "help@shop.123",
    "help@shop.c0m",
    "first.last+tag@mail.shop.co.uk",
    "a" * 64 + "@shop.com",
    "a" * 65 + "@shop.com",
    "help@" + "a" * 63 + ".com",
    "help@" + "a" * 64 + ".com",
    "help@" + ".".join(["a" * 60] * 4) + ".com",
    "help@shop.c",
    "help@shop.c0m",
    "help@-shop.com",
    "help@shop-.com",
    "help@shop..com",
    "help.@shop.com",
    "help@shop",
    "help@[1.2.3.4]",
    '"help me"@shop.com',
    "jörg@shop.com",
    "help@bücher.de",
])
def test_edge_addresses_are_judged_as_validators_judges_them(address: str) -> None:
    assert _is_email(address) == bool(validators.email(address))


def _imports_after(source: str, module: str) -> bool:
    program = (
        "import sys\n"
        "from linter import lint_text\n"
        f"lint_text({source!r})\n"
        f"print({module!r} in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True,
                            text=True, cwd=REPO, check=True)
    return result.stdout.strip() == "True"


def test_a_plain_mailto_address_needs_no_validators() -> None:
    assert not _imports_after('<a href="mailto:help@shop.com">Mail</a>', "validators")
    assert _imports_after('<a href="mailto:help@[1.2.3.4]">Mail</a>', "validators")


# --- link text and href on one host: no suffix list needed ------------------

_HOSTS = ["shop.com", "www.shop.com", "shop.co.uk", "www.shop.co.uk", "co.uk",
          "github.io", "alice.github.io", "bob.github.io", "s3.amazonaws.com",
          "amazonaws.com", "x.s3.amazonaws.com", "bücher.de", "xn--bcher-kva.de",
          "10.0.0.1", "Shop.COM", "report.pdf", "click.pstmrk.it"]


def _straightforward_mismatch(link: Link) -> str | None:
    """EL402's answer the plain way: registrable domains always compared."""
    shown_host = link_text_mismatch._domain_in_text(link.text)
    url = web_url(link.value)
    if shown_host is None or url is None or not url.has_literal_host:
        return None
    if ip_address_of(url.host) or tracking_redirect(url) is not None:
        return None
    shown = registrable_domain(shown_host)
    target = registrable_domain(ascii_host(url.host))
    if shown is None or target is None or shown == target:
        return None
    return target


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(_HOSTS), st.sampled_from(_HOSTS),
       st.sampled_from(["", "https://", "http://"]), st.sampled_from(["", "/a"]))
def test_link_text_mismatch_is_the_suffix_list_answer(
    text_host: str, href_host: str, scheme: str, path: str
) -> None:
    _, link = make_link(f"https://{href_host}/x")
    link = link._replace(text=f"{scheme}{text_host}{path}")

    hits = list(link_text_mismatch.check(link, CTX))
    target = _straightforward_mismatch(link)

    assert len(hits) == (target is not None)
    if target is not None:
        assert f"goes to {target};" in hits[0].message


# --- host names are no IP addresses: told without a ValueError --------------


def _plain_ip_address_of(
    host: str,
) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    if host.startswith("[") and host.endswith("]"):
        try:
            return ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            return None
    try:
        return ipaddress.IPv4Address(host)
    except ValueError:
        return None


def _plain_is_private_address(host: str) -> bool:
    if "%" in host:
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return (address.is_loopback or address.is_private or address.is_link_local
            or address.is_unspecified)


_HOST_PIECES = ["1", "0", "127", "10", "255", "256", ".", ":", "::", "[", "]", "a",
                "f", "F", "x", "shop", "-", "%", "٣", " ", "ffff", "192.168.1.1"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_HOST_PIECES), max_size=9))
def test_ip_hosts_are_read_as_ipaddress_reads_them(pieces: list[str]) -> None:
    host = "".join(pieces)
    assert ip_address_of(host) == _plain_ip_address_of(host)
    assert is_private_address(host) == _plain_is_private_address(host)


@pytest.mark.parametrize("host", ["127.0.0.1", "10.1.2.3", "::1", "fe80::1",
                                  "FE80::1", "FC00::1", "::FFFF:10.0.0.1",
                                  "[::1]", "0.0.0.0", "1.2.3.4", "shop.com", ""])
def test_known_hosts_are_read_as_ipaddress_reads_them(host: str) -> None:
    assert ip_address_of(host) == _plain_ip_address_of(host)
    assert is_private_address(host) == _plain_is_private_address(host)


# --- opt-outs: links without any are settled by their names -----------------

_OPT_OUT_NAMES = sorted({name for p in PROVIDERS.values() for name in p.opt_outs})
_ATTRIBUTE_VALUES = [None, "off", "OFF", "on", "false", "0", "1", "true", "yes",
                     "no", "untracked", "btn untracked", "btn", "&#117;ntracked"]


@st.composite
def _opt_out_links(draw: st.DrawFn) -> Link:
    names = draw(st.lists(st.sampled_from([*_OPT_OUT_NAMES, "style", "target"]),
                          max_size=4))
    href_at = draw(st.integers(0, len(names)))
    names.insert(href_at, "href")
    attributes = []
    position = 3
    for name in names:
        raw = "https://shop.com/" if name == "href" else draw(
            st.sampled_from(_ATTRIBUTE_VALUES))
        attributes.append(Attribute(name=name, name_start=position, raw=raw,
                                    value_start=position + len(name) + 2))
        position += len(name) + len(raw or "") + 4
    href = attributes[href_at]
    return Link(element="a", attribute=href, tag_start=0,
                attributes=tuple(attributes), value=href.raw or "", offsets=None)


def _plain_foreign_opt_outs(
    link: Link, provider: Provider
) -> list[tuple[Attribute, Provider]]:
    found = []
    for attribute in link.attributes:
        if attribute.name in provider.opt_outs:
            continue
        for service in services():
            if attribute.name not in service.opt_outs:
                continue
            if opts_out(attribute, service.opt_outs[attribute.name]):
                found.append((attribute, service))
            break
    return found


@settings(max_examples=400, deadline=None)
@given(_opt_out_links(), st.sampled_from(sorted(PROVIDERS)))
def test_opt_out_findings_are_the_full_checks(link: Link, name: str) -> None:
    provider = PROVIDERS[name]
    ctx = RuleContext(provider=provider)

    plain = [*ineffective_opt_out._foreign(link, provider),
             *ineffective_opt_out._own(link, provider)]

    assert list(ineffective_opt_out.check(link, ctx)) == plain
    assert list(foreign_opt_outs(link, provider)) == _plain_foreign_opt_outs(
        link, provider)


# --- one '%' test stands for the encoded-template search ---------------------


def test_every_encoded_opener_holds_a_percent_sign() -> None:
    assert all("%" in opener for opener, _ in ENCODED_DELIMITERS)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="{}7BbDd25*|[]<>$#x", max_size=20))
def test_a_value_without_a_percent_sign_has_no_encoded_token(value: str) -> None:
    assert find_encoded_tokens(value) == ()
