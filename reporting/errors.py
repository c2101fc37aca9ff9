"""Errors the CLI turns into a one-paragraph message and a non-zero exit code."""

from __future__ import annotations


class ReportError(Exception):
    """A condition that stops rendering; `exit_code` tells the CLI how to exit."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class DatabaseMissingError(ReportError):
    exit_code = 3


class MartMissingError(ReportError):
    exit_code = 4


class BuildFailedError(ReportError):
    exit_code = 5


class DatabaseLockedError(ReportError):
    exit_code = 6


class DatabaseReadError(ReportError):
    exit_code = 7
