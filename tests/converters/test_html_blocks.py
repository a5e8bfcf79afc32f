"""The one HTML block walker: structure, literal emphasis and site chrome, for every converter."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from lxml import etree

from articlekit.converters._html_blocks import RawBody, read_html_blocks, read_html_elements


def blocks(body: RawBody) -> list[tuple[str, str]]:
    return [(block.kind, block.text.strip()) for block in body.blocks]


def read(html: str, *, markdown: bool = False) -> list[tuple[str, str]]:
    return blocks(read_html_blocks(html, markdown=markdown))


# --- structure ----------------------------------------------------------------------------------------


def test_paragraphs_of_a_loose_list_item_are_lines_of_one_item() -> None:
    html = "<ul><li><p>first line</p><p>second paragraph</p></li><li><p>next</p></li></ul>"
    assert read(html) == [("list_item", "first line\nsecond paragraph"), ("list_item", "next")]


def test_a_nested_list_still_starts_its_own_items() -> None:
    assert read("<ul><li>甲<ul><li>甲一</li></ul></li><li>乙</li></ul>") == [
        ("list_item", "甲"),
        ("list_item", "甲一"),
        ("list_item", "乙"),
    ]


def test_table_rows_are_blocks_with_cells_joined() -> None:
    html = (
        "<table><thead><tr><th>名称</th><th>值</th></tr></thead><tbody><tr><td>甲</td><td>1</td></tr></tbody></table>"
    )
    assert read(html) == [("paragraph", "名称 | 值"), ("paragraph", "甲 | 1")]


def test_soft_breaks_between_cjk_join_only_in_markdown_html() -> None:
    html = "<p>第一行\n第二行 and\nthird</p>"
    assert read(html, markdown=True) == [("paragraph", "第一行第二行 and third")]
    assert read(html) == [("paragraph", "第一行 第二行 and third")]  # a browser shows HTML's newline as a space


# --- literal emphasis markers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>**小标题**</p>", [("heading", "小标题")]),
        ("<p>正文**重点**内容。</p>", [("paragraph", "正文重点内容。")]),
        ("<p>**Note:**This was bold.</p>", [("paragraph", "Note:This was bold.")]),
        ("<p>Odd **marker here.</p>", [("paragraph", "Odd marker here.")]),  # a stray opener
        ("<p>当事人王**，拒绝置评。</p>", [("paragraph", "当事人王**，拒绝置评。")]),  # a masked name stays
        ("<p>联系人王**</p>", [("paragraph", "联系人王**")]),
        ("<p>电话138****1234。</p>", [("paragraph", "电话138****1234。")]),  # a masked number stays
        ("<p>2 ** 10 and a ** b</p>", [("paragraph", "2 ** 10 and a ** b")]),  # between spaces: literal
        ("<p>这是__重点__内容</p>", [("paragraph", "这是重点内容")]),
        ("<p>snake_case_name</p>", [("paragraph", "snake_case_name")]),
        ("<ul><li>**条目**</li></ul>", [("list_item", "条目")]),  # wholly emphasised, but an item stays an item
    ],
)
def test_literal_markers(html: str, expected: list[tuple[str, str]]) -> None:
    assert read(html) == expected


def test_wholly_emphasised_paragraph_is_a_bold_heading() -> None:
    [block] = read_html_blocks("<p>**一、背景**</p>").blocks
    assert (block.kind, block.text, block.all_bold) == ("heading", "一、背景", True)


def test_code_is_never_touched() -> None:
    html = "<p>call <code>**kwargs</code> and **bold** then <code>__init__</code></p><pre>a ** b\n**x**</pre>"
    assert read(html) == [("paragraph", "call **kwargs and bold then __init__"), ("paragraph", "a ** b\n**x**")]


MARKER_TEXT = st.text(alphabet="**__ab中文王，。1 ", max_size=40)
STAR_RUN = re.compile(r"\*{2,}")


@given(MARKER_TEXT)
def test_star_runs_survive_only_between_spaces_or_as_masks(text: str) -> None:
    for block in read_html_blocks(f"<p>x {text} y</p>").blocks:
        for run in STAR_RUN.finditer(block.text):
            before, after = block.text[run.start() - 1 : run.start()], block.text[run.end() : run.end() + 1]
            spaced = before in ("", " ") and after in ("", " ")
            mask = before.isalnum() and (not after.isalnum() or (before.isdigit() and after.isdigit()))
            assert spaced or mask, block.text


# --- site chrome --------------------------------------------------------------------------------------

WORDPRESS_ARTICLE = """
<article id="post-42" class="post-42 post type-post status-publish category-news tag-economy hentry">
  <header class="entry-header">
    <h1 class="entry-title">文章标题</h1>
    <div class="entry-meta">
      <span class="byline">作者 <span class="author vcard"><a href="/author/zhang/">张三</a></span></span>
      <span class="posted-on">
      <time class="entry-date published" datetime="2024-03-01T08:00:00+08:00">2024年3月1日</time>
      <time class="updated" datetime="2024-03-02T08:00:00+08:00">2024年3月2日</time></span>
      <span class="cat-links"><a href="/c/news">新闻</a>,
      <a href="/c/econ">经济</a></span>
      <span class="reading-time">3 min read</span>
    </div>
  </header>
  <div class="entry-content">
    <p>第一段正文。</p>
    <p>第二段正文，<a href="https://source.example/report">报告</a>如是说。</p>
    <div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Share this:</h3>
      <ul><li><a href="/x?share=twitter">Twitter</a></li></ul></div>
    <div id="jp-post-flair"><div class="sd-like">Like this:</div></div>
    <div id="jp-relatedposts" class="jp-relatedposts"><h3>Related</h3><p><a href="/other">别的文章</a></p></div>
    <p>Loading...</p>
  </div>
  <footer class="entry-footer"><span class="tags-links">标签：<a href="/t/a">甲</a></span></footer>
</article>
<nav class="navigation post-navigation"><a href="/prev">上一篇</a></nav>
<div id="comments" class="comments-area"><h2 class="comments-title">2 thoughts on “文章标题”</h2>
  <ol class="comment-list"><li>Buy cheap pills at spam.example</li></ol>
  <div id="respond" class="comment-respond"><form><textarea></textarea></form></div>
</div>
"""


def test_wordpress_chrome_is_cut_and_paragraphs_stay_separate() -> None:
    body = read_html_blocks(WORDPRESS_ARTICLE)
    assert blocks(body) == [("paragraph", "第一段正文。"), ("paragraph", "第二段正文，报告如是说。")]
    assert [link for block in body.blocks for link in block.links] == [("https://source.example/report", "报告")]


@pytest.mark.parametrize(
    "line",
    [
        "5 min read",
        "Reading time: 4 minutes",
        "阅读时间：约 3 分钟",
        "本文共 2,400 字，预计阅读时间 6 分钟",
        "Leave a comment",
        "3 Comments",
        "Share this:",
        "Like this:",
        "Posted in Uncategorized",
        "Tagged: economy, trade",
        "分类：国际",
        "标签：经济, 贸易",
        "预览时标签不可点",
        "微信扫一扫关注该公众号",
        "阅读原文",
    ],
)
def test_chrome_lines_are_cut(line: str) -> None:
    assert read(f"<p>正文。</p><p>{line}</p>") == [("paragraph", "正文。")]


@pytest.mark.parametrize(
    "text",
    ["Reading time matters for 5 minutes of attention, he said.", "标签：这个词在本文中指的是分类方法的一种。" * 20],
)
def test_sentences_about_chrome_are_text(text: str) -> None:
    assert read(f"<p>{text}</p>") == [("paragraph", text)]


def test_comment_section_heading_cuts_the_rest_with_its_images() -> None:
    body = read_html_blocks('<p>正文。</p><img src="a.png"><h2>Comments</h2><p>First!</p><img src="spam.png">')
    assert blocks(body) == [("paragraph", "正文。")]
    assert body.images == [("a.png", None)]
    assert body.image_blocks == [1]


def test_traditional_article_with_simplified_related_gallery() -> None:
    # Issue 11 item 5: the related block is boilerplate, so its Simplified text never reaches the record.
    html = (
        "<p>這是一篇繁體中文的報導，內容關於臺灣的選舉。</p><p>選民們在週末前往投票所。</p>"
        "<h3>相关图集</h3>"
        '<p><a href="/g/1">台湾选举现场图集</a></p><img src="/g/1.jpg"><p>更多精彩图片</p>'
        '<ul><li><a href="/g/2">投票所外排队的选民</a></li></ul>'
    )
    body = read_html_blocks(html)
    assert blocks(body) == [
        ("paragraph", "這是一篇繁體中文的報導，內容關於臺灣的選舉。"),
        ("paragraph", "選民們在週末前往投票所。"),
    ]
    assert body.images == []


def test_related_section_ends_at_a_real_paragraph() -> None:
    html = (
        '<p>正文。</p><p>相關文章：</p><p><a href="/a">另一篇</a></p>'
        "<p>This long closing paragraph is the article's own text again, and it ends with a full stop.</p>"
    )
    assert read(html) == [
        ("paragraph", "正文。"),
        ("paragraph", "This long closing paragraph is the article's own text again, and it ends with a full stop."),
    ]


def test_article_element_classes_do_not_hide_the_article() -> None:
    # WordPress puts category-*/tag-* on <article> itself: only whole chrome class names count.
    assert read('<article class="post category-tags tag-comments"><p>正文。</p></article>') == [("paragraph", "正文。")]


@pytest.mark.parametrize("role", ["navigation", "complementary", "contentinfo"])
def test_landmark_roles_are_chrome(role: str) -> None:
    assert read(f'<p>正文。</p><div role="{role}"><p>菜单</p></div>') == [("paragraph", "正文。")]


# --- reading an already-parsed tree ----------------------------------------------------------------


@st.composite
def html_fragments(draw: st.DrawFn, depth: int = 0) -> str:
    """Fragments of block, inline, image and caption markup around short texts, for the walker's entry points."""
    words = st.sampled_from(["正文。", "Text", "**粗体**", "相关文章", " ", "Comments", "2025-02-13", "a & b"])
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["text", "p", "div", "h2", "ul", "a", "img", "figure", "blockquote"]))
        inner = draw(html_fragments(depth + 1)) if depth < 2 and kind in ("div", "blockquote") else draw(words)
        parts.append(
            {
                "text": inner,
                "p": f"<p>{inner}</p>",
                "div": f"<div>{inner}</div>",
                "h2": f"<h2>{inner}</h2>",
                "ul": f"<ul><li>{inner}</li><li>{draw(words)}</li></ul>",
                "a": f'<a href="https://example.com/{len(parts)}">{inner}</a>',
                "img": f'<p><img src="/{len(parts)}.jpg" alt="{inner}"></p><div><small>{draw(words)}</small></div>',
                "figure": f'<figure><img src="/f.jpg"><figcaption>{inner}</figcaption></figure>',
                "blockquote": f"<blockquote>{inner}</blockquote>",
            }[kind]
        )
    return "".join(parts)


@given(html_fragments())
@example(html=" 正文。")
def test_a_parsed_tree_reads_as_its_html_does(html: str) -> None:
    # The fragment parsed as read_html_blocks parses it: libxml2 wraps bare text in <p> and drops the
    # whitespace before it, which it keeps in "<body> text</body>", so a wrapped parse differs in its input.
    root = etree.fromstring(html.encode("utf-8"), etree.HTMLParser(encoding="utf-8"))
    body = root.find("body") if root is not None else None  # None: whitespace only, which gives no tree
    parts: list[etree._Element | str] = [body.text or ""] if body is not None else []
    for element in body if body is not None else ():
        parts += [element, element.tail or ""]
    assert read_html_elements(parts) == read_html_blocks(html)
    assert read_html_elements(parts, markdown=True) == read_html_blocks(html, markdown=True)


def test_a_parsed_element_is_read_without_its_tail() -> None:
    root = etree.fromstring("<html><body><p>一</p>尾巴<p>二</p></body></html>", etree.HTMLParser())
    first, second = root.find("body")
    assert [block.text for block in read_html_elements([first, second]).blocks] == ["一", "二"]
    assert [block.text for block in read_html_elements(["前", first]).blocks] == ["前", "一"]


def test_an_element_of_a_parsed_page_reads_as_its_serialised_fragment():
    from lxml import etree

    from articlekit.converters._html_blocks import read_html_element

    page = (
        "<html><body><nav>menu</nav><div id='x'><h2>Title</h2><p>One <b>bold</b> <a href='/a'>link</a>.</p>"
        "<figure><img src='/i.jpg'><figcaption>Cap</figcaption></figure><ul><li>a</li><li>b</li></ul></div>"
        "tail text</body></html>"
    )
    root = etree.fromstring(page, etree.HTMLParser())
    [element] = root.xpath("//div[@id='x']")
    fragment = etree.tostring(element, encoding="unicode", method="html", with_tail=False)
    body = read_html_element(element)
    assert body == read_html_blocks(fragment)
    assert [(block.kind, block.text) for block in body.blocks] == [
        ("heading", "Title"),
        ("paragraph", "One bold link."),
        ("list_item", "a"),
        ("list_item", "b"),
    ]
    assert body.images == [("/i.jpg", "Cap")]


@pytest.mark.parametrize(
    ("text", "names", "is_line"),
    [
        ("By Jane Doe", "Jane Doe", True),
        ("Written by Jane Doe", "Jane Doe", True),
        ("Byron Smith spoke", None, False),
        ("作者：张三", "张三", True),
        ("记者 王五", "王五", True),
        ("文/李四", "李四", True),
        ("文化很好", None, False),
        # A label that also opens sentences makes a line only of capitalised names (a dateline town may close it).
        ("Par Martin Untersinger", "Martin Untersinger", True),
        ("Von Markus Balser, Berlin", "Markus Balser, Berlin", True),
        ("Por Ana García y Luis Pérez", "Ana García y Luis Pérez", True),
        ("Por eso se fue", "eso se fue", False),
        ("Von Anfang an", "Anfang an", False),
        ("Par ailleurs, Jean Dupont", "ailleurs, Jean Dupont", False),
        ("Von Berlin", "Berlin", False),
        (
            "von Marcus Bensmann , Justus von Daniels , Ulrich Stoll",
            "Marcus Bensmann , Justus von Daniels , Ulrich Stoll",
            True,
        ),
        ("VON Gregory Lipinski", "Gregory Lipinski", False),
    ],
)
def test_one_byline_table_reads_labels_and_lines(text: str, names: str | None, is_line: bool):
    from articlekit.converters._chrome import BYLINE, BYLINE_LINE

    match = BYLINE.match(text)
    assert (match["names"] if match else None) == names
    assert (BYLINE_LINE.match(text) is not None) == is_line
