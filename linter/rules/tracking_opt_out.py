"""The link opts out of click tracking.

What it catches: an opt-out the provider honours, where it stands:
``clicktracking="off"`` before ``href`` (SendGrid),
``disable-tracking="true"`` (Mailgun), ``ses:no-track`` (Amazon SES),
``data-pm-no-track`` (Postmark), ``data-msys-clicktrack="0"``
(SparkPost), ``mc:disable-tracking`` (Mandrill), ``class="untracked"``
(Customer.io). The generic profile knows every provider's opt-out.

Why it matters: off by default, since opting out is usually on purpose
(password resets, links with secrets). Select it to review which links a
campaign will not count, or to forbid opt-outs in a folder of marketing
templates.

Failing::

    <a clicktracking="off" href="https://shop.com/reset?t=...">Reset</a>

Passing::

    <a href="https://shop.com/sale">Sale</a>

How to fix: remove the attribute if the link should be tracked.

Fix: no; whether a link is tracked is the sender's decision.

The finding points at the opt-out attribute's value, or at its name when
it has none (``ses:no-track``).
"""

from __future__ import annotations

from linter.links import Link
from linter.rules.base import Hit
from linter.rules.context import RuleContext
from linter.tracking import describe, effective_opt_out, opt_out_span, tracker

CODE = "EL306"
NAME = "tracking-opt-out"
SEVERITY = "warning"
DEFAULT = False
FIXABLE = False
SCOPE = "link"


def check(link: Link, ctx: RuleContext) -> tuple[Hit, ...]:
    """Report an opt-out attribute that the provider honours."""
    attribute = effective_opt_out(link, ctx.provider)
    if attribute is None:
        return ()

    start, end = opt_out_span(attribute)
    return (
        Hit(
            start=start,
            end=end,
            message=(
                f"{describe(attribute)} opts this link out of click tracking: "
                f"{tracker(ctx.provider)} will not count its clicks"
            ),
        ),
    )
