"""A small authoritative DNS server on 127.0.0.1 for the DNS check's tests.

It holds hand-built records and answers over UDP and TCP on one ephemeral
port, from background threads that a pytest fixture starts and stops. Each
name can also misbehave on purpose: answer SERVFAIL, never answer, or set
TC over UDP so that the client must ask again over TCP. Every query is
counted, with its transport, so tests can prove what the client did.

It binds to 127.0.0.1 only and never sends a query of its own.
"""

from __future__ import annotations

import errno
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.rcode
import dns.rdataclass
import dns.rdatatype
import dns.rrset
import pytest

LOOPBACK = "127.0.0.1"

# Names without records answer NXDOMAIN; these make a name misbehave.
ANSWER = "answer"
SERVFAIL = "servfail"
DROP = "drop"
TRUNCATE = "truncate"

# How often the serving threads look at the stop flag, in seconds.
_POLL = 0.05


@dataclass
class _Entry:
    """Records and behaviour of one name."""

    records: dict[dns.rdatatype.RdataType, list[str]] = field(default_factory=dict)
    ttl: int = 300
    behaviour: str = ANSWER


@dataclass(frozen=True)
class Query:
    """One query the server received."""

    name: str
    rdtype: str
    transport: str


def _key(name: str) -> dns.name.Name:
    return dns.name.from_text(name.lower())


class DnsTestServer:
    """An authoritative server for whatever names a test gives it."""

    def __init__(self) -> None:
        self._names: dict[dns.name.Name, _Entry] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self.queries: list[Query] = []
        # Ignore every query, whatever the name (a dead resolver).
        self.drop_all = False
        self.udp: socket.socket | None = None
        self.tcp: socket.socket | None = None
        self.port = 0

    # --- records and behaviours -------------------------------------------

    def cname(self, name: str, target: str, ttl: int = 300) -> None:
        """``name`` is a CNAME to ``target``."""
        self._add(name, dns.rdatatype.CNAME, target.rstrip(".") + ".", ttl)

    def address(self, name: str, *addresses: str, ttl: int = 300) -> None:
        """A (or AAAA, for IPv6) records at ``name``."""
        for address in addresses:
            rdtype = dns.rdatatype.AAAA if ":" in address else dns.rdatatype.A
            self._add(name, rdtype, address, ttl)

    def exists(self, name: str) -> None:
        """The name exists but holds no record a test asks for (NODATA)."""
        self._entry(name)

    def behave(self, name: str, behaviour: str) -> None:
        """Make queries for ``name`` get SERVFAIL, DROP or TRUNCATE."""
        self._entry(name).behaviour = behaviour

    def _entry(self, name: str) -> _Entry:
        return self._names.setdefault(_key(name), _Entry())

    def _add(
        self, name: str, rdtype: dns.rdatatype.RdataType, text: str, ttl: int
    ) -> None:
        entry = self._entry(name)
        entry.ttl = ttl
        entry.records.setdefault(rdtype, []).append(text)

    # --- what the server saw ----------------------------------------------

    def count(
        self, name: str, rdtype: str | None = None, transport: str | None = None
    ) -> int:
        """How many queries for ``name`` arrived, by type and transport."""
        wanted = _key(name).to_text()
        with self._lock:
            return sum(
                1
                for query in self.queries
                if query.name == wanted
                and rdtype in (None, query.rdtype)
                and transport in (None, query.transport)
            )

    @property
    def address_pair(self) -> tuple[str, int]:
        """The ``(host, port)`` to give the DNS check as its name server."""
        return (LOOPBACK, self.port)

    @property
    def threads(self) -> list[threading.Thread]:
        """The serving threads (for checking that they stopped)."""
        return list(self._threads)

    # --- lifecycle --------------------------------------------------------

    def start(self) -> None:
        """Bind UDP and TCP on one free loopback port and start serving."""
        self.udp, self.tcp = _bind_pair()
        self.port = self.udp.getsockname()[1]
        for target in (self._serve_udp, self._serve_tcp):
            thread = threading.Thread(target=target, daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        """Stop the threads, wait for them and close the sockets."""
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=5)
        for sock in (self.udp, self.tcp):
            if sock is not None:
                sock.close()

    # --- serving ----------------------------------------------------------

    def _serve_udp(self) -> None:
        assert self.udp is not None
        self.udp.settimeout(_POLL)
        while not self._stop.is_set():
            try:
                wire, client = self.udp.recvfrom(65535)
            except (TimeoutError, OSError):
                continue
            reply = self._reply(wire, "udp")
            if reply is not None:
                self.udp.sendto(reply, client)

    def _serve_tcp(self) -> None:
        assert self.tcp is not None
        self.tcp.settimeout(_POLL)
        while not self._stop.is_set():
            try:
                connection, _ = self.tcp.accept()
            except (TimeoutError, OSError):
                continue
            with connection:
                self._serve_connection(connection)

    def _serve_connection(self, connection: socket.socket) -> None:
        """Answer the queries of one TCP connection, each length-prefixed."""
        connection.settimeout(1.0)
        while not self._stop.is_set():
            try:
                size = _read_exactly(connection, 2)
                wire = _read_exactly(connection, int.from_bytes(size, "big"))
            except (OSError, EOFError):
                return
            reply = self._reply(wire, "tcp")
            if reply is None:
                return
            connection.sendall(len(reply).to_bytes(2, "big") + reply)

    def _reply(self, wire: bytes, transport: str) -> bytes | None:
        """The wire answer to one query, or None to stay silent."""
        try:
            query = dns.message.from_wire(wire)
        except dns.exception.DNSException:
            return None
        question = query.question[0]
        with self._lock:
            self.queries.append(
                Query(
                    question.name.to_text().lower(),
                    dns.rdatatype.to_text(question.rdtype),
                    transport,
                )
            )

        entry = self._names.get(question.name)
        behaviour = entry.behaviour if entry else ANSWER
        if self.drop_all or behaviour == DROP:
            return None
        response = dns.message.make_response(query)
        response.flags |= dns.flags.AA
        if behaviour == SERVFAIL:
            response.set_rcode(dns.rcode.SERVFAIL)
            return response.to_wire()
        if behaviour == TRUNCATE and transport == "udp":
            response.flags |= dns.flags.TC
            return response.to_wire()

        self._answer(response, question.name, question.rdtype)
        return _wire(response, query, transport)

    def _answer(
        self,
        response: dns.message.Message,
        qname: dns.name.Name,
        rdtype: dns.rdatatype.RdataType,
    ) -> None:
        """Fill in the answer, following CNAMEs inside the server's data."""
        current = qname
        for _ in range(10):
            entry = self._names.get(current)
            if entry is None:
                response.set_rcode(dns.rcode.NXDOMAIN)
                return
            cnames = entry.records.get(dns.rdatatype.CNAME)
            if cnames and rdtype != dns.rdatatype.CNAME:
                response.answer.append(_rrset(current, entry, dns.rdatatype.CNAME))
                current = dns.name.from_text(cnames[0])
                continue
            if rdtype in entry.records:
                response.answer.append(_rrset(current, entry, rdtype))
            return


def _rrset(
    name: dns.name.Name, entry: _Entry, rdtype: dns.rdatatype.RdataType
) -> dns.rrset.RRset:
    return dns.rrset.from_text_list(
        name, entry.ttl, dns.rdataclass.IN, rdtype, entry.records[rdtype]
    )


def _wire(
    response: dns.message.Message, query: dns.message.Message, transport: str
) -> bytes:
    """Render the response; over UDP, cut it to the client's size with TC."""
    if transport == "tcp":
        return response.to_wire(max_size=65535)
    limit = query.payload if query.edns >= 0 else 512
    return response.to_wire(max_size=limit, prefer_truncation=True)


def _read_exactly(connection: socket.socket, count: int) -> bytes:
    data = b""
    while len(data) < count:
        chunk = connection.recv(count - len(data))
        if not chunk:
            raise EOFError("connection closed")
        data += chunk
    return data


def _bind_pair() -> tuple[socket.socket, socket.socket]:
    """A UDP and a TCP socket on the same free port of 127.0.0.1."""
    for _ in range(50):
        udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        udp.bind((LOOPBACK, 0))
        tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            tcp.bind((LOOPBACK, udp.getsockname()[1]))
        except OSError as error:
            udp.close()
            tcp.close()
            if error.errno == errno.EADDRINUSE:
                continue
            raise
        tcp.listen(16)
        return udp, tcp
    raise RuntimeError("no free port for both UDP and TCP on 127.0.0.1")


@pytest.fixture
def dns_servers() -> Iterator[Callable[[], DnsTestServer]]:
    """A factory of started servers; every one is stopped at teardown."""
    started: list[DnsTestServer] = []

    def start() -> DnsTestServer:
        server = DnsTestServer()
        server.start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()
    alive = [t for server in started for t in server.threads if t.is_alive()]
    assert not alive, f"DNS test server threads still running: {alive}"


@pytest.fixture
def dns_server(
    dns_servers: Callable[[], DnsTestServer],
) -> DnsTestServer:
    """One started server, stopped at teardown."""
    return dns_servers()
