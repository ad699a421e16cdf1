"""Provider profiles: their facts, how the rules use them, how users pick one.

The facts are checked against PROVIDERS.md's table, the behaviour per
provider through ``lint_text``, the selection through the command line and
the config file, and docs/providers.md against the profiles.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from linter import Config, lint_text
from linter.cli import main
from linter.config import read_config_file
from linter.findings import Finding
from linter.providers import GENERIC, PROVIDERS, get_provider
from linter.tracking import (
    _suffix_list,
    is_own_tag,
    registrable_domain,
    services,
)

REPO = Path(__file__).resolve().parents[1]
ALL = ("EL3", "EL4", "EL306")
WITH_EL405 = (*ALL, "EL405")

# PROVIDERS.md, "Per provider": opt-out, links per email, URL bytes.
TABLE = {
    "sendgrid": ({"clicktracking": "off"}, 1000, 2048),
    "mailgun": ({"disable-tracking": "true"}, None, 2048),
    "ses": ({"ses:no-track": None}, 250, 2048),
    "postmark": ({"data-pm-no-track": None}, None, 2048),
    "sparkpost": ({"data-msys-clicktrack": "0"}, None, 4096),
    "mandrill": ({"mc:disable-tracking": None}, None, 255),
    "customerio": ({"class": "untracked"}, None, 2048),
}
# Each provider's opt-out as a template author writes it.
OPT_OUT = {
    "sendgrid": 'clicktracking="off"',
    "mailgun": 'disable-tracking="true"',
    "ses": "ses:no-track",
    "postmark": "data-pm-no-track",
    "sparkpost": 'data-msys-clicktrack="0"',
    "mandrill": "mc:disable-tracking",
    "customerio": 'class="button untracked"',
}
UNSUBSCRIBE = {
    "sendgrid": "<%asm_group_unsubscribe_raw_url%>",
    "mailgun": "%unsubscribe_url%",
    "postmark": "{{{ pm:unsubscribe }}}",
    "mandrill": "*|UNSUB|*",
    "customerio": "{% unsubscribe_url %}",
}


def lint(source: str, provider: str, **settings: Any) -> list[Finding]:
    settings.setdefault("select", ALL)
    config = Config(provider=provider, **settings)
    return lint_text(source, path="t.html", config=config)


def codes(source: str, provider: str, **settings: Any) -> list[str]:
    return [f.code for f in lint(source, provider, **settings)]


def link(attributes: str = "", value: str = "https://shop.com/reset") -> str:
    return f'<a {attributes} href="{value}">Reset</a>'


# --- the profiles hold PROVIDERS.md's facts ------------------------------------


def test_every_provider_of_spec_has_a_profile() -> None:
    assert list(PROVIDERS) == [
        "generic", "sendgrid", "mailgun", "ses", "postmark", "sparkpost",
        "mandrill", "customerio",
    ]
    assert [p.name for p in services()] == list(TABLE)


@pytest.mark.parametrize("name", sorted(TABLE))
def test_profile_facts(name: str) -> None:
    provider = get_provider(name)
    facts = (provider.opt_outs, provider.max_links, provider.max_url_length)
    assert facts == TABLE[name]
    assert provider.opt_out_before_href is (name == "sendgrid")
    assert provider.tracking_hosts
    assert set(provider.unsubscribe_tags) <= set(provider.own_tags)


def test_generic_profile_knows_every_provider() -> None:
    for provider in services():
        assert provider.opt_outs.items() <= GENERIC.opt_outs.items()
        assert set(provider.own_tags) <= set(GENERIC.own_tags)
        assert set(provider.unsubscribe_tags) <= set(GENERIC.unsubscribe_tags)
    assert GENERIC.max_links is None
    assert GENERIC.max_url_length == 2048
    assert GENERIC.cname_targets == ()
    assert GENERIC.severity == {}


def test_severities_the_profiles_raise() -> None:
    assert get_provider("sendgrid").severity == {"EL310": "error"}
    assert get_provider("sparkpost").severity == {"EL302": "error"}
    others = set(PROVIDERS) - {"sendgrid", "sparkpost"}
    assert all(get_provider(name).severity == {} for name in others)


def test_own_tags_compare_without_white_space_or_case() -> None:
    postmark = get_provider("postmark")
    for written in ("{{{ pm:unsubscribe }}}", "{{{pm:unsubscribe}}}",
                    "{{{  PM:Unsubscribe\n}}}"):
        assert is_own_tag(written, postmark)
    assert not is_own_tag("{{ pm:unsubscribe }}", postmark)


# --- each provider's opt-out, and the others' ----------------------------------


@pytest.mark.parametrize("name", sorted(OPT_OUT))
def test_own_opt_out_is_honoured(name: str) -> None:
    source = link(OPT_OUT[name])
    found = lint(source, name)
    assert [f.code for f in found] == ["EL306"]
    assert found[0].line == 1
    attribute = OPT_OUT[name]
    value_column = source.index('"', source.index(attribute)) + 2
    expected = value_column if "=" in attribute else 4
    assert found[0].column == expected


@pytest.mark.parametrize("name", sorted(OPT_OUT))
@pytest.mark.parametrize("other", sorted(OPT_OUT))
def test_other_providers_opt_outs_are_ineffective(name: str, other: str) -> None:
    found = codes(link(OPT_OUT[other]), name)
    if other == name:
        assert found == ["EL306"]
    else:
        assert found == ["EL307"]


@pytest.mark.parametrize("other", sorted(OPT_OUT))
def test_generic_profile_honours_every_opt_out(other: str) -> None:
    assert codes(link(OPT_OUT[other]), "generic") == ["EL306"]


def test_only_sendgrid_needs_the_opt_out_before_href() -> None:
    after = '<a href="https://shop.com/reset" clicktracking="off">Reset</a>'
    assert codes(after, "sendgrid") == ["EL307"]
    assert codes(after, "generic") == ["EL307"]
    after_mailgun = '<a href="https://shop.com/x" disable-tracking="true">x</a>'
    assert codes(after_mailgun, "mailgun") == ["EL306"]


# --- limits -----------------------------------------------------------------


def url_of(size: int) -> str:
    head = "https://shop.com/?q="
    return head + "a" * (size - len(head))


@pytest.mark.parametrize("name", sorted(TABLE))
def test_url_length_limit_per_provider(name: str) -> None:
    limit = TABLE[name][2]
    assert "EL302" not in codes(link(value=url_of(limit)), name)
    too_long = link(value=url_of(limit + 1))
    [finding] = [f for f in lint(too_long, name) if f.code == "EL302"]
    assert finding.severity == ("error" if name == "sparkpost" else "warning")
    assert f"of {limit} bytes" in finding.message


@pytest.mark.parametrize("name", sorted(TABLE))
def test_link_count_limit_per_provider(name: str) -> None:
    many = "\n".join(f'<a href="https://shop.com/{n}">{n}</a>' for n in range(1001))
    found = codes(many, name, select=("EL303",))
    limit = TABLE[name][1]
    assert found == ([] if limit is None else ["EL303"])


# --- own tags: EL301 and EL405 ----------------------------------------------------


@pytest.mark.parametrize("name", sorted(UNSUBSCRIBE))
def test_own_unsubscribe_tag(name: str) -> None:
    source = f'<p>News</p><a href="{UNSUBSCRIBE[name]}">Leave</a>'
    assert codes(source, name, select=WITH_EL405) == []
    assert codes(source, "generic", select=WITH_EL405) == []
    for other in set(UNSUBSCRIBE) - {name}:
        # Another provider's tag is a URL in a variable to this one, and no
        # unsubscribe link either (the text says "Leave").
        assert codes(source, other, select=WITH_EL405) == ["EL405", "EL301"], other


def test_ses_has_no_unsubscribe_tag_of_its_own() -> None:
    found = codes('<a href="*|UNSUB|*">Leave</a>', "ses", select=WITH_EL405)
    assert found == ["EL405", "EL301"]
    unsubscribe = '<a href="https://shop.com/u">Unsubscribe</a>'
    assert codes(unsubscribe, "ses", select=WITH_EL405) == []


# --- EL311 only under SendGrid -------------------------------------------------------


@pytest.mark.parametrize("name", sorted(PROVIDERS))
def test_escaped_url_variable_is_sendgrid_only(name: str) -> None:
    found = codes('<a href="{{url}}">Shop</a>', name, select=("EL311",))
    assert found == (["EL311"] if name == "sendgrid" else [])


# --- EL308 knows every provider's redirects, whatever the profile ---------------------


@pytest.mark.parametrize("name", sorted(PROVIDERS))
def test_tracking_redirects_under_every_profile(name: str) -> None:
    source = "\n".join(
        f'<a href="{value}">x</a>'
        for value in (
            "https://u1.ct.sendgrid.net/ls/click?upn=abc",
            "https://a.r.us-east-1.awstrack.me/L0/https:%2F%2Fshop.com/1/x",
            "https://click.pstmrk.it/3s/shop.com%2Fa/b/c",
            "https://spgo.io/f/a/b",
            "https://mandrillapp.com/track/click/1/shop.com?p=x",
            "https://e.customeriomail.com/e/c/x/y",
            "https://email.mailgun.org/c/x",
        )
    )
    found = [f for f in lint(source, name) if f.code == "EL308"]
    assert [f.line for f in found] == [1, 2, 3, 4, 5, 6, 7]
    assert all(f.severity == "error" for f in found)


# --- picking a profile: --provider and the config ------------------------------------


def test_provider_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = tmp_path / "t.html"
    template.write_text('<a href="{{url}}">Shop</a>\n', encoding="utf-8")
    args = ["--isolated", "--format", "json", "--select", "EL311", str(template)]

    assert main([*args, "--provider", "sendgrid"]) == 0
    report = json.loads(capsys.readouterr().out)
    [finding] = report["findings"]
    assert (finding["code"], finding["line"], finding["column"]) == ("EL311", 1, 10)
    assert finding["fix"] == "{{{url}}}"

    assert main([*args, "--provider", "mailgun"]) == 0
    assert json.loads(capsys.readouterr().out)["findings"] == []


def test_provider_in_the_config(tmp_path: Path) -> None:
    config_file = tmp_path / "lint-email.toml"
    config_file.write_text('provider = "sparkpost"\n', encoding="utf-8")
    config = read_config_file(config_file)
    assert config.provider == "sparkpost"
    found = lint_text(link(value=url_of(5000)), path="t.html", config=config)
    assert [(f.code, f.severity) for f in found if f.code == "EL302"] == [
        ("EL302", "error")
    ]


def test_config_severity_overrides_the_profile() -> None:
    source = link(value="https://shop.com/?q=men's")
    config = Config(provider="sendgrid", select=("EL310",),
                    severity=(("EL310", "warning"),))
    [finding] = lint_text(source, config=config)
    assert finding.severity == "warning"


def test_unknown_provider_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--isolated", "--provider", "sendgird", "-"]) == 2
    assert "sendgird" in capsys.readouterr().err


# --- the Public Suffix List: offline, and loaded only when needed ---------


def test_public_suffix_list_is_read_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the Public Suffix List must not touch the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    _suffix_list.cache_clear()
    registrable_domain.cache_clear()

    assert registrable_domain("www.shop.co.uk") == "shop.co.uk"
    found = lint('<a href="https://other.co.uk">shop.co.uk</a>', "generic")
    assert [f.code for f in found] == ["EL402"]


def _modules_after(source: str) -> bool:
    program = (
        "import sys\n"
        "from linter import lint_text\n"
        f"lint_text({source!r})\n"
        "print('publicsuffixlist' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True,
        cwd=REPO, check=True,
    )
    return result.stdout.strip() == "True"


def test_public_suffix_list_is_imported_only_for_a_domain_in_link_text() -> None:
    assert not _modules_after('<a href="https://shop.com/a">Shop now</a> www.x.com')
    # The same host in text and href needs no list; hosts that differ do.
    assert not _modules_after('<a href="https://shop.com/a">shop.com</a>')
    assert _modules_after('<a href="https://www.shop.com/a">shop.com</a>')


# --- docs/providers.md states every profile's facts ----------------------------------


def test_provider_doc_covers_every_profile() -> None:
    doc = (REPO / "docs" / "providers.md").read_text(encoding="utf-8")
    for name, provider in PROVIDERS.items():
        assert f"`{name}`" in doc, name
        if name == "generic":
            continue
        for attribute, value in provider.opt_outs.items():
            written = attribute if value is None else f'{attribute}="{value}"'
            assert f"`{written}`" in doc, written
        if provider.max_links is not None:
            assert f"| {provider.max_links} |" in doc
        assert f"| {provider.max_url_length} |" in doc
        for tag in provider.own_tags:
            assert f"`{tag}`" in doc, tag
        for code, severity in provider.severity.items():
            assert f"{code} to {severity}" in doc
