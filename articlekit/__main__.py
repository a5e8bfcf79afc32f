"""``python -m articlekit``: the ``articlekit`` command."""

import sys

from articlekit.cli import main

if __name__ == "__main__":  # pragma: no cover - run as a script
    sys.exit(main())
