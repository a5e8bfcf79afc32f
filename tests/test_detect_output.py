"""``articlekit detect`` prints the choice, its score and the runner-up, so near misses show."""

from __future__ import annotations

import io

from paths import REPO

from articlekit.cli import run

FIXTURES = REPO / "tests" / "fixtures"


def test_detect_shows_score_and_runner_up_exactly():
    digest = FIXTURES / "markdown-digest" / "brickea-news-collector-2026-03-04.md"
    readme = FIXTURES / "not-articles" / "readme-daily-news.md"
    seed = REPO / "seeds" / "002_79b54386e2c3b414.txt"
    stdout, stderr = io.StringIO(), io.StringIO()
    code = run(["detect", str(seed), str(digest), str(readme)], stdout, stderr)
    assert code == 1  # one source is unknown-format
    # The digest sits under front matter with only a title and layout: default, a site page to hugo-markdown.
    assert stdout.getvalue() == (
        f"{seed}\tselfmedia-text\tselfmedia-text 0.90, runner-up daydaynews-text 0.00\n"
        f"{digest}\tmarkdown-digest\tmarkdown-digest 0.97, runner-up hugo-markdown 0.30\n"
        f"{readme}\tunknown-format\tno converter scored above 0.00\n"
    )
    assert stderr.getvalue() == ""
