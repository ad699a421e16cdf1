"""An inline suppression that suppressed nothing.

What it catches: ``<!-- lint-email: disable-next-line EL101 -->`` above a
line that no longer has an EL101 finding. Stale suppressions hide the next
real problem on that line. Off by default; select it with
``--extend-select EL903``.

It points at the suppression comment. No fix: delete the comment.
"""

CODE = "EL903"
NAME = "unused-suppression"
SEVERITY = "warning"
DEFAULT = False
FIXABLE = False
SCOPE = "file"
