"""The click-tracking and deliverability rules, EL301-EL311 and EL401-EL406.

Each rule gets the examples SPEC and PROVIDERS.md give, failing and
passing, linted through ``lint_text`` so that positions are the ones a
user sees: code, line, column and what the message says.
"""

from __future__ import annotations

import base64
import importlib
import json
from typing import Any

import pytest

from linter import Config, lint_text
from linter.findings import Finding
from linter.rules import find_rule, resolve_selector
from linter.rules.base import RuleInfo
from linter.source import Document
from linter.tracking import (
    find_bare_urls,
    registrable_domain,
    tracking_redirect,
    web_url,
)

# Every rule of this module, off-by-default ones included.
ALL = ("EL3", "EL4", "EL306", "EL405", "EL406")

SPEC_RULES = {
    "EL301": ("url-in-variable", "warning", True),
    "EL302": ("url-too-long", "warning", True),
    "EL303": ("too-many-links", "warning", True),
    "EL304": ("bare-url", "warning", True),
    "EL305": ("untracked-element", "warning", True),
    "EL306": ("tracking-opt-out", "warning", False),
    "EL307": ("ineffective-opt-out", "warning", True),
    "EL308": ("copied-tracking-link", "error", True),
    "EL309": ("unencoded-nested-url", "warning", True),
    "EL310": ("quote-in-url", "warning", True),
    "EL311": ("escaped-url-variable", "warning", True),
    "EL401": ("insecure-link", "warning", True),
    "EL402": ("link-text-mismatch", "warning", True),
    "EL403": ("ip-host", "warning", True),
    "EL404": ("url-shortener", "warning", True),
    "EL405": ("missing-unsubscribe", "warning", False),
    "EL406": ("utm-policy", "warning", False),
}


def lint(source: str, provider: str = "generic", **settings: Any) -> list[Finding]:
    """All findings of this module's rules in a snippet."""
    settings.setdefault("select", ALL)
    config = Config(provider=provider, **settings)
    return lint_text(source, path="t.html", config=config)


def found(
    code: str, source: str, provider: str = "generic", **settings: Any
) -> list[Finding]:
    """The findings of one rule."""
    return [f for f in lint(source, provider, **settings) if f.code == code]


def where(finding: Finding) -> tuple[int | None, int | None]:
    return finding.line, finding.column


def href(value: str, text: str = "Shop", element: str = "a", before: str = "") -> str:
    """A link on line 2, its value starting at column 10 (for ``<a href="``)."""
    return f'<p>Hello</p>\n<{element} {before}href="{value}">{text}</{element}>\n'


# Column of the value in href(): '<a href="' is 9 characters.
COLUMN = 10


# --- the registry and the docs ----------------------------------------------


@pytest.mark.parametrize("code", sorted(SPEC_RULES))
def test_rule_metadata_matches_spec(code: str) -> None:
    rule = find_rule(code)
    assert rule is not None
    assert (rule.name, rule.severity, rule.default) == SPEC_RULES[code]
    module = importlib.import_module(
        "linter.rules." + SPEC_RULES[code][0].replace("-", "_")
    )
    info = RuleInfo.from_module(module)
    assert info.summary.endswith(".")
    for part in ("Why it matters", "Failing::", "Passing::", "How to fix", "Fix:"):
        assert part in info.doc, part
    assert info.fixable == ("Fix: yes" in info.doc)


def test_prefix_selection_leaves_off_rules_out() -> None:
    selected = {rule.code for rule in resolve_selector("EL4") or []}
    assert selected == {"EL401", "EL402", "EL403", "EL404"}
    source = "<p>no way out</p>"
    assert found("EL405", source, select=("EL4",)) == []
    assert [f.code for f in found("EL405", source, select=("EL405",))] == ["EL405"]


# --- EL301 url-in-variable ---------------------------------------------------


@pytest.mark.parametrize(
    ("value", "what"),
    [
        ("{{ url }}", "the whole href"),
        ("*|LINK|*", "the whole href"),
        ("<%= @order_url %>", "the whole href"),
        ("{{ base_url }}/sale", "the start of the href"),
        ("{{ scheme }}://shop.com", "the start of the href"),
        ("http{{ s }}://shop.com", "the href's scheme"),
        ("https:{{ slashes }}shop.com", "the href's scheme"),
        ("{% if a %}{{ a_url }}{% else %}https://b.com{% endif %}",
         "the start of the href"),
    ],
)
def test_url_in_variable_reports(value: str, what: str) -> None:
    [finding] = found("EL301", href(value))
    assert where(finding) == (2, COLUMN)
    assert finding.message.startswith(what + " comes from a template token")
    assert "click trackers cannot see" in finding.message
    assert finding.href == value


@pytest.mark.parametrize(
    "value",
    [
        "https://shop.com/{{ path }}",
        "https://{{ host }}/x",
        # Logic inside the value: each branch renders a literal URL.
        "{% if a %}https://a.com{% else %}https://b.com{% endif %}",
        "HTTPS://shop.com/{{ path }}",
        "mailto:{{ email }}",
        "#top",
        "/relative/{{ x }}",
        # The providers' own tags, known to the generic profile.
        "*|UNSUB|*",
        "*|ARCHIVE|*",
        "<%asm_group_unsubscribe_raw_url%>",
        "<%asm_preferences_raw_url%>",
        "%unsubscribe_url%",
        "%tag_unsubscribe_url%",
        "{{{ pm:unsubscribe }}}",
        "{{{pm:unsubscribe}}}",
        "{% unsubscribe_url %}",
        "{%unsubscribe_url%}",
        "{{{unsubscribe}}}",
    ],
)
def test_url_in_variable_passes(value: str) -> None:
    assert found("EL301", href(value)) == []


def test_url_in_variable_leaves_untracked_elements_to_el305() -> None:
    assert found("EL301", href("{{ url }}", element="v:roundrect")) == []
    assert found("EL301", '<map><area href="{{ url }}"></map>') == []


def test_url_in_variable_names_the_provider() -> None:
    [finding] = found("EL301", href("{{ url }}"), provider="customerio")
    assert "Customer.io cannot see" in finding.message


def test_named_profile_knows_only_its_own_tags() -> None:
    assert found("EL301", href("<%asm_group_unsubscribe_raw_url%>"), "sendgrid") == []
    assert found("EL301", href("*|UNSUB|*"), "mandrill") == []
    assert found("EL301", href("*|FORWARD|*"), "mandrill") == []
    [finding] = found("EL301", href("*|UNSUB|*"), "sendgrid")
    assert "SendGrid cannot see" in finding.message
    assert len(found("EL301", href("%unsubscribe_url%"), "postmark")) == 1


# --- EL302 url-too-long ------------------------------------------------------


def long_url(size: int, char: str = "a") -> str:
    """An https URL of exactly ``size`` UTF-8 bytes."""
    head = "https://shop.com/?q="
    width = len(char.encode("utf-8"))
    count, rest = divmod(size - len(head), width)
    return head + "b" * rest + char * count


@pytest.mark.parametrize(
    ("provider", "limit", "severity"),
    [
        ("generic", 2048, "warning"),
        ("sendgrid", 2048, "warning"),
        ("mandrill", 255, "warning"),
        ("sparkpost", 4096, "error"),
    ],
)
def test_url_too_long_at_the_profile_limit(
    provider: str, limit: int, severity: str
) -> None:
    assert found("EL302", href(long_url(limit)), provider) == []
    [finding] = found("EL302", href(long_url(limit + 1)), provider)
    assert where(finding) == (2, COLUMN)
    assert finding.severity == severity
    assert f"URL is {limit + 1} bytes" in finding.message
    assert f"of {limit} bytes" in finding.message


def test_url_too_long_counts_utf8_bytes() -> None:
    url = long_url(300, "é")
    assert len(url) < 255 < len(url.encode("utf-8"))
    [finding] = found("EL302", href(url), "mandrill")
    assert "URL is 300 bytes, over Mandrill's limit of 255 bytes" in finding.message


def test_url_too_long_counts_only_literal_parts() -> None:
    under = long_url(250) + "{{ a_long_variable_name_that_is_not_counted }}"
    assert found("EL302", href(under), "mandrill") == []
    over = long_url(256) + "{{ x }}"
    assert len(found("EL302", href(over), "mandrill")) == 1
    assert found("EL302", href("mailto:" + "a" * 300 + "@shop.com"), "mandrill") == []


# --- EL303 too-many-links ----------------------------------------------------


def links(count: int, attributes: str = "") -> str:
    return "\n".join(
        f'<a {attributes}href="https://shop.com/p/{n}">{n}</a>' for n in range(count)
    )


@pytest.mark.parametrize(("provider", "limit"), [("sendgrid", 1000), ("ses", 250)])
def test_too_many_links(provider: str, limit: int) -> None:
    assert found("EL303", links(limit), provider) == []
    [finding] = found("EL303", links(limit + 1), provider)
    assert where(finding) == (1, 1)
    assert f"{limit + 1} tracked links" in finding.message
    assert f"at most {limit} per email" in finding.message


def test_too_many_links_counts_only_tracked_links() -> None:
    source = links(250) + "\n" + "\n".join(
        [
            '<a ses:no-track href="https://shop.com/private">x</a>',
            '<a href="mailto:help@shop.com">x</a>',
            '<a href="{{ url }}">x</a>',
            '<a href="#top">x</a>',
            '<v:roundrect href="https://shop.com/vml"></v:roundrect>',
        ]
    )
    assert found("EL303", source, "ses") == []
    one_more = source + '\n<a href="https://shop.com/x">x</a>'
    assert len(found("EL303", one_more, "ses")) == 1


@pytest.mark.parametrize("provider", ["generic", "mailgun", "postmark", "customerio"])
def test_too_many_links_needs_a_documented_limit(provider: str) -> None:
    assert found("EL303", links(1100), provider) == []


# --- EL304 bare-url ----------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "column", "url"),
    [
        ("<p>Our sale: https://shop.com/sale</p>", 14, "https://shop.com/sale"),
        ("<p>Visit www.shop.com.</p>", 10, "www.shop.com"),
        ("<p>(see https://shop.com/a_(b))</p>", 9, "https://shop.com/a_(b)"),
        ("<p>(see https://shop.com/a)</p>", 9, "https://shop.com/a"),
        ("<p>&lt;https://shop.com/x&gt;</p>", 8, "https://shop.com/x"),
        ("<td>HTTPS://SHOP.COM/?a=1&amp;b=2, then</td>", 5,
         "HTTPS://SHOP.COM/?a=1&amp;b=2"),
        ("<p>at https://shop.com/{{ path }} now</p>", 7, "https://shop.com/"),
        ('<!--[if mso]><p>https://shop.com</p><![endif]-->', 17, "https://shop.com"),
    ],
)
def test_bare_url_reports(source: str, column: int, url: str) -> None:
    [finding] = found("EL304", "<html>\n" + source)
    assert where(finding) == (2, column)
    assert finding.end_column == column + len(url)
    assert f"bare URL {url} in text" in finding.message


@pytest.mark.parametrize(
    "source",
    [
        '<img alt="https://shop.com/logo" src="https://shop.com/logo.png">',
        "<!-- https://shop.com/internal -->",
        "<style>a { background: url(https://shop.com/bg.png) }</style>",
        "<script>var u = 'https://shop.com';</script>",
        '<a href="https://shop.com">https://shop.com</a>',
        '<a href="https://shop.com"><b>www.shop.com</b></a>',
        '<mj-button href="https://shop.com">https://shop.com</mj-button>',
        '<p>{{ "https://shop.com" }}</p>',
        "<p>{# https://shop.com #}</p>",
        "<p>Write to help@www.shop.com or use https:// links</p>",
        "<p>shop.com is our site</p>",
    ],
)
def test_bare_url_passes(source: str) -> None:
    assert found("EL304", source) == []


def test_bare_url_finder_for_plain_text_parts() -> None:
    text = "Hi,\nyour order: https://shop.com/o/1.\nHelp: www.shop.com/help\n"
    spans = list(find_bare_urls(text))
    urls = [text[a:b] for a, b in spans]
    assert urls == ["https://shop.com/o/1", "www.shop.com/help"]

    from linter.rules.bare_url import plain_text_hits

    hits = list(plain_text_hits(text))
    assert [(h.start, h.end) for h in hits] == spans
    assert "https://shop.com/o/1" in hits[0].message


# --- EL305 untracked-element -------------------------------------------------


def test_vml_link_in_a_conditional_comment() -> None:
    source = (
        "<!--[if mso]>\n"
        '  <v:roundrect href="https://shop.com/sale" arcsize="10%">'
        "<center>Sale</center></v:roundrect>\n"
        "<![endif]-->\n"
        '<a href="https://shop.com/sale">Sale</a>'
    )
    [finding] = found("EL305", source, "sparkpost")
    assert where(finding) == (2, 22)
    assert "VML <v:roundrect> link in an Outlook conditional comment" in finding.message
    assert "SparkPost" in finding.message


def test_area_link() -> None:
    source = '<map>\n<area shape="rect" href="https://shop.com/a"></map>'
    [finding] = found("EL305", source)
    assert where(finding) == (2, 26)
    assert "image map's <area> link" in finding.message


@pytest.mark.parametrize(
    "source",
    [
        href("https://shop.com"),
        href("#", element="v:roundrect"),
        href("mailto:a@shop.com", element="area"),
        href("{{ url }}", element="v:rect"),
    ],
)
def test_untracked_element_passes(source: str) -> None:
    assert found("EL305", source) == []


# --- EL306 tracking-opt-out and EL307 ineffective-opt-out -------------------


def test_opt_out_rule_is_off_by_default() -> None:
    source = href("https://shop.com", before='clicktracking="off" ')
    codes = [f.code for f in lint_text(source, config=Config(provider="sendgrid"))]
    assert "EL306" not in codes
    assert [f.code for f in found("EL306", source, "sendgrid")] == ["EL306"]


def test_opt_out_points_at_the_value() -> None:
    source = href("https://shop.com/reset", before='clicktracking="off" ')
    [finding] = found("EL306", source, "sendgrid")
    assert where(finding) == (2, 19)
    assert 'clicktracking="off" opts this link out' in finding.message
    assert "SendGrid will not count" in finding.message


def test_opt_out_without_value_points_at_the_name() -> None:
    source = href("https://shop.com/reset", before="ses:no-track ")
    [finding] = found("EL306", source, "ses")
    assert where(finding) == (2, 4)
    assert (finding.end_line, finding.end_column) == (2, 16)


def test_sendgrid_opt_out_after_href() -> None:
    source = '<a href="https://shop.com/reset"\n   clicktracking="off">Reset</a>'
    [finding] = found("EL307", source, "sendgrid")
    assert where(finding) == (2, 19)
    assert "stands after href, where SendGrid ignores it" in finding.message
    assert found("EL306", source, "sendgrid") == []
    # The generic profile knows SendGrid's rule too.
    assert len(found("EL307", source)) == 1


def test_other_providers_opt_out() -> None:
    source = href("https://shop.com/reset", before="data-pm-no-track ")
    [finding] = found("EL307", source, "sendgrid")
    assert where(finding) == (2, 4)
    assert finding.message == (
        "data-pm-no-track is Postmark's opt-out; SendGrid ignores it and "
        'tracks this link; write clicktracking="off"'
    )
    assert found("EL307", source) == []
    assert found("EL307", source, "postmark") == []


@pytest.mark.parametrize(
    ("provider", "attribute", "documented"),
    [
        ("sendgrid", 'clicktracking="false"', 'clicktracking="off"'),
        ("sparkpost", 'data-msys-clicktrack="no"', 'data-msys-clicktrack="0"'),
        ("mailgun", 'disable-tracking="yes"', 'disable-tracking="true"'),
    ],
)
def test_opt_out_with_an_undocumented_value(
    provider: str, attribute: str, documented: str
) -> None:
    source = href("https://shop.com/reset", before=attribute + " ")
    [finding] = found("EL307", source, provider)
    assert f"is not the documented opt-out, which is {documented}" in finding.message
    assert found("EL306", source, provider) == []


@pytest.mark.parametrize(
    "attribute",
    ['clicktracking="on"', 'class="btn"', 'data-msys-clicktrack="1"',
     'disable-tracking="false"', 'clicktracking="{{ ct }}"'],
)
def test_attributes_that_keep_tracking_on(attribute: str) -> None:
    source = href("https://shop.com", before=attribute + " ")
    for provider in ("generic", "sendgrid", "mailgun", "sparkpost", "customerio"):
        assert found("EL306", source, provider) == []
        assert found("EL307", source, provider) == []


# --- EL308 copied-tracking-link ----------------------------------------------


def b64(data: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


MANDRILL_P = b64({"p": json.dumps({"u": 1, "v": 1, "url": "https://shop.com/sale",
                                   "id": "abc"})})
CUSTOMERIO_TOKEN = b64({"email_id": "Eg1", "href": "https://shop.com/cart",
                        "internal": "x", "link_id": 3})


@pytest.mark.parametrize(
    ("value", "provider", "destination"),
    [
        ("https://0100abc.r.us-east-1.awstrack.me/L0/"
         "https:%2F%2Fshop.com%2Fsale%3Fa%3D1/1/0100-000000/AbC=123",
         "Amazon SES", "https://shop.com/sale?a=1"),
        ("https://track.shop.com/CL0/https:%2F%2Fshop.com%2Fnew/1/0100/x=",
         "Amazon SES", "https://shop.com/new"),
        ("https://abc.r.eu-central-1.awstrack.me/I0/0100/x", "Amazon SES", None),
        (f"https://mandrillapp.com/track/click/30/shop.com?p={MANDRILL_P}",
         "Mandrill", "https://shop.com/sale"),
        (f"https://e.customeriomail.com/e/c/{CUSTOMERIO_TOKEN}/sig",
         "Customer.io", "https://shop.com/cart"),
        (f"https://links.shop.com/e/c/{CUSTOMERIO_TOKEN}/sig",
         "Customer.io", "https://shop.com/cart"),
        ("https://click.pstmrk.it/3s/shop.com%2Fsale/Ab/Cd/Ef",
         "Postmark", "https://shop.com/sale"),
        ("https://spgo.io/f/a/AbCdEf/x", "SparkPost", None),
        ("https://eu.spgo.io/f/a/AbCdEf/x", "SparkPost", None),
        ("https://u123.ct.sendgrid.net/ls/click?upn=AbCd-2BEf", "SendGrid", None),
        ("https://url1234.shop.com/ls/click?upn=AbCd&amp;x=1", "SendGrid", None),
        ("https://url1234.shop.com/wf/click?upn=AbCd", "SendGrid", None),
        ("https://shop.us1.list-manage.com/track/click?u=1&id=2&e=3",
         "Mailchimp", None),
        ("https://email.mg.shop.com/c/eJwNyzEOgjAUANDd0zRuTfm0QgdcGN",
         "Mailgun", None),
        ("https://cl.exct.net/?qs=abc", "Salesforce Marketing Cloud", None),
    ],
)
def test_copied_tracking_link(
    value: str, provider: str, destination: str | None
) -> None:
    [finding] = found("EL308", href(value), "postmark")
    assert where(finding) == (2, COLUMN)
    assert finding.severity == "error"
    assert f"click-tracking redirect of {provider}, copied" in finding.message
    if destination is None:
        assert "open it once to find where it leads" in finding.message
    else:
        assert finding.message.endswith(f"link to its destination, {destination}")


@pytest.mark.parametrize(
    "value",
    [
        "https://shop.com/sale",
        "https://shop.com/ls/click",
        "https://shop.com/e/c/not-a-token/x",
        "https://shop.com/CL0/not-a-url/1",
        "https://shop.us1.list-manage.com/subscribe?u=1&id=2",
        "https://mandrillapp.com/login",
        "https://email.shop.com/c/short",
        "https://{{ host }}/ls/click?upn=x",
    ],
)
def test_ordinary_links_are_no_tracking_redirects(value: str) -> None:
    assert found("EL308", href(value)) == []


def test_tracking_redirect_decoder_needs_a_web_destination() -> None:
    url = web_url("https://track.shop.com/CL0/javascript:alert(1)/1/x")
    assert url is not None and tracking_redirect(url) is None


# --- EL309 unencoded-nested-url ---------------------------------------------


def test_unencoded_nested_url() -> None:
    [finding] = found(
        "EL309",
        href("https://shop.com/login?step=1&next=https://shop.com/cart?id=1&s=2"),
    )
    assert where(finding) == (2, COLUMN)
    assert "query parameter 'next' holds a URL that is not percent-encoded" in (
        finding.message
    )


@pytest.mark.parametrize(
    "value",
    [
        "https://shop.com/login?next=https%3A%2F%2Fshop.com%2Fcart",
        "https://shop.com/login?next={{ next_url }}",
        "https://shop.com/a/https://b.com",
        "https://shop.com/#next=https://b.com",
    ],
)
def test_nested_url_passes(value: str) -> None:
    assert found("EL309", href(value)) == []


# --- EL310 quote-in-url -----------------------------------------------------


def test_quote_in_query_is_fixed() -> None:
    [finding] = found("EL310", href("https://shop.com/search?q=men's+shoes&amp;x=l'a"))
    assert where(finding) == (2, COLUMN)
    assert "URL holds 2 apostrophes" in finding.message
    assert finding.fix == "https://shop.com/search?q=men%27s+shoes&amp;x=l%27a"
    assert finding.severity == "warning"


def test_quote_written_as_a_reference_is_fixed() -> None:
    [finding] = found("EL310", href("https://shop.com/?q=men&#39;s"), "sendgrid")
    assert finding.fix == "https://shop.com/?q=men%27s"
    assert finding.severity == "error"
    assert "an apostrophe (')" in finding.message


def test_fix_applies_to_the_source() -> None:
    from linter.engine import Engine

    source = href("https://shop.com/?q=men&#39;s&amp;t={{ t }}'")
    engine = Engine(Config(select=("EL310",)))
    [(finding, edit)] = engine.lint_document_with_edits(Document("t.html", source))
    assert edit is not None
    fixed = source[: edit.start] + edit.replacement + source[edit.end:]
    assert fixed == href("https://shop.com/?q=men%27s&amp;t={{ t }}%27")
    assert found("EL310", fixed) == []


def test_quote_in_path_has_no_fix() -> None:
    [finding] = found("EL310", href("https://shop.com/men's/?q=a'b"))
    assert finding.fix is None


@pytest.mark.parametrize(
    "value", ["https://shop.com/?q=mens", "mailto:o'brien@shop.com", "{{ u }}'s"]
)
def test_quote_in_url_passes(value: str) -> None:
    assert found("EL310", href(value)) == []


# --- EL311 escaped-url-variable ---------------------------------------------


@pytest.mark.parametrize(
    ("value", "fixed"),
    [
        ("{{url}}", "{{{url}}}"),
        ("{{ order_url }}", "{{{ order_url }}}"),
        ("{{ base }}/sale?a=1", "{{{ base }}}/sale?a=1"),
        ("{{insert url 'default=https://shop.com'}}",
         "{{{insert url 'default=https://shop.com'}}}"),
    ],
)
def test_escaped_url_variable_under_sendgrid(value: str, fixed: str) -> None:
    [finding] = found("EL311", href(value), "sendgrid")
    assert where(finding) == (2, COLUMN)
    assert finding.severity == "warning"
    assert finding.fix == fixed
    assert "HTML-escapes the URL" in finding.message


def test_escaped_url_variable_fix_edits_the_token() -> None:
    from linter.engine import Engine

    source = href("{{ url }}")
    engine = Engine(Config(provider="sendgrid", select=("EL311",)))
    [(_, edit)] = engine.lint_document_with_edits(Document("t.html", source))
    assert edit is not None
    fixed = source[: edit.start] + edit.replacement + source[edit.end:]
    assert fixed == href("{{{ url }}}")
    assert found("EL311", fixed, "sendgrid") == []


@pytest.mark.parametrize(
    "value",
    [
        "{{{url}}}",
        "https://shop.com/?id={{id}}",
        "{{#if vip}}https://shop.com/vip{{/if}}",
        "{{&url}}",
        "{{!-- comment --}}https://shop.com",
        "{{> link_partial}}",
    ],
)
def test_escaped_url_variable_passes(value: str) -> None:
    assert found("EL311", href(value), "sendgrid") == []


@pytest.mark.parametrize("provider", ["generic", "mailgun", "postmark", "ses"])
def test_escaped_url_variable_is_sendgrids(provider: str) -> None:
    assert found("EL311", href("{{url}}"), provider) == []


# --- EL401 insecure-link ------------------------------------------------------


@pytest.mark.parametrize("value", ["http://shop.com/account", "HTTP://Shop.com",
                                   "http://{{ host }}/x", " http://shop.com"])
def test_insecure_link(value: str) -> None:
    [finding] = found("EL401", href(value))
    assert where(finding) == (2, COLUMN)
    assert "link uses http://" in finding.message


@pytest.mark.parametrize(
    "value",
    [
        "https://shop.com",
        "http://localhost:3000/",
        "http://127.0.0.1/",
        "http://10.0.0.5/",
        "http://shop.test/",
        "http://www.example.com/",
        "http://staging.shop.com/",
        "http://",
        "{{ url }}",
    ],
)
def test_insecure_link_leaves_local_hosts_to_el108(value: str) -> None:
    assert found("EL401", href(value), forbidden_hosts=("staging.shop.com",)) == []


# --- EL402 link-text-mismatch -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "shown", "target"),
    [
        ("shop.com", "https://go.other-cdn.net/x", "shop.com", "other-cdn.net"),
        ("www.shop.co.uk", "https://other.co.uk/", "www.shop.co.uk", "other.co.uk"),
        ("https://help.shop.com/faq", "https://helpdesk.io/shop",
         "help.shop.com", "helpdesk.io"),
        ("alice.github.io", "https://bob.github.io/", "alice.github.io",
         "bob.github.io"),
        ("Shop.com.", "https://shop.net", "shop.com", "shop.net"),
        ("bücher.de", "https://buecher.de", "xn--bcher-kva.de", "buecher.de"),
    ],
)
def test_link_text_mismatch(text: str, value: str, shown: str, target: str) -> None:
    [finding] = found("EL402", href(value, text=text))
    assert where(finding) == (2, COLUMN)
    assert finding.message.startswith(
        f"link text shows {shown} but the link goes to {target}"
    )


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("shop.com", "https://www.shop.com/"),
        ("www.shop.co.uk", "https://shop.co.uk/sale"),
        ("shop.co.uk", "https://mail.shop.co.uk/"),
        ("https://help.shop.com", "https://shop.com/help"),
        ("bücher.de", "https://xn--bcher-kva.de/"),
        ("Visit shop.com", "https://other.com"),
        ("report.pdf", "https://files.shop.com/report.pdf"),
        ("co.uk", "https://shop.com"),
        ("v1.2", "https://shop.com"),
        ("shop.unknowntld", "https://shop.com"),
        ("{{ shop_domain }}", "https://shop.com"),
        ("shop.com", "https://{{ host }}/"),
        ("shop.com", "https://52.14.200.7/"),
        ("shop.com", "mailto:help@other.com"),
        ("shop.com", "https://u1.ct.sendgrid.net/ls/click?upn=x"),
    ],
)
def test_link_text_mismatch_passes(text: str, value: str) -> None:
    assert found("EL402", href(value, text=text)) == []


def test_registrable_domains_through_the_public_suffix_list() -> None:
    assert registrable_domain("www.shop.co.uk") == "shop.co.uk"
    assert registrable_domain("a.b.shop.com") == "shop.com"
    assert registrable_domain("co.uk") is None
    assert registrable_domain("alice.github.io") == "alice.github.io"
    assert registrable_domain("city.kawasaki.jp") == "city.kawasaki.jp"
    assert registrable_domain("10.0.0.1") is None


# --- EL403 ip-host and EL404 url-shortener -----------------------------------


@pytest.mark.parametrize(
    ("value", "address"),
    [("https://52.14.200.7/offer", "52.14.200.7"),
     ("http://[2606:4700::1111]:8080/", "2606:4700::1111")],
)
def test_ip_host(value: str, address: str) -> None:
    [finding] = found("EL403", href(value))
    assert where(finding) == (2, COLUMN)
    assert f"the host is the IP address {address}" in finding.message


@pytest.mark.parametrize(
    "value",
    ["https://shop.com/", "http://127.0.0.1/", "http://192.168.1.20/", "http://[::1]/",
     "https://203.0.113.7/",
     "https://1.2.3.4.shop.com/", "https://{{ ip }}/"],
)
def test_ip_host_passes(value: str) -> None:
    assert found("EL403", href(value)) == []


@pytest.mark.parametrize(
    ("value", "shortener"),
    [("https://bit.ly/3xYz", "bit.ly"), ("https://tinyurl.com/abc", "tinyurl.com"),
     ("http://T.CO/x", "t.co"), ("https://on.bit.ly/x", "bit.ly")],
)
def test_url_shortener(value: str, shortener: str) -> None:
    [finding] = found("EL404", href(value))
    assert where(finding) == (2, COLUMN)
    assert finding.message.startswith(f"{shortener} is a public URL shortener")


@pytest.mark.parametrize(
    "value",
    ["https://go.shop.com/x", "https://bit.ly.shop.com/", "https://shop.com/bit.ly"],
)
def test_url_shortener_passes(value: str) -> None:
    assert found("EL404", href(value)) == []


# --- EL405 missing-unsubscribe -----------------------------------------------


def test_missing_unsubscribe_reports_once_at_the_start() -> None:
    [finding] = found("EL405", "<p>Sale!</p>\n" + href("https://shop.com"))
    assert where(finding) == (1, 1)
    assert "no unsubscribe link" in finding.message


@pytest.mark.parametrize(
    "source",
    [
        href("https://shop.com/u?id={{ id }}", text="Unsubscribe"),
        href("https://shop.com/u", text="<b>Opt out</b> of these emails"),
        href("https://shop.com/u", text="Manage your preferences"),
        href("https://shop.com/u", text="Newsletter abbestellen oder abmelden"),
        href("https://shop.com/u", text="Se désabonner"),
        href("https://shop.com/unsubscribe?id=1", text="here"),
        href("https://shop.com/email/opt-out", text="here"),
        href("<%asm_group_unsubscribe_raw_url%>", text="here"),
        href("*|UNSUB|*", text="here"),
        href("%unsubscribe_url%", text="here"),
        href("{{{ pm:unsubscribe }}}", text="here"),
        href("{% unsubscribe_url %}", text="here"),
        "<p>Leave: [Unsubscribe]</p>",
    ],
)
def test_unsubscribe_found(source: str) -> None:
    assert found("EL405", source) == []


def test_unsubscribe_tags_follow_the_profile() -> None:
    source = href("*|UNSUB|*", text="here")
    assert len(found("EL405", source, "sendgrid")) == 1
    assert found("EL405", source, "mandrill") == []
    assert found("EL405", href("*|ARCHIVE|*", text="here"), "mandrill") != []


def message(headers: str, html: str, plain: str = "Sale!") -> bytes:
    """A two-part .eml message: text/plain, then text/html."""
    return (
        f"{headers}From: shop@shop.com\r\nTo: a@b.com\r\nSubject: Sale\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/alternative; boundary="b"\r\n\r\n'
        "--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        f"{plain}\r\n"
        "--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
        f"{html}\r\n--b--\r\n"
    ).encode("utf-8")


def message_findings(data: bytes) -> list[Finding]:
    from linter.engine import Engine
    from linter.eml import message_documents

    engine = Engine(Config(select=("EL405",)))
    return [
        finding
        for document in message_documents(data, "m.eml")
        for finding in engine.lint_document(document)
    ]


def test_list_unsubscribe_header_counts() -> None:
    html = "<p>Sale!</p>"
    [finding] = message_findings(message("", html))
    assert (finding.part, finding.line, finding.column) == ("2 text/html", 1, 1)
    assert message_findings(message("List-Unsubscribe:  \r\n", html)) != []
    header = "List-Unsubscribe: <https://shop.com/u/1>, <mailto:u@shop.com>\r\n"
    assert message_findings(message(header, html)) == []


def test_unsubscribe_in_the_plain_part_counts() -> None:
    html = "<p>Sale!</p>"
    plain = "Sale!\r\nUnsubscribe: https://shop.com/u/1"
    assert message_findings(message("", html, plain)) == []
    assert message_findings(message("", html, "Bye: *|UNSUB|*")) == []


# --- EL406 utm-policy -------------------------------------------------------


def utm(value: str, **options: Any) -> list[Finding]:
    rule_options = (("EL406", tuple(options.items())),) if options else ()
    return found("EL406", href(value), rule_options=rule_options)


def test_utm_policy_defaults() -> None:
    [finding] = utm("https://shop.com/?utm_source=news")
    assert where(finding) == (2, COLUMN)
    assert finding.message == (
        "link lacks utm_medium, utm_campaign; the UTM policy requires "
        "utm_source, utm_medium, utm_campaign"
    )
    assert utm("https://shop.com/?utm_source=n&utm_medium=email&utm_campaign=s") == []
    # Without `domains`, links with no UTM parameter are not covered.
    assert utm("https://facebook.com/shop") == []


def test_utm_policy_names_case_and_repeats() -> None:
    messages = [f.message for f in utm(
        "https://shop.com/?UTM_Source=a&utm_medium=email&utm_medium=mail"
        "&utm_campaign=s"
    )]
    assert messages == [
        "'UTM_Source' should be written 'utm_source': analytics read parameter "
        "names case-sensitively",
        "utm_medium is given 2 times; analytics keep only one",
    ]


def test_utm_policy_allowed_and_lowercase() -> None:
    options = {"allowed": {"utm_medium": ["email"]}, "lowercase": True,
               "required": ["utm_medium", "utm_campaign"]}
    messages = [f.message for f in utm(
        "https://shop.com/?utm_medium=newsletter&utm_campaign=Spring%20Sale", **options
    )]
    assert messages == [
        "utm_medium=newsletter is not allowed by the UTM policy (allowed: email)",
        "utm_campaign=Spring Sale is not lowercase; analytics count "
        "'spring sale' and 'Spring Sale' apart",
    ]
    good = "https://shop.com/?utm_medium=email&utm_campaign=spring"
    assert utm(good, **options) == []


def test_utm_policy_domains() -> None:
    options = {"domains": ["shop.com"]}
    assert len(utm("https://www.shop.com/sale", **options)) == 1
    assert len(utm("https://shop.com/sale", **options)) == 1
    assert utm("https://facebook.com/shop", **options) == []
    assert utm("https://notshop.com/", **options) == []


@pytest.mark.parametrize(
    "value",
    [
        "https://shop.com/?{{ utm_params }}&utm_source=a",
        "https://shop.com/{{ path_and_query }}",
        "https://shop.com/?utm_source=a&utm_medium={{ m }}&utm_campaign={{ c }}",
        "https://u1.ct.sendgrid.net/ls/click?upn=1&utm_source=a",
    ],
)
def test_utm_policy_does_not_guess_at_tokens(value: str) -> None:
    assert utm(value, domains=["shop.com", "sendgrid.net"], lowercase=True) == []


def test_utm_policy_validates_its_options() -> None:
    from linter.rules.utm_policy import validate_options

    assert validate_options({}) == []
    assert validate_options(
        {"required": ["utm_source"], "allowed": {"utm_medium": ["email"]},
         "lowercase": True, "domains": ["shop.com"]}
    ) == []
    assert validate_options(
        {"required": "utm_source", "allowed": {"utm_medium": "email"},
         "lowercase": "yes", "domain": ["x"], "domains": [1]}
    ) == [
        "domain: unknown option; expected one of required, allowed, lowercase, domains",
        "required: expected a list of strings, got 'utm_source'",
        "domains: expected a list of strings, got [1]",
        "lowercase: expected true or false, got 'yes'",
        "allowed.utm_medium: expected a list of strings, got 'email'",
    ]
    assert validate_options({"allowed": ["email"]}) == [
        "allowed: expected a table of parameter = [values], got ['email']"
    ]
