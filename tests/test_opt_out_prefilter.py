"""EL307's first pass over a link's attributes skips only links it may skip.

``ineffective_opt_out.check`` looks at the attribute names (and at a
class attribute's raw value) before it runs the full checks, with the
names of the provider it was last asked about kept. These tests compare
it with the full checks run on every link, for the shipped profiles and
for made-up ones, asked about in turns so that a stale cache shows.
"""

from hypothesis import given, settings
from hypothesis import strategies as st

from linter.links import Attribute, Link
from linter.providers import PROVIDERS, Provider
from linter.rules import ineffective_opt_out
from linter.rules.context import RuleContext

_KNOWN_NAMES = sorted({name for p in PROVIDERS.values() for name in p.opt_outs})
_NAMES = [*_KNOWN_NAMES, "class", "data-track", "style", "target"]
# Values a class attribute or an on/off opt-out may hold: the documented
# ones, near misses, and names spelled with character references.
_VALUES = [None, "", "off", "OFF", "false", "0", "1", "true", "yes", "no",
           "untracked", "btn untracked", "btn", "Untracked", "xuntrackedx",
           "&#117;ntracked", "btn &amp; untracked", "no-track", "btn no-track"]
# What a made-up profile's opt-outs turn tracking off with.
_EXPECTED = [None, "off", "true", "0", "untracked", "no-track"]


def _full_checks(link: Link, provider: Provider) -> list[object]:
    return [*ineffective_opt_out._foreign(link, provider),
            *ineffective_opt_out._own(link, provider)]


@st.composite
def _links(draw: st.DrawFn) -> Link:
    names = draw(st.lists(st.sampled_from(_NAMES), max_size=4))
    href_at = draw(st.integers(0, len(names)))
    names.insert(href_at, "href")
    attributes = []
    position = 3
    for name in names:
        raw = ("https://shop.example/" if name == "href"
               else draw(st.sampled_from(_VALUES)))
        attributes.append(Attribute(name=name, name_start=position, raw=raw,
                                    value_start=position + len(name) + 2))
        position += len(name) + len(raw or "") + 4
    href = attributes[href_at]
    return Link(element="a", attribute=href, tag_start=0,
                attributes=tuple(attributes), value=href.raw or "",
                offsets=None)


@st.composite
def _providers(draw: st.DrawFn) -> Provider:
    """A shipped profile, or a made-up one (always named "custom")."""
    if draw(st.booleans()):
        return PROVIDERS[draw(st.sampled_from(sorted(PROVIDERS)))]
    opt_outs = draw(st.dictionaries(st.sampled_from(["class", *_NAMES]),
                                    st.sampled_from(_EXPECTED), max_size=3))
    return Provider(name="custom", title="Custom (made up)", opt_outs=opt_outs,
                    opt_out_before_href=draw(st.booleans()))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(_links(), _providers()), min_size=1, max_size=6))
def test_check_finds_what_the_full_checks_find(
        asked: list[tuple[Link, Provider]]) -> None:
    for link, provider in asked:
        found = ineffective_opt_out.check(link, RuleContext(provider=provider))

        assert found == _full_checks(link, provider)


def test_a_class_name_spelled_with_a_reference_is_still_found() -> None:
    # Customer.io's opt-out class, sent through SendGrid, which ignores it.
    raw = "btn &#117;ntracked"
    link = Link(element="a", attribute=Attribute("href", 40, "https://s.example/",
                                                 46),
                tag_start=0, value="https://s.example/", offsets=None,
                attributes=(Attribute("class", 3, raw, 10),
                            Attribute("href", 40, "https://s.example/", 46)))

    [hit] = ineffective_opt_out.check(link, RuleContext(provider=PROVIDERS[
        "sendgrid"]))

    assert "Customer.io's opt-out" in hit.message
    assert ineffective_opt_out.check(
        link._replace(attributes=(Attribute("class", 3, "btn", 10),
                                  link.attribute)),
        RuleContext(provider=PROVIDERS["sendgrid"])) == []


def test_made_up_profiles_with_one_name_are_told_apart() -> None:
    # Two profiles named alike: the names kept for the first must not
    # answer for the second.
    link = Link(element="a", attribute=Attribute("href", 3, "https://s.example/", 9),
                tag_start=0, value="https://s.example/", offsets=None,
                attributes=(Attribute("href", 3, "https://s.example/", 9),
                            Attribute("data-track", 30, "no", 42)))
    quiet = Provider(name="custom", title="Custom", opt_outs={"x-none": None})
    strict = Provider(name="custom", title="Custom",
                      opt_outs={"data-track": "off"})

    assert ineffective_opt_out.check(link, RuleContext(provider=quiet)) == []
    [hit] = ineffective_opt_out.check(link, RuleContext(provider=strict))
    assert "is not the documented opt-out" in hit.message
