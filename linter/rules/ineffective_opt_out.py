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
from typing import Iterator

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
    if not _names_an_opt_out(link, provider):
        return []

    return [*_foreign(link, provider), *_own(link, provider)]


@lru_cache(maxsize=1)
def _service_opt_outs() -> frozenset[str]:
    """The opt-out attribute names of every named provider."""
    return frozenset(name for service in services() for name in service.opt_outs)


def _names_an_opt_out(link: Link, provider: Provider) -> bool:
    """Whether any attribute of the tag is an opt-out of some provider.

    One pass over the names settles the many links that have none, before
    the checks that ask every provider about every attribute.
    """
    others = _service_opt_outs()
    for attribute in link.attributes:
        if attribute.name in others or attribute.name in provider.opt_outs:
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
