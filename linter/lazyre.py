"""Regular expressions compiled on first use.

Compiling a pattern costs start-up time on every run, and every run of
lint-email is on someone's commit path: a pattern that most small files
never need is compiled the first time a rule asks for it (issue 8).
"""

import re
from functools import cache
from typing import Callable


def lazy_pattern(pattern: str, flags: int = 0) -> Callable[[], re.Pattern[str]]:
    """A getter that compiles ``pattern`` once, when it is first called."""

    @cache
    def compiled() -> re.Pattern[str]:
        return re.compile(pattern, flags)

    return compiled
