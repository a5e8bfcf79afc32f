"""The checked-in Arrow schema and Data Package template match what the model generates."""

from __future__ import annotations

from pathlib import Path

from articlekit import derived
from articlekit.exporters import csv_bundle, parquet
from articlekit.schema import Article

SOURCE_FOLDER = Path(__file__).resolve().parents[2] / "exporters"
REGENERATE = "python -m articlekit.derived"


def test_checked_in_arrow_schema_matches_the_model() -> None:
    text = (SOURCE_FOLDER / "article.arrow-schema.txt").read_text(encoding="utf-8")
    assert text == parquet.render_arrow_schema(), f"the Arrow schema drifted; run {REGENERATE}"


def test_checked_in_datapackage_template_matches_the_model() -> None:
    text = (SOURCE_FOLDER / "datapackage.template.json").read_text(encoding="utf-8")
    assert text == csv_bundle.render_datapackage_descriptor(), f"the descriptor drifted; run {REGENERATE}"


def test_bundles_carry_the_template(tmp_path: Path, sample_articles: list[Article]) -> None:
    csv_bundle.write(sample_articles, tmp_path / "bundle")
    written = (tmp_path / "bundle" / "datapackage.json").read_text(encoding="utf-8")
    assert written == (SOURCE_FOLDER / "datapackage.template.json").read_text(encoding="utf-8")


def test_drift_check_names_a_changed_file(tmp_path: Path) -> None:
    assert derived.main(["--root", str(tmp_path)]) == 0  # writes every artefact under tmp_path
    assert derived.drifted(tmp_path) == []
    assert derived.main(["--root", str(tmp_path), "--check"]) == 0
    (tmp_path / "exporters" / "article.arrow-schema.txt").write_text("title: string\n", encoding="utf-8")
    (tmp_path / "exporters" / "datapackage.template.json").unlink()
    assert derived.drifted(tmp_path) == ["exporters/article.arrow-schema.txt", "exporters/datapackage.template.json"]
    assert derived.main(["--root", str(tmp_path), "--check"]) == 1


def test_repository_has_no_drift() -> None:
    assert derived.drifted(SOURCE_FOLDER.parent) == []
