"""The outcome of one ``extract`` run: the one place that decides its exit code."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ybhj_parse.model.diagnostics import ErrorLevel

if TYPE_CHECKING:
    from ybhj_parse.model.records import Dataset

EXIT_OK = 0
EXIT_DATA = 1  # the data has errors (or warnings, under --strict)
EXIT_INPUT = 2  # an input or the command line is unusable


@dataclass(slots=True)
class ExtractReport:
    level: ErrorLevel = ErrorLevel.ERROR  # --strict: ErrorLevel.STRICT, warnings fail too
    datasets: list[Dataset] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # one message per input that could not be read

    @property
    def errors(self) -> int:
        return sum(d.severity == "error" for ds in self.datasets for d in ds.diagnostics)

    @property
    def warnings(self) -> int:
        return sum(d.severity == "warning" for ds in self.datasets for d in ds.diagnostics)

    @property
    def return_code(self) -> int:
        if self.failures:
            return EXIT_INPUT
        if any(self.level.fails(d.severity) for ds in self.datasets for d in ds.diagnostics):
            return EXIT_DATA
        return EXIT_OK
