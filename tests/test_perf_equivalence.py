"""Shortcuts taken for speed give what the straightforward way gives.

The Public Suffix List is built from its rules with only the non-ASCII
ones encoded (the package would encode all of them), host names go
through a cache on their way to ASCII, and bare URLs in text are looked
for at their ``://`` and ``www.`` markers instead of by the pattern alone.
Nothing here measures time.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from publicsuffixlist import PublicSuffixList

from linter.tracking import _BARE_URL, _suffix_list, ascii_host, url_candidates


def test_the_quick_suffix_list_build_holds_the_package_rules() -> None:
    package = PublicSuffixList(accept_unknown=False)
    quick = _suffix_list()

    assert quick._publicsuffix == package._publicsuffix
    assert quick._maxlabel == package._maxlabel
    assert not quick.accept_unknown


def test_the_quick_suffix_list_answers_as_the_package_does() -> None:
    package = PublicSuffixList(accept_unknown=False)
    hosts = ["www.shop.co.uk", "alice.github.io", "xn--80ak6aa92e.com",
             "shop.xn--p1ai", "city.kobe.jp", "report.pdfx", "a.b.c.d.shop.com"]

    for host in hosts:
        assert _suffix_list().privatesuffix(host) == package.privatesuffix(host), host


def test_cached_ascii_hosts_match_the_idna_codec() -> None:
    hosts = ["Shop.COM", "bücher.de", "例え.テスト", "x..y", "a" * 70 + ".com"]
    for host in hosts:
        try:
            expected = host.encode("idna").decode("ascii").lower()
        except UnicodeError:
            expected = host.lower()
        assert ascii_host(host) == expected
        assert ascii_host(host) == expected  # the cached answer


# --- bare URL candidates: found by their markers, as the pattern finds them --

_PIECES = ["http", "HTTPS", "hTtP", "://", "www.", "WwW.", "w.", "W.", "ww",
           "shop", ".com", "/", "-", "@", " ", "\n", "<", '"', "x", "é", "(", ")"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30), st.data())
def test_url_candidates_are_the_pattern_matches(pieces: list[str],
                                                data: st.DataObject) -> None:
    text = "".join(pieces)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    expected = [(m.start(), m.end()) for m in _BARE_URL.finditer(text, start, end)]

    assert list(url_candidates(text, start, end)) == expected
    assert list(url_candidates(text)) == [
        (m.start(), m.end()) for m in _BARE_URL.finditer(text)
    ]


def test_url_candidates_on_the_usual_shapes() -> None:
    text = ('see https://shop.com/a,www.b.com and WWW.Shop.co.uk. x@www.no.com '
            '<a href="http://x.com">http://y.com</a> /www.path.com hhttp://z.com')
    expected = [(m.start(), m.end()) for m in _BARE_URL.finditer(text)]

    assert len(expected) >= 4
    assert list(url_candidates(text)) == expected
