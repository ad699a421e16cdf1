"""Which files to lint: walking folders, extensions, globs, .gitignore.

A file named on the command line is always linted, unless
``--force-exclude`` is given and it matches ``exclude`` (pre-commit passes
every staged file name, so that is how its users exclude files). Folders
are walked recursively; hidden folders, ``node_modules`` and whatever the
``.gitignore`` files say are skipped. Symbolic links to folders are not
followed, so a link loop cannot make the walk endless.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator, NamedTuple, Sequence

from linter.config import Config
from linter.globs import glob_matches

DEFAULT_EXTENSIONS = (
    ".html", ".htm", ".xhtml", ".mjml", ".hbs", ".handlebars", ".mustache",
    ".liquid", ".jinja", ".jinja2", ".j2", ".njk", ".twig", ".erb", ".ejs",
    ".tpl", ".tmpl", ".gotmpl", ".ftl", ".blade.php", ".eml",
)
_SKIPPED_FOLDERS = frozenset({"node_modules", "__pycache__"})


class Target(NamedTuple):
    """A file to lint: its path as shown, on disk, and for config globs.

    The path on disk is a string: a walk of thousands of files spent a
    third of its time building ``Path`` objects that linting never needed.
    """

    display: str
    path: str
    config_path: str

    @property
    def fs_path(self) -> Path:
        """The path on disk as a ``Path``."""
        return Path(self.path)


def has_template_extension(name: str) -> bool:
    """Whether a file name ends in one of the default extensions."""
    return name.lower().endswith(DEFAULT_EXTENSIONS)


class GitIgnore:
    """The patterns of the ``.gitignore`` files met on the way down.

    Supported: comments, blank lines, ``!`` negation, a trailing ``/`` for
    folders only, anchoring by a ``/`` inside the pattern, ``*``, ``?``,
    ``[...]`` and ``**``. The last matching pattern decides, as in git.
    """

    def __init__(self, rules: tuple[tuple[str, str, bool, bool], ...] = ()) -> None:
        # (base folder relative to the walk root, pattern, negated, folders only)
        self.rules = rules

    def extended(self, folder: Path, relative: str) -> GitIgnore:
        """The patterns in force inside ``folder`` (read its .gitignore)."""
        try:
            lines = (folder / ".gitignore").read_text(
                encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return self
        added = []
        for line in lines:
            line = line.rstrip()
            if not line or line.startswith("#"):
                continue
            negated = line.startswith("!")
            line = line[1:] if negated else line
            folders_only = line.endswith("/")
            added.append((relative, line.rstrip("/"), negated, folders_only))
        return GitIgnore(self.rules + tuple(added))

    def ignores(self, relative: str, is_folder: bool) -> bool:
        """Whether the path (relative to the walk root) is ignored."""
        ignored = False
        for base, pattern, negated, folders_only in self.rules:
            if folders_only and not is_folder:
                continue
            if base and not relative.startswith(base + "/"):
                continue
            local = relative[len(base) + 1:] if base else relative
            if _gitignore_match(local, pattern):
                ignored = not negated
        return ignored


def _gitignore_match(path: str, pattern: str) -> bool:
    if "/" in pattern.lstrip("/"):
        return glob_matches(path, "/" + pattern.lstrip("/"))
    return glob_matches(path, pattern.lstrip("/"))


def _display(path: str) -> str:
    shown = os.path.normpath(path).replace(os.sep, "/")
    return shown


def _config_relative(path: Path, config: Config) -> str:
    try:
        return path.resolve().relative_to(config.root).as_posix()
    # A symbolic link loop is a RuntimeError from resolve() in Python 3.11.
    except (ValueError, OSError, RuntimeError):
        return _display(str(path))


def _is_excluded(relative: str, config: Config) -> bool:
    return any(glob_matches(relative, pattern) for pattern in config.exclude)


def _is_included(name: str, relative: str, config: Config) -> bool:
    if config.include:
        return any(glob_matches(relative, pattern) for pattern in config.include)
    return has_template_extension(name)


def discover(
    paths: Sequence[str], config: Config, force_exclude: bool = False
) -> Iterator[Target]:
    """The files to lint, in a stable order: as given, folders sorted."""
    seen: set[str] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            targets: Iterator[Target] = _walk(path, config)
        else:
            relative = _config_relative(path, config)
            if force_exclude and _is_excluded(relative, config):
                continue
            targets = iter([Target(_display(given), given, relative)])
        for target in targets:
            if target.display not in seen:
                seen.add(target.display)
                yield target


def _walk(root: Path, config: Config) -> Iterator[Target]:
    ignore = _parent_gitignores(root)
    yield from _walk_folder(str(root), "", ignore, config)


def _walk_folder(
    folder: str, relative: str, ignore: GitIgnore, config: Config,
    resolved: str | None = None,
) -> Iterator[Target]:
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return
    if any(entry.name == ".gitignore" for entry in entries):
        ignore = ignore.extended(Path(folder), relative)
    config_paths = _ConfigPaths(folder, config, resolved)
    # Every file of the folder is shown as the folder's shown path plus its
    # name: one normpath a folder rather than one a file.
    shown = _display(folder)
    shown_prefix = "" if shown == "." else shown.rstrip("/") + "/"
    for entry in entries:
        entry_relative = f"{relative}/{entry.name}" if relative else entry.name
        try:
            is_folder = entry.is_dir(follow_symlinks=False)
        except OSError:
            is_folder = False
        if is_folder:
            if (entry.name.startswith(".") or entry.name in _SKIPPED_FOLDERS
                    or ignore.ignores(entry_relative, True)
                    or _is_excluded(config_paths.of(entry), config)):
                continue
            yield from _walk_folder(entry.path, entry_relative, ignore,
                                    config, config_paths.resolved_child(entry.name))
            continue
        if entry.is_symlink() and _is_folder_link(Path(entry.path)):
            continue
        config_path = config_paths.of(entry)
        if not _is_included(entry.name, config_path, config):
            continue
        if ((ignore.rules and ignore.ignores(entry_relative, False))
                or (config.exclude and _is_excluded(config_path, config))):
            continue
        yield Target(shown_prefix + entry.name, entry.path, config_path)


class _ConfigPaths:
    """Config-relative paths of one folder's entries, resolving it once.

    ``_config_relative`` resolves every path it is given, which costs a
    system call per path component: for a walk of thousands of files that
    was most of the walk. An entry that is not a symbolic link resolves to
    the resolved folder plus its name, so only links are resolved one by
    one, and the answers are the same.
    """

    def __init__(self, folder: str, config: Config, resolved: str | None) -> None:
        self.folder = folder
        self.config = config
        # A sub-folder reached without a link resolves to its parent's
        # resolved path plus its name: the walk resolves only its root.
        self._resolved = resolved
        root = str(config.root)
        self._root = root
        self._root_prefix = root if root.endswith(os.sep) else root + os.sep
        # The config-relative path of this folder plus "/" ("" for the
        # config's folder itself), once known to be inside it.
        self._inside: str | None = None

    def resolved_child(self, name: str) -> str | None:
        """The resolved path of a sub-folder (not a link) of this folder."""
        folder = self._resolved_folder()
        return os.path.join(folder, name) if folder else None

    def _resolved_folder(self) -> str:
        if self._resolved is None:
            try:
                self._resolved = str(Path(self.folder).resolve())
            except (OSError, RuntimeError):
                self._resolved = ""
        return self._resolved

    def of(self, entry: os.DirEntry[str]) -> str:
        """The config-relative path of one entry of the folder."""
        if entry.is_symlink():
            return _config_relative(Path(entry.path), self.config)
        if self._inside is not None:
            return self._inside + entry.name
        folder = self._resolved_folder()
        with_separator = folder if folder.endswith(os.sep) else folder + os.sep
        if folder and with_separator.startswith(self._root_prefix):
            # The usual case: the folder is the config's or inside it.
            self._inside = with_separator[len(self._root_prefix):].replace(
                os.sep, "/")
            return self._inside + entry.name
        resolved = os.path.join(folder, entry.name) if folder else ""
        if resolved == self._root:
            return "."
        if resolved.startswith(self._root_prefix):
            return resolved[len(self._root_prefix):].replace(os.sep, "/")
        if resolved and not self._root_prefix.startswith(resolved + os.sep):
            # Outside the config's folder, as ``_config_relative`` falls back.
            return _display(entry.path)
        return _config_relative(Path(entry.path), self.config)


def _is_folder_link(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def _parent_gitignores(root: Path) -> GitIgnore:
    """Patterns of .gitignore files above ``root`` up to the git top level.

    Patterns there are rewritten relative to ``root`` where they can be;
    anchored patterns of a parent that point elsewhere are dropped.
    """
    absolute = root.resolve()
    chain = []
    for folder in (absolute, *absolute.parents):
        chain.append(folder)
        if (folder / ".git").exists():
            break
    else:
        return GitIgnore()
    rules: list[tuple[str, str, bool, bool]] = []
    for folder in reversed(chain[1:]):
        below = absolute.relative_to(folder).as_posix()
        for _, pattern, negated, folders_only in GitIgnore().extended(folder, "").rules:
            if "/" not in pattern.lstrip("/"):
                rules.append(("", pattern, negated, folders_only))
            elif pattern.lstrip("/").startswith(below + "/"):
                rest = pattern.lstrip("/")[len(below) + 1:]
                rules.append(("", "/" + rest, negated, folders_only))
    return GitIgnore(tuple(rules))
