"""Provider profiles: what each email service's click tracking needs.

Providers are data, not code paths: rules read a profile's opt-out
attributes, limits, own tags and tracking hosts, and the DNS check reads its
CNAME targets. Facts and their sources are in docs/providers.md.
"""

from typing import NamedTuple


class Provider(NamedTuple):
    """One email service provider's click-tracking and branding facts."""

    name: str
    title: str
    # Attribute names (lowercase) that opt a link out of click tracking,
    # with the value that turns tracking off (None: the name alone does).
    # Read-only, so one shared empty default is safe.
    opt_outs: dict[str, str | None] = {}
    # Whether the opt-out must stand before href in the tag (SendGrid).
    opt_out_before_href: bool = False
    max_links: int | None = None
    max_url_length: int = 2048
    # Template tags of the provider's own (unsubscribe, view in browser):
    # values the provider fills in and tracks itself.
    own_tags: tuple[str, ...] = ()
    # The own tags that are an unsubscribe link (EL405); each is also in
    # ``own_tags``.
    unsubscribe_tags: tuple[str, ...] = ()
    # Host suffixes of the provider's click-tracking redirects.
    tracking_hosts: tuple[str, ...] = ()
    # Where a branded tracking subdomain's CNAME must point. Entries may
    # hold "*" for one DNS label (SES regions).
    cname_targets: tuple[str, ...] = ()
    # Severities this profile raises, by rule code.
    # Read-only, so one shared empty default is safe.
    severity: dict[str, str] = {}


_SENDGRID_UNSUBSCRIBE = (
    "<%asm_group_unsubscribe_raw_url%>",
    "<%asm_global_unsubscribe_raw_url%>",
    "<%asm_preferences_raw_url%>",
    "{{{unsubscribe}}}",
    "{{{unsubscribe_preferences}}}",
    "[unsubscribe]",
    "<%unsubscribe%>",
)

SENDGRID = Provider(
    name="sendgrid",
    title="SendGrid (Twilio)",
    opt_outs={"clicktracking": "off"},
    opt_out_before_href=True,
    max_links=1000,
    own_tags=_SENDGRID_UNSUBSCRIBE,
    unsubscribe_tags=_SENDGRID_UNSUBSCRIBE,
    tracking_hosts=("sendgrid.net", "ct.sendgrid.net"),
    cname_targets=("sendgrid.net", "click.sendgrid.net"),
    # A ' truncates the URL in SendGrid's rewriter: the tracked link then
    # leads elsewhere for every recipient, which is an error, not a nuisance.
    severity={"EL310": "error"},
)

_MAILGUN_UNSUBSCRIBE = (
    "%unsubscribe_url%",
    "%tag_unsubscribe_url%",
    "%mailing_list_unsubscribe_url%",
)

MAILGUN = Provider(
    name="mailgun",
    title="Mailgun (Sinch)",
    opt_outs={"disable-tracking": "true"},
    own_tags=_MAILGUN_UNSUBSCRIBE,
    unsubscribe_tags=_MAILGUN_UNSUBSCRIBE,
    tracking_hosts=("mailgun.org",),
    cname_targets=("mailgun.org", "eu.mailgun.org"),
)

SES = Provider(
    name="ses",
    title="Amazon SES",
    opt_outs={"ses:no-track": None},
    max_links=250,
    tracking_hosts=("awstrack.me",),
    cname_targets=("r.*.awstrack.me",),
)

POSTMARK = Provider(
    name="postmark",
    title="Postmark",
    opt_outs={"data-pm-no-track": None},
    own_tags=("{{{ pm:unsubscribe }}}",),
    unsubscribe_tags=("{{{ pm:unsubscribe }}}",),
    tracking_hosts=("pstmrk.it",),
    cname_targets=("click.pstmrk.it",),
)

SPARKPOST = Provider(
    name="sparkpost",
    title="SparkPost (Bird)",
    opt_outs={"data-msys-clicktrack": "0"},
    max_url_length=4096,
    tracking_hosts=("spgo.io",),
    cname_targets=("spgo.io", "eu.spgo.io", "v2.spgo.io", "eu.v2.spgo.io"),
    # SparkPost rejects a message with a link over 4096 bytes: nobody gets it.
    severity={"EL302": "error"},
)

MANDRILL = Provider(
    name="mandrill",
    title="Mandrill (Mailchimp Transactional)",
    opt_outs={"mc:disable-tracking": None},
    max_url_length=255,
    own_tags=("*|UNSUB|*", "*|ARCHIVE|*", "*|UPDATE_PROFILE|*", "*|FORWARD|*"),
    unsubscribe_tags=("*|UNSUB|*",),
    tracking_hosts=("mandrillapp.com", "list-manage.com"),
    cname_targets=("mandrillapp.com",),
)

CUSTOMERIO = Provider(
    name="customerio",
    title="Customer.io",
    opt_outs={"class": "untracked"},
    own_tags=("{% unsubscribe_url %}",),
    unsubscribe_tags=("{% unsubscribe_url %}",),
    tracking_hosts=("customeriomail.com",),
    cname_targets=("e.customeriomail.com", "e-eu.customeriomail.com"),
)

_SERVICES = (SENDGRID, MAILGUN, SES, POSTMARK, SPARKPOST, MANDRILL, CUSTOMERIO)


def _every(field_name: str) -> tuple[str, ...]:
    """One tag list of every service, in order, without repeats."""
    merged: dict[str, None] = {}
    for service in _SERVICES:
        merged.update(dict.fromkeys(getattr(service, field_name)))
    return tuple(merged)


# The generic profile stands for "whichever of them sends it": it knows
# every service's own tags (so ``*|UNSUB|*`` is no variable URL) and every
# opt-out attribute, and sets no link limit, since none is shared by all.
# It has no CNAME targets: the DNS check then needs the config's.
GENERIC = Provider(
    name="generic",
    title="Any provider",
    opt_outs={
        name: value
        for service in _SERVICES
        for name, value in service.opt_outs.items()
    },
    own_tags=_every("own_tags"),
    unsubscribe_tags=_every("unsubscribe_tags"),
)

PROVIDERS: dict[str, Provider] = {
    provider.name: provider
    for provider in (
        GENERIC,
        SENDGRID,
        MAILGUN,
        SES,
        POSTMARK,
        SPARKPOST,
        MANDRILL,
        CUSTOMERIO,
    )
}


def get_provider(name: str) -> Provider:
    """Return the named profile; KeyError names the unknown provider."""
    return PROVIDERS[name]
