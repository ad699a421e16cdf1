"""The online checks (EL601-EL605) against HTTP and HTTPS servers on 127.0.0.1.

The suite starts its own servers and makes its own certificates with the
``openssl`` command line (skipped without it). A guard fails any test that
tries to reach an address other than loopback, and answers every host name
but loopback ones with "no such host", so nothing leaves the machine.
"""

from __future__ import annotations

import json
import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections import Counter
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Iterator

import pytest

from linter import online
from linter.cli import main
from linter.config import Config
from linter.findings import Finding
from tests.dns_server import DnsTestServer, dns_server, dns_servers  # noqa: F401

LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})
TRACKING = "click.shop.test"
# Only the online rules: the loopback links are EL108 and EL403 as well.
CHECK = ["--isolated", "--select", "EL6", "--check-urls"]
# Quick retries and time-outs, so the suite stays fast.
QUICK = online.CheckSettings(timeout=0.4, backoff=0.01)


# --- nothing leaves loopback ----------------------------------------------


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail on any connection off loopback; other host names do not resolve."""
    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name not in LOOPBACK:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real_getaddrinfo(host, *args, **kwargs)

    def connect(self: socket.socket, address: Any) -> None:
        if isinstance(address, tuple) and address[0] not in LOOPBACK:
            raise AssertionError(f"a test tried to connect to {address!r}")
        real_connect(self, address)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", connect)


# --- certificates made at test time ---------------------------------------


@dataclass(frozen=True)
class Certificates:
    """A test CA and server certificates (PEM with key) for the TLS servers."""

    ca: Path
    loopback: Path       # for 127.0.0.1 and click.shop.test, by the CA
    other_host: Path     # for other.test, by the CA
    self_signed: Path    # for click.shop.test, by nobody trusted
    expired: Path        # for click.shop.test, by the CA, expired yesterday


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def _leaf(folder: Path, name: str, sans: str, days: str = "2",
          signed: bool = True) -> Path:
    key_args = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-nodes", "-keyout", f"{name}.key", "-subj", "/CN=test",
                "-addext", f"subjectAltName={sans}"]
    if signed:
        _openssl("req", *key_args, "-out", f"{name}.csr", cwd=folder)
        _openssl("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem",
                 "-CAkey", "ca.key", "-CAcreateserial", "-days", days,
                 "-copy_extensions", "copy", "-out", f"{name}.pem", cwd=folder)
    else:
        _openssl("req", "-x509", *key_args, "-days", days, "-out", f"{name}.pem",
                 cwd=folder)
    bundle = folder / f"{name}.bundle.pem"
    bundle.write_text((folder / f"{name}.pem").read_text()
                      + (folder / f"{name}.key").read_text())
    return bundle


@pytest.fixture(scope="session")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to make test certificates")
    folder = tmp_path_factory.mktemp("certificates")
    _openssl("req", "-x509", "-newkey", "ec", "-pkeyopt",
             "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "ca.key",
             "-out", "ca.pem", "-days", "2", "-subj", "/CN=lint-email test CA",
             "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign", cwd=folder)
    return Certificates(
        ca=folder / "ca.pem",
        loopback=_leaf(folder, "loopback", f"DNS:{TRACKING},IP:127.0.0.1"),
        other_host=_leaf(folder, "other", "DNS:other.test"),
        self_signed=_leaf(folder, "self", f"DNS:{TRACKING}", signed=False),
        expired=_leaf(folder, "expired", f"DNS:{TRACKING}", days="-1"),
    )


# --- the test web server ----------------------------------------------------


class Site(ThreadingHTTPServer):
    """A web server on 127.0.0.1 that counts what it is asked."""

    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.hits: Counter[tuple[str, str]] = Counter()
        self.lock = threading.Lock()
        self.in_flight = 0
        self.most_in_flight = 0
        self.scheme = "http"
        self.redirect_to_http = ""

    @property
    def base(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.server_address[1]}"

    def count(self, method: str, path: str) -> None:
        with self.lock:
            self.hits[(method, path)] += 1

    def requests(self, path: str) -> int:
        """Requests for a path, any method."""
        return sum(n for (_, seen), n in self.hits.items() if seen == path)


class _Handler(BaseHTTPRequestHandler):
    server: Site

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass

    def do_HEAD(self) -> None:  # noqa: N802 - the http.server convention
        self._answer(body=False)

    def do_GET(self) -> None:  # noqa: N802
        self._answer(body=True)

    def _answer(self, body: bool) -> None:
        site = self.server
        path = self.path
        site.count(self.command, path)
        with site.lock:
            site.in_flight += 1
            site.most_in_flight = max(site.most_in_flight, site.in_flight)
        try:
            status, headers = _route(site, path, self.command)
        finally:
            with site.lock:
                site.in_flight -= 1
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", "2" if body else "0")
        self.end_headers()
        if body:
            self.wfile.write(b"ok")


def _route(site: Site, path: str, method: str) -> tuple[int, dict[str, str]]:
    """The status and headers each test path answers with."""
    if path.startswith("/slow"):
        time.sleep(1.0)
        return 200, {}
    if path.startswith("/pause"):
        time.sleep(0.15)
        return 200, {}
    if path.startswith("/chain/"):
        step = int(path.rsplit("/", 1)[1])
        return (302, {"Location": f"/chain/{step + 1}"}) if step < 9 else (200, {})
    fixed: dict[str, tuple[int, dict[str, str]]] = {
        "/ok": (200, {}),
        "/gone": (404, {}),
        "/broken": (500, {}),
        "/forbidden": (403, {}),
        "/busy": (429, {"Retry-After": "0"}),
        "/linkedin": (999, {}),
        "/loop/a": (302, {"Location": "/loop/b"}),
        "/loop/b": (301, {"Location": "/loop/a"}),
        "/moved": (301, {"Location": "/ok"}),
        "/to-http": (301, {"Location": site.redirect_to_http}),
    }
    if path == "/no-head":
        return (405, {"Allow": "GET"}) if method == "HEAD" else (200, {})
    return fixed.get(path, (404, {}))


def _serve(site: Site) -> Iterator[Site]:
    thread = threading.Thread(target=site.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield site
    finally:
        site.shutdown()
        site.server_close()


@pytest.fixture
def site() -> Iterator[Site]:
    yield from _serve(Site())


@pytest.fixture
def tls_site(certificates: Certificates) -> Iterator[Site]:
    served = Site()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificates.loopback)
    served.socket = context.wrap_socket(served.socket, server_side=True)
    served.scheme = "https"
    yield from _serve(served)


def _tls_server(bundle: Path) -> Iterator[int]:
    """A TLS endpoint that completes handshakes and hangs up; its port."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(bundle)
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                continue
            try:
                with context.wrap_socket(connection, server_side=True):
                    pass
            except OSError:
                pass

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join()
        listener.close()


# --- helpers -----------------------------------------------------------------


def _template(folder: Path, body: str, name: str = "t.html") -> Path:
    path = folder / name
    path.write_text(body, encoding="utf-8")
    return path


def _check(path: Path, settings: online.CheckSettings = QUICK,
           sample: dict[str, object] | None = None,
           config: Config | None = None) -> list[Finding]:
    collection = online.collect_urls([(path, path.name, path.name)],
                                     config or Config(), sample)
    return online.run_url_checks(collection, settings)


def _codes(findings: list[Finding]) -> list[str]:
    return [finding.code for finding in findings]


def _link(url: str) -> str:
    return f'<a href="{url}">link</a>\n'


# --- link targets ------------------------------------------------------------


def test_a_page_that_answers_200_is_fine(tmp_path: Path, site: Site) -> None:
    path = _template(tmp_path, _link(f"{site.base}/ok") + _link(f"{site.base}/moved"))

    assert _check(path) == []
    assert site.hits[("HEAD", "/ok")] == 2   # once itself, once as a redirect hop
    assert site.hits[("GET", "/ok")] == 0


def test_404_is_a_dead_link_at_the_value(tmp_path: Path, site: Site) -> None:
    path = _template(tmp_path, "<p>\n  " + _link(f"{site.base}/gone"))

    [finding] = _check(path)
    assert (finding.code, finding.path, finding.line, finding.column) == (
        "EL601", "t.html", 2, 12)
    assert finding.href == f"{site.base}/gone"
    assert finding.severity == "error"
    assert "404 Not Found" in finding.message


def test_each_url_is_requested_once_and_reported_everywhere(
    tmp_path: Path, site: Site
) -> None:
    url = f"{site.base}/gone"
    path = _template(tmp_path, _link(url) * 3)
    other = _template(tmp_path, _link(url), name="u.html")
    collection = online.collect_urls(
        [(path, "t.html", "t.html"), (other, "u.html", "u.html")], Config())

    findings = online.run_url_checks(collection, QUICK)
    assert [(f.path, f.line) for f in findings] == [
        ("t.html", 1), ("t.html", 2), ("t.html", 3), ("u.html", 1)]
    assert site.requests("/gone") == 1


def test_500_is_tried_again_twice_then_dead(tmp_path: Path, site: Site) -> None:
    path = _template(tmp_path, _link(f"{site.base}/broken"))

    assert _codes(_check(path)) == ["EL601"]
    assert site.hits[("HEAD", "/broken")] == 1 + online.RETRIES


def test_head_refused_falls_back_to_get(tmp_path: Path, site: Site) -> None:
    path = _template(tmp_path, _link(f"{site.base}/no-head"))

    assert _check(path) == []
    assert site.hits[("HEAD", "/no-head")] == 1
    assert site.hits[("GET", "/no-head")] == 1


@pytest.mark.parametrize("page", ["/forbidden", "/busy", "/linkedin"])
def test_bot_blocking_answers_are_blocked_check(
    tmp_path: Path, site: Site, page: str
) -> None:
    path = _template(tmp_path, _link(f"{site.base}{page}"))

    [finding] = _check(path)
    assert (finding.code, finding.severity) == ("EL604", "warning")
    retried = 1 + online.RETRIES if page == "/busy" else 1
    assert site.requests(page) == retried


def test_redirect_loop(tmp_path: Path, site: Site) -> None:
    path = _template(tmp_path, _link(f"{site.base}/loop/a"))

    [finding] = _check(path)
    assert finding.code == "EL603"
    assert "loop" in finding.message
    assert site.requests("/loop/a") == 1


def test_more_redirects_than_the_limit(tmp_path: Path, site: Site) -> None:
    path = _template(tmp_path, _link(f"{site.base}/chain/0"))
    settings = online.CheckSettings(timeout=0.4, backoff=0.01, max_redirects=3)

    [finding] = _check(path, settings)
    assert finding.code == "EL603"
    assert "more than 3 redirects" in finding.message
    assert site.requests("/chain/3") == 1
    assert site.requests("/chain/4") == 0
    # Nine hops fit under a limit of nine.
    nine = online.CheckSettings(timeout=0.4, backoff=0.01, max_redirects=9)
    assert _check(path, nine) == []


def test_slow_answer_is_unreachable_after_retries(tmp_path: Path, site: Site) -> None:
    path = _template(tmp_path, _link(f"{site.base}/slow"))
    settings = online.CheckSettings(timeout=0.2, backoff=0.01)

    [finding] = _check(path, settings)
    assert finding.code == "EL602"
    assert "did not answer within 0.2 s" in finding.message
    assert site.requests("/slow") == 1 + online.RETRIES


def test_refused_and_unresolved_hosts_are_unreachable(tmp_path: Path) -> None:
    with socket.create_server(("127.0.0.1", 0)) as closed:
        port = closed.getsockname()[1]
    path = _template(tmp_path, _link(f"http://127.0.0.1:{port}/")
                     + _link("https://shop-old.invalid/sale"))

    findings = _check(path)
    assert _codes(findings) == ["EL602", "EL602"]
    assert "refuses the connection" in findings[0].message
    assert "does not resolve" in findings[1].message


def test_at_most_two_requests_at_a_time_per_host(tmp_path: Path, site: Site) -> None:
    links = "".join(_link(f"{site.base}/pause/{n}") for n in range(6))
    path = _template(tmp_path, links)

    assert _check(path) == []
    assert site.most_in_flight == online.PER_HOST


def test_the_run_bound_stops_the_check_without_findings(
    tmp_path: Path, site: Site, caplog: pytest.LogCaptureFixture
) -> None:
    path = _template(tmp_path, _link(f"{site.base}/slow"))
    settings = online.CheckSettings(timeout=5, run_bound=0.3)

    started = time.monotonic()
    assert _check(path, settings) == []
    assert time.monotonic() - started < 2
    assert "not checked within the run's bound" in caplog.text


def test_https_to_http_downgrade(tmp_path: Path, site: Site, tls_site: Site,
                                 certificates: Certificates) -> None:
    tls_site.redirect_to_http = f"{site.base}/ok"
    path = _template(tmp_path, _link(f"{tls_site.base}/to-http")
                     + _link(f"{tls_site.base}/ok"))
    settings = online.CheckSettings(timeout=2, backoff=0.01,
                                    cafile=str(certificates.ca))

    [finding] = _check(path, settings)
    assert (finding.code, finding.line) == ("EL603", 1)
    assert "end on http:// from https://" in finding.message
    assert site.requests("/ok") == 1


def test_an_untrusted_link_certificate_is_unreachable(
    tmp_path: Path, tls_site: Site
) -> None:
    path = _template(tmp_path, _link(f"{tls_site.base}/ok"))

    [finding] = _check(path)   # the system's trust store: the test CA is unknown
    assert finding.code == "EL602"
    assert "certificate" in finding.message


# --- which links are checked ---------------------------------------------------


def test_templated_links_are_skipped_without_sample_data(
    tmp_path: Path, site: Site
) -> None:
    path = _template(tmp_path, _link(f"{site.base}/{{{{ page }}}}")
                     + _link("{{ url }}") + _link("mailto:a@shop.com"))

    collection = online.collect_urls([(path, "t.html", "t.html")], Config())
    assert collection.places == {}
    assert collection.skipped == 2


@pytest.mark.parametrize("token, data", [
    ("{{ page }}", {"page": "gone"}),
    ("{{page}}", {"page": "gone"}),
    ("*|PAGE|*", {"page": "gone"}),
    ("%recipient.page%", {"recipient": {"page": "gone"}}),
    ("{{ links.page }}", {"links": {"page": "gone"}}),
])
def test_sample_data_fills_simple_tokens(
    tmp_path: Path, site: Site, token: str, data: dict[str, object]
) -> None:
    path = _template(tmp_path, _link(f"{site.base}/{token}"))

    [finding] = _check(path, sample=data)
    assert finding.code == "EL601"
    assert finding.href == f"{site.base}/{token}"
    assert site.requests("/gone") == 1


def test_a_token_without_sample_value_is_skipped(tmp_path: Path, site: Site) -> None:
    path = _template(tmp_path, _link(f"{site.base}/{{{{ other }}}}")
                     + _link(f"{site.base}/{{{{ page | upper }}}}"))

    assert _check(path, sample={"page": "gone"}) == []
    assert site.hits == Counter()


def test_ignore_and_suppressions_apply(tmp_path: Path, site: Site) -> None:
    gone = f"{site.base}/gone"
    path = _template(tmp_path, "<!-- lint-email: disable-next-line EL601 -->\n"
                     + _link(gone) + _link(f"{site.base}/forbidden"))

    assert _codes(_check(path)) == ["EL604"]
    assert _check(path, config=Config(ignore=("EL604",))) == []


# --- the command line ----------------------------------------------------------


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tmp_path


def _json_findings(capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    return [f for f in json.loads(capsys.readouterr().out)["findings"]
            if f["code"].startswith("EL6")]


def test_no_request_without_check_urls(workdir: Path, site: Site) -> None:
    _template(workdir, _link(f"{site.base}/gone"))

    main(["--isolated", "--select", "EL6", "t.html"])
    assert site.hits == Counter()


def test_check_urls_in_json_with_the_cache(
    workdir: Path, site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    _template(workdir, _link(f"{site.base}/ok") + _link(f"{site.base}/gone"))
    command = [*CHECK, "--format", "json", "t.html"]

    assert main(command) == 1
    assert [(f["code"], f["line"], f["column"]) for f in _json_findings(capsys)] == [
        ("EL601", 2, 10)]
    assert (workdir / ".lint-email-cache" / "urls.json").is_file()

    # The good URL is cached for a day; the dead one is asked again.
    assert main(command) == 1
    assert [f["code"] for f in _json_findings(capsys)] == ["EL601"]
    assert (site.requests("/ok"), site.requests("/gone")) == (1, 2)

    assert main([*command, "--no-cache"]) == 1
    capsys.readouterr()
    assert site.requests("/ok") == 2


def test_max_redirects_flag_and_severity(
    workdir: Path, site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    _template(workdir, _link(f"{site.base}/moved"))

    assert main([*CHECK, "--no-cache", "--max-redirects",
                 "0", "--format", "json", "t.html"]) == 0
    [finding] = _json_findings(capsys)
    assert (finding["code"], finding["severity"]) == ("EL603", "warning")


def test_sample_data_flag(workdir: Path, site: Site,
                          capsys: pytest.CaptureFixture[str]) -> None:
    _template(workdir, _link(f"{site.base}/{{{{ page }}}}"))
    (workdir / "sample.json").write_text('{"page": "gone"}')

    assert main([*CHECK, "--sample-data", "sample.json",
                 "--format", "json", "t.html"]) == 1
    assert [f["code"] for f in _json_findings(capsys)] == ["EL601"]


@pytest.mark.parametrize("content", ["{not json", "[1, 2]"])
def test_a_bad_sample_file_is_exit_2(
    workdir: Path, capsys: pytest.CaptureFixture[str], content: str
) -> None:
    _template(workdir, _link("https://shop.test/"))
    (workdir / "sample.json").write_text(content)

    assert main([*CHECK, "--sample-data", "sample.json",
                 "t.html"]) == 2
    error = capsys.readouterr().err
    assert error.startswith("lint-email: error: --sample-data: sample.json")
    assert error.count("\n") == 1


@pytest.mark.parametrize("flags", [["--url-timeout", "0"],
                                   ["--max-redirects", "-1"]])
def test_bad_url_flags_are_exit_2(workdir: Path, flags: list[str]) -> None:
    _template(workdir, _link("https://shop.test/"))

    assert main([*CHECK, *flags, "t.html"]) == 2


def test_no_progress_line_when_not_a_terminal(
    workdir: Path, site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    _template(workdir, _link(f"{site.base}/ok"))

    assert main([*CHECK, "t.html"]) == 0
    assert "checked" not in capsys.readouterr().err


def test_progress_line_on_a_terminal(
    workdir: Path, site: Site, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _template(workdir, _link(f"{site.base}/ok") + _link(f"{site.base}/moved"))
    monkeypatch.setattr("sys.stderr.isatty", lambda: True)

    assert main([*CHECK, "--no-cache", "t.html"]) == 0
    err = capsys.readouterr().err
    assert "checked 2/2 URLs" in err
    assert err.endswith("\r\x1b[K")

    assert main([*CHECK, "--no-cache", "-q", "t.html"]) == 0
    assert "checked" not in capsys.readouterr().err


# --- EL605: the tracking host over HTTPS ---------------------------------------


@pytest.mark.parametrize("which, problem", [
    ("other_host", f"not valid for {TRACKING}"),
    ("self_signed", "not trusted"),
    ("expired", "expired"),
])
def test_tracking_host_certificate_problems(
    certificates: Certificates, which: str, problem: str
) -> None:
    for port in _tls_server(getattr(certificates, which)):
        [finding] = online.check_tracking_tls(
            [TRACKING], timeout=2, connect_to={TRACKING: ("127.0.0.1", port)},
            cafile=str(certificates.ca))
        assert (finding.code, finding.domain, finding.path) == (
            "EL605", TRACKING, None)
        assert problem in finding.message


def test_tracking_host_with_a_good_certificate(certificates: Certificates) -> None:
    for port in _tls_server(certificates.loopback):
        connect_to = {TRACKING: ("127.0.0.1", port)}
        assert online.check_tracking_tls(
            [TRACKING, TRACKING.upper() + "."], timeout=2, connect_to=connect_to,
            cafile=str(certificates.ca)) == []
        # The same server, with the system's trust store: the test CA is unknown.
        assert _codes(online.check_tracking_tls(
            [TRACKING], timeout=2, connect_to=connect_to)) == ["EL605"]


def test_tracking_host_without_https_is_skipped() -> None:
    with socket.create_server(("127.0.0.1", 0)) as closed:
        port = closed.getsockname()[1]

    assert online.check_tracking_tls(
        [TRACKING], timeout=1, connect_to={TRACKING: ("127.0.0.1", port)}) == []
    # A name that does not resolve is the DNS check's business (EL501).
    assert online.check_tracking_tls(["url1.shop.invalid"], timeout=1) == []


def test_check_dns_asks_the_healthy_tracking_hosts_over_https(
    workdir: Path, dns_server: DnsTestServer, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    broken = "url9.shop.test"
    (workdir / "lint-email.toml").write_text(
        f'provider = "sendgrid"\n[dns]\ntracking-domains = ["{TRACKING}", '
        f'"{broken}"]\n')
    dns_server.cname(TRACKING, "sendgrid.net")
    dns_server.address("sendgrid.net", "127.0.0.1")
    dns_server.cname(broken, "elsewhere.test")
    dns_server.address("elsewhere.test", "127.0.0.1")
    asked: list[tuple[str, tuple[str, int]]] = []

    def certificate_problem(name: str, address: tuple[str, int], *_: object) -> str:
        asked.append((name, address))
        return f"the certificate is not valid for {name}"

    monkeypatch.setattr(online, "_tls_problem", certificate_problem)
    code = main(["--check-dns", "--format", "json",
                 "--nameserver", f"127.0.0.1:{dns_server.port}"])
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert code == 1
    # The name the DNS check found broken is not asked; the other is asked at
    # the address the --nameserver gave.
    assert asked == [(TRACKING, ("127.0.0.1", 443))]
    assert [(f["code"], f["domain"]) for f in findings] == [
        ("EL502", broken), ("EL605", TRACKING)]
