"""Generator syntax taken out of Markdown bodies: MDX statements and comments, ::: fences, TOC markers, kramdown.

Each case is a short body as the generator's users write it; the real posts are goldens in
test_front_matter_sites.py (Docusaurus, Zenn).
"""

from __future__ import annotations

import pytest
from converter_checks import assert_valid

from articlekit.converters import hugo_markdown, markdown_page
from articlekit.converters._site_syntax import fenced_parts, strip_site_syntax
from articlekit.converters.base import Source


def blocks_of(body: str) -> list[tuple[str, str]]:
    text = "---\ntitle: A post\ndate: 2024-01-02T08:00:00Z\n---\n\n" + body
    [article] = hugo_markdown.convert(Source.from_text(text, path="post.md"))
    assert_valid(article)
    return [(block.kind, block.text) for block in article.blocks]


def test_mdx_imports_exports_and_comments_are_no_text() -> None:
    body = (
        "import Tabs from '@theme/Tabs';\n"
        "import {\n  Chart,\n  Legend,\n} from '../components/chart';\n"
        "export const meta = {\n  draft: false,\n};\n\n"
        "First paragraph.\n\n{/* truncate */}\n\nSecond {/* inline note */}paragraph.\n"
    )
    assert blocks_of(body) == [("paragraph", "First paragraph."), ("paragraph", "Second paragraph.")]


def test_import_in_prose_or_code_is_kept() -> None:
    body = (
        "import duties rose by a tenth this year.\n\n```js\nimport Tabs from '@theme/Tabs';\n:::tip\n{: .lead}\n```\n"
    )
    assert blocks_of(body) == [
        ("paragraph", "import duties rose by a tenth this year."),
        ("paragraph", "import Tabs from '@theme/Tabs';\n:::tip\n{: .lead}"),
    ]


@pytest.mark.parametrize(
    "opening",
    [":::tip", "::: tip 提示", ":::warning MDX v2 - the main challenge", ":::message", "::: details 点击查看"],
)
def test_container_fences_go_and_their_content_stays(opening: str) -> None:
    body = f"Before.\n\n{opening}\nInside the aside.\n:::\n\nAfter.\n"
    assert blocks_of(body) == [
        ("paragraph", "Before."),
        ("paragraph", "Inside the aside."),
        ("paragraph", "After."),
    ]


@pytest.mark.parametrize("marker", ["[TOC]", "[[toc]]", "@[toc]", "[toc]"])
def test_toc_markers_are_no_text(marker: str) -> None:
    assert blocks_of(f"{marker}\n\nThe text.\n") == [("paragraph", "The text.")]


def test_kramdown_toc_list_item_and_attribute_lists() -> None:
    body = (
        "* TOC\n{:toc}\n\n"
        "{: .notice--info}\nA notice paragraph.\n\n"
        "A lead paragraph.\n{:.lead}\n\n"
        '![A chart](https://example.com/a.png){: .align-center width="60%"}\n\n'
        "Elixir returns {:ok, value} here.\n"
    )
    assert blocks_of(body) == [
        ("paragraph", "A notice paragraph."),
        ("paragraph", "A lead paragraph."),
        ("paragraph", "Elixir returns {:ok, value} here."),
    ]


def test_zola_shortcodes_become_their_link_or_image_or_go() -> None:
    body = (
        '{{ link(url="https://example.com/a", title="The [new] release") }}\n\n'
        'Watch it {{ youtube(id="dQw4w9WgXcQ", autoplay=true) }} here.\n\n'
        "{{ image(src='https://example.com/a.png', alt=\"A chart\") }}\n\n"
        "Braces {{ name }} with no call stay.\n\n"
        '```\n{{ get_url(path="x.css") }}\n```\n'
    )
    assert blocks_of(body) == [
        ("paragraph", "The (new) release"),
        ("paragraph", "Watch it here."),
        ("paragraph", "Braces {{ name }} with no call stay."),
        ("paragraph", '{{ get_url(path="x.css") }}'),
    ]
    assert strip_site_syntax("{{ image(src='https://example.com/a.png', alt=\"A chart\") }}") == (
        "![A chart](https://example.com/a.png)"
    )


def test_plain_markdown_pages_lose_the_same_syntax() -> None:
    text = "# A page title\n\n2024-01-02\n\n[TOC]\n\n::: tip\nA tip.\n:::\n\nThe body text.\n{: .note}\n"
    [article] = markdown_page.convert(Source.from_text(text, path="page.md"))
    assert [(block.kind, block.text) for block in article.blocks] == [
        ("paragraph", "A tip."),
        ("paragraph", "The body text."),
    ]


def test_fenced_code_and_plain_text_come_back_as_written() -> None:
    body = "Plain text, with a colon: and braces {like this}.\n\n~~~~\n:::tip\n```\n[TOC]\n~~~~\n"
    assert strip_site_syntax(body) == body


def test_fenced_parts_mark_the_code_and_give_the_text_back_exactly() -> None:
    text = "Prose.\n```js\n{% raw %}\n```\nMore.\n~~~~\n```\n~~~~\nEnd"
    parts = list(fenced_parts(text))
    assert parts == [
        (False, "Prose.\n"),
        (True, "```js\n{% raw %}\n```\n"),
        (False, "More.\n"),
        (True, "~~~~\n```\n~~~~\n"),
        (False, "End"),
    ]
    assert list(fenced_parts("a\n```\nunclosed")) == [(False, "a\n"), (True, "```\nunclosed")]
