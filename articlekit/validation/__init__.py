"""``articlekit validate``: check files somebody else produced against the article contract.

Every record is checked against the published JSON Schema and against the
rules the JSON Schema cannot express (NFC strings, ``text`` joined from the
blocks, ``id`` derived from the record, no id used twice across the inputs).
Each problem names its file, its place in the file, the JSON Pointer of the
field, a stable code (:data:`PROBLEM_CODES`), a message and the offending value.

The package is named ``validation``, not ``validate``: ``articlekit.validate``
is the public API function, and a subpackage of that name would shadow it.

Modules, one job each:

- :mod:`.run`: the run over the inputs (:func:`validate`, :class:`Validation`), duplicate ids;
- :mod:`.parallel`: ``--jobs``, one large file checked in parts by worker processes;
- :mod:`.jsonl`, :mod:`.parquet`, :mod:`.csv_bundle`: one reader per input format;
- :mod:`.records`, :mod:`.semantics`, :mod:`.patterns`: the record engines (JSON Schema and the rules beyond it);
- :mod:`.columns`: the Parquet fast path, a batch judged column by column;
- :mod:`.dependencies`: which fields derive from which, so a root cause is reported once;
- :mod:`.problems`: problems, locations and the table of codes;
- :mod:`.output`: the text, JSON and JSON Lines writers; :mod:`.command`: the sub-command.

Use it from Python::

    from articlekit.validation import validate

    report = validate(["partner.jsonl"])
    for problem in report.problems:
        print(problem.file, problem.location.describe(), problem.pointer, problem.code)
"""

from __future__ import annotations

from .problems import PROBLEM_CODES, Location, Problem
from .records import ENGINES
from .run import FORMATS, FileReport, Validation, ValidationReport, detect_format, validate

__all__ = [
    "ENGINES",
    "FORMATS",
    "PROBLEM_CODES",
    "FileReport",
    "Location",
    "Problem",
    "Validation",
    "ValidationReport",
    "detect_format",
    "validate",
]
