"""A file that is not valid in its encoding.

What it catches: bytes that do not decode in the file's encoding, which
lint-email takes from a BOM, else a ``<meta charset>`` in the first 1024
bytes, else UTF-8, with no guessing. A template saved as Windows-1252 but
sent as UTF-8 shows mojibake to every recipient, and its links may hold
bytes no provider can encode.

Failing: a file with the byte ``0xE9`` (é in Latin-1) and no declaration.
Passing: the same file saved as UTF-8, or declaring
``<meta charset="windows-1252">``.

It points at the first byte that does not decode; the rest of the file is
still linted, with that byte read as U+FFFD. No fix: re-save the file in
the encoding it declares.
"""

CODE = "EL902"
NAME = "undecodable-file"
SEVERITY = "error"
DEFAULT = True
FIXABLE = False
SCOPE = "file"
