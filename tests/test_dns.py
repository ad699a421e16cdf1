"""Tests of the link-branding DNS check against a real DNS server.

The server (tests/dns_server.py) runs on 127.0.0.1 for each test. An
autouse guard refuses, and records, any socket traffic to an address that
is not loopback, so no test can reach a real resolver by mistake.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import dns.query as dns_query
import pytest

from linter import dns as dns_check
from linter.dns import (
    CnameCheck,
    DnsRun,
    checks_from_config,
    parse_nameserver,
    run_dns_checks,
)
from linter.providers import GENERIC, MAILGUN, SENDGRID, SES, Provider
from linter.rules import (
    cname_mismatch,
    cname_missing,
    cname_target_unresolved,
    dns_unavailable,
)
from tests.dns_server import (  # noqa: F401 (pytest fixtures)
    DROP,
    SERVFAIL,
    TRUNCATE,
    DnsTestServer,
    dns_server,
    dns_servers,
)

ROOT = Path(__file__).resolve().parents[1]
NAME = "url1234.shop.com"


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Refuse any send or connect to a non-loopback address."""
    refused: list[object] = []

    def guard(method: Any) -> Any:
        def guarded(self: socket.socket, *args: Any) -> Any:
            address = args[-1]
            if isinstance(address, tuple) and not _is_loopback(address[0]):
                refused.append(address)
                raise OSError(f"test tried to reach {address}")
            return method(self, *args)

        return guarded

    for name in ("sendto", "connect", "connect_ex"):
        monkeypatch.setattr(socket.socket, name, guard(getattr(socket.socket, name)))
    yield
    assert not refused, f"a test tried to reach non-loopback addresses: {refused}"


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check(
    server: DnsTestServer,
    *names: str,
    provider: Provider = SENDGRID,
    timeout: float = 2.0,
) -> DnsRun:
    """Run the DNS check for ``names`` (``NAME`` or ``NAME=TARGET``)."""
    checks = checks_from_config([], [], list(names))
    return run_dns_checks(checks, provider, [server.address_pair], timeout)


def codes(run: DnsRun) -> list[str]:
    return [finding.code for finding in run.findings]


# --- the nine cases of the issue -------------------------------------------


def test_right_target_passes_and_shows_the_dig_answer(
    dns_server: DnsTestServer,
) -> None:
    dns_server.cname(NAME, "sendgrid.net", ttl=300)
    dns_server.address("sendgrid.net", "192.0.2.10")

    run = check(dns_server, NAME)

    assert run.findings == []
    assert run.answers == [
        "url1234.shop.com.\t300\tIN\tCNAME\tsendgrid.net.\n"
        "sendgrid.net.\t300\tIN\tA\t192.0.2.10\n"
        "url1234.shop.com: OK, CNAME to sendgrid.net "
        "(expected sendgrid.net or click.sendgrid.net)"
    ]


def test_wrong_target_is_a_mismatch(dns_server: DnsTestServer) -> None:
    dns_server.cname(NAME, "mailgun.org")
    dns_server.address("mailgun.org", "192.0.2.20")

    run = check(dns_server, NAME)

    assert codes(run) == ["EL502"]
    finding = run.findings[0]
    assert (finding.name, finding.severity) == ("cname-mismatch", "error")
    assert "points to mailgun.org" in finding.message
    assert "expected sendgrid.net or click.sendgrid.net" in finding.message
    assert run.answers[0].splitlines()[-1].startswith(
        "url1234.shop.com: EL502 cname-mismatch, CNAME to mailgun.org"
    )


def test_nxdomain_is_a_missing_cname(dns_server: DnsTestServer) -> None:
    run = check(dns_server, NAME)

    assert codes(run) == ["EL501"]
    assert "does not exist (NXDOMAIN)" in run.findings[0].message
    assert run.answers[0].splitlines()[0] == ";; NXDOMAIN"


def test_a_name_without_cname_is_missing(dns_server: DnsTestServer) -> None:
    dns_server.address(NAME, "192.0.2.30")

    run = check(dns_server, NAME)

    assert codes(run) == ["EL501"]
    assert "has no CNAME record" in run.findings[0].message
    assert run.answers[0].splitlines()[0] == ";; NOERROR, no CNAME record"


def test_servfail_is_dns_unavailable(dns_server: DnsTestServer) -> None:
    dns_server.behave(NAME, SERVFAIL)

    run = check(dns_server, NAME)

    assert codes(run) == ["EL503"]
    assert run.findings[0].severity == "warning"
    assert "SERVFAIL" in run.findings[0].message
    assert run.answers[0].splitlines()[0] == ";; SERVFAIL"


def test_a_server_that_never_answers_times_out(dns_server: DnsTestServer) -> None:
    dns_server.behave(NAME, DROP)

    started = time.monotonic()
    run = check(dns_server, NAME, timeout=0.5)
    elapsed = time.monotonic() - started

    assert codes(run) == ["EL503"]
    assert "timed out" in run.findings[0].message
    assert run.answers[0].splitlines()[0] == ";; timed out"
    assert 0.4 < elapsed < 1.5


def test_a_chain_through_a_cdn_reaching_the_provider_passes(
    dns_server: DnsTestServer,
) -> None:
    dns_server.cname(NAME, "shop.edge.cdn-example.net")
    dns_server.cname("shop.edge.cdn-example.net", "sendgrid.net")
    dns_server.address("sendgrid.net", "192.0.2.10")

    run = check(dns_server, NAME)

    assert run.findings == []
    lines = run.answers[0].splitlines()
    assert lines[:3] == [
        "url1234.shop.com.\t300\tIN\tCNAME\tshop.edge.cdn-example.net.",
        "shop.edge.cdn-example.net.\t300\tIN\tCNAME\tsendgrid.net.",
        "sendgrid.net.\t300\tIN\tA\t192.0.2.10",
    ]
    assert "CNAME to shop.edge.cdn-example.net -> sendgrid.net" in lines[-1]


def test_a_cdn_that_stops_the_chain_needs_its_host_named(
    dns_server: DnsTestServer,
) -> None:
    # A CDN whose origin is set in its console never CNAMEs to the provider.
    dns_server.cname(NAME, "d111.cloudfront.example")
    dns_server.address("d111.cloudfront.example", "192.0.2.40")

    assert codes(check(dns_server, NAME)) == ["EL502"]
    assert codes(check(dns_server, f"{NAME}=d111.cloudfront.example")) == []


def test_a_dangling_target_is_unresolved(dns_server: DnsTestServer) -> None:
    dns_server.cname(NAME, "click.sendgrid.net")

    run = check(dns_server, NAME)

    assert codes(run) == ["EL504"]
    finding = run.findings[0]
    assert (finding.name, finding.severity) == ("cname-target-unresolved", "warning")
    assert "click.sendgrid.net does not exist (NXDOMAIN)" in finding.message
    assert ";; NXDOMAIN (click.sendgrid.net. CNAME)" in run.answers[0]


def test_a_target_without_addresses_is_unresolved(
    dns_server: DnsTestServer,
) -> None:
    dns_server.cname(NAME, "sendgrid.net")
    dns_server.exists("sendgrid.net")

    run = check(dns_server, NAME)

    assert codes(run) == ["EL504"]
    assert "sendgrid.net has no A or AAAA record" in run.findings[0].message
    assert dns_server.count("sendgrid.net", "A") == 1
    assert dns_server.count("sendgrid.net", "AAAA") == 1


def test_an_ipv6_only_target_resolves(dns_server: DnsTestServer) -> None:
    dns_server.cname(NAME, "sendgrid.net")
    dns_server.address("sendgrid.net", "2001:db8::10")

    run = check(dns_server, NAME)

    assert run.findings == []
    assert "sendgrid.net.\t300\tIN\tAAAA\t2001:db8::10" in run.answers[0]


def test_a_truncated_udp_answer_is_asked_again_over_tcp(
    dns_server: DnsTestServer,
) -> None:
    dns_server.cname(NAME, "sendgrid.net")
    dns_server.behave(NAME, TRUNCATE)
    dns_server.address("sendgrid.net", "192.0.2.10")

    run = check(dns_server, NAME)

    assert run.findings == []
    assert dns_server.count(NAME, "CNAME", "udp") == 1
    assert dns_server.count(NAME, "CNAME", "tcp") == 1
    assert run.answers[0].splitlines()[:2] == [
        ";; truncated, retried over TCP",
        "url1234.shop.com.\t300\tIN\tCNAME\tsendgrid.net.",
    ]


def test_an_answer_too_big_for_udp_comes_over_tcp(
    dns_server: DnsTestServer,
) -> None:
    # 60 A records do not fit in 512 bytes: the server truncates by itself.
    dns_server.cname(NAME, "click.sendgrid.net")
    dns_server.address("click.sendgrid.net", *(f"192.0.2.{i}" for i in range(60)))

    run = check(dns_server, NAME)

    assert run.findings == []
    assert dns_server.count("click.sendgrid.net", "A", "tcp") == 1
    assert run.answers[0].count("\tIN\tA\t") == 60


# --- once per run, concurrently, within the time-out ------------------------


def test_each_name_is_queried_once_per_run(dns_server: DnsTestServer) -> None:
    dns_server.cname(NAME, "sendgrid.net")
    dns_server.cname("5678.shop.com", "sendgrid.net")
    dns_server.address("sendgrid.net", "192.0.2.10")

    run = check(dns_server, NAME, "URL1234.Shop.com.", "5678.shop.com", NAME)

    assert len(run.answers) == 2
    assert dns_server.count(NAME) == 1
    # The shared target too: one CNAME and one A question in all.
    assert dns_server.count("sendgrid.net", "CNAME") == 1
    assert dns_server.count("sendgrid.net", "A") == 1


def test_names_are_looked_up_concurrently_within_one_timeout(
    dns_server: DnsTestServer,
) -> None:
    names = ["url1.shop.com", "url2.shop.com", "url3.shop.com"]
    for name in names:
        dns_server.behave(name, DROP)

    started = time.monotonic()
    run = check(dns_server, *names, timeout=1.0)
    elapsed = time.monotonic() - started

    assert codes(run) == ["EL503"] * 3
    assert all(dns_server.count(name) == 1 for name in names)
    assert elapsed < 2.5


def test_the_timeout_bounds_a_whole_chain(dns_server: DnsTestServer) -> None:
    # The CNAME matches, but its target never answers.
    dns_server.cname(NAME, "sendgrid.net")
    dns_server.behave("sendgrid.net", DROP)

    started = time.monotonic()
    run = check(dns_server, NAME, timeout=0.6)

    assert time.monotonic() - started < 1.5
    assert codes(run) == ["EL503"]
    assert "could not be checked" in run.findings[0].message


def test_names_sharing_a_silent_target_wait_for_one_query(
    dns_server: DnsTestServer,
) -> None:
    dns_server.cname(NAME, "sendgrid.net")
    dns_server.cname("5678.shop.com", "sendgrid.net")
    dns_server.behave("sendgrid.net", DROP)

    run = check(dns_server, NAME, "5678.shop.com", timeout=0.6)

    assert codes(run) == ["EL503", "EL503"]
    assert dns_server.count("sendgrid.net") == 1


def test_a_dead_first_nameserver_falls_back_to_the_next(
    dns_servers: Callable[[], DnsTestServer],
) -> None:
    dead, alive = dns_servers(), dns_servers()
    dead.drop_all = True
    alive.cname(NAME, "sendgrid.net")
    alive.address("sendgrid.net", "192.0.2.10")

    checks = checks_from_config([], [], [NAME])
    servers = [dead.address_pair, alive.address_pair]
    run = run_dns_checks(checks, SENDGRID, servers, 1.0)

    assert run.findings == []
    # Once it timed out, the dead server is asked after the live one.
    assert dead.count(NAME) == 1
    assert dead.count("sendgrid.net") == 0


def test_no_query_and_no_resolver_config_without_checks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a DNS query was sent")

    monkeypatch.setattr(dns_query, "udp", refuse)
    monkeypatch.setattr(dns_query, "tcp", refuse)
    monkeypatch.setattr(dns_check, "_system_nameservers", refuse)

    assert run_dns_checks([], SENDGRID) == DnsRun(findings=[], answers=[])


# --- expected targets ---------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "found"),
    [
        ("r.us-east-1.awstrack.me", []),
        ("r.eu-central-1.awstrack.me", []),
        ("r.awstrack.me", ["EL502"]),
        ("x.r.us-east-1.awstrack.me", ["EL502"]),
        ("r.us-east-1.extra.awstrack.me", ["EL502"]),
        ("r.us-east-1.awstrack.me.evil.example", ["EL502"]),
    ],
)
def test_ses_region_wildcard_matches_exactly_one_label(
    dns_server: DnsTestServer, target: str, found: list[str]
) -> None:
    dns_server.cname(NAME, target)
    dns_server.address(target, "192.0.2.50")

    assert codes(check(dns_server, NAME, provider=SES)) == found


def test_mailgun_eu_target_passes(dns_server: DnsTestServer) -> None:
    dns_server.cname("email.shop.com", "eu.mailgun.org")
    dns_server.address("eu.mailgun.org", "192.0.2.60")

    assert codes(check(dns_server, "email.shop.com", provider=MAILGUN)) == []


def test_target_comparison_ignores_case(dns_server: DnsTestServer) -> None:
    dns_server.cname(NAME, "SendGrid.NET")
    dns_server.address("sendgrid.net", "192.0.2.10")

    assert codes(check(dns_server, NAME)) == []


def test_generic_provider_accepts_any_cname_that_resolves(
    dns_server: DnsTestServer,
) -> None:
    dns_server.cname(NAME, "track.any-esp.example")
    dns_server.address("track.any-esp.example", "192.0.2.70")
    dns_server.cname("url5.shop.com", "gone.any-esp.example")

    run = check(dns_server, NAME, "url5.shop.com", provider=GENERIC)

    assert codes(run) == ["EL504"]
    assert run.findings[0].domain == "url5.shop.com"
    assert "track.any-esp.example.\t300\tIN\tA\t192.0.2.70" in run.answers[0]
    assert run.answers[0].endswith(
        "url1234.shop.com: OK, CNAME to track.any-esp.example (the generic "
        "provider names no target: any CNAME that resolves passes)"
    )


def test_generic_provider_still_checks_a_given_target(
    dns_server: DnsTestServer,
) -> None:
    dns_server.cname(NAME, "track.any-esp.example")
    dns_server.address("track.any-esp.example", "192.0.2.70")

    run = check(dns_server, f"{NAME}=sendgrid.net", provider=GENERIC)

    assert codes(run) == ["EL502"]
    assert "(from --cname)" in run.findings[0].message


def test_an_explicit_target_wins_over_the_providers(
    dns_server: DnsTestServer,
) -> None:
    dns_server.cname(NAME, "shop.cdn-example.net")
    dns_server.address("shop.cdn-example.net", "192.0.2.80")
    checks = checks_from_config([NAME], [(NAME, "shop.cdn-example.net")], [])

    run = run_dns_checks(checks, SENDGRID, [dns_server.address_pair], 2.0)

    assert run.findings == []
    assert len(run.answers) == 1


def test_a_cname_loop_is_unresolved(dns_server: DnsTestServer) -> None:
    dns_server.cname(NAME, "a.loop.example")
    dns_server.cname("a.loop.example", NAME)

    run = check(dns_server, f"{NAME}=a.loop.example")

    assert codes(run) == ["EL504"]
    assert "loops" in run.findings[0].message


# --- findings as SPEC's JSON needs them ---------------------------------------


def test_findings_name_the_domain_and_no_file_position(
    dns_server: DnsTestServer,
) -> None:
    run = check(dns_server, "URL1234.Shop.COM.")

    record = run.findings[0].as_dict()
    assert (record["path"], record["line"], record["column"]) == (None, None, None)
    assert record["domain"] == "url1234.shop.com"


def test_rule_metadata_comes_from_the_rule_modules() -> None:
    rules = [cname_missing, cname_mismatch, dns_unavailable, cname_target_unresolved]

    assert [(r.CODE, r.NAME, r.SEVERITY) for r in rules] == [
        ("EL501", "cname-missing", "error"),
        ("EL502", "cname-mismatch", "error"),
        ("EL503", "dns-unavailable", "warning"),
        ("EL504", "cname-target-unresolved", "warning"),
    ]
    for rule in rules:
        assert (rule.DEFAULT, rule.FIXABLE, rule.SCOPE) == (True, False, "dns")
        summary = (rule.__doc__ or "").strip().splitlines()[0]
        assert summary.endswith(".") and len(summary) <= 79
        for heading in ("What it catches", "Why it matters", "Failing example",
                        "Passing example", "How to fix"):
            assert heading in (rule.__doc__ or "")


# --- no resolver ------------------------------------------------------------


def test_no_resolver_config_is_dns_unavailable_for_each_name(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(dns_check, "RESOLV_CONF", str(tmp_path / "missing.conf"))
    checks = checks_from_config([], [], [NAME, "5678.shop.com"])

    run = run_dns_checks(checks, SENDGRID)

    assert codes(run) == ["EL503", "EL503"]
    assert all("no resolver configured" in f.message for f in run.findings)
    assert run.answers[0].splitlines()[0] == ";; no resolver configured"


def test_a_resolv_conf_without_nameservers_is_no_resolver(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    conf = tmp_path / "resolv.conf"
    conf.write_text("search shop.com\noptions ndots:1\n")
    monkeypatch.setattr(dns_check, "RESOLV_CONF", str(conf))

    run = run_dns_checks(checks_from_config([], [], [NAME]), SENDGRID)

    assert codes(run) == ["EL503"]


def test_system_nameservers_are_read_from_resolv_conf(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    conf = tmp_path / "resolv.conf"
    conf.write_text("# local\nnameserver 127.0.0.1\nnameserver ::1\n")
    monkeypatch.setattr(dns_check, "RESOLV_CONF", str(conf))

    assert dns_check._system_nameservers() == ([("127.0.0.1", 53), ("::1", 53)], "")


# --- parse_nameserver ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.1.1.1", ("1.1.1.1", 53)),
        ("127.0.0.1:5353", ("127.0.0.1", 5353)),
        ("[::1]:5353", ("::1", 5353)),
        ("[2606:4700:4700::1111]", ("2606:4700:4700::1111", 53)),
        ("2606:4700:4700::1111", ("2606:4700:4700::1111", 53)),
        (" 8.8.8.8 ", ("8.8.8.8", 53)),
    ],
)
def test_parse_nameserver(text: str, expected: tuple[str, int]) -> None:
    assert parse_nameserver(text) == expected


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("", "expected an IP address"),
        ("ns1.shop.com", "is not an IP address"),
        ("1.1.1.1:0", "from 1 to 65535"),
        ("1.1.1.1:65536", "from 1 to 65535"),
        ("1.1.1.1:dns", "from 1 to 65535"),
        ("1.1.1.1:", "from 1 to 65535"),
        ("[::1", "no ']'"),
        ("[::1]5353", "expected ':PORT'"),
        ("[127.0.0.1]:53", "brackets are for IPv6"),
        ("999.1.1.1", "is not an IP address"),
    ],
)
def test_parse_nameserver_errors(text: str, complaint: str) -> None:
    with pytest.raises(ValueError, match=complaint.replace("]", r"\]")) as error:
        parse_nameserver(text)
    if text:
        assert repr(text) in str(error.value)


# --- checks_from_config -------------------------------------------------------


def test_checks_from_config_puts_cli_first_then_records_then_domains() -> None:
    checks = checks_from_config(
        tracking_domains=["URL1234.shop.com."],
        records=[("s1._domainkey.shop.com", "s1.domainkey.u1234.wl.sendgrid.net")],
        cli_cnames=["email.shop.com", "url9.shop.com=R.*.awstrack.me"],
    )

    assert checks == [
        CnameCheck("email.shop.com", (), "--cname"),
        CnameCheck("url9.shop.com", ("r.*.awstrack.me",), "--cname"),
        CnameCheck(
            "s1._domainkey.shop.com",
            ("s1.domainkey.u1234.wl.sendgrid.net",),
            "records",
        ),
        CnameCheck("url1234.shop.com", (), "tracking-domains"),
    ]


@pytest.mark.parametrize(
    ("arguments", "complaint"),
    [
        (([], [], ["url1234.shop.com="]), "no target after '='"),
        (([], [], ["https://url1234.shop.com"]), "not a URL"),
        (([], [], ["*.shop.com"]), "only allowed in a target"),
        (([], [], ["url1234"]), "needs a domain"),
        ((["url 1234.shop.com"], [], []), "tracking-domains"),
        ((["a..shop.com"], [], []), "not a DNS name"),
        (([], [("x.shop.com", "r.u*.awstrack.me")], []), "whole label"),
        (([], [("x.shop.com", "")], []), "records"),
    ],
)
def test_checks_from_config_errors(
    arguments: tuple[list[str], list[tuple[str, str]], list[str]], complaint: str
) -> None:
    with pytest.raises(ValueError, match=complaint):
        checks_from_config(*arguments)


def test_run_rejects_a_bad_timeout_and_a_bad_name() -> None:
    with pytest.raises(ValueError, match="time-out"):
        run_dns_checks([CnameCheck(NAME, (), "--cname")], SENDGRID, timeout=0)
    with pytest.raises(ValueError, match="not a DNS name"):
        run_dns_checks([CnameCheck("a..b.com", (), "--cname")], SENDGRID)


# --- the lazy import ------------------------------------------------------------


def _imports_dnspython(statement: str) -> bool:
    code = f"import sys; {statement}; print('dns' in sys.modules)"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True, text=True, check=True, env=env, cwd=ROOT,
    )
    return result.stdout.strip() == "True"


def test_findings_and_providers_do_not_import_dnspython() -> None:
    assert not _imports_dnspython("import linter.providers, linter.findings")
    # The probe itself works: the DNS module does import it.
    assert _imports_dnspython("import linter.dns")


# --- the test server itself -----------------------------------------------------


def test_server_threads_stop_and_the_port_is_released() -> None:
    server = DnsTestServer()
    server.start()
    port = server.port
    server.stop()

    assert not any(thread.is_alive() for thread in server.threads)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", port))
