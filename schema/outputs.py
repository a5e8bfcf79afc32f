"""The machine outputs of ``convert`` and ``validate``: one model each, their JSON Schemas generated from it.

| name | what it describes | version key |
|---|---|---|
| ``summary`` | ``summary.json`` of a convert run | ``summary_version`` in the file |
| ``rejects`` | one line of ``rejects.jsonl`` | the schema's ``x-articlekit-version`` |
| ``manifest`` | one line of ``manifest.jsonl`` | the schema's ``x-articlekit-version`` |
| ``validate-report`` | ``validate --output json`` | ``report_version`` in the report |
| ``validate-problem`` | one line of ``validate --output jsonl`` | the schema's ``x-articlekit-version`` |
| ``formats`` | ``formats --output json`` | ``formats_version`` in the report |

A version changes when a document valid before would be invalid after, or
read differently; adding an optional key does not change it. The line
streams carry no version key on every line (a reject line is read by tools
that expect exactly its six keys); their version is in their schema's ``$id``.

The models are strict (no unknown keys, exact types), so the schema rejects
any key a writer adds without adding it here first: this module is the one
place a key of these outputs is defined. ``articlekit schema NAME`` prints a
schema; ``python -m articlekit.derived`` regenerates the checked-in copies.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

SUMMARY_VERSION: Literal["1.0"] = "1.0"
REJECTS_VERSION: Literal["1.0"] = "1.0"
MANIFEST_VERSION: Literal["1.0"] = "1.0"
REPORT_VERSION: Literal["1.0"] = "1.0"
PROBLEM_VERSION: Literal["1.0"] = "1.0"
FORMATS_VERSION: Literal["1.0"] = "1.0"

_CODE = r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$"
Code = Annotated[str, Field(pattern=_CODE, description="A stable code, e.g. unknown-format.")]
Count = Annotated[int, Field(ge=0)]
# Every key is always written, so the schemas list every key as required, defaults or not.
_STRICT = ConfigDict(extra="forbid", strict=True, json_schema_serialization_defaults_required=True)


# --- convert ----------------------------------------------------------------------------------------


class RejectLine(BaseModel):
    """A source, or one item of a many-item source, that gave no article (one line of ``rejects.jsonl``)."""

    model_config = _STRICT

    path: str = Field(description="The source's path as the user named it (seeds/…, - for standard input).")
    format: str | None = Field(description="The source format that was tried; null when none was (unreadable…).")
    code: Code = Field(description="A stable reject code (docs: Codes and flags).")
    message: str = Field(description="What was wrong, for a human.")
    position: Annotated[int, Field(ge=1)] | None = Field(
        default=None,
        description="For one item of a feed, dump, digest or WARC file: its 1-based position; null for a whole source.",
    )
    item: str | None = Field(
        default=None, description="What names that item in its source (guid, id, WARC-Record-ID), when anything does."
    )


class Fingerprint(BaseModel):
    """What ``--resume`` compares to tell an input unchanged."""

    model_config = _STRICT

    size: Count = Field(description="File size in bytes.")
    mtime_ns: int = Field(description="Modification time, nanoseconds since the epoch.")
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")] = Field(
        description="SHA-256 of the bytes read (at most --max-bytes + 1)."
    )


class ManifestLine(BaseModel):
    """One finished input of a convert run (one line of ``manifest.jsonl``), in input order."""

    model_config = _STRICT

    path: str = Field(description="The input's path as shown in records and rejects.")
    location: str | None = Field(description="Where it was read from on this machine; null for standard input.")
    fingerprint: Fingerprint | None = Field(description="Null for standard input or an unreadable file.")
    format: str | None = Field(description="The source format it was converted (or tried) as; null when none.")
    articles: Count = Field(description="Articles it gave that were written (duplicates not counted).")
    converted: bool = Field(description="True when it gave at least one article.")
    rejects: list[RejectLine] = Field(description="Its lines of rejects.jsonl, in order.")
    duplicates: Count = Field(description="Its articles dropped because an earlier input gave the same id.")
    items_skipped: dict[str, Count] = Field(
        default_factory=dict,
        description="Its items skipped without a reject (WARC records holding no page), by reason.",
    )


class FormatCount(BaseModel):
    """Converted sources and their articles, for one source format."""

    model_config = _STRICT

    sources: Count = Field(description="Sources of this format that gave at least one article.")
    articles: Count = Field(description="Articles they gave.")


class ConvertSummary(BaseModel):
    """``summary.json``: the counts of one convert run. Add a key here and nowhere else.

    ``inputs == converted + rejected`` always holds.
    """

    model_config = _STRICT

    summary_version: Literal["1.0"] = Field(default=SUMMARY_VERSION, description="This contract's version.")
    articlekit_version: str = Field(default="", description="The articlekit that wrote the file.")
    inputs: Count = Field(default=0, description="Inputs finished: converted + rejected.")
    converted: Count = Field(default=0, description="Inputs that gave at least one article.")
    rejected: Count = Field(default=0, description="Inputs that gave no article (one rejects.jsonl line each).")
    articles: Count = Field(default=0, description="Articles written to each output.")
    duplicates: Count = Field(default=0, description="Articles dropped because an earlier input gave the same id.")
    near_duplicates: Count = Field(
        default=0, description="Articles dropped by --dedup near: their text nearly duplicates one kept earlier."
    )
    items_rejected: Count = Field(
        default=0, description="Items of feeds, dumps, digests and WARC files that gave no article."
    )
    items_skipped: dict[str, Count] = Field(
        default_factory=dict,
        description=(
            "Items skipped without a reject, by reason, reasons sorted: WARC records that hold no page "
            "(warc-request, warc-response-not-html, warc-revisit, …)."
        ),
    )
    rejects_by_code: dict[str, Count] = Field(
        default_factory=dict, description="Lines of rejects.jsonl by code, codes sorted."
    )
    formats: dict[str, FormatCount] = Field(
        default_factory=dict, description="Per source format: converted sources and their articles."
    )
    outputs: dict[str, str] = Field(
        default_factory=dict, description="What the run wrote: output name (jsonl, rejects, …) -> file in the folder."
    )
    elapsed_seconds: Annotated[float, Field(ge=0)] = Field(default=0.0, description="Wall time, to the millisecond.")


# --- validate ---------------------------------------------------------------------------------------


class ProblemLocation(BaseModel):
    """Where in a file a problem is; only the keys that apply to the file's format are present (never null)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    line: Annotated[int, Field(ge=1)] | SkipJsonSchema[None] = Field(
        default=None, description="JSON Lines or JSON line, from 1."
    )
    row_group: Count | SkipJsonSchema[None] = Field(default=None, description="Parquet row group, from 0.")
    row: Count | SkipJsonSchema[None] = Field(
        default=None, description="Parquet row in its row group (from 0), or CSV row (the header is row 1)."
    )
    column: str | SkipJsonSchema[None] = Field(default=None, description="CSV column name.")


class ProblemLine(BaseModel):
    """One thing wrong with an input (one line of ``validate --output jsonl``, an item of the report's problems)."""

    model_config = _STRICT

    file: str = Field(description="The file the problem is in, as named or found (a CSV bundle: the CSV file).")
    location: ProblemLocation = Field(description="Where in the file; {} for the file as a whole.")
    pointer: str = Field(description="JSON Pointer (RFC 6901) of the field; empty for the record or the file.")
    code: Code = Field(description="A stable problem code (docs: Codes and flags).")
    message: str = Field(description="What is wrong, for a human.")
    value: str | None = Field(description="The offending value as JSON text, cut to 80 characters; null if none.")


class FileLine(BaseModel):
    """What was found in one file of a validate run."""

    model_config = _STRICT

    file: str = Field(description="The file as named in problems.")
    format: Literal["jsonl", "json", "parquet", "csv"] = Field(description="The format it was read as.")
    records: Count = Field(description="Records checked (lines or elements that parsed, rows).")
    invalid_records: Count = Field(description="Checked records with at least one problem, duplicate-id included.")
    problems: Count = Field(description="Problems in this file, of any kind.")
    unchecked_records: Count = Field(
        description="Records not checked because --max-errors stopped the run (0 when it did not)."
    )


class ValidateReport(BaseModel):
    """``validate --output json``: the whole report as one object."""

    model_config = _STRICT

    report_version: Literal["1.0"] = Field(default=REPORT_VERSION, description="This contract's version.")
    valid: bool = Field(description="True when no problem at all was found.")
    schema_: str = Field(alias="schema", description="Where the article JSON Schema checked against lives.")
    engine: Literal["fast", "reference"] = Field(description="The JSON Schema engine used.")
    records: Count = Field(description="Records checked, all files.")
    invalid_records: Count = Field(description="Records with at least one problem; valid = records - invalid_records.")
    unchecked_records: Count = Field(description="Records not checked because --max-errors stopped the run.")
    files: list[FileLine] = Field(description="One entry per file, in the order checked.")
    counts: dict[str, Count] = Field(description="Problems by code, codes sorted.")
    stopped_early: bool = Field(description="True when --max-errors was reached and the rest was not checked.")
    max_errors: Annotated[int, Field(ge=1)] | None = Field(description="The --max-errors limit, if any.")
    problems: list[ProblemLine] = Field(description="Every problem, in the order found.")


# --- formats ----------------------------------------------------------------------------------------


class FormatLine(BaseModel):
    """One source format ``convert`` reads: a built-in converter or a plugin's."""

    model_config = _STRICT

    name: str = Field(description="The format's name, as --format takes it and provenance.format records it.")
    origin: Literal["built-in", "plugin"] = Field(description="built-in for articlekit's own converters.")
    distribution: str = Field(description="The distribution that declares its entry point (articlekit: built-in).")
    version: str = Field(description="That distribution's version.")
    entry_point: str = Field(description="The entry point's value: the converter's module, or module:object.")
    description: str = Field(description="One line: the converter's DESCRIPTION, else its docstring's first line.")
    reads: list[str] = Field(description="The kinds of files it reads (text, markdown, html, xml, json, warc, ...).")


class ClaimantLine(BaseModel):
    """One entry point a plugin problem is about."""

    model_config = _STRICT

    entry_point: str = Field(description="The entry point's value (module or module:object).")
    distribution: str = Field(description="The distribution that declares it.")
    version: str = Field(description="That distribution's version.")


class PluginProblemLine(BaseModel):
    """A converter entry point that was skipped, or a format name claimed more than once."""

    model_config = _STRICT

    code: Literal["import-error", "protocol-violation", "duplicate-format", "stale-install"] = Field(
        description="import-error and protocol-violation skip one plugin; duplicate-format stops convert (exit 2)."
    )
    name: str = Field(description="The entry point's name: the format it claims.")
    claimants: list[ClaimantLine] = Field(description="The entry points concerned (two or more: duplicate-format).")
    message: str = Field(description="The line printed on stderr.")


class FormatsReport(BaseModel):
    """``formats --output json``: every source format, and every converter entry point that was skipped."""

    model_config = _STRICT

    formats_version: Literal["1.0"] = Field(default=FORMATS_VERSION, description="This contract's version.")
    articlekit_version: str = Field(description="The articlekit that wrote the report.")
    formats: list[FormatLine] = Field(description="In detection's tie order: built-ins by name, then plugins.")
    problems: list[PluginProblemLine] = Field(description="What was skipped or is claimed twice, in that order.")


# --- the registry -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class OutputContract:
    """One machine output: its model, its version, and the checked-in schema file."""

    name: str
    model: type[BaseModel]
    version: str
    file: str
    describes: str


OUTPUT_CONTRACTS: dict[str, OutputContract] = {
    contract.name: contract
    for contract in (
        OutputContract("summary", ConvertSummary, SUMMARY_VERSION, "summary.schema.json", "convert's summary.json"),
        OutputContract("rejects", RejectLine, REJECTS_VERSION, "rejects.schema.json", "one line of rejects.jsonl"),
        OutputContract(
            "manifest", ManifestLine, MANIFEST_VERSION, "manifest.schema.json", "one line of manifest.jsonl"
        ),
        OutputContract(
            "validate-report",
            ValidateReport,
            REPORT_VERSION,
            "validate-report.schema.json",
            "validate --output json",
        ),
        OutputContract(
            "validate-problem",
            ProblemLine,
            PROBLEM_VERSION,
            "validate-problem.schema.json",
            "one line of validate --output jsonl",
        ),
        OutputContract("formats", FormatsReport, FORMATS_VERSION, "formats.schema.json", "formats --output json"),
    )
}
"""Every machine output by the name ``articlekit schema NAME`` takes."""


def generate_output_schema(name: str) -> dict[str, Any]:
    """Build the JSON Schema (draft 2020-12) of one machine output from its model.

    Args:
        name: A key of :data:`OUTPUT_CONTRACTS`.
    """
    contract = OUTPUT_CONTRACTS[name]
    body = contract.model.model_json_schema(mode="serialization", by_alias=True)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://articlekit.dev/schema/{name}/{contract.version}/{contract.file}",
        "x-articlekit-version": contract.version,
        **body,
    }


def render_output_schema(name: str) -> str:
    """Return the generated schema of one output as the exact text of its checked-in file."""
    return json.dumps(generate_output_schema(name), ensure_ascii=False, indent=2) + "\n"


def output_schema_text(name: str) -> str:
    """Return the checked-in schema of one output, as shipped in the package."""
    return resources.files(__package__).joinpath(OUTPUT_CONTRACTS[name].file).read_text(encoding="utf-8")


def output_schema_path(name: str) -> str:
    """Return where the checked-in schema of one output lives on this machine."""
    return str(resources.files(__package__).joinpath(OUTPUT_CONTRACTS[name].file))


@cache
def output_schema(name: str) -> dict[str, Any]:
    """Return the checked-in schema of one output, parsed (cached; do not mutate)."""
    schema: dict[str, Any] = json.loads(output_schema_text(name))
    return schema


# --- documentation ----------------------------------------------------------------------------------


def keys_table(name: str) -> str:
    """Return a Markdown table of every key of one output (nested keys dotted), generated from its schema.

    docs/reference/outputs.md embeds one per output; a test keeps them equal.
    """
    schema = generate_output_schema(name)
    # A key holding another output (the report's problems) points to that output's table instead.
    others = {contract.model.__name__: other for other, contract in OUTPUT_CONTRACTS.items() if other != name}
    rows = ["| key | type | meaning |", "|---|---|---|"]
    _rows(schema, schema, "", rows, others)
    return "\n".join(rows) + "\n"


def _rows(node: dict[str, Any], root: dict[str, Any], prefix: str, rows: list[str], others: dict[str, str]) -> None:
    required = set(node.get("required", []))
    for key, spec in node.get("properties", {}).items():
        path = f"{prefix}{key}"
        optional = "" if key in required else " (absent when it does not apply)"
        refs = json.dumps(spec)
        other = next((output for model, output in others.items() if f'"#/$defs/{model}"' in refs), None)
        kind = _type_of(spec, root).replace("object", f"`{other}` object") if other else _type_of(spec, root)
        rows.append(f"| `{path}` | {kind} | {spec.get('description', '')}{optional} |")
        if other is None:
            for nested, suffix in _nested(spec, root):
                _rows(nested, root, f"{path}{suffix}.", rows, others)


def _resolve(spec: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in spec:
        resolved: dict[str, Any] = root["$defs"][spec["$ref"].rsplit("/", 1)[1]]
        return resolved
    return spec


def _nested(spec: dict[str, Any], root: dict[str, Any]) -> list[tuple[dict[str, Any], str]]:
    """The objects with properties below a key, with how their keys are reached (``[]`` a list item, ``.*`` a map)."""
    found = []
    for option in spec.get("anyOf", [spec]):
        option = _resolve(option, root)
        if "properties" in option:
            found.append((option, ""))
        elif option.get("type") == "array" and "properties" in _resolve(option["items"], root):
            found.append((_resolve(option["items"], root), "[]"))
        elif option.get("type") == "object" and "properties" in _resolve(option.get("additionalProperties", {}), root):
            found.append((_resolve(option["additionalProperties"], root), ".*"))
    return found


def _type_of(spec: dict[str, Any], root: dict[str, Any]) -> str:
    if "anyOf" in spec:
        return " or ".join(_type_of(option, root) for option in spec["anyOf"])
    if "$ref" in spec:
        return "object"
    if "const" in spec:
        return f"`{json.dumps(spec['const'])}`"
    if "enum" in spec:
        return " \\| ".join(f"`{json.dumps(value)}`" for value in spec["enum"])
    kind = spec.get("type", "any")
    if kind == "array":
        return f"list of {_type_of(spec['items'], root)}"
    if kind == "object" and isinstance(spec.get("additionalProperties"), dict):
        return f"map of {_type_of(spec['additionalProperties'], root)}"
    return str(kind)
