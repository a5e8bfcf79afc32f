"""The machine outputs are contracts: shipped schemas match their models, and every output a run writes follows them."""

from __future__ import annotations

import io
import json
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from paths import SEEDS

from articlekit.cli import run
from articlekit.converters import CONVERTERS, Draft, ItemRejected, Source, build_article, convert_items
from articlekit.discover import discover
from articlekit.errors import ConversionError
from articlekit.pipeline import ConvertOptions, run_convert
from articlekit.schema import Article, outputs
from articlekit.schema.outputs import OUTPUT_CONTRACTS, output_schema, output_schema_path, render_output_schema

NAMES = sorted(OUTPUT_CONTRACTS)
VERSION_KEYS = {"summary": "summary_version", "validate-report": "report_version"}


def validator(name: str) -> jsonschema.Draft202012Validator:
    schema = output_schema(name)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


VALIDATORS = {name: validator(name) for name in NAMES}


def assert_follows(name: str, document: Any) -> None:
    errors = [f"{list(error.absolute_path)}: {error.message}" for error in VALIDATORS[name].iter_errors(document)]
    assert errors == [], f"{name}: {errors}"


def invoke(*argv: str) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = run(list(argv), stdout, stderr)
    return code, stdout.getvalue(), stderr.getvalue()


# --- the shipped schemas ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_shipped_schema_is_generated_from_its_model(name: str) -> None:
    shipped = Path(output_schema_path(name)).read_text(encoding="utf-8")
    assert shipped == render_output_schema(name), f"{name} drifted from its model: run python -m articlekit.derived"
    jsonschema.Draft202012Validator.check_schema(output_schema(name))


@pytest.mark.parametrize("name", NAMES)
def test_schema_carries_its_version(name: str) -> None:
    contract = OUTPUT_CONTRACTS[name]
    schema = output_schema(name)
    assert schema["x-articlekit-version"] == contract.version == "1.0"
    assert schema["$id"] == f"https://articlekit.dev/schema/{name}/1.0/{contract.file}"
    assert schema["additionalProperties"] is False
    if name in VERSION_KEYS:  # a document says its own version; a line stream's version is its schema's
        assert schema["properties"][VERSION_KEYS[name]]["const"] == contract.version
        assert VERSION_KEYS[name] in schema["required"]


def test_every_key_a_writer_writes_is_required() -> None:
    # Keys are always written, even when null: a reader may index them without a default.
    assert output_schema("rejects")["required"] == ["path", "format", "code", "message", "position", "item"]
    assert output_schema("manifest")["required"] == [
        "path",
        "location",
        "fingerprint",
        "format",
        "articles",
        "converted",
        "rejects",
        "duplicates",
        "items_skipped",
    ]
    assert "required" not in output_schema("validate-problem")["$defs"]["ProblemLocation"]


def test_schema_list_names_every_schema() -> None:
    code, out, err = invoke("schema", "--list")
    assert (code, err) == (0, "")
    assert out == (
        "article\t1.0\tone article record (articles.jsonl, Parquet rows, CSV bundle)\n"
        "summary\t1.0\tconvert's summary.json\n"
        "rejects\t1.0\tone line of rejects.jsonl\n"
        "manifest\t1.0\tone line of manifest.jsonl\n"
        "validate-report\t1.0\tvalidate --output json\n"
        "validate-problem\t1.0\tone line of validate --output jsonl\n"
        "formats\t1.0\tformats --output json\n"
    )


@pytest.mark.parametrize("name", NAMES)
def test_schema_name_prints_that_schema(name: str) -> None:
    assert invoke("schema", name) == (0, render_output_schema(name), "")
    assert invoke("schema", name, "--path") == (0, output_schema_path(name) + "\n", "")


def test_schema_article_is_still_the_default() -> None:
    assert invoke("schema", "article") == invoke("schema")


def test_the_models_reject_an_unknown_key() -> None:
    with pytest.raises(ValueError, match="extra"):
        outputs.RejectLine.model_validate(
            {"path": "a", "format": None, "code": "empty", "message": "m", "position": None, "item": None, "x": 1}
        )
    assert not VALIDATORS["rejects"].is_valid(
        {"path": "a", "format": None, "code": "empty", "message": "m", "position": None, "item": None, "x": 1}
    )


# --- every output of random runs follows its schema -----------------------------------------------------

SEED_FILES = sorted(SEEDS.glob("*.txt"))
ITEMS_FORMAT = "contract-test-items"


def _convert_items(source: Source) -> Iterator[Article | ItemRejected]:
    def one(line: str) -> Article:
        guid, _, title = line.partition("|")
        if not title:
            raise ConversionError("no-title", f"item {guid} has no title")
        return build_article(Draft(format=ITEMS_FORMAT, title=title, blocks=[("paragraph", f"{title}.")]), source)

    yield from convert_items(source.text.splitlines()[1:], one, name_of=lambda line: line.partition("|")[0])


ITEMS_CONVERTER = types.SimpleNamespace(
    FORMAT=ITEMS_FORMAT,
    sniff=lambda source: 1.0 if source.text.startswith("ITEMS\n") else 0.0,
    convert=_convert_items,
)
"""A many-item format, so that runs also write per-item rejects (position and item set)."""


@st.composite
def source_files(draw: st.DrawFn) -> list[bytes]:
    """A small corpus: seeds (renamed or repeated), item lists with bad items, and junk."""
    files: list[bytes] = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["seed", "repeat", "items", "empty", "binary", "text"]))
        if kind == "seed" or (kind == "repeat" and not files):
            seed = draw(st.sampled_from(SEED_FILES)).read_bytes()
            if draw(st.booleans()) and seed[:1] not in (b"<", b"-"):  # a plain-text seed: its title is line 1
                title, _, rest = seed.partition(b"\n")
                seed = title + f" {len(files)}".encode() + b"\n" + rest
            files.append(seed)
        elif kind == "repeat":
            files.append(draw(st.sampled_from(files)))
        elif kind == "items":
            items = draw(st.lists(st.tuples(st.from_regex(r"[a-z]{1,4}", fullmatch=True), st.sampled_from(["", "T"]))))
            lines = [f"{guid}|{title and title + guid}" for guid, title in items]
            files.append(("ITEMS\n" + "\n".join(lines)).encode())
        elif kind == "empty":
            files.append(b"")
        elif kind == "binary":
            files.append(b"\x00" + draw(st.binary(max_size=20)))
        else:
            files.append(draw(st.text(max_size=40)).encode("utf-8", "surrogatepass"))
    return files


def check_convert_outputs(out: Path) -> dict[str, Any]:
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert_follows("summary", summary)
    rejects = [json.loads(line) for line in (out / "rejects.jsonl").read_text(encoding="utf-8").splitlines()]
    for line in rejects:
        assert_follows("rejects", line)
    manifest = [json.loads(line) for line in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    for line in manifest:
        assert_follows("manifest", line)
    # The three agree: every reject is in the manifest and counted in the summary.
    assert [reject for entry in manifest for reject in entry["rejects"]] == rejects
    assert summary["inputs"] == len(manifest) == summary["converted"] + summary["rejected"]
    assert sum(summary["rejects_by_code"].values()) == len(rejects)
    assert summary["items_rejected"] == sum(reject["position"] is not None for reject in rejects)
    return summary


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])  # each example is two full runs
@given(
    files=source_files(),
    formats=st.lists(st.sampled_from(["jsonl", "parquet", "csv"]), min_size=1, max_size=3, unique=True),
    resume=st.booleans(),
)
def test_every_output_of_a_convert_run_follows_its_schema(
    tmp_path_factory: pytest.TempPathFactory, files: list[bytes], formats: list[str], resume: bool
) -> None:
    folder = tmp_path_factory.mktemp("run")
    sources = folder / "in"
    sources.mkdir()
    for number, data in enumerate(files):
        (sources / f"{number:02d}.txt").write_bytes(data)
    with mock.patch.dict(CONVERTERS, {ITEMS_FORMAT: ITEMS_CONVERTER}):
        options = ConvertOptions(formats=("jsonl", *[name for name in formats if name != "jsonl"]))
        run_convert(discover([str(sources)]), folder / "out", options)
        first = check_convert_outputs(folder / "out")
        if resume:
            (sources / "added.txt").write_bytes(SEED_FILES[0].read_bytes())
            run_convert(discover([str(sources)]), folder / "out", ConvertOptions(formats=options.formats, resume=True))
            again = check_convert_outputs(folder / "out")
            assert again["inputs"] == first["inputs"] + 1


@st.composite
def jsonl_files(draw: st.DrawFn) -> list[bytes]:
    """JSON Lines files made of seed records, some changed, repeated, cut or replaced by junk."""
    records = [json.loads(path.read_text(encoding="utf-8")) for path in sorted(SEEDS.glob("*.expected.json"))]
    result = []
    for _ in range(draw(st.integers(1, 3))):
        lines = []
        for _ in range(draw(st.integers(0, 6))):
            record = dict(draw(st.sampled_from(records)))
            change = draw(st.sampled_from(["none", "drop", "extra", "wrong-type", "junk", "array"]))
            if change == "drop":
                record.pop(draw(st.sampled_from(sorted(record))))
            elif change == "extra":
                record["surplus"] = 1
            elif change == "wrong-type":
                record["title"] = 7
            line = json.dumps(record, ensure_ascii=False)
            if change == "junk":
                line = line[: draw(st.integers(0, 20))]
            elif change == "array":
                line = "[1, 2]"
            lines.append(line)
        result.append(("\n".join(lines) + "\n").encode())
    return result


@settings(max_examples=40)
@given(files=jsonl_files(), max_errors=st.none() | st.integers(1, 6), engine=st.sampled_from(["fast", "reference"]))
def test_every_output_of_a_validate_run_follows_its_schema(
    tmp_path_factory: pytest.TempPathFactory, files: list[bytes], max_errors: int | None, engine: str
) -> None:
    folder = tmp_path_factory.mktemp("validate")
    paths = []
    for number, data in enumerate(files):
        path = folder / f"{number}.jsonl"
        path.write_bytes(data)
        paths.append(str(path))
    limit = [] if max_errors is None else ["--max-errors", str(max_errors)]
    code, out, _ = invoke("validate", *paths, "--engine", engine, "--output", "json", *limit)
    report = json.loads(out)
    assert_follows("validate-report", report)
    assert report["records"] == sum(file["records"] for file in report["files"])
    assert report["invalid_records"] <= report["records"]
    assert sum(report["counts"].values()) == len(report["problems"])
    lines_code, lines, _ = invoke("validate", *paths, "--engine", engine, "--output", "jsonl", *limit)
    problems = [json.loads(line) for line in lines.splitlines()]
    for problem in problems:
        assert_follows("validate-problem", problem)
    assert (lines_code, problems) == (code, report["problems"])


# --- the docs -----------------------------------------------------------------------------------------


def test_docs_list_every_key_and_exit_code_as_the_code_generates_them() -> None:
    from articlekit import derived

    root = Path(__file__).resolve().parent.parent
    for page in derived.GENERATED_SECTIONS:
        text = (root / page).read_text(encoding="utf-8")
        assert derived.missing_sections(page, text) == [], page
        assert derived.render_sections(page, text) == text, f"{page} drifted: run python -m articlekit.derived"
    outputs_page = (root / "docs" / "reference" / "outputs.md").read_text(encoding="utf-8")
    for name in NAMES:
        assert outputs.keys_table(name) in outputs_page
    assert "| `143` | interrupted by SIGTERM (timeout, systemd, Kubernetes) |" in (
        root / "docs" / "reference" / "cli.md"
    ).read_text(encoding="utf-8")


def test_keys_table_names_nested_keys() -> None:
    table = outputs.keys_table("manifest")
    assert "| `fingerprint.sha256` | string | SHA-256 of the bytes read (at most --max-bytes + 1). |" in table
    assert "| `rejects` | list of `rejects` object | Its lines of rejects.jsonl, in order. |" in table
    assert "| `formats.*.sources` | integer |" in outputs.keys_table("summary")
