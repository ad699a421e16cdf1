"""UTM parameters missing, repeated or off the config's policy.

What it catches, per web link the policy covers:

- a required parameter missing (default: ``utm_source``, ``utm_medium``,
  ``utm_campaign``), or written in another case (``UTM_Source``);
- a ``utm_`` parameter given twice;
- a value the policy does not allow, or (with ``lowercase``) one with
  capitals.

Which links: with ``domains`` set, every web link to those hosts or
their sub-domains; without it, every web link that already carries a
``utm_`` parameter. Tracking redirects and values from template tokens
are not judged; where a token could add parameters (``?{{ utm }}``), a
missing one is not reported.

Options, in ``[tool.lint-email.rules.EL406]``::

    required = ["utm_source", "utm_medium", "utm_campaign"]
    allowed = {utm_medium = ["email"], utm_source = ["newsletter", "crm"]}
    lowercase = true
    domains = ["shop.com"]

Why it matters: analytics attribute visits by these parameters, case
sensitively; one link without them, or with ``utm_medium=Email`` next to
``email``, splits or loses the campaign's numbers. Off by default: the
policy is the team's.

Failing::

    <a href="https://shop.com/?utm_source=news&utm_medium=Email">Shop</a>

Passing::

    <a href="https://shop.com/?utm_source=news&utm_medium=email&utm_campaign=spring">

How to fix: add or correct the parameters as the policy says.

Fix: no; the right values are the team's.
"""

from typing import Iterator, Mapping, NamedTuple
from urllib.parse import unquote_plus

from linter.links import TEMPLATE_MARK, Link
from linter.rules.base import Hit
from linter.rules.context import RuleContext
from linter.tracking import WebUrl, query_parameters, tracking_redirect, web_url
from linter.urlcheck import whole_value_hit

CODE = "EL406"
NAME = "utm-policy"
SEVERITY = "warning"
DEFAULT = False
FIXABLE = False
SCOPE = "link"

DEFAULT_REQUIRED = ("utm_source", "utm_medium", "utm_campaign")
OPTIONS = ("required", "allowed", "lowercase", "domains")


class Policy(NamedTuple):
    """The UTM policy of the config, with its defaults filled in."""

    required: tuple[str, ...] = DEFAULT_REQUIRED
    allowed: Mapping[str, tuple[str, ...]] | None = None
    lowercase: bool = False
    domains: tuple[str, ...] = ()


def validate_options(options: Mapping[str, object]) -> list[str]:
    """What is wrong with the rule's options, one message per problem.

    Messages start with the option's key; the config module puts the
    file and the table in front.
    """
    errors = [
        f"{key}: unknown option; expected one of {', '.join(OPTIONS)}"
        for key in options
        if key not in OPTIONS
    ]
    for key in ("required", "domains"):
        if key in options and not _is_string_list(options[key]):
            errors.append(f"{key}: expected a list of strings, got {options[key]!r}")
    lowercase = options.get("lowercase", False)
    if not isinstance(lowercase, bool):
        errors.append(f"lowercase: expected true or false, got {lowercase!r}")
    if "allowed" in options:
        errors.extend(_allowed_errors(options["allowed"]))
    return errors


def _allowed_errors(allowed: object) -> list[str]:
    if not isinstance(allowed, Mapping):
        return [f"allowed: expected a table of parameter = [values], got {allowed!r}"]
    return [
        f"allowed.{name}: expected a list of strings, got {values!r}"
        for name, values in allowed.items()
        if not _is_string_list(values)
    ]


def _is_string_list(value: object) -> bool:
    return isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value)


def policy_from(options: Mapping[str, object]) -> Policy:
    """The policy the options describe; invalid options give the defaults."""
    if validate_options(options):
        return Policy()
    allowed = options.get("allowed")
    return Policy(
        required=_strings(options.get("required", DEFAULT_REQUIRED)),
        allowed=(
            {str(name): _strings(values) for name, values in allowed.items()}
            if isinstance(allowed, Mapping)
            else None
        ),
        lowercase=options.get("lowercase") is True,
        domains=tuple(d.lower().strip(".") for d in _strings(options.get("domains"))),
    )


def _strings(value: object) -> tuple[str, ...]:
    if not isinstance(value, (list, tuple)):
        return ()
    return tuple(str(item) for item in value)


def check(link: Link, ctx: RuleContext) -> list[Hit]:
    """Hold each covered web link to the UTM policy."""
    url = web_url(link.value)
    if url is None or not url.has_literal_host or tracking_redirect(url):
        return []
    policy = policy_from(ctx.options.get(CODE, {}))
    parameters = [(name, written) for name, written, _ in query_parameters(url)]
    if not _covered(url, parameters, policy):
        return []

    return [
        whole_value_hit(link, message)
        for message in _problems(url, parameters, policy)
    ]


def _covered(url: WebUrl, parameters: list[tuple[str, str]], policy: Policy) -> bool:
    if policy.domains:
        return any(
            url.host == domain or url.host.endswith("." + domain)
            for domain in policy.domains
        )
    return any(name.lower().startswith("utm_") for name, _ in parameters)


def _problems(
    url: WebUrl, parameters: list[tuple[str, str]], policy: Policy
) -> Iterator[str]:
    yield from _missing(url, parameters, policy)
    yield from _repeated(parameters)
    yield from _bad_values(parameters, policy)


def _missing(
    url: WebUrl, parameters: list[tuple[str, str]], policy: Policy
) -> Iterator[str]:
    """Required names absent; a token where names stand may supply them."""
    names = [name for name, _ in parameters]
    if _token_may_add_parameters(url, names):
        return
    absent = []
    for required in policy.required:
        if required in names:
            continue
        other_case = next((n for n in names if n.lower() == required.lower()), None)
        if other_case is not None:
            yield (
                f"'{other_case}' should be written '{required}': analytics read "
                "parameter names case-sensitively"
            )
        else:
            absent.append(required)
    if absent:
        yield (
            f"link lacks {', '.join(absent)}; the UTM policy requires "
            f"{', '.join(policy.required)}"
        )


def _token_may_add_parameters(url: WebUrl, names: list[str]) -> bool:
    """A token in a parameter name, or after the host with no literal ``?``."""
    if any(TEMPLATE_MARK in name for name in names):
        return True
    return url.query_start < 0 and TEMPLATE_MARK in url.path


def _repeated(parameters: list[tuple[str, str]]) -> Iterator[str]:
    counts: dict[str, int] = {}
    for name, _ in parameters:
        if name.lower().startswith("utm_"):
            counts[name] = counts.get(name, 0) + 1
    for name, count in counts.items():
        if count > 1:
            yield f"{name} is given {count} times; analytics keep only one"


def _bad_values(parameters: list[tuple[str, str]], policy: Policy) -> Iterator[str]:
    for name, written in parameters:
        if not name.lower().startswith("utm_") or TEMPLATE_MARK in written:
            continue
        value = unquote_plus(written)
        allowed = (policy.allowed or {}).get(name)
        if allowed is not None and value not in allowed:
            yield (
                f"{name}={value} is not allowed by the UTM policy (allowed: "
                f"{', '.join(allowed) or 'none'})"
            )
        elif policy.lowercase and value != value.lower():
            yield (
                f"{name}={value} is not lowercase; analytics count "
                f"{value.lower()!r} and {value!r} apart"
            )
