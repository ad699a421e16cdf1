"""Configuration: finding, reading and validating ``[tool.lint-email]``.

The first of ``pyproject.toml`` (with a ``[tool.lint-email]`` table),
``lint-email.toml`` or ``.lint-email.toml`` found from the current
directory upward wins. Every key is checked here, once: an unknown key, a
wrong type or an unknown rule raises ConfigError with a message that names
the file, the key and what was expected, which the CLI turns into exit 2.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Callable, Mapping, NamedTuple

from linter.findings import SEVERITIES
from linter.globs import glob_matches
from linter.providers import PROVIDERS
from linter.rules import resolve_selector

CONFIG_NAMES = ("pyproject.toml", "lint-email.toml", ".lint-email.toml")


class ConfigError(Exception):
    """A config or command-line value that lint-email cannot use."""


class DnsRecord(NamedTuple):
    """A name and the CNAME target it must have."""

    name: str
    target: str


class DnsConfig(NamedTuple):
    """``[tool.lint-email.dns]``: what ``--check-dns`` checks."""

    tracking_domains: tuple[str, ...] = ()
    records: tuple[DnsRecord, ...] = ()
    timeout: float = 3.0


_CONFIG_FIELDS = (
    "provider", "select", "extend_select", "ignore", "include", "exclude",
    "strict", "forbidden_hosts", "template_delimiters", "per_file_ignores",
    "severity", "dns", "rule_options", "root", "source",
)


class Config:
    """Every setting of a run, from the config file and the command line.

    Build one in code with keyword arguments: ``Config(provider="ses")``.
    Globs in ``include``, ``exclude`` and ``per_file_ignores`` are relative
    to ``root`` (the config file's folder, or the current directory).
    ``rule_options`` holds the options per rule, keyed by rule code. A
    config is immutable and checked when built; ``replace`` builds a new
    one. (A plain class, not a dataclass: importing ``dataclasses`` costs
    start-up time, issue 8.)
    """

    __slots__ = _CONFIG_FIELDS

    provider: str
    select: tuple[str, ...]
    extend_select: tuple[str, ...]
    ignore: tuple[str, ...]
    include: tuple[str, ...]
    exclude: tuple[str, ...]
    strict: bool
    forbidden_hosts: tuple[str, ...]
    template_delimiters: tuple[tuple[str, str], ...]
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...]
    severity: tuple[tuple[str, str], ...]
    dns: DnsConfig
    rule_options: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...]
    root: Path
    source: Path | None

    def __init__(
        self, provider: str = "generic", select: tuple[str, ...] = ("EL",),
        extend_select: tuple[str, ...] = (), ignore: tuple[str, ...] = (),
        include: tuple[str, ...] = (), exclude: tuple[str, ...] = (),
        strict: bool = False, forbidden_hosts: tuple[str, ...] = (),
        template_delimiters: tuple[tuple[str, str], ...] = (),
        per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = (),
        severity: tuple[tuple[str, str], ...] = (),
        dns: DnsConfig | None = None,
        rule_options: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...] = (),
        root: Path | None = None, source: Path | None = None,
    ) -> None:
        values = (
            provider, select, extend_select, ignore, include, exclude, strict,
            forbidden_hosts, template_delimiters, per_file_ignores, severity,
            DnsConfig() if dns is None else dns, rule_options,
            Path.cwd() if root is None else root, source,
        )
        for name, value in zip(_CONFIG_FIELDS, values):
            object.__setattr__(self, name, value)

        _check_provider(self.provider, "provider", "the provider argument")
        for key in ("select", "extend_select", "ignore"):
            for selector in getattr(self, key):
                _check_selector(selector, key.replace("_", "-"), "Config")

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in _CONFIG_FIELDS)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}: Config is frozen")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}: Config is frozen")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Config)
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __reduce__(self) -> tuple[type[Config], tuple[Any, ...]]:
        """Pickle (for ``--jobs`` workers) by rebuilding from the values."""
        return Config, self._values()

    def __repr__(self) -> str:
        settings = ", ".join(f"{name}={getattr(self, name)!r}"
                             for name in _CONFIG_FIELDS)
        return f"Config({settings})"

    def replace(self, **changes: Any) -> Config:
        """A copy with some settings changed (command-line overrides)."""
        unknown = set(changes) - set(_CONFIG_FIELDS)
        if unknown:
            raise TypeError(f"Config has no setting {sorted(unknown)[0]!r}")
        settings = dict(zip(_CONFIG_FIELDS, self._values()))
        settings.update(changes)
        return Config(**settings)

    def selected_codes(self, path: str | None = None) -> frozenset[str]:
        """The rule codes that run, for one file when ``path`` is given."""
        codes = _resolve(self.select) | _resolve(self.extend_select)
        codes -= _resolve(self.ignore)
        if path is not None:
            for pattern, ignored in self.per_file_ignores:
                if glob_matches(path, pattern):
                    codes -= _resolve(ignored)
        return frozenset(codes)

    def severity_of(self, code: str, default: str) -> str:
        """The severity a rule reports with, after the config's overrides."""
        for overridden, severity in self.severity:
            if overridden == code:
                return severity
        return default

    def options_for(self, code: str) -> dict[str, Any]:
        """The config's options for one rule (empty when none are set)."""
        for rule_code, options in self.rule_options:
            if rule_code == code:
                return dict(options)
        return {}


def _resolve(selectors: tuple[str, ...]) -> set[str]:
    codes: set[str] = set()
    for selector in selectors:
        codes.update(rule.code for rule in resolve_selector(selector) or ())
    return codes


def _check_selector(selector: str, key: str, where: str) -> None:
    if not isinstance(selector, str) or resolve_selector(selector) is None:
        raise ConfigError(
            f"{where}: {key}: unknown rule {selector!r}; expected a rule code "
            "(EL101), a prefix (EL1) or a name (missing-scheme); "
            "see lint-email --list-rules"
        )


def _check_provider(name: object, key: str, where: str) -> None:
    if name not in PROVIDERS:
        raise ConfigError(
            f"{where}: {key}: unknown provider {name!r}; expected one of "
            + ", ".join(PROVIDERS)
        )


def find_config_file(start: Path) -> Path | None:
    """The first config file from ``start`` upward that configures us."""
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            if name != "pyproject.toml" or _has_our_table(candidate):
                return candidate
    return None


def _has_our_table(pyproject: Path) -> bool:
    """Whether a pyproject.toml has ``[tool.lint-email]`` (cheap text test)."""
    try:
        text = pyproject.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return "lint-email" in text and "tool" in text


def load_config(path: Path | None = None, isolated: bool = False,
                start: Path | None = None) -> Config:
    """The config of a run: the named file, the one found, or the defaults."""
    if isolated:
        return Config()
    if path is None:
        path = find_config_file(start or Path.cwd())
        if path is None:
            return Config()
    return read_config_file(path)


def read_config_file(path: Path) -> Config:
    """Read and validate one config file."""
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"{path}: cannot read config: {error.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: config is not valid UTF-8") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None

    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        if not isinstance(tool, dict):
            raise ConfigError(f"{path}: tool: expected a table, got {tool!r:.60}")
        table = tool.get("lint-email")
        if table is None:
            return Config(root=path.parent.resolve(), source=path)
        prefix = "tool.lint-email."
    else:
        table, prefix = data, ""
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: {prefix.rstrip('.') or 'lint-email'}: "
                          f"expected a table, got {table!r:.60}")
    return ConfigReader(path, prefix).read(table)


class ConfigReader:
    """Turns one validated TOML table into a Config."""

    def __init__(self, path: Path, prefix: str) -> None:
        self.path = path
        self.prefix = prefix

    def fail(self, key: str, expected: str, got: object) -> ConfigError:
        """An error naming the file, the key and what was expected."""
        shown = repr(got)
        if len(shown) > 60:
            shown = shown[:57] + "..."
        return ConfigError(
            f"{self.path}: {self.prefix}{key}: expected {expected}, got {shown}"
        )

    def read(self, table: Mapping[str, Any]) -> Config:
        """Validate every key of the table; unknown keys are errors."""
        readers: dict[str, Callable[[Any], tuple[str, Any]]] = {
            "provider": self._provider,
            "select": self._selectors("select"),
            "extend-select": self._selectors("extend-select"),
            "ignore": self._selectors("ignore"),
            "include": self._strings("include"),
            "exclude": self._strings("exclude"),
            "strict": self._strict,
            "forbidden-hosts": self._strings("forbidden-hosts"),
            "template-delimiters": self._delimiters,
            "per-file-ignores": self._per_file_ignores,
            "severity": self._severity,
            "dns": self._dns,
            "rules": self._rules,
        }
        settings: dict[str, Any] = {}
        for key, value in table.items():
            reader = readers.get(key)
            if reader is None:
                raise ConfigError(
                    f"{self.path}: {self.prefix}{key}: unknown key; expected one of "
                    + ", ".join(readers)
                )
            name, parsed = reader(value)
            settings[name] = parsed
        return Config(root=self.path.parent.resolve(), source=self.path, **settings)

    def _string_list(self, key: str, value: Any) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, "a list of strings", value)
        return tuple(value)

    def _strings(self, key: str) -> Callable[[Any], tuple[str, Any]]:
        attribute = key.replace("-", "_")
        return lambda value: (attribute, self._string_list(key, value))

    def _selectors(self, key: str) -> Callable[[Any], tuple[str, Any]]:
        def read(value: Any) -> tuple[str, Any]:
            selectors = self._string_list(key, value)
            for selector in selectors:
                _check_selector(selector, self.prefix + key, str(self.path))
            return key.replace("-", "_"), selectors
        return read

    def _provider(self, value: Any) -> tuple[str, Any]:
        if not isinstance(value, str):
            raise self.fail("provider", "a string", value)
        _check_provider(value, self.prefix + "provider", str(self.path))
        return "provider", value

    def _strict(self, value: Any) -> tuple[str, Any]:
        if not isinstance(value, bool):
            raise self.fail("strict", "true or false", value)
        return "strict", value

    def _delimiters(self, value: Any) -> tuple[str, Any]:
        key = "template-delimiters"
        pairs = []
        if not isinstance(value, list):
            raise self.fail(key, 'a list of ["open", "close"] pairs', value)
        for pair in value:
            if (not isinstance(pair, list) or len(pair) != 2
                    or not all(isinstance(d, str) and d for d in pair)):
                raise self.fail(key, 'a list of ["open", "close"] pairs', pair)
            pairs.append((pair[0], pair[1]))
        return "template_delimiters", tuple(pairs)

    def _per_file_ignores(self, value: Any) -> tuple[str, Any]:
        key = "per-file-ignores"
        if not isinstance(value, dict):
            raise self.fail(key, "a table of glob = [rules]", value)
        entries = []
        for pattern, selectors in value.items():
            codes = self._string_list(f"{key}.{pattern!r}", selectors)
            for selector in codes:
                _check_selector(selector, f"{self.prefix}{key}", str(self.path))
            entries.append((pattern, codes))
        return "per_file_ignores", tuple(entries)

    def _severity(self, value: Any) -> tuple[str, Any]:
        from linter.rules import find_rule

        if not isinstance(value, dict):
            raise self.fail("severity", 'a table of CODE = "error"|"warning"', value)
        entries = []
        for code, severity in value.items():
            rule = find_rule(code)
            if rule is None:
                raise self.fail(f"severity.{code}", "a rule code or name", code)
            if severity not in SEVERITIES:
                raise self.fail(f"severity.{code}", '"error" or "warning"', severity)
            entries.append((rule.code, severity))
        return "severity", tuple(entries)

    def _dns(self, value: Any) -> tuple[str, Any]:
        if not isinstance(value, dict):
            raise self.fail("dns", "a table", value)
        known = {"tracking-domains", "records", "timeout"}
        for key in value:
            if key not in known:
                raise ConfigError(
                    f"{self.path}: {self.prefix}dns.{key}: unknown key; expected "
                    "one of " + ", ".join(sorted(known))
                )
        domains = self._string_list("dns.tracking-domains",
                                    value.get("tracking-domains", []))
        timeout = value.get("timeout", 3.0)
        # TOML has inf and nan; neither is a time-out.
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) \
                or not math.isfinite(timeout) or timeout <= 0:
            raise self.fail("dns.timeout", "a positive number of seconds", timeout)
        records = []
        raw_records = value.get("records", [])
        if not isinstance(raw_records, list):
            raise self.fail("dns.records", "an array of {name, target} tables",
                            raw_records)
        for record in raw_records:
            if (not isinstance(record, dict) or set(record) != {"name", "target"}
                    or not all(isinstance(v, str) and v for v in record.values())):
                raise self.fail("dns.records",
                                'tables with string keys "name" and "target"', record)
            records.append(DnsRecord(record["name"], record["target"]))
        return "dns", DnsConfig(tuple(domains), tuple(records), float(timeout))

    def _rules(self, value: Any) -> tuple[str, Any]:
        """``[tool.lint-email.rules.EL406]``-style option tables."""
        from linter.rules import find_rule

        if not isinstance(value, dict):
            raise self.fail("rules", "a table of rule option tables", value)
        entries = []
        for code, options in value.items():
            rule = find_rule(code)
            if rule is None:
                raise self.fail(f"rules.{code}", "a rule code or name", code)
            if not isinstance(options, dict):
                raise self.fail(f"rules.{code}", "a table of options", options)
            problems = _option_problems(rule.code, options)
            if problems:
                raise ConfigError(
                    f"{self.path}: {self.prefix}rules.{rule.code}.{problems[0]}"
                )
            entries.append((rule.code, tuple(options.items())))
        return "rule_options", tuple(entries)


def _option_problems(code: str, options: dict[str, Any]) -> list[str]:
    """What a rule says is wrong with its options; a rule that declares no
    ``validate_options`` takes none."""
    from linter.rules import rule_modules

    for module in rule_modules():
        if module.CODE != code:
            continue
        validate = getattr(module, "validate_options", None)
        if validate is not None:
            return list(validate(options))
        if options:
            return [f"{next(iter(options))}: unknown option; {code} takes no options"]
    return []

