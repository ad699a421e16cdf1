"""Glob matching for ``include``, ``exclude`` and ``per-file-ignores``.

``*`` matches within one path segment, ``**`` matches any number of
segments, ``?`` one character, ``[...]`` a class. A pattern without a
``/`` matches the file name in any folder (``*.mjml``), as in .gitignore.
"""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=512)
def compile_glob(pattern: str) -> re.Pattern[str]:
    """The regular expression for one glob pattern."""
    anchored = "/" in pattern.rstrip("/")
    pattern = pattern.strip("/") if pattern.startswith("/") else pattern.rstrip("/")
    parts = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if pattern.startswith("**/", index):
            parts.append("(?:[^/]*/)*")
            index += 3
            continue
        if pattern.startswith("**", index):
            parts.append(".*")
            index += 2
            continue
        if char == "*":
            parts.append("[^/]*")
        elif char == "?":
            parts.append("[^/]")
        elif char == "[":
            close = pattern.find("]", index + 1)
            if close < 0:
                parts.append(re.escape(char))
            else:
                body = pattern[index + 1:close].replace("\\", "\\\\")
                if body.startswith("!"):
                    body = "^" + body[1:]
                parts.append(f"[{body}]")
                index = close
        else:
            parts.append(re.escape(char))
        index += 1
    prefix = "" if anchored else "(?:.*/)?"
    # A match on a folder covers everything below it.
    return re.compile(prefix + "".join(parts) + "(?:/.*)?")


def glob_matches(path: str, pattern: str) -> bool:
    """Whether ``path`` (relative, ``/``-separated) matches ``pattern``."""
    path = path[2:] if path.startswith("./") else path
    return compile_glob(pattern).fullmatch(path) is not None
