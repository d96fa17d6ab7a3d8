"""Problems a user can cause, and how they are reported.

Every stage reports what is wrong with the input as a :class:`Problem` with a
:class:`Location` (file, line, column). Stages collect problems in a
:class:`Report` instead of stopping at the first one, so that a run reports
every problem together. :class:`BrochureError` turns a list of problems into a
one clean failure: one line each, no traceback.

Owns: :class:`Problem`, :class:`Location` and :class:`Report` (every problem of a
run, collected), and :class:`BrochureError`. The ground floor: no Click here; the
command line turns a BrochureError into its own exception.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

ERROR = "error"
WARNING = "warning"

# Line breaks, terminal escapes and bidi overrides, as they may come from file
# names or content: printed escaped, so a problem is always one honest line.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with control, line-break and bidi-override characters escaped."""
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class ShippedName(str):
    """The name of a file that ships with brochures (a built-in template, style or rule), as
    :meth:`brochures.inputs.project.Project.show` gives it: a finding located in it is our bug, not
    the user's (:class:`Problem` says so)."""

    __slots__ = ()


@dataclass(frozen=True, order=True)
class Location:
    """A place in a user's file; ``line`` and ``column`` count from 1."""

    path: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        text = self.path
        if self.line:
            text += f":{self.line}"
            if self.column:
                text += f":{self.column}"
        return text


@dataclass(frozen=True)
class Problem:
    """One finding: ``path:line: severity: code: message``."""

    severity: str
    code: str
    message: str
    location: Location | None = None

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return printable(f"{where}{self.severity}: {self.code}: {self.message}{self.blame}")

    @property
    def blame(self) -> str:
        """Whose mistake it is, when not the user's: a file that ships with brochures."""
        if self.location and isinstance(self.location.path, ShippedName):
            return "; this file ships with brochures: this is a bug in brochures, please report it"
        return ""

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def as_dict(self) -> dict:
        loc = self.location
        found = {
            "path": loc.path if loc else None,
            "line": loc.line if loc else None,
            "column": loc.column if loc else None,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }
        if self.blame:  # in a file that ships with brochures (only then: the key is new)
            found["shipped"] = True
        return found

    @classmethod
    def from_dict(cls, data: dict) -> Problem:
        """The problem :meth:`as_dict` wrote (build records, a run's stamp)."""
        path = ShippedName(data["path"]) if data.get("shipped") and data["path"] else data["path"]
        where = Location(path, data["line"], data["column"]) if path else None
        return cls(data["severity"], data["code"], data["message"], where)


@dataclass
class Report:
    """The problems found so far, in the order they were found."""

    problems: list[Problem] = field(default_factory=list)
    # Every error reported, repeats included: ``len(errors)`` does not grow when a file
    # read twice reports the same problem again, this does (compare it before and after).
    error_count: int = 0
    _seen: set[Problem] = field(default_factory=set, repr=False, compare=False)

    def error(self, code: str, message: str, location: Location | None = None) -> None:
        self.add(Problem(ERROR, code, message, location))

    def warning(self, code: str, message: str, location: Location | None = None) -> None:
        self.add(Problem(WARNING, code, message, location))

    def add(self, problem: Problem) -> None:
        self.error_count += problem.is_error
        if len(self._seen) != len(self.problems):  # ``problems`` was changed directly
            self._seen = set(self.problems)
        if problem not in self._seen:  # a set: thousands of problems stay linear
            self._seen.add(problem)
            self.problems.append(problem)

    def extend(self, problems) -> None:
        for problem in problems:
            self.add(problem)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    def __bool__(self) -> bool:
        return bool(self.problems)


def closest(word: str, known: list[str]) -> str | None:
    """The known name closest to a misspelled ``word`` (or the one name it begins: ``lumen``
    for ``lumen-skin-clinic``), else None."""
    folded = {name.replace("-", "_").lower(): name for name in known}
    word = word.replace("-", "_").lower()
    close = difflib.get_close_matches(word, list(folded), n=1, cutoff=0.6)
    starting = [fold for fold in folded if len(word) >= 3 and fold.startswith(word)]
    close = close or (starting if len(starting) == 1 else [])
    return folded[close[0]] if close else None


def did_you_mean(word: str, known: list[str]) -> str:
    """``"; did you mean 'x'?"`` for the :func:`closest` known name, else ``""``."""
    name = closest(word, known)
    return f"; did you mean '{name}'?" if name else ""


class BrochureError(Exception):
    """A user-caused failure: printed as one line per problem, exit status 1 (the
    command line turns it into its own exception; this floor knows no Click)."""

    exit_code = 1

    def __init__(self, problems: list[Problem] | str):
        if isinstance(problems, str):
            problems = [Problem(ERROR, "error", problems)]
        self.problems = problems
        self.message = "\n".join(str(p) for p in problems)
        super().__init__(self.message)


def relative(path: Path, root: Path) -> str:
    """A path as the user should see it: relative to the project when inside it."""
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)
