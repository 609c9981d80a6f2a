"""What every sub-command module shares: the expected-failure exception, exit codes, argument types.

Kept apart from ``unionkb.cli`` so command modules can import it at the top
and ``python -m unionkb.cli`` (which loads cli.py twice) sees one class.
"""

from __future__ import annotations

import argparse
from datetime import date

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 70


class CLIError(Exception):
    """An expected failure: printed as one line, exit code ``code``."""

    def __init__(self, message: str, code: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.code = code


def iso_date(text: str) -> date:
    """argparse type for YYYY-MM-DD that names the bad value."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date in YYYY-MM-DD form") from None
