"""Converter plugins: the entry-point registry, ``articlekit formats``, and broken or conflicting plugins.

The broken plugins are faked in-process (the registry's ``_entry_points`` is
replaced); the example plugin (examples/articlekit-plugin-example, format
``netnews``) is used as installed, through the command line in a subprocess.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import tomllib
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st
from paths import REPO, SEEDS

from articlekit.cli import run
from articlekit.converters import CONVERTERS, ItemRejected, Source, detect
from articlekit.converters import registry as registry_module
from articlekit.converters.registry import BUILTIN_ENTRY_POINTS, ENTRY_POINT_GROUP, load_registry, reload_registry
from articlekit.errors import REJECT_CODES, ConversionError
from articlekit.schema import Article
from articlekit.schema.outputs import output_schema

NETNEWS = REPO / "tests" / "fixtures" / "netnews"
SINGLE = NETNEWS / "rhine-shipping.txt"
BATCH = NETNEWS / "batch-three-articles.txt"
SEED_002 = SEEDS / "002_79b54386e2c3b414.txt"
EXAMPLE = "articlekit-plugin-example"
INSTALL_HINT = (
    f"the example plugin {EXAMPLE} is not installed: run "
    "`pip install ./examples/articlekit-plugin-example` (nox's tests session does)"
)


def invoke(*argv: str) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = run(list(argv), stdout, stderr)
    return code, stdout.getvalue(), stderr.getvalue()


# --- fake entry points -------------------------------------------------------------------------------


@dataclass(frozen=True)
class FakeDistribution:
    name: str
    version: str

    @property
    def metadata(self) -> dict[str, str]:
        return {"Name": self.name, "Version": self.version}


@dataclass(frozen=True)
class FakeEntryPoint:
    """An entry point of a distribution that is not installed: loads its value as importlib.metadata does."""

    name: str
    value: str
    dist: FakeDistribution

    def load(self) -> object:
        return metadata.EntryPoint(self.name, self.value, ENTRY_POINT_GROUP).load()


def _sniff_zero(source: Source) -> float:
    return 0.0


def _fake_module(name: str, **attributes: object) -> types.ModuleType:
    module = types.ModuleType(name)
    module.__dict__.update(attributes)
    return module


@pytest.fixture
def fake_plugins(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., None]]:
    """Install fake plugins next to the real entry points: ``fake_plugins((entry point, module or None), ...)``."""
    installed = list(metadata.entry_points(group=ENTRY_POINT_GROUP))

    def install(*plugins: tuple[FakeEntryPoint, types.ModuleType | None]) -> None:
        for entry_point, module in plugins:
            if module is not None:
                monkeypatch.setitem(sys.modules, entry_point.value.split(":")[0], module)
        monkeypatch.setattr(registry_module, "_entry_points", lambda: [*installed, *(ep for ep, _ in plugins)])
        reload_registry()

    yield install
    monkeypatch.undo()
    reload_registry()  # the real entry points again, in the same CONVERTERS dict


WIRE = FakeDistribution("wire-plugin", "2.1")
OTHER = FakeDistribution("other-wire", "0.3")


# --- the built-ins are entry points ------------------------------------------------------------------


def test_the_builtins_are_declared_in_pyproject_exactly_as_the_fallback_table() -> None:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["entry-points"][ENTRY_POINT_GROUP] == BUILTIN_ENTRY_POINTS
    installed = metadata.distribution("articlekit").entry_points.select(group=ENTRY_POINT_GROUP)
    assert {ep.name: ep.value for ep in installed} == BUILTIN_ENTRY_POINTS, "reinstall: pip install -e ."


def test_the_registry_lists_builtins_by_name_then_plugins() -> None:
    names = list(CONVERTERS)
    assert names[: len(BUILTIN_ENTRY_POINTS)] == sorted(BUILTIN_ENTRY_POINTS)
    assert all(registry_module.registry().formats[name].builtin for name in sorted(BUILTIN_ENTRY_POINTS))
    assert registry_module.registry().problems == (), [p.describe() for p in registry_module.registry().problems]


def test_a_stale_install_falls_back_to_the_builtin_table_and_says_so() -> None:
    loaded = load_registry([])
    assert list(loaded.formats) == sorted(BUILTIN_ENTRY_POINTS)
    assert [(problem.code, problem.is_error) for problem in loaded.problems] == [("stale-install", False)]
    assert "reinstall articlekit (pip install -e .)" in loaded.problems[0].describe()


# --- broken plugins: reported once, skipped ----------------------------------------------------------


def test_a_plugin_that_cannot_be_imported_is_named_once_and_skipped(fake_plugins: Callable[..., None]) -> None:
    fake_plugins((FakeEntryPoint("wire-text", "wire_plugin_not_there", WIRE), None))
    assert "wire-text" not in CONVERTERS
    code, out, err = invoke("formats")
    assert code == 0
    assert "wire-text" not in out
    assert out.splitlines()[0] == "daydaynews-text\tbuilt-in\ttext\t" + CONVERTERS["daydaynews-text"].DESCRIPTION
    assert err == (
        "articlekit formats: warning: skipped converter plugin wire-text = wire_plugin_not_there from wire-plugin 2.1: "
        "cannot import it: ModuleNotFoundError: No module named 'wire_plugin_not_there'\n"
    )


def test_convert_names_a_broken_plugin_once_and_converts_the_rest(
    fake_plugins: Callable[..., None], tmp_path: Path
) -> None:
    fake_plugins((FakeEntryPoint("wire-text", "wire_plugin_not_there", WIRE), None))
    code, out, err = invoke("convert", str(SEED_002), str(SEEDS / "000_924425bcc6410fb0.txt"), "-o", str(tmp_path))
    assert code == 0
    assert err.count("skipped converter plugin wire-text") == 1
    assert len(err.splitlines()) == 1
    assert out.startswith("2 sources: 2 converted into 2 articles, 0 rejected")


def test_forcing_a_skipped_plugin_names_why(fake_plugins: Callable[..., None], tmp_path: Path) -> None:
    fake_plugins((FakeEntryPoint("wire-text", "wire_plugin_not_there", WIRE), None))
    code, _, err = invoke("convert", str(SEED_002), "-o", str(tmp_path), "--format", "wire-text")
    assert code == 2
    assert "argument --format: invalid choice: 'wire-text' (skipped converter plugin wire-text" in err
    assert "No module named 'wire_plugin_not_there'" in err


def _good(**changes: object) -> dict[str, object]:
    attributes: dict[str, object] = {
        "FORMAT": "wire-text",
        "sniff": _sniff_zero,
        "convert": lambda source: iter(()),
    }
    attributes.update(changes)
    return {name: value for name, value in attributes.items() if value is not None}


VIOLATIONS = [
    ("no-format", "wire-text", _good(FORMAT=None), "it has no FORMAT string"),
    ("format-not-a-string", "wire-text", _good(FORMAT=3), "it has no FORMAT string"),
    (
        "format-differs",
        "wire-text",
        _good(FORMAT="wire"),
        "its FORMAT is 'wire', not the entry point's name 'wire-text'",
    ),
    ("name-not-a-format-name", "Wire_Text", _good(FORMAT="Wire_Text"), "'Wire_Text' is no format name"),
    ("no-sniff", "wire-text", _good(sniff=None), "its sniff is not a function of one source"),
    ("sniff-not-callable", "wire-text", _good(sniff=0.9), "its sniff is not a function of one source"),
    ("convert-needs-two", "wire-text", _good(convert=lambda a, b: iter(())), "its convert is not a function of one"),
    ("reads-a-string", "wire-text", _good(READS="text"), "its READS must be a tuple of short lower-case kinds"),
    ("reads-upper-case", "wire-text", _good(READS=("Text",)), "its READS must be a tuple of short lower-case kinds"),
    ("description-not-text", "wire-text", _good(DESCRIPTION=["x"]), "its DESCRIPTION is not a string"),
    ("options-a-list", "wire-text", _good(OPTIONS=["field_map"]), "its OPTIONS is not a set of option names"),
]


@pytest.mark.parametrize(
    ("name", "attributes", "reason"), [case[1:] for case in VIOLATIONS], ids=[case[0] for case in VIOLATIONS]
)
def test_a_plugin_that_breaks_the_protocol_is_named_with_the_reason_and_skipped(
    fake_plugins: Callable[..., None], name: str, attributes: dict[str, object], reason: str
) -> None:
    fake_plugins((FakeEntryPoint(name, "wire_plugin", WIRE), _fake_module("wire_plugin", **attributes)))
    assert name not in CONVERTERS
    code, out, err = invoke("formats", "--output", "json")
    assert code == 0
    report = json.loads(out)
    assert name not in [line["name"] for line in report["formats"]]
    (problem,) = report["problems"]
    assert problem["code"] == "protocol-violation"
    assert problem["claimants"] == [{"entry_point": "wire_plugin", "distribution": "wire-plugin", "version": "2.1"}]
    assert problem["message"].startswith(
        f"skipped converter plugin {name} = wire_plugin from wire-plugin 2.1: "
        f"it breaks the Converter protocol: {reason}"
    )
    assert err == f"articlekit formats: warning: {problem['message']}\n"


def test_an_object_plugin_with_options_and_defaults_is_accepted(fake_plugins: Callable[..., None]) -> None:
    class WireText:
        """Wire-service text files."""

        FORMAT = "wire-text"
        OPTIONS = frozenset({"field_map"})
        READS = ("text", ".wire")

        def sniff(self, source: Source, field_map: object = None) -> float:
            return 0.0

        def convert(self, source: Source, field_map: object = None) -> Iterator[object]:
            return iter(())

    fake_plugins(
        (FakeEntryPoint("wire-text", "wire_plugin:CONVERTER", WIRE), _fake_module("wire_plugin", CONVERTER=WireText()))
    )
    code, out, err = invoke("formats")
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == "wire-text\twire-plugin 2.1\ttext,.wire\tWire-service text files."


# --- two claimants of one name ------------------------------------------------------------------------


def test_two_distributions_claiming_one_format_stop_formats_convert_and_detect(
    fake_plugins: Callable[..., None], tmp_path: Path
) -> None:
    module = _fake_module("wire_plugin", **_good())
    fake_plugins(
        (FakeEntryPoint("wire-text", "wire_plugin", WIRE), module),
        (FakeEntryPoint("wire-text", "other_wire.text", OTHER), _fake_module("other_wire.text", **_good())),
    )
    assert "wire-text" not in CONVERTERS  # none wins between two plugins
    message = (
        "format 'wire-text' is claimed by 2 entry points of group 'articlekit.converters': wire-plugin 2.1 "
        "(wire_plugin) and other-wire 0.3 (other_wire.text); uninstall all but one (none of them is used)"
    )
    code, out, err = invoke("formats")
    assert (code, err) == (2, f"articlekit formats: error: {message}\n")
    assert len(out.splitlines()) == len(CONVERTERS)  # the usable formats are still listed
    code, out, err = invoke("convert", str(SEED_002), "-o", str(tmp_path / "out"))
    assert (code, out, err) == (2, "", f"articlekit convert: error: {message}\n")
    assert not (tmp_path / "out").exists()
    code, out, err = invoke("detect", str(SEED_002))
    assert (code, out, err) == (2, "", f"articlekit detect: error: {message}\n")


def test_a_plugin_claiming_a_builtin_name_is_an_error_and_the_builtin_keeps_it(
    fake_plugins: Callable[..., None],
) -> None:
    builtin = CONVERTERS["selfmedia-text"]
    fake_plugins((FakeEntryPoint("selfmedia-text", "wire_plugin", WIRE), _fake_module("wire_plugin", **_good())))
    assert CONVERTERS["selfmedia-text"] is builtin
    code, out, err = invoke("formats", "--output", "json")
    assert code == 2
    (problem,) = json.loads(out)["problems"]
    assert (problem["code"], problem["name"]) == ("duplicate-format", "selfmedia-text")
    assert [c["distribution"] for c in problem["claimants"]] == ["articlekit", "wire-plugin"]
    assert problem["message"].endswith("uninstall all but one (the built-in keeps the name)")
    assert err == f"articlekit formats: error: {problem['message']}\n"


# --- detection and crashes ----------------------------------------------------------------------------


def test_a_plugin_never_wins_a_tie_against_a_builtin(fake_plugins: Callable[..., None]) -> None:
    selfmedia = CONVERTERS["selfmedia-text"]
    # "aaa-tie" sorts before "selfmedia-text": only the built-ins-first rule makes the built-in win.
    fake_plugins(
        (
            FakeEntryPoint("aaa-tie", "tie_plugin", WIRE),
            _fake_module("tie_plugin", **_good(FORMAT="aaa-tie", sniff=selfmedia.sniff)),
        )
    )
    source = Source.from_text(SEED_002.read_text(encoding="utf-8"), str(SEED_002))
    scores = detect(source).scores
    assert scores[:2] == (("selfmedia-text", 0.9), ("aaa-tie", 0.9))
    assert detect(source).format == "selfmedia-text"
    # Without READS, DESCRIPTION or a docstring, formats shows "-" for each.
    assert invoke("formats")[1].splitlines()[len(BUILTIN_ENTRY_POINTS)] == "aaa-tie\twire-plugin 2.1\t-\t-"


def _crashing_sniff(source: Source) -> float:
    raise RuntimeError("sniff bug")


def _claims_crash(source: Source) -> float:
    return 1.0 if source.text.startswith("CRASH") else 0.0


def _crashing_convert(source: Source) -> Iterator[object]:
    raise RuntimeError("convert bug")


def test_a_plugin_crash_in_sniff_or_convert_is_contained(fake_plugins: Callable[..., None], tmp_path: Path) -> None:
    fake_plugins(
        (
            FakeEntryPoint("sniff-crash", "sniff_crash", WIRE),
            _fake_module("sniff_crash", **_good(FORMAT="sniff-crash", sniff=_crashing_sniff)),
        ),
        (
            FakeEntryPoint("convert-crash", "convert_crash", OTHER),
            _fake_module(
                "convert_crash", **_good(FORMAT="convert-crash", sniff=_claims_crash, convert=_crashing_convert)
            ),
        ),
    )
    sources = tmp_path / "in"
    sources.mkdir()
    shutil.copy(SEED_002, sources / "seed.txt")
    (sources / "crash.txt").write_text("CRASH here\n", encoding="utf-8")
    code, out, err = invoke("convert", str(sources), "-o", str(tmp_path / "out"), "-j", "1", "--to", "jsonl")
    assert (code, err) == (1, "")
    assert out.startswith("2 sources: 1 converted into 1 article, 1 rejected")
    rejects = [json.loads(line) for line in (tmp_path / "out" / "rejects.jsonl").read_text().splitlines()]
    assert rejects == [
        {"path": str(sources / "crash.txt"), "format": "convert-crash", "code": "converter-crash",
         "message": "RuntimeError: convert bug", "position": None, "item": None}
    ]  # fmt: skip
    (article,) = [json.loads(line) for line in (tmp_path / "out" / "articles.jsonl").read_text().splitlines()]
    assert article["provenance"]["format"] == "selfmedia-text"


# --- the example plugin, installed --------------------------------------------------------------------


def _articlekit(*argv: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", "import sys; from articlekit.cli import main; sys.exit(main())", *argv]
    return subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)


@pytest.fixture(scope="module")
def example_plugin() -> metadata.Distribution:
    try:
        distribution = metadata.distribution(EXAMPLE)
    except metadata.PackageNotFoundError:
        pytest.fail(INSTALL_HINT)
    assert "netnews" in CONVERTERS, INSTALL_HINT
    return distribution


def test_the_example_plugin_is_listed_by_formats(example_plugin: metadata.Distribution) -> None:
    text = _articlekit("formats")
    assert (text.returncode, text.stderr) == (0, "")
    lines = text.stdout.splitlines()
    assert lines[: len(BUILTIN_ENTRY_POINTS)] == [
        f"{name}\tbuilt-in\t{','.join(CONVERTERS[name].READS)}\t{CONVERTERS[name].DESCRIPTION}"
        for name in sorted(BUILTIN_ENTRY_POINTS)
    ]
    assert lines[len(BUILTIN_ENTRY_POINTS) :] == [
        f"netnews\tarticlekit-plugin-example {example_plugin.version}\ttext\t"
        "Usenet news articles (RFC 5536), one per file or many in an rnews batch"
    ]
    as_json = _articlekit("formats", "--output", "json")
    assert as_json.returncode == 0
    report = json.loads(as_json.stdout)
    jsonschema.validate(report, output_schema("formats"))
    assert report["problems"] == []
    assert report["formats"][-1] == {
        "name": "netnews",
        "origin": "plugin",
        "distribution": "articlekit-plugin-example",
        "version": example_plugin.version,
        "entry_point": "articlekit_plugin_example.netnews",
        "description": "Usenet news articles (RFC 5536), one per file or many in an rnews batch",
        "reads": ["text"],
    }


def test_the_example_plugin_is_detected_forced_converted_and_validated(
    example_plugin: metadata.Distribution, tmp_path: Path
) -> None:
    detected = _articlekit("detect", str(SINGLE), str(BATCH))
    assert detected.returncode == 0
    assert [line.split("\t")[:2] for line in detected.stdout.splitlines()] == [
        [str(SINGLE), "netnews"],
        [str(BATCH), "netnews"],
    ]
    # Detected by the worker processes too (each reads the entry points itself).
    out = tmp_path / "detected"
    converted = _articlekit("convert", str(SINGLE), str(BATCH), "-o", str(out), "-j", "2", "--to", "jsonl,parquet")
    assert (converted.returncode, converted.stderr) == (0, "")
    assert converted.stdout.startswith("2 sources: 2 converted into 3 articles, 0 rejected, 1 item rejected")
    records = [json.loads(line) for line in (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(r["provenance"]["format"], r["title"]) for r in records] == [
        ("netnews", "Glaciar Perito Moreno pierde más hielo que nunca"),
        ("netnews", "Accra opens its first bus rapid transit lane"),
        ("netnews", "Barges move again on the Rhine after weeks of low water"),
    ]
    (reject,) = [json.loads(line) for line in (out / "rejects.jsonl").read_text(encoding="utf-8").splitlines()]
    assert reject == {
        "path": str(BATCH), "format": "netnews", "code": "bad-header", "message": "the article has no subject header",
        "position": 2, "item": "<no-subject-20251015@example.org>",
    }  # fmt: skip
    for output in ("articles.jsonl", "articles.parquet"):  # one at a time: validate checks ids across its files
        validated = _articlekit("validate", str(out / output))
        assert validated.returncode == 0, validated.stdout + validated.stderr
    # Forced: a seed that is no news article at all is read as one, and rejected by the plugin's own rule.
    forced = tmp_path / "forced"
    run_forced = _articlekit("convert", str(SINGLE), str(SEED_002), "-o", str(forced), "--format", "netnews", "-j", "1")
    assert run_forced.returncode == 1
    assert run_forced.stdout.startswith("2 sources: 1 converted into 1 article, 1 rejected (bad-header: 1)")
    (forced_reject,) = [json.loads(line) for line in (forced / "rejects.jsonl").read_text().splitlines()]
    assert (forced_reject["path"], forced_reject["format"], forced_reject["code"]) == (
        str(SEED_002),
        "netnews",
        "bad-header",
    )
    assert _articlekit("validate", str(forced / "articles.jsonl")).returncode == 0


def test_the_example_plugin_reads_every_header_it_documents(example_plugin: metadata.Distribution) -> None:
    source = Source.from_text(SINGLE.read_text(encoding="utf-8"), "rhine-shipping.txt")
    (article,) = CONVERTERS["netnews"].convert(source)
    record = article.model_dump(mode="json")
    assert record["url"] == "https://news.example.net/2025/10/14/rhine-shipping"
    assert record["source"] == {"name": "Example Wire", "domain": "news.example.net"}
    assert record["authors"] == ["Ines Keller"]
    assert (record["published_at"], record["published_offset_assumed"]) == ("2025-10-14T09:30:00+02:00", False)
    assert record["summary"] == (
        "The gauge at Kaub rose above 80 cm overnight and fully loaded barges are allowed through again."
    )
    assert record["categories"] == ["example.news.europe", "example.news.transport"]
    assert record["tags"] == ["Rhine", "shipping", "drought"]
    assert [block["kind"] for block in record["blocks"]] == ["paragraph", "paragraph", "quote", "paragraph"]
    assert record["blocks"][2]["text"] == (
        '"One rainy weekend does not end a dry year," a spokeswoman for the federal waterways agency said on Monday.'
    )
    assert "Example Wire, news desk" not in record["text"]  # the signature is cut
    assert (record["language"], record["flags"]) == ("en", [])


def test_the_example_plugin_takes_an_unknown_zone_as_utc_and_says_so(example_plugin: metadata.Distribution) -> None:
    source = Source.from_text(BATCH.read_text(encoding="utf-8"), "batch.txt")
    first, rejected, third = CONVERTERS["netnews"].convert(source)
    assert (first.language, first.authors) == ("es", ["Tomás Ruiz"])
    assert first.blocks[0].text.startswith("EL CALAFATE, Argentina -- El glaciar Perito Moreno perdió este año más")
    assert (rejected.position, rejected.code, rejected.item) == (2, "bad-header", "<no-subject-20251015@example.org>")
    record = third.model_dump(mode="json")
    assert (record["published_at"], record["published_offset_assumed"]) == ("2025-10-16T08:15:00Z", True)
    assert record["flags"] == ["published-zone-unknown"]


_HEADER_NAMES = ("From", "Newsgroups", "Subject", "Date", "Message-ID", "Path", "Keywords", "Summary", "Archived-At",
                 "Organization", "Content-Type", "Content-Transfer-Encoding", "Content-Language")  # fmt: skip
_ODD_VALUES = (
    "Thu, 16 Oct 2025 08:15:00 -0000", "31 Feb 2025 25:00:00 +9999", "Mon, 1 Jan 0001 00:00:00 +0000", "<", "<>",
    "text/plain; charset=x-unknown", "multipart/mixed; boundary=XX", "base64", "quoted-printable",
    "=?UTF-8?B?////?=", "=?bogus?Q?x?=", '"" <>', "x" * 300,
)  # fmt: skip


@st.composite
def news_sources(draw: st.DrawFn) -> str:
    """Texts shaped like news articles or rnews batches, with odd header values and bodies."""
    lines = ["#! rnews 12"] if draw(st.booleans()) else []
    for _ in range(draw(st.integers(1, 3))):
        for name in draw(st.lists(st.sampled_from(_HEADER_NAMES), min_size=3, max_size=10)):
            lines.append(f"{name}: {draw(st.one_of(st.text(max_size=40), st.sampled_from(_ODD_VALUES)))}")
        lines += ["", draw(st.text(max_size=200))]
        lines += ["-- ", "sig"] if draw(st.booleans()) else []
        lines += ["#! rnews 5"] if draw(st.booleans()) else []
    return "\n".join(lines)


@given(text=news_sources())
def test_the_example_plugin_gives_valid_records_or_a_known_reject(text: str) -> None:
    converter = CONVERTERS.get("netnews")
    assert converter is not None, INSTALL_HINT
    try:
        results = list(converter.convert(Source.from_text(text, "news.txt")))
    except ConversionError as error:  # its constructor accepts only codes of REJECT_CODES
        results = [error]
    for result in results:
        if isinstance(result, ConversionError):
            assert result.code in {"bad-header", "no-title", "no-body", "no-items", "invalid-record"}
        elif isinstance(result, ItemRejected):
            assert result.code in REJECT_CODES
            assert result.position >= 1
        else:
            assert Article.model_validate(result.model_dump()) == result
            assert result.provenance.format == "netnews"
