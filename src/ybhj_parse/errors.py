"""Exceptions that reach the user: each names the file (and line, when there is one)."""

from __future__ import annotations


class YbhjError(Exception):
    """Base class of every error ybhj-parse raises on purpose (the command exits 2 on one)."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        self.message = message
        self.path = path
        self.line = line
        super().__init__(self.where() + message)

    def where(self) -> str:
        if self.path is None:
            return ""
        return f"{self.path}:{self.line}: " if self.line is not None else f"{self.path}: "


class InputError(YbhjError):
    """The input cannot be read as text, or is not a document ybhj-parse knows."""


class OutputError(YbhjError):
    """An output file cannot be written (no space, no permission, a folder in the way)."""


class RuleError(YbhjError):
    """A rule file inside the package is malformed (a packaging bug, found at load time)."""


class UsageProblem(YbhjError):
    """The command line asks for something that cannot be done (the command exits 2 with its usage)."""
