"""The online checks: request every literal link, and the tracking host's TLS.

Nothing here runs unless the user asked: the CLI imports this module only
under ``--check-urls`` (link targets, EL601-EL604) or ``--check-dns`` (the
branded tracking host over HTTPS, EL605). It uses the standard library
alone (``http.client``, ``ssl``, threads), so it adds no dependency.

Link targets, in the order of a run:

1. ``collect_urls`` reads the files again (the lint itself is untouched and
   pays nothing) and keeps each link whose value is a literal absolute
   ``http(s)`` URL. A value with template tokens is skipped, unless a
   ``--sample-data`` file gives a value to every token in it.
2. ``check_urls`` requests each distinct URL once: ``HEAD``, then ``GET``
   where ``HEAD`` is refused (405, 501) or the server hangs up on it, and
   follows redirects up to ``max_redirects``. Time-outs, 5xx and 429 are
   tried again twice, with exponential backoff (a ``Retry-After`` is
   honoured up to RETRY_AFTER_CAP seconds). A pool of WORKERS threads runs
   the requests, at most PER_HOST at a time for one host, so a big
   template set does not hammer one shop's server.
3. Each URL's verdict becomes a finding at every place the URL stands.

The run is bounded: each request waits at most ``timeout`` seconds, and
the whole check stops at ``run_bound`` seconds (by default the larger of
RUN_BOUND_MIN and RUN_BOUND_TIMEOUTS times the time-out); URLs not checked
by then are named in a warning on stderr and are not findings.

A URL that answered well is remembered in ``.lint-email-cache/urls.json``
(beside the findings cache) for CACHE_MAX_AGE seconds and not requested
again in that time; failures are always asked again, so a fixed link stops
failing on the next run. ``--no-cache`` neither reads nor writes the file.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import ssl
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Mapping, Sequence
from urllib.parse import quote, urljoin, urlsplit

from linter import __version__
from linter.cache import CACHE_FOLDER
from linter.config import Config
from linter.dialects import DialectTable, TokenIndex
from linter.extract import build_links
from linter.files import documents_from_bytes
from linter.findings import Finding
from linter.links import TEMPLATE_MARK, Link, TemplateToken
from linter.log import logger
from linter.rules import rules_by_code
from linter.scan import scan_links
from linter.source import Document
from linter.suppressions import parse_suppressions

if TYPE_CHECKING:
    import dns.resolver

log = logger()

DEAD, UNREACHABLE, BAD_REDIRECT, BLOCKED, TRACKING_TLS = (
    "EL601", "EL602", "EL603", "EL604", "EL605")
LINK_CODES = (DEAD, UNREACHABLE, BAD_REDIRECT, BLOCKED)

WORKERS = 8
PER_HOST = 2
RETRIES = 2
BACKOFF = 0.5
RETRY_AFTER_CAP = 5.0
RUN_BOUND_MIN = 60.0
RUN_BOUND_TIMEOUTS = 3
CACHE_MAX_AGE = 24 * 3600
CACHE_FILE = "urls.json"

# Answers that bot blockers give to a checker while people get the page:
# 999 is LinkedIn's.
_BLOCKED_STATUSES = frozenset({403, 429, 999})
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# HEAD refused: "method not allowed", "not implemented".
_HEAD_REFUSED = frozenset({405, 501})
_USER_AGENT = f"lint-email/{__version__} (link check; +https://github.com/lint-email)"
# What may stay unescaped in a request target: RFC 3986 reserved and
# unreserved characters, and '%' of escapes already there.
_SAFE_IN_TARGET = "!#$%&'()*+,-./:;=?@[]_~"

# One check's verdict: (code, message) pairs; empty when the link is fine.
Verdict = tuple[tuple[str, str], ...]
Progress = Callable[[int, int], None]


# --- which links are checked, and where they stand -------------------------


@dataclass(frozen=True)
class LinkPlace:
    """One place a checked URL stands: the link value's position.

    ``codes`` are the EL60x codes that may report here: selected for the
    file (per-file-ignores applied) and not silenced by a suppression.
    """

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    href: str
    part: str | None
    codes: frozenset[str]


@dataclass
class UrlCollection:
    """The URLs to request, each with every place it stands, in order."""

    places: dict[str, list[LinkPlace]] = field(default_factory=dict)
    skipped: int = 0

    def add(self, url: str, place: LinkPlace) -> None:
        """Remember one more place of ``url``."""
        self.places.setdefault(url, []).append(place)


Target = tuple[Path, str, str]


def collect_urls(targets: Iterable[Target], config: Config,
                 sample_data: Mapping[str, object] | None = None) -> UrlCollection:
    """The checkable links of (path, display, config path) targets.

    A second pass over the files, so that a normal lint pays nothing for
    this: only literal absolute ``http(s)`` values are kept, or templated
    ones whose every token has a value in ``sample_data``. Unreadable
    files are skipped: the lint already reports them (EL901).
    """
    dialects = DialectTable.build(config.template_delimiters)
    collection = UrlCollection()
    for path, display, config_path in targets:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        selected = config.selected_codes(config_path or display)
        codes = frozenset(code for code in LINK_CODES if code in selected)
        if not codes:
            continue
        for document in documents_from_bytes(data, display):
            _collect_document(document, dialects, codes, sample_data, collection)

    if collection.skipped:
        log.info("--check-urls: %d templated link(s) skipped (no sample data "
                 "for their tokens)", collection.skipped)
    return collection


def _collect_document(document: Document, dialects: DialectTable,
                      codes: frozenset[str], sample_data: Mapping[str, object] | None,
                      collection: UrlCollection) -> None:
    text = document.text
    tokens = dialects.find_tokens(text)
    index = TokenIndex(tokens)
    scanned = scan_links(text, index)
    links = build_links(text, scanned, index)
    comments = sorted([(c.start, c.end) for c in scanned.comments]
                      + [(t.start, t.end) for t in tokens if t.is_comment])
    suppressions = parse_suppressions(document, comments)

    for link in links:
        url = request_url(link, sample_data)
        if url is None:
            prefix = link.literal_prefix.strip().lower()
            # A templated web link: counted for the log, as one not checked.
            if link.is_templated and (not prefix or prefix.startswith("http")):
                collection.skipped += 1
            continue
        start = link.offset(0)
        line, column = document.position(start)
        end_line, end_column = document.position(link.offset(len(link.value)))
        allowed = frozenset(code for code in codes
                            if not suppressions.silences(code, start, line))
        if allowed:
            collection.add(url, LinkPlace(document.path, line, column, end_line,
                                          end_column, link.raw, document.part,
                                          allowed))


def request_url(link: Link, sample_data: Mapping[str, object] | None) -> str | None:
    """The URL to request for a link, or None when it is not checkable.

    Template tokens are filled from ``sample_data`` (simple output tokens
    only: ``{{ name }}``, ``*|NAME|*``, ``%recipient.name%``, ``${name}``);
    a token without a value makes the link uncheckable.
    """
    value = link.value
    if TEMPLATE_MARK in value:
        if sample_data is None:
            return None
        filled = _fill_tokens(value, link.tokens, sample_data)
        if filled is None:
            return None
        value = filled
    return _normalised(value.strip(" \t\n\r\f"))


_SIMPLE_TOKEN = re.compile(
    r"\{\{\{?-?\s*([\w.]+)\s*-?\}?\}\}"     # Jinja, Liquid, Handlebars
    r"|\*\|([\w:.-]+)\|\*"                  # Mailchimp
    r"|%(recipient\.[\w.]+)%"               # Mailgun
    r"|\$\{\s*([\w.]+)\s*\}"                # FreeMarker, JS templates
)


def _fill_tokens(value: str, tokens: Sequence[TemplateToken],
                 sample_data: Mapping[str, object]) -> str | None:
    pieces = value.split(TEMPLATE_MARK)
    if len(pieces) != len(tokens) + 1:
        return None
    filled = [pieces[0]]
    for token, piece in zip(tokens, pieces[1:]):
        match = None if token.is_logic else _SIMPLE_TOKEN.fullmatch(token.text)
        if match is None:
            return None
        name = next(group for group in match.groups() if group)
        sample = sample_value(sample_data, name)
        if sample is None:
            return None
        filled.extend((sample, piece))
    return "".join(filled)


def sample_value(sample_data: Mapping[str, object], name: str) -> str | None:
    """The value of a variable: a key, a dotted path, or the key in any case.

    ``recipient.name`` (Mailgun) also finds a plain ``name``.
    """
    candidates = [name]
    if name.startswith("recipient."):
        candidates.append(name.removeprefix("recipient."))
    for candidate in candidates:
        found: object = sample_data.get(candidate)
        if found is None:
            found = _dotted(sample_data, candidate.split("."))
        if found is None:
            lowered = {str(key).lower(): item for key, item in sample_data.items()}
            found = lowered.get(candidate.lower())
        if isinstance(found, (str, int, float)) and not isinstance(found, bool):
            return str(found)
    return None


def _dotted(data: Mapping[str, object], keys: list[str]) -> object:
    found: object = data
    for key in keys:
        if not isinstance(found, Mapping) or key not in found:
            return None
        found = found[key]
    return found


def load_sample_data(path: Path) -> dict[str, object]:
    """Read a ``--sample-data`` file: a JSON object. Raises ValueError."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ValueError(f"{path}: cannot read: {error.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"{path}: not valid JSON: {error}") from None
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a JSON object of variable names "
                         "to values")
    return data


def _normalised(value: str) -> str | None:
    """An absolute http(s) URL ready for a request line, or None."""
    try:
        parts = urlsplit(value)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return None

    netloc = f"[{ascii_host}]" if ":" in ascii_host else ascii_host
    if parts.port is not None:
        netloc += f":{parts.port}"
    path = quote(parts.path or "/", safe=_SAFE_IN_TARGET)
    query = quote(parts.query, safe=_SAFE_IN_TARGET)
    return f"{parts.scheme.lower()}://{netloc}{path}" + (f"?{query}" if query else "")


# --- requesting the URLs ----------------------------------------------------


@dataclass(frozen=True)
class CheckSettings:
    """How the link targets are requested (CLI flags and module defaults).

    ``cafile`` replaces the system's trust store (the tests' own CA);
    ``run_bound`` of None means the default bound of the module docstring.
    """

    timeout: float = 10.0
    max_redirects: int = 5
    retries: int = RETRIES
    backoff: float = BACKOFF
    workers: int = WORKERS
    per_host: int = PER_HOST
    run_bound: float | None = None
    cafile: str | None = None

    @property
    def bound(self) -> float:
        """Seconds the whole URL check may take."""
        if self.run_bound is not None:
            return self.run_bound
        return max(RUN_BOUND_MIN, RUN_BOUND_TIMEOUTS * self.timeout)


@dataclass(frozen=True)
class _Answer:
    status: int
    location: str | None = None
    retry_after: float | None = None


@dataclass(frozen=True)
class _Failure:
    """No HTTP answer: ``kind`` is timeout, dns, refused, tls, bound, other."""

    kind: str
    reason: str


class _OddAnswer(Exception):
    """The server hung up or answered something that is not HTTP."""


class _Checker:
    """Requests URLs within one deadline, a few at a time per host."""

    def __init__(self, settings: CheckSettings) -> None:
        self.settings = settings
        self.deadline = time.monotonic() + settings.bound
        self.tls = ssl.create_default_context(cafile=settings.cafile)
        self._hosts: dict[str, threading.Semaphore] = {}
        self._lock = threading.Lock()

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def check(self, url: str) -> Verdict | None:
        """The verdict on one URL, or None when the run's bound cut it off."""
        chain = [url]
        current = url
        answer: _Answer | _Failure
        for hop in range(self.settings.max_redirects + 1):
            answer = self._with_retries(current)
            if isinstance(answer, _Failure):
                if answer.kind == "bound":
                    return None
                return ((UNREACHABLE, f"{current} {answer.reason}"),)
            if answer.status not in _REDIRECT_STATUSES or not answer.location:
                break
            following = urljoin(current, answer.location)
            if following in chain:
                return ((BAD_REDIRECT, f"redirect loop: {_chain(chain, following)}"),)
            if hop == self.settings.max_redirects:
                return ((BAD_REDIRECT, f"more than {self.settings.max_redirects} "
                         f"redirects (--max-redirects): {_chain(chain, following)}"),)
            chain.append(following)
            if not following.lower().startswith(("http://", "https://")):
                return ()
            current = following

        assert isinstance(answer, _Answer)
        return _status_verdict(url, current, chain, answer.status)

    def _with_retries(self, url: str) -> _Answer | _Failure:
        """One answer, asking again after time-outs, 5xx and 429."""
        attempt = 0
        while True:
            answer = self._request(url)
            again = (isinstance(answer, _Failure) and answer.kind == "timeout"
                     or isinstance(answer, _Answer)
                     and (500 <= answer.status < 600 or answer.status == 429))
            if not again or attempt >= self.settings.retries:
                return answer
            pause = self.settings.backoff * 2 ** attempt
            if isinstance(answer, _Answer) and answer.retry_after is not None:
                pause = min(max(pause, answer.retry_after), RETRY_AFTER_CAP)
            if pause >= self.remaining():
                return answer
            time.sleep(pause)
            attempt += 1

    def _request(self, url: str) -> _Answer | _Failure:
        """HEAD, then GET where HEAD is refused; a few at a time per host."""
        host = urlsplit(url).netloc.lower()
        with self._lock:
            gate = self._hosts.setdefault(
                host, threading.Semaphore(self.settings.per_host))
        if not gate.acquire(timeout=max(0.0, self.remaining())):
            return _Failure("bound", "not checked within the run's bound")
        try:
            try:
                answer = self._send("HEAD", url)
            except _OddAnswer:
                return self._send_get(url)
            if isinstance(answer, _Answer) and answer.status in _HEAD_REFUSED:
                return self._send_get(url)
            return answer
        finally:
            gate.release()

    def _send_get(self, url: str) -> _Answer | _Failure:
        try:
            return self._send("GET", url)
        except _OddAnswer as error:
            return _Failure("other", f"gave no valid HTTP answer ({error})")

    def _send(self, method: str, url: str) -> _Answer | _Failure:
        """One request; the body of a GET is not read beyond its start."""
        timeout = min(self.settings.timeout, self.remaining())
        if timeout <= 0:
            return _Failure("bound", "not checked within the run's bound")
        parts = urlsplit(url)
        target = parts.path or "/"
        if parts.query:
            target += f"?{parts.query}"
        connection = self._connection(parts.scheme, parts.hostname or "",
                                      parts.port, timeout)
        try:
            connection.request(method, target, headers={
                "User-Agent": _USER_AGENT, "Accept": "*/*"})
            response = connection.getresponse()
            if method == "GET":
                response.read(1024)
            return _Answer(response.status, response.getheader("Location"),
                           _retry_after(response.getheader("Retry-After")))
        except (http.client.RemoteDisconnected, http.client.BadStatusLine,
                ConnectionResetError) as error:
            raise _OddAnswer(error.__class__.__name__) from None
        except OSError as error:
            failure = _failure(error, timeout)
            if failure.kind == "timeout" and timeout < self.settings.timeout:
                # Cut short by the run's bound, not slow by the user's measure.
                return _Failure("bound", "not checked within the run's bound")
            return failure
        except http.client.HTTPException as error:
            return _Failure("other", f"gave no valid HTTP answer ({error})")
        finally:
            connection.close()

    def _connection(self, scheme: str, host: str, port: int | None,
                    timeout: float) -> http.client.HTTPConnection:
        if scheme == "https":
            return http.client.HTTPSConnection(host, port, timeout=timeout,
                                               context=self.tls)
        return http.client.HTTPConnection(host, port, timeout=timeout)


def _failure(error: OSError, timeout: float) -> _Failure:
    """Why a request got no answer, in a sender's words."""
    if isinstance(error, socket.gaierror):
        return _Failure("dns", "does not resolve (no such host)")
    if isinstance(error, ConnectionRefusedError):
        return _Failure("refused", "refuses the connection")
    if isinstance(error, TimeoutError):
        return _Failure("timeout", f"did not answer within {timeout:g} s")
    if isinstance(error, ssl.SSLCertVerificationError):
        return _Failure("tls", f"has a certificate browsers reject "
                               f"({error.verify_message})")
    if isinstance(error, ssl.SSLError):
        return _Failure("tls", f"failed the TLS handshake ({error.reason})")
    return _Failure("other", f"cannot be reached ({error.strerror or error})")


def _retry_after(header: str | None) -> float | None:
    if header is None or not header.strip().isdigit():
        return None
    return float(header.strip())


def _chain(chain: list[str], last: str) -> str:
    return " -> ".join([*chain, last])


def _status_verdict(url: str, final: str, chain: list[str], status: int) -> Verdict:
    """The findings a final answer gives, after the redirects."""
    verdict: list[tuple[str, str]] = []
    where = url if final == url else f"{url} (redirected to {final})"
    if url.startswith("https://") and final.startswith("http://"):
        verdict.append((BAD_REDIRECT, "the redirects end on http:// from "
                        f"https://: {' -> '.join(chain)}"))
    if status in _BLOCKED_STATUSES:
        verdict.append((BLOCKED, f"{where} answers {status}: the site blocks "
                        "checkers; the link may still work for people"))
    elif status >= 400:
        verdict.append((DEAD, f"{where} answers {status} "
                        f"{_reason(status)}".rstrip()))
    return tuple(verdict)


def _reason(status: int) -> str:
    return http.client.responses.get(status, "")


def check_urls(urls: Sequence[str], settings: CheckSettings,
               progress: Progress | None = None) -> dict[str, Verdict | None]:
    """Each URL's verdict, requested once; None where the bound cut it off."""
    results: dict[str, Verdict | None] = {url: None for url in urls}
    if not urls:
        return results
    checker = _Checker(settings)
    pool = ThreadPoolExecutor(max_workers=max(1, settings.workers),
                              thread_name_prefix="lint-email-url")
    try:
        futures: dict[Future[Verdict | None], str] = {
            pool.submit(checker.check, url): url for url in urls}
        pending = set(futures)
        done_count = 0
        while pending:
            done, pending = wait(pending, timeout=max(0.0, checker.remaining()) + 1,
                                 return_when=FIRST_COMPLETED)
            if not done:
                break
            for future in done:
                results[futures[future]] = future.result()
            done_count += len(done)
            if progress is not None:
                progress(done_count, len(urls))
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    return results


# --- the cache of URLs that answered well -----------------------------------


class UrlCache:
    """URLs that answered well in the last CACHE_MAX_AGE seconds."""

    def __init__(self, path: Path, max_age: float = CACHE_MAX_AGE) -> None:
        self.path = path
        self.max_age = max_age
        self.now = time.time()
        self._good: dict[str, float] = self._load()
        self._changed = False

    @classmethod
    def for_config(cls, config: Config) -> UrlCache:
        """The cache file in the config's folder."""
        return cls(config.root / CACHE_FOLDER / CACHE_FILE)

    def _load(self) -> dict[str, float]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            if not isinstance(error, FileNotFoundError):
                log.debug("URL cache %s unreadable (%s); starting afresh",
                          self.path, error)
            return {}
        good = data.get("good") if isinstance(data, dict) else None
        if not isinstance(good, dict):
            return {}
        return {url: float(seen) for url, seen in good.items()
                if isinstance(seen, (int, float)) and self.now - seen < self.max_age}

    def is_good(self, key: str) -> bool:
        """Whether this URL answered well recently enough."""
        return key in self._good

    def remember_good(self, key: str) -> None:
        self._good[key] = self.now
        self._changed = True

    def save(self) -> None:
        """Write the file whole and atomically; never fail the run."""
        if not self._changed:
            return
        import tempfile

        from linter.cache import _prepare_folder

        try:
            _prepare_folder(self.path.parent)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump({"version": 1, "good": self._good}, out)
            os.replace(temporary, self.path)
        except OSError as error:
            log.debug("URL cache %s not saved: %s", self.path, error)


def run_url_checks(collection: UrlCollection, settings: CheckSettings,
                   cache: UrlCache | None = None,
                   progress: Progress | None = None) -> list[Finding]:
    """Check the collected URLs; findings at every place of each failing URL."""
    key = f"|redirects={settings.max_redirects}"
    urls = [url for url in collection.places
            if cache is None or not cache.is_good(url + key)]
    if cache is not None and len(urls) < len(collection.places):
        log.info("--check-urls: %d URL(s) answered well within the last %d h; "
                 "not requested again", len(collection.places) - len(urls),
                 cache.max_age // 3600)
    log.info("--check-urls: requesting %d URL(s)", len(urls))
    results = check_urls(urls, settings, progress)

    unchecked = [url for url, verdict in results.items() if verdict is None]
    if unchecked:
        log.warning("--check-urls: %d URL(s) not checked within the run's bound "
                    "of %g s, for example %s", len(unchecked), settings.bound,
                    unchecked[0])
    if cache is not None:
        for url, verdict in results.items():
            if verdict == ():
                cache.remember_good(url + key)
        cache.save()
    return [finding for url, verdict in results.items() if verdict
            for finding in _place_findings(collection.places[url], verdict)]


def _place_findings(places: list[LinkPlace], verdict: Verdict) -> list[Finding]:
    rules = rules_by_code()
    return [
        Finding(path=place.path, line=place.line, column=place.column,
                end_line=place.end_line, end_column=place.end_column, code=code,
                name=rules[code].name, severity=rules[code].severity,
                message=message, href=place.href, part=place.part)
        for place in places
        for code, message in verdict
        if code in place.codes
    ]


# --- EL605: the tracking host over HTTPS ------------------------------------


def check_tracking_tls(
    names: Sequence[str], timeout: float = 10.0,
    connect_to: Mapping[str, tuple[str, int] | None] | None = None,
    cafile: str | None = None,
) -> list[Finding]:
    """EL605 for each tracking host whose HTTPS certificate browsers reject.

    Each name gets a TLS handshake on port 443 with SNI set to the name and
    the system's trust store (``cafile`` replaces it). A name that does not
    accept a connection on 443 is not a finding: some providers serve
    tracked links over ``http://`` only (SendGrid without Auto SSL), and
    EL501-EL504 already cover a name that does not resolve. ``connect_to``
    maps a name to the (address, port) to connect to instead of the name
    itself, or to None to skip it (see ``tracking_addresses``).
    """
    targets = connect_to or {}
    unique = [name for name in dict.fromkeys(_host_key(name) for name in names)
              if name not in targets or targets[name] is not None]
    if not unique:
        return []
    context = ssl.create_default_context(cafile=cafile)
    with ThreadPoolExecutor(max_workers=min(WORKERS, len(unique))) as pool:
        problems = list(pool.map(
            lambda name: _tls_problem(name, targets.get(name) or (name, 443),
                                      context, timeout),
            unique))

    rule = rules_by_code()[TRACKING_TLS]
    return [
        Finding(path=None, line=None, column=None, end_line=None, end_column=None,
                code=TRACKING_TLS, name=rule.name, severity=rule.severity,
                message=f"https://{name}/: {problem}; tracked https:// links "
                        "fail for every recipient",
                domain=name)
        for name, problem in zip(unique, problems) if problem is not None
    ]


def _host_key(name: str) -> str:
    return name.strip().lower().rstrip(".")


def tracking_addresses(names: Sequence[str], nameservers: Sequence[tuple[str, int]],
                       timeout: float) -> dict[str, tuple[str, int] | None]:
    """Where to reach each name on port 443, asked of ``--nameserver``.

    The TLS check then talks to the address the DNS check's own resolver
    gives, not the system's; a name without an A record maps to None.
    """
    import dns.exception
    import dns.resolver

    resolver = dns.resolver.Resolver(configure=False)
    resolver.nameservers = [address for address, _ in nameservers]
    resolver.nameserver_ports = {address: port for address, port in nameservers}
    resolver.lifetime = timeout
    addresses: dict[str, tuple[str, int] | None] = {}
    for name in dict.fromkeys(_host_key(name) for name in names):
        try:
            addresses[name] = (_address(resolver, name), 443)
        except dns.exception.DNSException as error:
            log.info("%s: no address (%s); the TLS check is skipped", name, error)
            addresses[name] = None
    return addresses


def _address(resolver: dns.resolver.Resolver, name: str) -> str:
    """The first A record at the end of the name's CNAME chain.

    An authoritative server answers an A question with the CNAME alone, so
    the chain is followed here, a few hops at most.
    """
    import dns.exception
    import dns.resolver

    current = name
    for _ in range(8):
        try:
            return str(resolver.resolve(current, "A")[0])
        except dns.resolver.NoAnswer:
            current = str(resolver.resolve(current, "CNAME")[0].target)
    too_long = f"the CNAME chain of {name} is too long"
    raise dns.exception.DNSException(too_long)  # type: ignore[no-untyped-call]


def _tls_problem(name: str, address: tuple[str, int], context: ssl.SSLContext,
                 timeout: float) -> str | None:
    """What is wrong with the name's certificate, or None."""
    try:
        connection = socket.create_connection(address, timeout=timeout)
    except OSError as error:
        log.info("%s: no HTTPS on port %d (%s); the TLS check is skipped",
                 name, address[1], error.strerror or error)
        return None
    try:
        with context.wrap_socket(connection, server_hostname=name):
            return None
    except ssl.SSLCertVerificationError as error:
        return _certificate_problem(name, error)
    except ssl.SSLError as error:
        return f"the TLS handshake failed ({error.reason or error})"
    except OSError as error:
        log.info("%s: the TLS handshake was cut off (%s); not checked", name, error)
        return None
    finally:
        connection.close()


# OpenSSL's verify codes (X509_V_ERR_*) for the cases a sender can act on.
_EXPIRED = 10
_HOSTNAME_MISMATCH = 62
_UNTRUSTED = frozenset({18, 19, 20, 21})


def _certificate_problem(name: str, error: ssl.SSLCertVerificationError) -> str:
    code = error.verify_code
    if code == _HOSTNAME_MISMATCH:
        return f"the certificate is not valid for {name}"
    if code == _EXPIRED:
        return "the certificate has expired"
    if code in _UNTRUSTED:
        return ("the certificate is not trusted (self-signed, or issued by "
                f"an unknown authority: {error.verify_message})")
    return f"the certificate is rejected ({error.verify_message})"
