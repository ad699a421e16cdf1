"""The ``lint-email`` logger, with ``logging`` imported only when needed.

Importing ``logging`` costs several milliseconds (it pulls in traceback,
threading and more), and a plain lint of a small file logs nothing, so the
CLI records the level asked for with ``configure`` and the standard logger
is only built, and given that level, when a module first asks for it
(issue 8). Library callers who never call ``configure`` get the plain
``logging.getLogger("lint-email")`` with their own logging set-up.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import logging

NAME = "lint-email"
# The standard levels, as logging numbers them.
DEBUG, WARNING, CRITICAL = 10, 30, 50

# The level the CLI asked for, until the logger exists to take it.
_pending_level: int | None = None


def configure(verbose: int, quiet: int) -> None:
    """Set the CLI's level: each ``-v`` lowers it a step, each ``-q`` raises it.

    Messages go to stderr as ``lint-email: message``. If ``logging`` is
    already loaded the logger is set up now, else on first use.
    """
    global _pending_level
    level = WARNING - 10 * verbose + 10 * quiet
    _pending_level = max(DEBUG, min(level, CRITICAL))

    if "logging" in sys.modules:
        logger()


def enabled_for(level: int) -> bool:
    """Whether a message at ``level`` would be written, without ``logging``."""
    if _pending_level is not None:
        return level >= _pending_level
    return logger().isEnabledFor(level)


def logger() -> logging.Logger:
    """The ``lint-email`` logger, set up as ``configure`` asked if it did."""
    global _pending_level
    import logging

    log = logging.getLogger(NAME)
    if _pending_level is not None:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("lint-email: %(message)s"))
        log.handlers[:] = [handler]
        log.setLevel(_pending_level)
        log.propagate = False
        _pending_level = None
    return log
