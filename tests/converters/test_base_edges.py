"""build_article at its edges: which links are kept and what decides the language."""

from __future__ import annotations

from typing import Any

from articlekit.converters.base import Draft, Source, build_article


def draft(title: str = "标题", body: str = "正文。", **fields: Any) -> Draft:
    return Draft(format="test", title=title, blocks=[("paragraph", body)], **fields)


# --- links ---


def test_a_link_needs_both_an_http_url_and_a_text() -> None:
    # A link without an http(s) target or without a label tells a reader nothing: only the complete one stays.
    links = [("javascript:void(0)", "Menu"), ("https://example.com/a", "  "), ("https://example.com/b", "Next")]
    article = build_article(draft(links=links), Source.from_text("x"))
    assert [link.model_dump() for link in article.links] == [{"url": "https://example.com/b", "text": "Next"}]


# --- language ---


def test_the_language_is_read_from_the_title_and_body_letters_alone() -> None:
    # Four Han characters (8 weighted letters) are under the 10 the script needs: nothing joined in adds any.
    article = build_article(draft(), Source.from_text("x"))
    assert article.language == "und"


def test_text_that_overrules_the_declared_language_is_flagged() -> None:
    # Clearly Chinese text under a declared "en" keeps the text's language and says the declaration was wrong.
    body = "今天上午，北京市政府召开新闻发布会，介绍了城市交通建设的最新进展。"
    article = build_article(draft(title="北京交通建设", body=body, declared_language="en"), Source.from_text("x"))
    assert article.language == "zh-Hans"
    assert article.flags == ["language-declared-mismatch"]
