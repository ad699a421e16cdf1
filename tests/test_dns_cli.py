"""The DNS check through the command line, against the loopback server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from linter.cli import main
from tests.dns_server import DnsTestServer, dns_server, dns_servers  # noqa: F401

NAME = "url1234.shop.test"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tmp_path


def _server_arg(server: DnsTestServer) -> str:
    return f"127.0.0.1:{server.port}"


def test_cname_flag_right_target(
    workdir: Path, dns_server: DnsTestServer, capsys: pytest.CaptureFixture[str]
) -> None:
    dns_server.cname(NAME, "sendgrid.net")
    dns_server.address("sendgrid.net", "192.0.2.1")
    code = main(["--provider", "sendgrid", "--cname", NAME,
                 "--nameserver", _server_arg(dns_server)])
    out = capsys.readouterr().out
    assert code == 0
    assert f"{NAME}.\t300\tIN\tCNAME\tsendgrid.net." in out


def test_check_dns_from_config_in_json(
    workdir: Path, dns_server: DnsTestServer, capsys: pytest.CaptureFixture[str]
) -> None:
    (workdir / "lint-email.toml").write_text(
        f'provider = "sendgrid"\n[dns]\ntracking-domains = ["{NAME}"]\n'
    )
    dns_server.cname(NAME, "elsewhere.test")
    dns_server.address("elsewhere.test", "192.0.2.9")
    code = main(["--check-dns", "--format", "json",
                 "--nameserver", _server_arg(dns_server)])
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert code == 1
    assert [(f["code"], f["path"], f["line"], f["domain"]) for f in findings] == [
        ("EL502", None, None, NAME)
    ]


def test_ignore_and_severity_apply_to_dns_findings(
    workdir: Path, dns_server: DnsTestServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server = ["--nameserver", _server_arg(dns_server)]
    assert main(["--cname", f"{NAME}=sendgrid.net", "--ignore", "EL501", *server]) == 0
    assert main(["--cname", f"{NAME}=sendgrid.net", *server]) == 1
    assert "EL501" in capsys.readouterr().out


def test_dns_usage_errors(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--check-dns"]) == 2
    assert "no names to check" in capsys.readouterr().err
    assert main(["--cname", "https://x", "--nameserver", "127.0.0.1:1"]) == 2
    assert "--cname" in capsys.readouterr().err
    assert main(["--cname", "a.test", "--nameserver", "not a host"]) == 2
    assert "--nameserver" in capsys.readouterr().err


def test_no_dns_query_without_a_check(
    workdir: Path, dns_server: DnsTestServer
) -> None:
    (workdir / "lint-email.toml").write_text(f'[dns]\ntracking-domains = ["{NAME}"]\n')
    (workdir / "a.html").write_text('<a href="https://shop.com">x</a>')
    main(["a.html", "--nameserver", _server_arg(dns_server)])
    assert dns_server.queries == []
