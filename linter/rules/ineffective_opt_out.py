"""An opt-out attribute that the provider ignores.

What it catches:

- another provider's opt-out: ``data-pm-no-track`` (Postmark) in an email
  sent through SendGrid, ``clicktracking="off"`` (SendGrid) through
  Mailgun, ...;
- SendGrid's ``clicktracking="off"`` written after ``href``: SendGrid only
  reads it before the href;
- the provider's own opt-out with a value meant as "off" that is not the
  documented one (``clicktracking="false"``, ``data-msys-clicktrack="no"``,
  ``disable-tracking="yes"``).

Under the generic profile every provider's opt-out counts as its own, so
only the placement and the value are checked.

Why it matters: the link the author meant to keep out of tracking (a
password reset, a link with a secret token) is tracked anyway: it goes
through the provider's redirect and its clicks are recorded.

Failing::

    <a href="https://shop.com/reset?t=..." clicktracking="off">Reset</a>

Passing::

    <a clicktracking="off" href="https://shop.com/reset?t=...">Reset</a>

How to fix: use the opt-out of the provider that sends the email, written
as it documents it, and (for SendGrid) before ``href``.

Fix: no; moving attributes is left to the author.

The finding points at the opt-out attribute's value, or at its name when
it has none (``data-pm-no-track``).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterator, NamedTuple

from linter.links import Attribute, Link
from linter.providers import Provider
from linter.rules.base import Hit
from linter.rules.context import RuleContext
from linter.tracking import (
    describe,
    documented,
    foreign_opt_outs,
    meant_as_opt_out,
    must_precede_href,
    opt_out_owner,
    opt_out_span,
    opts_out,
    services,
    short_name,
    stands_before_href,
    tracker,
)

CODE = "EL307"
NAME = "ineffective-opt-out"
SEVERITY = "warning"
DEFAULT = True
FIXABLE = False
SCOPE = "link"


def check(link: Link, ctx: RuleContext) -> list[Hit]:
    """Report opt-outs that do not opt this link out with this provider."""
    provider = ctx.provider
    if not _may_hold_an_opt_out(link, provider):
        return []

    return [*_foreign(link, provider), *_own(link, provider)]


@lru_cache(maxsize=1)
def _service_opt_outs() -> frozenset[str]:
    """The opt-out attribute names of every named provider."""
    return frozenset(name for service in services() for name in service.opt_outs)


class _OptOutNames(NamedTuple):
    """What a link's attributes are held against, for one provider."""

    provider: Provider
    # Every opt-out attribute name: of any named provider, and its own.
    names: frozenset[str]
    # The class names that opt out when ``class`` is an opt-out name
    # (Customer.io's "untracked"); None when a bare class attribute does.
    class_values: tuple[str, ...] | None


def _opt_out_names(provider: Provider) -> _OptOutNames:
    """The names and class values that call for the full checks."""
    # The provider's own (``_own``) and the named owner's (``_foreign``).
    expected: list[str | None] = []
    if "class" in provider.opt_outs:
        expected.append(provider.opt_outs["class"])
    owner = opt_out_owner("class")
    if owner is not None:
        expected.append(owner.opt_outs["class"])

    # Each value once: one search each per class attribute.
    class_values = tuple(dict.fromkeys(v for v in expected if v is not None))
    return _OptOutNames(
        provider,
        _service_opt_outs().union(provider.opt_outs),
        None if None in expected else class_values,
    )


# Those of the provider last asked about: a run asks about one provider,
# and a profile (a NamedTuple of dicts) can be no cache key.
_last_names: _OptOutNames | None = None


def _may_hold_an_opt_out(link: Link, provider: Provider) -> bool:
    """Whether any attribute of the tag may be an opt-out of some provider.

    One pass over the names settles the many links that have none, before
    the checks that ask every provider about every attribute: one set of
    names per provider, and a class attribute (on most buttons) only when
    it may hold an opt-out class.
    """
    global _last_names
    known = _last_names
    if known is None or known.provider is not provider:
        known = _last_names = _opt_out_names(provider)

    names = known.names
    for attribute in link.attributes:
        name = attribute.name
        if name in names and (name != "class" or _may_name_opt_out_class(
                attribute, known.class_values)):
            return True
    return False


def _may_name_opt_out_class(attribute: Attribute,
                            class_values: tuple[str, ...] | None) -> bool:
    """Whether a class attribute may hold a class name that opts out.

    Most buttons have a class, and an opt-out class is one of its names
    (``opts_out``): a search of the raw value settles the usual class
    without decoding and splitting it. A character reference may spell
    the name, so a value with ``&`` goes to the full checks.
    """
    if class_values is None:
        return True
    raw = attribute.raw
    if raw is None:
        return False
    if "&" in raw:
        return True
    for value in class_values:
        if value in raw:
            return True
    return False


def _foreign(link: Link, provider: Provider) -> Iterator[Hit]:
    """Opt-outs of other providers, which this one does not read."""
    for attribute, owner in foreign_opt_outs(link, provider):
        ours = ", ".join(documented(n, v) for n, v in provider.opt_outs.items())
        yield _hit(
            attribute,
            f"{describe(attribute)} is {short_name(owner)}'s opt-out; "
            f"{tracker(provider)} ignores it and tracks this link"
            + (f"; write {ours}" if ours else ""),
        )


def _own(link: Link, provider: Provider) -> Iterator[Hit]:
    """The provider's opt-outs written where or as it does not read them."""
    before_only = must_precede_href(provider)
    for attribute in link.attributes:
        if attribute.name not in provider.opt_outs:
            continue
        expected = provider.opt_outs[attribute.name]
        if opts_out(attribute, expected):
            if attribute.name in before_only and not stands_before_href(
                link, attribute
            ):
                yield _hit(attribute, _misplaced(attribute))
        elif meant_as_opt_out(attribute, expected):
            yield _hit(
                attribute,
                f"{describe(attribute)} is not the documented opt-out, which "
                f"is {documented(attribute.name, expected)}; the link may be "
                "tracked",
            )


def _misplaced(attribute: Attribute) -> str:
    owner = opt_out_owner(attribute.name)
    who = short_name(owner) if owner is not None else "the provider"
    return (
        f"{describe(attribute)} stands after href, where {who} ignores it "
        "and tracks the link; write it before href"
    )


def _hit(attribute: Attribute, message: str) -> Hit:
    start, end = opt_out_span(attribute)
    return Hit(start=start, end=end, message=message)
