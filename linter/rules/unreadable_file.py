"""A file that could not be read.

What it catches: a path that exists in the walk but cannot be opened:
permissions, a broken symbolic link named on the command line, a file
removed while the run went on. The run goes on with the other files; this
finding makes sure the gap is not silent.

It points at 1:1 and names the operating system's reason. No fix.
"""

CODE = "EL901"
NAME = "unreadable-file"
SEVERITY = "error"
DEFAULT = True
FIXABLE = False
SCOPE = "file"
