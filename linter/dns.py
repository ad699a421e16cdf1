"""Link-branding DNS checks: does each tracking subdomain reach the provider?

A branded tracking subdomain (``url1234.shop.com``) must be a CNAME to the
provider's click-tracking host, or every tracked link in every email stops
resolving. This module does what a sender does by hand with ``dig cname``,
for every name at once and before the send:

1. ask for the name's CNAME (EL501 when NXDOMAIN or there is none);
2. follow the chain hop by hop, up to CHAIN_LIMIT hops, asking each target
   for its own CNAME;
3. ask the last name of the chain for A, then AAAA (EL504 when it has
   neither, does not exist, or the chain loops);
4. compare every hop with the expected targets (EL502 when none matches).
   Any hop counts, so a CDN in between that CNAMEs on to the provider
   passes; a CDN whose origin is set in the CDN's own console never CNAMEs
   to the provider, and needs its host named as the expected target.

Time-outs, SERVFAIL, REFUSED and a missing resolver are EL503: nothing was
confirmed either way. With the generic provider and no target given, any
CNAME whose chain resolves passes, and the answer is shown for a person to
read. Queries go over UDP; a truncated answer (TC) is asked again over TCP.

The run is bounded by one deadline: every name is checked in its own
thread, each query gets only the time left, and each (name, type) question
is asked once per run however many checks share it. Nothing here touches
the network or ``/etc/resolv.conf`` unless there is at least one check.

This module imports dnspython at its top, so the CLI imports it only when a
DNS check was asked for.
"""

from __future__ import annotations

import ipaddress
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from types import ModuleType
from typing import Sequence

import dns.exception
import dns.inet
import dns.message
import dns.name
import dns.nameserver
import dns.query
import dns.rcode
import dns.rdataclass
import dns.rdatatype
import dns.rdtypes.ANY.CNAME
import dns.resolver
import dns.rrset

from linter.findings import Finding
from linter.providers import Provider
from linter.rules import (
    cname_mismatch,
    cname_missing,
    cname_target_unresolved,
    dns_unavailable,
)

# Where the system resolver is configured on POSIX; dnspython reads the
# registry on Windows instead. Tests point this at a file of their own.
RESOLV_CONF = "/etc/resolv.conf"

# A branded tracking name takes one hop, or a few through a CDN; a longer
# chain is reported as broken (EL504) rather than followed on.
CHAIN_LIMIT = 8

# Enough threads for every name of a realistic config at once.
MAX_WORKERS = 32

# Extra wait, past the deadline, for threads to hand in what they have.
_GRACE = 0.25

_IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_RdataType = dns.rdatatype.RdataType
# One question: a name and a record type.
_Question = tuple[dns.name.Name, _RdataType]

_CNAME = dns.rdatatype.CNAME
_A = dns.rdatatype.A
_AAAA = dns.rdatatype.AAAA

# Reply statuses that are not DNS rcodes.
_TIMEOUT = "TIMEOUT"
_NO_RESOLVER = "NO-RESOLVER"
_ERROR = "ERROR"
_ANSWERED = ("NOERROR", "NXDOMAIN")


@dataclass(frozen=True)
class CnameCheck:
    """One name whose CNAME must be checked, and where it must point.

    ``expected`` may hold ``*`` for exactly one label (``r.*.awstrack.me``);
    empty means "the provider's targets". ``origin`` says where the check
    came from (``--cname``, ``tracking-domains``, ``records``) for messages.
    """

    name: str
    expected: tuple[str, ...]
    origin: str


@dataclass(frozen=True)
class DnsRun:
    """What a DNS check run found: findings, and the answers for a person.

    ``answers`` holds one block per checked name: the records as ``dig``
    prints them (or ``;; NXDOMAIN``, ``;; timed out``, ...), then a verdict.
    """

    findings: list[Finding]
    answers: list[str]


def parse_nameserver(text: str) -> tuple[str, int]:
    """Read ``--nameserver HOST[:PORT]`` into an (address, port) pair.

    HOST must be an IP address: a host name would need a DNS lookup of its
    own, outside the check's time-out. IPv6 takes brackets to carry a port
    (``[::1]:5353``); a bare IPv6 address uses port 53.
    """
    value = text.strip()
    if not value:
        raise ValueError("expected an IP address, as HOST or HOST:PORT")

    host, port_text = _split_host_port(value, text)
    address = _ip_address(host, text)
    if value.startswith("[") and address.version != 6:
        raise ValueError(f"{text!r}: brackets are for IPv6 addresses only")
    return str(address), _port(port_text, text)


def checks_from_config(
    tracking_domains: Sequence[str],
    records: Sequence[tuple[str, str]],
    cli_cnames: Sequence[str],
) -> list[CnameCheck]:
    """Build the checks of a run from the config and the ``--cname`` options.

    ``cli_cnames`` are ``NAME`` or ``NAME=TARGET``. Pass the config's lists
    only under ``--check-dns``: ``--cname`` alone checks just its names.
    ``--cname`` checks come first, then ``records``, then
    ``tracking-domains``, which is the order that decides a name's expected
    target when it is listed twice (see run_dns_checks). Raises ValueError
    naming the option or key of a name that is not a DNS name.
    """
    checks = [_cli_check(text) for text in cli_cnames]
    for name, target in records:
        checks.append(
            CnameCheck(
                name=_host_name(name, "records"),
                expected=(_target_pattern(target, "records"),),
                origin="records",
            )
        )
    for name in tracking_domains:
        domain = _host_name(name, "tracking-domains")
        checks.append(CnameCheck(domain, (), "tracking-domains"))
    return checks


def run_dns_checks(
    checks: Sequence[CnameCheck],
    provider: Provider,
    nameservers: Sequence[tuple[str, int]] = (),
    timeout: float = 3.0,
) -> DnsRun:
    """Check every name's CNAME within ``timeout`` seconds in all.

    A name listed more than once (case and a trailing dot ignored) is
    checked once: the first check that names its own targets decides what
    is expected, else the provider's targets apply. Without ``nameservers``
    the system resolver's configuration is used; without one, every name
    is EL503. Findings and answers follow the order of first mention.
    """
    if timeout <= 0:
        raise ValueError("the DNS time-out must be more than 0 seconds")
    plans = _plan(checks, provider)
    if not plans:
        return DnsRun(findings=[], answers=[])

    deadline = time.monotonic() + timeout
    lookups = _Lookups(nameservers, deadline, timeout)
    results = _check_all(plans, lookups, deadline)

    return DnsRun(
        findings=[finding for result in results for finding in result.findings],
        answers=[result.answer for result in results],
    )


# --- names, targets and nameservers as the user writes them ---------------


def _split_host_port(value: str, text: str) -> tuple[str, str | None]:
    """Split HOST[:PORT], where an IPv6 HOST with a port is in brackets."""
    if value.startswith("["):
        host, closed, rest = value[1:].partition("]")
        if not closed:
            raise ValueError(f"{text!r}: no ']' after the IPv6 address")
        if rest and not rest.startswith(":"):
            raise ValueError(f"{text!r}: expected ':PORT' after ']'")
        return host, rest[1:] if rest else None
    if value.count(":") == 1:
        host, _, port_text = value.partition(":")
        return host, port_text
    return value, None


def _ip_address(host: str, text: str) -> _IPAddress:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        raise ValueError(
            f"{text!r}: {host!r} is not an IP address; give the resolver's "
            "address, for example 1.1.1.1 or [2606:4700:4700::1111]:53"
        ) from None


def _port(port_text: str | None, text: str) -> int:
    if port_text is None:
        return 53
    if port_text.isascii() and port_text.isdigit():
        if 0 < int(port_text) < 65536:
            return int(port_text)
    raise ValueError(f"{text!r}: the port must be a number from 1 to 65535")


def _cli_check(text: str) -> CnameCheck:
    """Read one ``--cname NAME[=TARGET]``."""
    name, has_target, target = text.partition("=")
    if not has_target:
        return CnameCheck(_host_name(name, "--cname"), (), "--cname")
    if not target.strip():
        raise ValueError(f"--cname {text!r}: no target after '='")
    expected = (_target_pattern(target, "--cname"),)
    return CnameCheck(_host_name(name, "--cname"), expected, "--cname")


def _host_name(text: str, where: str) -> str:
    """Validate a name to look up; return it lower-case, without final dot."""
    name = _dns_name(text, where)
    if "*" in name:
        raise ValueError(f"{where}: {text!r}: a '*' is only allowed in a target")
    return name


def _target_pattern(text: str, where: str) -> str:
    """Validate an expected target, where ``*`` may stand for one label."""
    name = _dns_name(text, where)
    if any("*" in label and label != "*" for label in name.split(".")):
        raise ValueError(
            f"{where}: {text!r}: '*' must be a whole label, as in r.*.awstrack.me"
        )
    return name


def _dns_name(text: str, where: str) -> str:
    """Check that ``text`` is a DNS name of two labels or more; normalise it."""
    value = text.strip()
    if "/" in value or ":" in value:
        raise ValueError(
            f"{where}: {text!r}: give a host name such as url1234.shop.com, "
            "not a URL"
        )
    if not value or any(character.isspace() for character in value):
        raise ValueError(f"{where}: {text!r} is not a DNS name")
    try:
        name = dns.name.from_text(value.lower())
    except dns.exception.DNSException as error:
        raise ValueError(f"{where}: {text!r} is not a DNS name: {error}") from None
    if len(name.labels) < 3:
        raise ValueError(f"{where}: {text!r} needs a domain, as in url1234.shop.com")
    return _text(name)


def _text(name: dns.name.Name) -> str:
    """A name as messages show it: ASCII, lower-case, no final dot."""
    return name.to_text(omit_final_dot=True).lower()


# --- planning: one entry per distinct name ---------------------------------


@dataclass(frozen=True)
class _Plan:
    """One distinct name to check, with what it is expected to point at."""

    domain: str
    qname: dns.name.Name
    expected: tuple[str, ...]
    # Where the expectation comes from, for messages.
    source: str


def _plan(checks: Sequence[CnameCheck], provider: Provider) -> list[_Plan]:
    """Deduplicate the checks by name and settle each name's targets."""
    chosen: dict[str, CnameCheck] = {}
    for check in checks:
        domain = _host_name(check.name, check.origin)
        earlier = chosen.get(domain)
        if earlier is None or (check.expected and not earlier.expected):
            chosen[domain] = check
    return [
        _plan_one(domain, check, provider) for domain, check in chosen.items()
    ]


def _plan_one(domain: str, check: CnameCheck, provider: Provider) -> _Plan:
    if check.expected:
        expected = tuple(
            _target_pattern(target, check.origin) for target in check.expected
        )
        source = f"from {check.origin}"
    elif provider.cname_targets:
        expected = provider.cname_targets
        source = f"the {provider.name} provider's targets"
    else:
        expected = ()
        source = f"the {provider.name} provider names no target"
    return _Plan(domain, dns.name.from_text(domain), expected, source)


def _matches(target: str, pattern: str) -> bool:
    """Whether a CNAME target fits an expected one; ``*`` is one label."""
    target_labels = target.split(".")
    pattern_labels = pattern.split(".")
    return len(target_labels) == len(pattern_labels) and all(
        wanted in ("*", label)
        for label, wanted in zip(target_labels, pattern_labels)
    )


def _expected_text(expected: tuple[str, ...]) -> str:
    """``a``, ``a or b``, ``a, b or c``."""
    if len(expected) < 2:
        return "".join(expected)
    return ", ".join(expected[:-1]) + " or " + expected[-1]


# --- asking the name servers -----------------------------------------------


@dataclass(frozen=True)
class _Reply:
    """What one question got: an rcode and answer records, or a failure."""

    status: str
    answer: tuple[dns.rrset.RRset, ...] = ()
    # The server that answered, or what went wrong.
    detail: str = ""
    used_tcp: bool = False

    @property
    def answered(self) -> bool:
        """Whether a server gave a real answer (NOERROR or NXDOMAIN)."""
        return self.status in _ANSWERED

    @property
    def failure(self) -> str:
        """Why there is no answer, for a message."""
        if self.status == _TIMEOUT:
            return f"timed out ({self.detail})"
        if self.status in (_NO_RESOLVER, _ERROR):
            return self.detail
        return f"{self.status} from {self.detail}"

    def cname_target(self, owner: dns.name.Name) -> dns.name.Name | None:
        """The target of ``owner``'s CNAME in this answer, if there is one."""
        for rrset in self.answer:
            if rrset.rdtype == _CNAME and rrset.name == owner:
                for rdata in rrset:
                    if isinstance(rdata, dns.rdtypes.ANY.CNAME.CNAME):
                        return rdata.target
        return None

    def has_addresses(self) -> bool:
        """Whether the answer holds any A or AAAA record."""
        return any(
            rrset.rdtype in (_A, _AAAA) and len(rrset) > 0 for rrset in self.answer
        )


class _Lookups:
    """The run's name servers, deadline and memo of questions asked.

    Threads share one instance. The first thread to ask a question sends
    it; others asking the same wait for that reply, so each (name, type)
    is queried once per run. Servers that time out are tried last after.
    """

    def __init__(
        self,
        nameservers: Sequence[tuple[str, int]],
        deadline: float,
        timeout: float,
    ) -> None:
        self._deadline = deadline
        self._timeout = timeout
        self._lock = threading.Lock()
        self._replies: dict[_Question, Future[_Reply]] = {}
        self._slow: set[tuple[str, int]] = set()
        self._no_resolver = ""
        if nameservers:
            self._servers = list(nameservers)
        else:
            self._servers, self._no_resolver = _system_nameservers()

    def remaining(self) -> float:
        """Seconds left before the run's deadline."""
        return self._deadline - time.monotonic()

    def ask(self, qname: dns.name.Name, rdtype: _RdataType) -> _Reply:
        """Ask one question, or wait for the thread already asking it."""
        key = (qname, rdtype)
        with self._lock:
            pending = self._replies.get(key)
            asking = pending is None
            if pending is None:
                pending = self._replies[key] = Future()
        if asking:
            pending.set_result(self._ask_safely(qname, rdtype))

        try:
            return pending.result(timeout=max(self.remaining(), 0.0))
        except TimeoutError:
            return self.out_of_time()

    def _ask_safely(self, qname: dns.name.Name, rdtype: _RdataType) -> _Reply:
        # Any surprise becomes a reply, so threads waiting on it never hang.
        try:
            return self._query(qname, rdtype)
        except Exception as error:
            return _Reply(_ERROR, detail=f"lookup failed: {error!r}")

    def _query(self, qname: dns.name.Name, rdtype: _RdataType) -> _Reply:
        """Try the servers in turn until one answers, within the deadline."""
        if not self._servers:
            return _Reply(_NO_RESOLVER, detail=self._no_resolver)

        servers = self._ordered_servers()
        failure: _Reply | None = None
        for index, (host, port) in enumerate(servers):
            # Leave time for the servers after this one.
            budget = self.remaining() / (len(servers) - index)
            if budget <= 0:
                break
            reply = _exchange(qname, rdtype, host, port, budget)
            if reply.answered:
                return reply
            if reply.status == _TIMEOUT:
                with self._lock:
                    self._slow.add((host, port))
            if failure is None or reply.status != _TIMEOUT:
                failure = reply
        return failure or self.out_of_time()

    def _ordered_servers(self) -> list[tuple[str, int]]:
        with self._lock:
            slow = set(self._slow)
        return [s for s in self._servers if s not in slow] + [
            s for s in self._servers if s in slow
        ]

    def out_of_time(self) -> _Reply:
        """The reply of a question the run's time-out left no time for."""
        detail = f"the {self._timeout:g} s DNS time-out ran out"
        return _Reply(_TIMEOUT, detail=detail)


def _system_nameservers() -> tuple[list[tuple[str, int]], str]:
    """The system resolver's plain-DNS servers, or why there are none."""
    try:
        resolver = dns.resolver.Resolver(filename=RESOLV_CONF)
    except (dns.exception.DNSException, ValueError, OSError) as error:
        return [], (
            f"no resolver configured ({RESOLV_CONF}: {error}); "
            "pass --nameserver HOST"
        )

    servers: list[tuple[str, int]] = []
    for server in resolver.nameservers:
        if isinstance(server, str) and dns.inet.is_address(server):
            port = resolver.nameserver_ports.get(server, resolver.port)
            servers.append((server, port))
        elif isinstance(server, dns.nameserver.Do53Nameserver):
            servers.append((server.address, server.port))
    if not servers:
        reason = f"no plain DNS server in {RESOLV_CONF}; pass --nameserver HOST"
        return [], reason
    return servers, ""


def _exchange(
    qname: dns.name.Name,
    rdtype: _RdataType,
    host: str,
    port: int,
    timeout: float,
) -> _Reply:
    """Send one query over UDP, and again over TCP if the answer is truncated.

    This is dnspython's ``udp_with_fallback`` split in two, so that the TCP
    retry gets only the time the UDP attempt left instead of a fresh one.
    """
    query = dns.message.make_query(qname, rdtype)
    server = f"{host}:{port}" if ":" not in host else f"[{host}]:{port}"
    started = time.monotonic()
    used_tcp = False
    try:
        try:
            response = dns.query.udp(
                query,
                host,
                timeout=timeout,
                port=port,
                ignore_unexpected=True,
                raise_on_truncation=True,
            )
        except dns.message.Truncated:
            used_tcp = True
            left = timeout - (time.monotonic() - started)
            if left <= 0:
                raise dns.exception.Timeout from None
            response = dns.query.tcp(query, host, timeout=left, port=port)
    except dns.exception.Timeout:
        detail = f"no answer from {server}"
        return _Reply(_TIMEOUT, detail=detail, used_tcp=used_tcp)
    except (dns.exception.DNSException, OSError, EOFError, ValueError) as error:
        return _Reply(_ERROR, detail=f"no usable answer from {server}: {error}")

    status = dns.rcode.to_text(response.rcode())
    return _Reply(status, tuple(response.answer), server, used_tcp)


# --- checking one name -----------------------------------------------------


@dataclass(frozen=True)
class _Result:
    """One name's findings and its answer block."""

    findings: list[Finding]
    answer: str


@dataclass(frozen=True)
class _Walk:
    """Where a CNAME chain led.

    ``resolved`` is True when the last name has addresses, False when it
    surely has none (or the chain is broken), None when that is unknown.
    """

    chain: list[dns.name.Name]
    resolved: bool | None
    problem: str = ""


def _check_all(
    plans: list[_Plan], lookups: _Lookups, deadline: float
) -> list[_Result]:
    """Check every name in its own thread; all share the deadline."""
    executor = ThreadPoolExecutor(
        max_workers=min(MAX_WORKERS, len(plans)),
        thread_name_prefix="lint-email-dns",
    )
    try:
        futures = [executor.submit(_check_name, plan, lookups) for plan in plans]
        wait(futures, timeout=max(deadline - time.monotonic(), 0.0) + _GRACE)
    finally:
        # Threads left over are bounded by the deadline; do not wait here.
        executor.shutdown(wait=False, cancel_futures=True)

    return [
        future.result() if future.done() else _late(plan, lookups)
        for plan, future in zip(plans, futures)
    ]


def _late(plan: _Plan, lookups: _Lookups) -> _Result:
    """The result of a name whose thread did not finish in time."""
    return _unavailable(plan, [";; timed out"], lookups.out_of_time())


def _check_name(plan: _Plan, lookups: _Lookups) -> _Result:
    """Ask, follow and judge one name's CNAME."""
    lines: list[str] = []
    first = lookups.ask(plan.qname, _CNAME)
    lines.extend(_reply_lines(first, plan.qname, _CNAME, first=True))
    if not first.answered:
        return _unavailable(plan, lines, first)

    target = first.cname_target(plan.qname)
    if first.status == "NXDOMAIN" or target is None:
        return _missing(plan, lines, nxdomain=first.status == "NXDOMAIN")

    walk = _follow(plan.qname, target, lookups, lines)
    return _judge(plan, lines, walk)


def _follow(
    qname: dns.name.Name,
    target: dns.name.Name,
    lookups: _Lookups,
    lines: list[str],
) -> _Walk:
    """Follow the chain from ``target`` until a name without a CNAME."""
    chain = [target]
    while True:
        current = chain[-1]
        reply = lookups.ask(current, _CNAME)
        if not reply.answered:
            lines.extend(_reply_lines(reply, current, _CNAME, first=False))
            return _Walk(chain, None, reply.failure)
        if reply.status == "NXDOMAIN":
            lines.extend(_reply_lines(reply, current, _CNAME, first=False))
            problem = f"{_text(current)} does not exist (NXDOMAIN)"
            return _Walk(chain, False, problem)

        following = reply.cname_target(current)
        if following is None:
            return _addresses(chain, lookups, lines)
        lines.extend(_reply_lines(reply, current, _CNAME, first=False))
        if following in chain or following == qname:
            return _Walk(chain + [following], False, "the CNAME chain loops")
        if len(chain) >= CHAIN_LIMIT:
            problem = f"the CNAME chain is over {CHAIN_LIMIT} hops"
            return _Walk(chain, False, problem)
        chain.append(following)


def _addresses(
    chain: list[dns.name.Name], lookups: _Lookups, lines: list[str]
) -> _Walk:
    """Whether the chain's last name has an A, or else an AAAA, record."""
    final = chain[-1]
    replies = []
    for rdtype in (_A, _AAAA):
        reply = lookups.ask(final, rdtype)
        if reply.answered and reply.has_addresses():
            lines.extend(_reply_lines(reply, final, rdtype, first=False))
            return _Walk(chain, True)
        replies.append(reply)

    failed = [reply for reply in replies if not reply.answered]
    if failed:
        lines.extend(_reply_lines(failed[0], final, _A, first=False))
        return _Walk(chain, None, failed[0].failure)
    if any(reply.status == "NXDOMAIN" for reply in replies):
        lines.append(f";; NXDOMAIN ({final} A)")
        return _Walk(chain, False, f"{_text(final)} does not exist (NXDOMAIN)")
    lines.append(f";; no A or AAAA record at {final}")
    return _Walk(chain, False, f"{_text(final)} has no A or AAAA record")


def _reply_lines(
    reply: _Reply, qname: dns.name.Name, rdtype: _RdataType, first: bool
) -> list[str]:
    """The lines ``dig`` would print for this reply, compressed to one each."""
    lines = [";; truncated, retried over TCP"] if reply.used_tcp else []
    if reply.status == "NOERROR" and reply.answer:
        lines.extend(_record_lines(reply.answer))
        return lines

    if reply.status == "NOERROR":
        status = f"NOERROR, no {dns.rdatatype.to_text(rdtype)} record"
    elif reply.status == _TIMEOUT:
        status = "timed out"
    elif reply.status == _NO_RESOLVER:
        status = "no resolver configured"
    elif reply.status == _ERROR:
        status = "no usable answer"
    else:
        status = reply.status
    question = "" if first else f" ({qname} {dns.rdatatype.to_text(rdtype)})"
    lines.append(f";; {status}{question}")
    return lines


def _record_lines(answer: tuple[dns.rrset.RRset, ...]) -> list[str]:
    """Answer records as tab-separated ``name ttl class type data`` lines."""
    return [
        "\t".join(
            (
                rrset.name.to_text(),
                str(rrset.ttl),
                dns.rdataclass.to_text(rrset.rdclass),
                dns.rdatatype.to_text(rrset.rdtype),
                rdata.to_text(),
            )
        )
        for rrset in answer
        for rdata in rrset
    ]


# --- verdicts --------------------------------------------------------------


def _judge(plan: _Plan, lines: list[str], walk: _Walk) -> _Result:
    """Turn a followed chain into findings and a verdict line."""
    targets = [_text(name) for name in walk.chain]
    chain_text = " -> ".join(targets)
    findings = _chain_findings(plan, walk, targets, chain_text)

    found = f"CNAME to {chain_text}"
    if walk.problem:
        found += f", but {walk.problem}"
    lines.append(_verdict(plan, findings, found))
    return _Result(findings, "\n".join(lines))


def _chain_findings(
    plan: _Plan, walk: _Walk, targets: list[str], chain_text: str
) -> list[Finding]:
    """EL502 and EL504 are separate facts; EL503 only when nothing is wrong."""
    findings = []
    matched = any(
        _matches(target, pattern)
        for target in targets
        for pattern in plan.expected
    )
    if plan.expected and not matched:
        message = (
            f"{plan.domain} points to {chain_text}; expected "
            f"{_expected_text(plan.expected)} ({plan.source})"
        )
        findings.append(_finding(cname_mismatch, plan, message))

    if walk.resolved is False:
        message = (
            f"{plan.domain} points to {chain_text}, but {walk.problem}: "
            "tracked links will not resolve"
        )
        findings.append(_finding(cname_target_unresolved, plan, message))

    if walk.resolved is None and not findings:
        message = (
            f"{plan.domain} points to {chain_text}, but its addresses could "
            f"not be checked: {walk.problem}"
        )
        findings.append(_finding(dns_unavailable, plan, message))
    return findings


def _missing(plan: _Plan, lines: list[str], nxdomain: bool) -> _Result:
    """EL501: the name does not exist, or has no CNAME."""
    found = "does not exist (NXDOMAIN)" if nxdomain else "has no CNAME record"
    finding = _finding(
        cname_missing, plan, f"{plan.domain} {found}; expected {_wanted(plan)}"
    )
    lines.append(_verdict(plan, [finding], found))
    return _Result([finding], "\n".join(lines))


def _unavailable(plan: _Plan, lines: list[str], reply: _Reply) -> _Result:
    """EL503: no server answered the name's own question."""
    message = (
        f"{plan.domain} could not be checked: {reply.failure}; "
        f"expected {_wanted(plan)}"
    )
    finding = _finding(dns_unavailable, plan, message)
    lines.append(_verdict(plan, [finding], reply.failure))
    return _Result([finding], "\n".join(lines))


def _wanted(plan: _Plan) -> str:
    if not plan.expected:
        return "a CNAME record"
    return f"a CNAME to {_expected_text(plan.expected)} ({plan.source})"


def _verdict(plan: _Plan, findings: list[Finding], found: str) -> str:
    """``name: OK, CNAME to x (expected y)`` or the codes instead of OK."""
    status = " and ".join(f"{f.code} {f.name}" for f in findings) or "OK"
    if plan.expected:
        expected = f"expected {_expected_text(plan.expected)}"
    else:
        expected = f"{plan.source}: any CNAME that resolves passes"
    return f"{plan.domain}: {status}, {found} ({expected})"


def _finding(rule: ModuleType, plan: _Plan, message: str) -> Finding:
    """A DNS finding: no file position, the checked name as ``domain``."""
    return Finding(
        path=None,
        line=None,
        column=None,
        end_line=None,
        end_column=None,
        code=rule.CODE,
        name=rule.NAME,
        severity=rule.SEVERITY,
        message=message,
        domain=plan.domain,
    )
