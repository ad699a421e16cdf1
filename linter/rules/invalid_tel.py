"""A ``tel:`` link holds characters a phone cannot dial.

What it catches: a ``tel:`` value with anything other than digits, a
leading ``+`` and the visual separators ``-``, ``.``, ``(`` and ``)``:
spaces (``tel:+41 600 00 00``), letters (``tel:1-800-FLOWERS``), slashes,
a ``+`` in the middle, or no number at all. The RFC 3966 parameters
``;ext=``, ``;isub=`` and ``;phone-context=`` are allowed after the number.
Percent escapes are decoded first (``%20`` is a space), and digits from
template tokens are not judged.

Why it matters: phones and mail apps differ in what they forgive: some
dial only the digits before a space, some refuse the link; iOS turns the
rest into a search. A caller reaches a wrong number or none.

Failing::

    <a href="tel:+41 600 00 00">Call us</a>

Passing::

    <a href="tel:+41-600-00-00">Call us</a>

How to fix: write the number with digits, a leading ``+`` and the
separators ``-.()`` only.

Fix: no here; EL201 removes spaces from a tel: number.
"""

from __future__ import annotations

from urllib.parse import unquote

from linter.links import TEMPLATE_MARK, Link
from linter.rules.base import Hit
from linter.rules.context import RuleContext
from linter.urlcheck import WHITESPACE, analyze, whole_value_hit

CODE = "EL211"
NAME = "invalid-tel"
SEVERITY = "warning"
DEFAULT = True
FIXABLE = False
SCOPE = "link"

_SEPARATORS = frozenset("-.()")
_PARAMETERS = ("ext", "isub", "phone-context")


def check(link: Link, ctx: RuleContext) -> tuple[Hit, ...]:
    """Report the first character of a tel: number a phone cannot dial."""
    analysis = analyze(link.value)
    if analysis.scheme != "tel":
        return ()
    body = unquote(link.value[analysis.core_start + len("tel:") : analysis.core_end])

    problem = _problem(body)
    if not problem:
        return ()
    return (whole_value_hit(link, f"the tel: link {problem}"),)


def _problem(body: str) -> str | None:
    """What is wrong with the part after ``tel:``, or None."""
    number, _, parameters = body.partition(";")
    if not number:
        return "has no phone number"

    for index, char in enumerate(number):
        if char.isdecimal() and char.isascii() or char == TEMPLATE_MARK:
            continue
        if char in _SEPARATORS or char == "+" and index == 0:
            continue
        return f"holds {_describe(char)}; use digits, a leading + and -.() only"
    if not any(char.isdigit() or char == TEMPLATE_MARK for char in number):
        return "has no digits"

    for parameter in parameters.split(";") if parameters else ():
        name, equals, text = parameter.partition("=")
        if name.lower() not in _PARAMETERS or not equals or not text:
            return f"has an unknown parameter ';{parameter}'"
    return None


def _describe(char: str) -> str:
    """A character as a message names it."""
    if char in WHITESPACE:
        return "a space" if char == " " else f"white space (U+{ord(char):04X})"
    if char == "+":
        return "a '+' that is not at the start"
    return f"{char!r}"
