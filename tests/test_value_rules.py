"""Unit tests of the rules that judge a link's value (EL101-EL109, EL2xx).

Each case names a value as written in a template and the rule that must,
or must not, report it; fixes are applied to the document to check that
the edit gives the promised value and that the rule is then satisfied.
"""

from __future__ import annotations

import importlib
import re
from types import ModuleType

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from linter.links import Link
from linter.rules.base import Hit, RuleInfo
from linter.rules.context import RuleContext
from tests.linkfactory import VALUE_RULE_MODULES, href_of, make_link

RULES: dict[str, ModuleType] = {
    module.CODE: module
    for module in (
        importlib.import_module(f"linter.rules.{name}")
        for name in VALUE_RULE_MODULES
    )
}
CTX = RuleContext(forbidden_hosts=("staging.shop.com", "*.internal", "*.Dev.Shop.COM"))

# Code, name and severity of each rule, as SPEC lists them.
SPEC_RULES = {
    "EL101": ("missing-scheme", "error"),
    "EL102": ("relative-url", "error"),
    "EL103": ("misspelled-scheme", "error"),
    "EL104": ("repeated-scheme", "error"),
    "EL105": ("unsafe-scheme", "error"),
    "EL106": ("empty-href", "error"),
    "EL107": ("placeholder-href", "warning"),
    "EL108": ("forbidden-host", "error"),
    "EL109": ("other-scheme", "warning"),
    "EL201": ("whitespace-in-url", "error"),
    "EL202": ("smart-quotes", "error"),
    "EL206": ("invalid-host", "error"),
    "EL207": ("invalid-url", "error"),
    "EL208": ("encoded-template", "error"),
    "EL210": ("invalid-mailto", "warning"),
    "EL211": ("invalid-tel", "warning"),
}


def hits(code: str, value: str, quote: str = '"') -> tuple[str, Link, list[Hit]]:
    """The document, link and hits of one rule on one value as written."""
    document, link = make_link(value, quote=quote)
    return document, link, list(RULES[code].check(link, CTX))


def all_codes(value: str, quote: str = '"') -> set[str]:
    """The codes of every value rule that reports ``value``."""
    _, link = make_link(value, quote=quote)
    return {code for code, rule in RULES.items() if list(rule.check(link, CTX))}


# --- each rule reports these values (SPEC's examples and real ones) --------

BAD = [
    # EL101 missing-scheme
    ("EL101", "www.shop.com"),
    ("EL101", "shop.com/sale"),
    ("EL101", "facebook.com"),
    ("EL101", "//shop.com"),
    ("EL101", "contact.net"),
    ("EL101", "WWW.Shop.com/Sale?utm_source=email"),
    ("EL101", "shop.co.uk/offers#top"),
    ("EL101", "www.{{ domain }}/account"),
    ("EL101", "localhost:3000/confirm"),
    ("EL101", "help@shop.com"),
    ("EL101", " www.shop.com "),
    # EL102 relative-url
    ("EL102", "/account"),
    ("EL102", "account/settings"),
    ("EL102", "../a"),
    ("EL102", "?q=1"),
    ("EL102", "/"),
    ("EL102", "./offers.html"),
    ("EL102", "index.html"),
    ("EL102", "images/logo.png"),
    ("EL102", "/account/{{ user.id }}"),
    ("EL102", "TODO"),
    # EL103 misspelled-scheme
    ("EL103", "htp://shop.com"),
    ("EL103", "http//shop.com"),
    ("EL103", "http:/shop.com"),
    ("EL103", "https;//shop.com"),
    ("EL103", "http:\\\\shop.com"),
    ("EL103", "hhttps://shop.com"),
    ("EL103", "Https ://shop.com"),
    ("EL103", "htps://shop.com/sale"),
    ("EL103", "httpss://shop.com"),
    ("EL103", "htttp://shop.com"),
    ("EL103", "ttps://shop.com"),
    ("EL103", "http:shop.com"),
    ("EL103", "https:///shop.com"),
    ("EL103", "https: //shop.com"),
    ("EL103", "httpx://shop.com"),
    # EL104 repeated-scheme
    ("EL104", "http://http://shop.com"),
    ("EL104", "https://https//x.com"),
    ("EL104", "http://https://shop.com/a"),
    ("EL104", "https://http:/shop.com"),
    ("EL104", "https://https://https://shop.com"),
    ("EL104", "htp://http://shop.com"),
    # EL105 unsafe-scheme
    ("EL105", "javascript:void(0)"),
    ("EL105", "JavaScript:alert(1)"),
    ("EL105", "vbscript:msgbox"),
    ("EL105", "data:text/html;base64,PHNjcmlwdD4="),
    ("EL105", "file:///C:/offer.html"),
    ("EL105", "java\tscript:alert(1)"),
    ("EL105", "  javascript:void(0)"),
    ("EL105", "C:\\Users\\me\\offer.html"),
    ("EL105", "\\\\fileserver\\share\\offer.pdf"),
    # EL106 empty-href
    ("EL106", ""),
    ("EL106", "   "),
    ("EL106", "&nbsp;"),
    ("EL106", "http://"),
    ("EL106", "https://"),
    ("EL106", "http:"),
    ("EL106", "http:///"),
    ("EL106", "http://?utm_source=x"),
    ("EL106", "htp://"),
    # EL107 placeholder-href
    ("EL107", "#"),
    ("EL107", "#!"),
    ("EL107", "http://example.com"),
    ("EL107", "https://www.example.org/"),
    ("EL107", "your-link-here"),
    ("EL107", "YOUR_LINK_HERE"),
    ("EL107", "url"),
    ("EL107", "TODO"),
    ("EL107", " # "),
    ("EL107", "https://your-link-here"),
    # EL108 forbidden-host
    ("EL108", "http://localhost/confirm"),
    ("EL108", "http://localhost:8000/"),
    ("EL108", "http://127.0.0.1:5000/reset"),
    ("EL108", "http://10.0.0.5/"),
    ("EL108", "http://172.16.4.2/"),
    ("EL108", "https://192.168.1.20/"),
    ("EL108", "http://169.254.1.1/"),
    ("EL108", "http://[::1]/"),
    ("EL108", "http://0x7f.1/"),
    ("EL108", "https://printer.local/"),
    ("EL108", "https://shop.test/"),
    ("EL108", "https://shop.invalid/"),
    ("EL108", "https://shop.example/"),
    ("EL108", "https://app.localhost/"),
    ("EL108", "http://example.com"),
    ("EL108", "https://EXAMPLE.NET/x"),
    ("EL108", "https://shop.example.org/x"),
    ("EL108", "https://staging.shop.com/x"),
    ("EL108", "https://STAGING.shop.com./x"),
    ("EL108", "https://api.internal/x"),
    ("EL108", "https://a.b.internal/x"),
    ("EL108", "https://x.dev.shop.com/"),
    ("EL108", "https://{{ sub }}.example.com/x"),
    ("EL108", "https://{{ env }}.internal/x"),
    ("EL108", "localhost:3000"),
    ("EL108", "htp://localhost/x"),
    # EL109 other-scheme
    ("EL109", "ftp://files.shop.com/a.pdf"),
    ("EL109", "git://github.com/x/y"),
    ("EL109", "irc:irc.libera.chat"),
    ("EL109", "webcal://shop.com/events.ics"),
    ("EL109", "skype:shop?call"),
    ("EL109", "cid:logo.png"),
    ("EL109", "hxxp://shop.com"),
    # EL201 whitespace-in-url
    ("EL201", " https://shop.com"),
    ("EL201", "https://shop.com "),
    ("EL201", "https://shop.com/summer sale"),
    ("EL201", "https://shop.com/\xa0"),
    ("EL201", "https://shop.com/&nbsp;x"),
    ("EL201", "https://shop.com/a\tb"),
    ("EL201", "https://shop.com/a\n   b"),
    ("EL201", "https://shop.com/?q=red shoes"),
    ("EL201", "https://shop .com/"),
    ("EL201", "tel:+41 600 00 00"),
    ("EL201", "mailto:a@shop.com?subject=Hi there"),
    ("EL201", "{{ url }} "),
    ("EL201", "https://shop.com/\u2009x"),
    ("EL201", "https://shop.com/&#10;x"),
    # EL202 smart-quotes
    ("EL202", "\u201dhttps://shop.com\u201d"),
    ("EL202", "\u201chttps://shop.com\u201d"),
    ("EL202", "https://shop.com/\u201d"),
    ("EL202", "https://shop.com/men\u2019s-shoes"),
    ("EL202", "\u2018https://shop.com\u2019"),
    ("EL202", "https://shop.com/\u2033"),
    ("EL202", "&rdquo;https://shop.com&rdquo;"),
    # EL206 invalid-host
    ("EL206", "https://shop..com/"),
    ("EL206", "https://example..com"),
    ("EL206", "https://.shop.com/"),
    ("EL206", "https://-shop.com/"),
    ("EL206", "https://shop-.com/"),
    ("EL206", "https://" + "a" * 64 + ".com/"),
    ("EL206", "https://shop.c0m/"),
    ("EL206", "https://shop.123/"),
    ("EL206", "https://shop.co_uk/"),
    ("EL206", "http://0x7f.1"),
    ("EL206", "http://3232235777/"),
    ("EL206", "http://1.2.3.4.5/"),
    ("EL206", "http://010.0.0.1/"),
    ("EL206", "http://256.1.1.1/"),
    ("EL206", "https://sh%6Fp.com/"),
    ("EL206", "https://shop|x.com/"),
    ("EL206", "https://user@/x"),
    ("EL206", "https://:443/x"),
    ("EL206", "http://[::1/"),
    ("EL206", "http://[1::2::3]/"),
    ("EL206", "https://\uff05\uff14\uff11.com/"),
    ("EL206", "www.shop..com"),
    ("EL206", "https://{{ sub }}.shop..com/"),
    ("EL206", "https://shop..com/a b"),
    # EL207 invalid-url
    ("EL207", "https://shop.com/%zz"),
    ("EL207", "https://shop.com/?discount=20%"),
    ("EL207", "https://shop.com/a\\b"),
    ("EL207", "https://shop.com/<b>"),
    ("EL207", "https://shop.com/a\x00"),
    ("EL207", "https://shop.com/a\x7f"),
    ("EL207", "https://sh\u200bop.com/"),
    ("EL207", "https://shop.com/\u200b"),
    ("EL207", "https://shop.com/\u202e"),
    ("EL207", "https://shop.com/\ufeff"),
    ("EL207", "https://shop.com/\ufffd"),
    ("EL207", "https://shop.com:99999/"),
    ("EL207", "https://shop.com:http/"),
    ("EL207", "https://shop.com:-1/"),
    ("EL207", "/account%zz"),
    ("EL207", "\u200bhttps://shop.com/"),
    ("EL207", "mailto://:443"),
    ("EL207", "sc://a^b"),
    # EL208 encoded-template
    ("EL208", "https://shop.com/%7B%7B%20order_id%20%7D%7D"),
    ("EL208", "https://shop.com/?u=%7b%7burl%7d%7d"),
    ("EL208", "%7B%7B%20url%20%7D%7D"),
    ("EL208", "https://shop.com/%7B%25%20url%20%25%7D"),
    ("EL208", "*%7CUNSUB%7C*"),
    ("EL208", "https://shop.com/?e=%24%7Bemail%7D"),
    ("EL208", "https://shop.com/?e=%5B%5Bemail%5D%5D"),
    ("EL208", "https://%7B%7Bhost%7D%7D/x"),
    ("EL208", "https://shop.com/%7B%7Bunclosed"),
    # EL210 invalid-mailto
    ("EL210", "mailto:"),
    ("EL210", "mailto:info@shop"),
    ("EL210", "mailto:info.shop.com"),
    ("EL210", "mailto:a@shop.com,not-an-address"),
    ("EL210", "mailto:a@shop.com?cc=bad@"),
    ("EL210", "mailto:a@shop.com?subject=Hello there"),
    ("EL210", "mailto:?subject=Hi&body=Read this"),
    ("EL210", "MAILTO:info@@shop.com"),
    # EL211 invalid-tel
    ("EL211", "tel:+41 600 00 00"),
    ("EL211", "tel:1-800-FLOWERS"),
    ("EL211", "tel:"),
    ("EL211", "tel:+41/600/00/00"),
    ("EL211", "tel:41+600"),
    ("EL211", "tel:+41%20600"),
    ("EL211", "tel:---"),
    ("EL211", "tel:+41600;foo=bar"),
]

# --- and stays silent on these --------------------------------------------

GOOD = [
    ("EL101", "https://www.shop.com"),
    ("EL101", "/account"),
    ("EL101", "{{ url }}"),
    ("EL101", "*|UNSUB|*"),
    ("EL101", "{{ host }}.com/x"),
    ("EL101", "logo.png"),
    ("EL101", "htp://x.com"),
    ("EL101", "mailto:help@shop.com"),
    ("EL102", "#top"),
    ("EL102", "#"),
    ("EL102", "{{ base_url }}/account"),
    ("EL102", "<%= url %>"),
    ("EL102", "%(link)s"),
    ("EL102", "www.shop.com"),
    ("EL102", "https://shop.com/account"),
    ("EL102", "%7B%7Burl%7D%7D"),
    ("EL102", "\u201chttps://shop.com\u201d"),
    ("EL102", "http{{ s }}://shop.com"),
    ("EL102", "shop.{{ tld }}/x"),
    ("EL102", "{{ name }}.png"),
    ("EL103", "https://shop.com"),
    ("EL103", "HTTPS://SHOP.COM/"),
    ("EL103", "http://shop.com"),
    ("EL103", "http.shop.com/x"),
    ("EL103", "https-proxy.shop.com"),
    ("EL103", "http://http://shop.com"),
    ("EL103", "shttp://shop.com"),
    ("EL103", "ftp://shop.com"),
    ("EL103", "http://"),
    ("EL103", "{{ scheme }}://shop.com"),
    ("EL104", "https://http.cat/200"),
    ("EL104", "https://https.shop.com/"),
    ("EL104", "http://http:8080/"),
    ("EL104", "https://shop.com/?next=https://shop.com/a"),
    ("EL104", "https://shop.com/http://x"),
    ("EL105", "https://shop.com/javascript:void"),
    ("EL105", "https://shop.com/?data:x"),
    ("EL105", "javascript-guide.shop.com"),
    ("EL106", "https://shop.com"),
    ("EL106", "{{ url }}"),
    ("EL106", "mailto:"),
    ("EL106", "#"),
    ("EL107", "#top"),
    ("EL107", "#section-2"),
    ("EL107", "https://example.com.shop.com/"),
    ("EL107", "https://shop.com/url"),
    ("EL107", "https://example.com/welcome"),
    ("EL107", "{{ url }}"),
    ("EL107", "/link"),
    ("EL108", "https://shop.com/"),
    ("EL108", "https://localhost.shop.com/"),
    ("EL108", "https://examples.com/"),
    ("EL108", "https://shop.local.com/"),
    ("EL108", "https://8.8.8.8/"),
    ("EL108", "https://internal/"),
    ("EL108", "https://shop.com/?u=localhost"),
    ("EL108", "https://prod.shop.com/"),
    ("EL108", "https://dev.shop.com/"),
    ("EL108", "https://{{ host }}/x"),
    ("EL108", "mailto:a@localhost"),
    ("EL109", "https://shop.com"),
    ("EL109", "mailto:a@shop.com"),
    ("EL109", "tel:+41600000000"),
    ("EL109", "sms:+41600000000"),
    ("EL109", "javascript:void(0)"),
    ("EL109", "htp://shop.com"),
    ("EL109", "shop.com:8080/x"),
    ("EL109", "{{ scheme }}:x"),
    ("EL201", "https://shop.com/summer%20sale"),
    ("EL201", "   "),
    ("EL201", "https://shop.com/{{ path | default('a b') }}"),
    ("EL201", "Https ://shop.com"),
    ("EL201", "javascript: void(0)"),
    ("EL202", "https://shop.com/men's"),
    ("EL202", "https://shop.com/\"x\""),
    ("EL202", "{{ '\u201c' }}"),
    ("EL206", "https://shop.com/"),
    ("EL206", "https://shop.com./"),
    ("EL206", "https://a_b.shop.com/"),
    ("EL206", "https://m\u00fcnchen.de/"),
    ("EL206", "https://xn--mnchen-3ya.de/"),
    ("EL206", "https://" + "a" * 63 + ".com/"),
    ("EL206", "https://1.2.3.4/"),
    ("EL206", "https://[2001:db8::1]/"),
    ("EL206", "https://{{ sub }}.shop.com/"),
    ("EL206", "https://shop.{{ tld }}/"),
    ("EL206", "https://{{ host }}/"),
    ("EL206", "https://{{ sub }}.m\u00fcnchen.de/"),
    ("EL206", "https://user:pw@shop.com/"),
    ("EL206", "https://shop.com:8443/"),
    ("EL206", "https://%7B%7Bhost%7D%7D/x"),
    ("EL206", "https://sh\u200bop.com/"),
    ("EL206", "http://"),
    ("EL207", "https://shop.com/?flag"),
    ("EL207", "https://shop.com/?a=1&&b=2"),
    ("EL207", "https://shop.com/?a=1&amp;b=2"),
    ("EL207", "https://shop.com/%E2%9C%93"),
    ("EL207", "https://shop.com/caf\u00e9"),
    ("EL207", "https://shop.com:{{ port }}/"),
    ("EL207", "https://shop.com/{{ path }}?a={{ b }}"),
    ("EL207", "https://shop.com/?p=%{{ pct }}"),
    ("EL207", "https://fonts.googleapis.com/css2?family=Inter:wght@400&display=swap"),
    ("EL207", "https://twitter.com/home?status=[[SHORT_PERMALINK]]"),
    ("EL207", "https://shop.com/a b"),
    ("EL207", "http:\\\\shop.com"),
    ("EL207", "\u201chttps://shop.com\u201d"),
    ("EL207", "javascript:alert(\"x\")"),
    ("EL207", "tel:+41 600 00 00"),
    ("EL207", "mailto:?subject=Hi"),
    ("EL207", "https://shop..com/"),
    ("EL207", "https://shop.com:/"),
    ("EL208", "https://shop.com/{{ order_id }}"),
    ("EL208", "https://shop.com/%7B"),
    ("EL208", "https://shop.com/?q=%7B%22a%22%7D"),
    ("EL208", "https://shop.com/%25%7B"),
    ("EL208", "javascript:%7B%7B"),
    ("EL210", "mailto:help@shop.com"),
    ("EL210", "mailto:a@shop.com,b@shop.com"),
    ("EL210", "mailto:a@shop.com?subject=Hello%20there&body=Hi"),
    ("EL210", "mailto:?subject=Check%20this%20out&body=https%3A%2F%2Fshop.com"),
    ("EL210", "mailto:?to=a@shop.com&subject=x"),
    ("EL210", "mailto:{{ email }}"),
    ("EL210", "mailto:{{ name }}@shop.com?subject={{ s }}"),
    ("EL210", "mailto:help%40shop.com"),
    ("EL210", "Mailto:Help@Shop.com"),
    ("EL210", "https://shop.com"),
    ("EL211", "tel:+41600000000"),
    ("EL211", "tel:+1-800-555-0100"),
    ("EL211", "tel:(0)44.600.00.00"),
    ("EL211", "tel:+1-800-555-0100;ext=123"),
    ("EL211", "tel:{{ phone }}"),
    ("EL211", "tel:+41{{ number }}"),
    ("EL211", "TEL:+41600"),
    ("EL211", "sms:+41 600"),
]


@pytest.mark.parametrize(("code", "value"), BAD)
def test_rule_reports_value(code: str, value: str) -> None:
    """The rule reports the value once, at the value (SPEC "Positions")."""
    document, link, found = hits(code, value)

    assert len(found) == 1, found
    hit = found[0]
    assert hit.message.strip()
    if code != "EL202":
        assert hit.start == link.offset(0) == document.index("href=") + 6
        assert hit.end == link.offset(len(link.value))


@pytest.mark.parametrize(("code", "value"), GOOD)
def test_rule_is_silent(code: str, value: str) -> None:
    """The rule does not report the value."""
    _, _, found = hits(code, value)

    assert found == []


# --- one problem, one rule; several problems, several rules ----------------

EXACTLY = [
    ("www.shop.com", {"EL101"}),
    ("//shop.com/a", {"EL101"}),
    ("htp://x.com", {"EL103"}),
    ("http//x.com", {"EL103"}),
    ("Https ://x.com", {"EL103"}),
    ("http://http://x.com", {"EL104"}),
    ("https://https//x.com", {"EL104"}),
    ("javascript:alert(\"a b\")", {"EL105"}),
    (" javascript:void(0) ", {"EL105"}),
    ("http://", {"EL106"}),
    ("", {"EL106"}),
    ("  ", {"EL106"}),
    ("#", {"EL107"}),
    ("#top", set()),
    ("http://example.com", {"EL107", "EL108"}),
    ("tel:+41 600 00 00", {"EL201", "EL211"}),
    ("https://shop..com/a b", {"EL201", "EL206"}),
    ("htp://localhost/x", {"EL103", "EL108"}),
    ("\u201dhttps://shop.com\u201d", {"EL202"}),
    ("https://%7B%7Bhost%7D%7D/x", {"EL208"}),
    ("%7B%7Burl%7D%7D", {"EL208"}),
    ("https://shop.com/{{ path }}?a={{ b }}", set()),
    ("{{ url }}", set()),
    ("*|UNSUB|*", set()),
    ("<%asm_group_unsubscribe_raw_url%>", set()),
    ("https://{{ host }}/x", set()),
    ("ftp://files.shop.com/a.pdf", {"EL109"}),
    ("http://a b/", {"EL201"}),
    ("http:\\\\shop.com\\x", {"EL103", "EL207"}),
    ("mailto:a@b.com?subject=Hi there", {"EL201", "EL210"}),
    ("https://fonts.googleapis.com/css?family=Lato:300,400&amp;display=swap", set()),
]


@pytest.mark.parametrize(("value", "codes"), EXACTLY)
def test_exactly_these_rules_report(value: str, codes: set[str]) -> None:
    """A value is reported by the rules that own its problems, no others."""
    assert all_codes(value) == codes


# --- fixes ------------------------------------------------------------------

FIXES = [
    ("EL101", "www.shop.com", '"', "https://www.shop.com"),
    ("EL101", "//shop.com/a", '"', "https://shop.com/a"),
    ("EL101", "shop.com/?a=1&amp;b=2", '"', "https://shop.com/?a=1&amp;b=2"),
    ("EL101", " www.shop.com", '"', " https://www.shop.com"),
    ("EL101", "help@shop.com", '"', "mailto:help@shop.com"),
    ("EL101", "www.{{ domain }}/x", '"', "https://www.{{ domain }}/x"),
    ("EL103", "htp://shop.com", '"', "http://shop.com"),
    ("EL103", "http//shop.com", '"', "http://shop.com"),
    ("EL103", "http:/shop.com", '"', "http://shop.com"),
    ("EL103", "https;//shop.com", '"', "https://shop.com"),
    ("EL103", "http:\\\\shop.com", '"', "http://shop.com"),
    ("EL103", "hhttps://shop.com", '"', "https://shop.com"),
    ("EL103", "Https ://shop.com", '"', "https://shop.com"),
    ("EL103", "https:///shop.com/a", '"', "https://shop.com/a"),
    ("EL103", "htps://{{ host }}/a", '"', "https://{{ host }}/a"),
    ("EL103", "httpx://shop.com", '"', None),
    ("EL103", "http:/:@/www.example.com", '"', None),
    ("EL104", "http://http://shop.com", '"', "http://shop.com"),
    ("EL104", "https://https//x.com", '"', "https://x.com"),
    ("EL104", "http://https://shop.com/a&amp;b", '"', "https://shop.com/a&amp;b"),
    ("EL104", "https://http:/shop.com", '"', "http://shop.com"),
    ("EL104", "htp://htps://shop.com", '"', "https://shop.com"),
    ("EL201", " https://shop.com/ ", '"', "https://shop.com/"),
    ("EL201", "https://shop.com/summer sale", '"', "https://shop.com/summer%20sale"),
    ("EL201", "https://s.com/?q=red  shoes", '"', "https://s.com/?q=red%20%20shoes"),
    ("EL201", "https://shop.com/a\n    b", '"', "https://shop.com/ab"),
    ("EL201", "https://shop.com/&nbsp;x", '"', "https://shop.com/%20x"),
    ("EL201", "https://shop.com/?a=1&amp;b=2 ", '"', "https://shop.com/?a=1&amp;b=2"),
    ("EL201", "tel:+41 600 00 00", '"', "tel:+416000000"),
    ("EL201", "sms:+41 600?body=Hi there", '"', "sms:+41600?body=Hi%20there"),
    ("EL201", "mailto:a@b.com?s=Hi there", '"', "mailto:a@b.com?s=Hi%20there"),
    ("EL201", "{{ url }}?q=a b", '"', "{{ url }}?q=a%20b"),
    ("EL201", "{{ url }} ", '"', "{{ url }}"),
    ("EL201", "www.shop.com/a b", '"', "www.shop.com/a%20b"),
    ("EL201", "https://shop .com/", '"', None),
    ("EL201", "https://shop.com /a b", '"', None),
    ("EL201", "mailto:a @b.com", '"', None),
    ("EL201", "/my page", '"', None),
    ("EL202", "\u201dhttps://shop.com\u201d", "", "https://shop.com"),
    ("EL202", "&rdquo;https://s.com/?a&amp;b&rdquo;", "", "https://s.com/?a&amp;b"),
    ("EL202", "\u201chttps://shop.com\u201d", '"', "https://shop.com"),
    ("EL202", "https://shop.com/\u201d", '"', "https://shop.com/"),
    ("EL202", "https://shop.com/\u201d", "", "https://shop.com/"),
    ("EL202", "\u2018https://shop.com\u2019", "'", "https://shop.com"),
    ("EL202", "https://shop.com/men\u2019s", '"', None),
    ("EL208", "https://s.com/%7B%7B%20id%20%7D%7D", '"', "https://s.com/{{ id }}"),
    ("EL208", "%7b%7burl%7d%7d", '"', "{{url}}"),
    ("EL208", "*%7CUNSUB%7C*", '"', "*|UNSUB|*"),
    (
        "EL208",
        "https://s.com/%7B%25%20x%20%25%7D?a=%24%7By%7D&amp;b",
        '"',
        "https://s.com/{% x %}?a=${y}&amp;b",
    ),
    ("EL208", "https://shop.com/%7B%7Bunclosed", '"', None),
    ("EL208", "https://shop.com/%7B%7B%22a%22%7D%7D", '"', None),
]


def _apply(document: str, hit: Hit) -> str:
    """The document with the hit's edit applied."""
    assert hit.edit is not None
    edit = hit.edit
    return document[: edit.start] + edit.replacement + document[edit.end :]


@pytest.mark.parametrize(("code", "value", "quote", "expected"), FIXES)
def test_fix(code: str, value: str, quote: str, expected: str | None) -> None:
    """The fix is the expected href, its edit writes it, and the rule is met."""
    document, _, found = hits(code, value, quote)
    assert len(found) == 1
    hit = found[0]

    assert hit.fix == expected
    if expected is None:
        assert hit.edit is None
        return
    fixed_document = _apply(document, hit)
    fixed_href, fixed_quote = href_of(fixed_document)
    assert fixed_href == expected
    assert fixed_document.endswith(">x</a>")
    _, _, again = hits(code, fixed_href, fixed_quote)
    assert again == []


def _fix_in_passes(value: str, passes: int = 10) -> str:
    """Apply every rule's edits as ``--fix`` does: non-overlapping ones in
    each pass, the others in a later pass against the fixed text."""
    document, link = make_link(value)
    for _ in range(passes):
        edits = sorted(
            (hit.edit for rule in RULES.values() for hit in rule.check(link, CTX)
             if hit.edit is not None),
            key=lambda edit: (edit.start, edit.end),
        )
        if not edits:
            return href_of(document)[0]
        chosen = [edits[0]]
        for edit in edits[1:]:
            if edit.start >= chosen[-1].end and edit.start != edit.end:
                chosen.append(edit)
        for edit in reversed(chosen):
            document = document[: edit.start] + edit.replacement + document[edit.end :]
        href, quote = href_of(document)
        document, link = make_link(href, quote=quote)
    raise AssertionError(f"fixes of {value!r} do not settle")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (" htp://shop.com/summer sale ", "http://shop.com/summer%20sale"),
        ("\u201dwww.shop.com/a b\u201d", "https://www.shop.com/a%20b"),
        ("http://https://shop.com/%7B%7Bid%7D%7D ", "https://shop.com/{{id}}"),
    ],
)
def test_fixes_of_several_rules_settle(value: str, expected: str) -> None:
    """Applied pass after pass, the fixes of all rules leave a clean link."""
    fixed = _fix_in_passes(value)

    assert fixed == expected
    assert all_codes(fixed) == set()


def test_smart_quote_position_is_the_first_quote() -> None:
    """EL202 points at the first smart quote, after decoded references."""
    value = "https://shop.com/?a=1&amp;b=men\u2019s\u201d"
    document, _, found = hits("EL202", value)

    assert [hit.start for hit in found] == [document.index("\u2019")]
    assert found[0].end == found[0].start + 1


def test_rules_without_fix_give_none() -> None:
    """Only FIXABLE rules ever offer a fix."""
    for code, value in BAD:
        _, _, found = hits(code, value)
        if not RULES[code].FIXABLE:
            assert all(hit.fix is None and hit.edit is None for hit in found)


# --- the rule modules declare what the registry needs ------------------------


@pytest.mark.parametrize("code", sorted(SPEC_RULES))
def test_rule_metadata(code: str) -> None:
    """Code, name and severity match SPEC; the doc explains the rule."""
    module = RULES[code]
    info = RuleInfo.from_module(module)

    assert (info.name, info.severity) == SPEC_RULES[code]
    assert info.default is True
    assert module.SCOPE == "link"
    assert info.summary.endswith(".")
    for part in ("Why it matters", "Failing::", "Passing::", "How to fix", "Fix:"):
        assert part in info.doc, part
    assert info.fixable == ("Fix: yes" in info.doc)


# --- email-realistic hrefs (RESEARCH "Deciding whether an href is valid") ---

REALISTIC_VALID = [
    "https://shop.com/?flag",
    "https://shop.com/?a=1&&b=2",
    "https://shop.com/",
    "https://www.shop.com/sale?utm_source=newsletter&utm_medium=email",
    "https://shop.com/p/123#reviews",
    "https://shop.com/search?q=red+shoes&page=2",
    "https://shop.com/caf%C3%A9",
    "https://sub.domain.shop.co.uk/a/b/c.html",
    "https://shop.com:8443/x",
    "http://shop.com/legacy",
    "https://user@shop.com/",
    "https://m\u00fcnchen.de/",
    "https://xn--mnchen-3ya.de/",
    "https://shop.com/a;b=c",
    "https://shop.com/~user/",
    "https://shop.com/path/with-dash_and.dot",
    "https://shop.com/?redirect=https%3A%2F%2Fshop.com%2Fa",
    "https://shop.com/?list=a,b,c",
    "https://shop.com/?e=a%40b.com",
    "https://shop.com/?x=()*!'$",
    "https://1.2.3.4/",
    "https://[2606:4700::1111]:8080/",
    "https://fonts.googleapis.com/css?family=Open+Sans:300,400,600",
    "https://shop.com/{{ path }}",
    "https://{{ host }}/x",
    "https://shop.com/?u={{ user.id }}&t={{ token }}",
    "mailto:help@shop.com",
    "mailto:help@shop.com?subject=Order%20123",
    "tel:+41-44-600-00-00",
    "sms:+41446000000",
]

REALISTIC_MALFORMED = [
    "https://sh\u200bop.com/",
    "https://shop.com/sale\u201d",
    "https://shop.com/%zz",
    "http:/x.com",
    "https://https://x.com",
    "https://shop.com/summer sale",
    "https://shop.com /sale",
    " https://shop.com",
    "https://example..com",
    "http://0x7f.1",
    "http://3232235521/",
    "htp://shop.com",
    "http//shop.com",
    "https;//shop.com",
    "http:\\\\shop.com",
    "hhttps://shop.com",
    "Https ://shop.com",
    "http://http://shop.com",
    "www.shop.com",
    "shop.com/sale",
    "//shop.com",
    "/account",
    "../offers",
    "?q=1",
    "javascript:void(0)",
    "data:text/html,hi",
    "file:///C:/x.html",
    "",
    "http://",
    "http://localhost:3000/",
    "http://192.168.0.10/",
    "https://shop-.com/",
    "https://shop.c0m/",
    "https://" + "x" * 64 + ".com/",
    "https://shop.com:99999/",
    "https://shop.com/<script>",
    "https://shop.com/a\\b",
    "https://shop.com/\u202eexe.pdf",
    "https://shop.com/%7B%7B%20id%20%7D%7D",
    "https://shop.com/\x01",
    "https://shop.com/\ufeff",
    "\u201chttps://shop.com\u201d",
    "https://shop.com/\t",
    "https://shop.com/\nx",
    "https://shop.com/&nbsp;",
    "https://shop%20.com/",
    "https://shop.com/?discount=50%",
    "https://[::1/",
]


@pytest.mark.parametrize("value", REALISTIC_VALID)
def test_realistic_valid_href_has_no_error(value: str) -> None:
    """A well-formed email link draws no error (warnings aside)."""
    errors = {c for c in all_codes(value) if RULES[c].SEVERITY == "error"}

    assert errors == set()


@pytest.mark.parametrize("value", REALISTIC_MALFORMED)
def test_realistic_malformed_href_has_an_error(value: str) -> None:
    """A malformed email link draws at least one error."""
    errors = {c for c in all_codes(value) if RULES[c].SEVERITY == "error"}

    assert errors


# --- robustness: any text, no crash, hits in place, fixes that hold ---------

_PIECES = st.sampled_from(
    [
        "http", "https", "htp", "://", ":/", "//", ":", ";", "\\", "www.",
        "shop", ".", "..", "com", "-", "_", "/", "?", "#", "&", "=", "%",
        "%7B%7B", "%7D%7D", "*%7C", "%20", "%zz", "{{ x }}", "*|TAG|*", " ",
        "\xa0", "\t", "\n", "\u201c", "\u201d", "\u2019", "\u200b", "@",
        "mailto:", "tel:", "+41", "600", "javascript:", "localhost",
        "127.0.0.1", "0x7f", "[", "]", "&amp;", "&nbsp;", "\u00fc", "x" * 70,
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=12).map("".join), st.sampled_from(['"', "'", ""]))
def test_any_value_is_judged_without_error(value: str, quote: str) -> None:
    """Rules never crash, hits stay in the value, fixes satisfy the rule."""
    # An unquoted value ends at ASCII white space: no such value exists.
    assume(quote or not any(char in " \t\n" for char in value))
    document, link = make_link(value, quote=quote)
    end = link.offset(len(link.value))

    for code, rule in RULES.items():
        for hit in rule.check(link, CTX):
            assert link.offset(0) <= hit.start <= hit.end <= end
            assert hit.message
            if hit.edit is None:
                continue
            fixed_href, fixed_quote = href_of(_apply(document, hit))
            assert fixed_href == hit.fix
            assert hits(code, fixed_href, fixed_quote)[2] == [], (code, value)


def test_href_of_reads_every_quote_style() -> None:
    """The test helper reads back what make_link wrote."""
    for quote in ('"', "'", ""):
        document, link = make_link("https://shop.com/?a=1&amp;b", quote=quote)
        assert href_of(document) == ("https://shop.com/?a=1&amp;b", quote)
        assert link.value == "https://shop.com/?a=1&b"
        assert link.offset(len(link.value)) == link.attribute.value_end


def test_double_quote_in_single_quoted_value_is_invalid() -> None:
    """A raw `"` can only stand in a value quoted with `'`: EL207 says so."""
    _, _, found = hits("EL207", 'https://shop.com/?q="shoes"', quote="'")

    assert len(found) == 1
    assert "'\"'" in found[0].message


def test_character_search_agrees_with_character_check() -> None:
    """The one-search scan finds exactly the characters the check rejects."""
    from linter.urlcheck import char_problem, first_char_problem

    planes = [p << 16 | low for p in range(1, 17) for low in (0xFFFD, 0xFFFE, 0xFFFF)]
    for code in [*range(0x10000), *planes]:
        char = chr(code)
        assert first_char_problem(char) == char_problem(char), hex(code)


def test_importing_the_rules_does_not_import_validators() -> None:
    """validators (~50 ms to import) loads only when a mailto: is checked."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    modules = ", ".join(f"linter.rules.{name}" for name in VALUE_RULE_MODULES)
    script = f"import sys, {modules}; print('validators' in sys.modules)"
    repo = str(Path(__file__).resolve().parents[1])
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=repo,
        env={**os.environ, "PYTHONPATH": repo},
    )

    assert result.stdout.strip() == "False"
