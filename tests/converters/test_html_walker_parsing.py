"""The body walker's parsing (converters/_html_blocks.py): how text gets in, deep documents, entry points.

Each test pins one behaviour of the walk with exact values: the text's way into libxml2, the copy of a
document too deep for libxml2's tree, the state kept while elements close, the literal-marker rules at
their edges, and the ``markdown`` flag of the entry points that take a parsed tree.
"""

from __future__ import annotations

from converter_checks import walker_blocks
from lxml import etree

from articlekit.converters._html_blocks import RawBlock, read_html_blocks, read_html_element, read_html_elements

# libxml2 builds trees at most 2,048 elements deep; a document this deep is copied from BeautifulSoup's tree.
DEEPER_THAN_LIBXML2 = 3000


def _deeply_nested(inner: str) -> str:
    return "<div>" * DEEPER_THAN_LIBXML2 + inner + "</div>" * DEEPER_THAN_LIBXML2


def _paragraph(text: str, **found: list[tuple[str, str]]) -> RawBlock:
    return RawBlock(
        kind="paragraph",
        text=text,
        all_bold=False,
        all_links=False,
        list_id=None,
        links=found.get("links", []),
        times=found.get("times", []),
    )


# --- the text's way into the parser ---------------------------------------------------------------------


def test_a_lone_surrogate_in_the_text_becomes_a_question_mark() -> None:
    # Text decoded from JSON can hold an unpaired surrogate ("\ud800"), which UTF-8 cannot encode: the walker
    # encodes with errors replaced rather than failing on the whole body.
    assert walker_blocks("<p>a\ud800b</p>") == [("paragraph", "a?b")]


def test_an_attribute_value_over_ten_megabytes_is_kept_at_any_depth() -> None:
    # libxml2 refuses attribute values over 10 MB unless told the tree may be huge; the walker parses with
    # huge_tree, so a very long image URL (an inlined payload, say) is still read.
    # A document nested deeper than libxml2 builds trees goes through BeautifulSoup, told the same.
    url = "https://img.example/" + "a" * 10_000_000 + ".jpg"
    inner = f'<p>before</p><img src="{url}" alt="Alt"><p>after</p>'
    for html in (inner, _deeply_nested(inner)):
        body = read_html_blocks(html)
        assert body.images == [(url, "Alt")]
        assert [block.text for block in body.blocks] == ["before", "after"]


# --- documents deeper than libxml2 builds trees -----------------------------------------------------------


def test_a_deep_document_keeps_text_around_a_comment_in_separate_pieces() -> None:
    # A comment splits the text around it as in lxml's tree: each piece's spaces are collapsed on its own,
    # so the two spaces either side of the comment stay two (the text is normalised later).
    inner = "<p>a <!-- c --> b</p>"
    assert walker_blocks(inner) == [("paragraph", "a  b")]
    assert walker_blocks(_deeply_nested(inner)) == [("paragraph", "a  b")]


def test_a_deep_document_finds_the_caption_that_is_the_last_element() -> None:
    # The <small> right after an image is its caption even when it is its parent's last child.
    inner = '<img src="x.jpg"><small>Cap</small>'
    for html in (inner, _deeply_nested(inner)):
        body = read_html_blocks(html)
        assert (body.images, body.blocks) == ([("x.jpg", "Cap")], [])


def test_a_deep_document_reads_a_class_of_several_tokens() -> None:
    # BeautifulSoup gives a class as a list of tokens; joined with spaces, "ad" is still a boilerplate token.
    inner = '<div class="ad box">Buy now</div><p>Text</p>'
    assert walker_blocks(inner) == [("paragraph", "Text")]
    assert walker_blocks(_deeply_nested(inner)) == [("paragraph", "Text")]


# --- state kept while elements close --------------------------------------------------------------------


def test_text_after_a_pre_block_is_no_longer_code() -> None:
    # Inside <pre> literal markers are code and left alone; after it closes, a wholly **…** paragraph is a
    # heading again.
    assert walker_blocks("<pre>x = 1</pre><p>**重点**</p>") == [("paragraph", "x = 1"), ("heading", "重点")]


def test_a_link_label_joins_the_link_texts_pieces() -> None:
    # A label split by inline markup is the link's whole text, its pieces joined as they stand.
    body = read_html_blocks('<p>See <a href="https://e.example/a">one <b>two</b> three</a>.</p>')
    assert body.blocks == [_paragraph("See one two three.", links=[("https://e.example/a", "one two three")])]


def test_a_time_is_noted_once_with_all_its_shown_text() -> None:
    # An inline element inside <time> closes before it: the time is noted when <time> closes, with every
    # piece of its text.
    body = read_html_blocks('<p>On <time datetime="2024-03-01"><span>1</span> March</time>.</p>')
    assert body.blocks == [_paragraph("On 1 March.", times=[("2024-03-01", "1 March")])]


# --- literal emphasis markers at their edges ------------------------------------------------------------


def test_a_block_whose_text_holds_the_code_stand_in_is_left_as_written() -> None:
    # While markers are judged, code pieces are replaced by U+FFFC; a block whose own text holds that
    # character cannot be told apart from code, so it is kept exactly as written and is no heading.
    body = read_html_blocks("<p>\ufffc **x** <code>y</code></p>")
    assert body.blocks == [_paragraph("\ufffc **x** y")]


def test_star_and_underscore_runs_do_not_pair_with_each_other() -> None:
    # "**" opens and no "**" closes it: a stray marker, dropped; the "__" is no partner for it.
    assert walker_blocks("<p>**foo__ bar</p>") == [("paragraph", "foo__ bar")]


def test_an_underscore_run_after_a_space_does_not_close() -> None:
    # Two runs that both open a word are two openers, not a pair; unpaired "__" stays (snake_case and the like).
    assert walker_blocks("<p>x __foo __bar</p>") == [("paragraph", "x __foo __bar")]


def test_an_underscore_run_after_a_word_closes_the_open_one() -> None:
    # The closer is judged by the one character before it ("a"), not by the one before that (a space).
    assert walker_blocks("<p>x __foo a__ y</p>") == [("paragraph", "x foo a y")]


# --- the markdown flag of the entry points that take a parsed tree --------------------------------------

CJK_SOFT_BREAK_PAGE = "<html><body><div id='content'><p>第一行\n第二行</p></div></body></html>"


def _content_element() -> etree._Element:
    [element] = etree.fromstring(CJK_SOFT_BREAK_PAGE, etree.HTMLParser()).xpath("//div[@id='content']")
    return element


def test_a_parsed_element_is_plain_html_unless_told_it_came_from_markdown() -> None:
    # Plain HTML shows a line break between CJK characters as a space; Markdown's soft break joins them.
    assert [block.text for block in read_html_element(_content_element()).blocks] == ["第一行 第二行"]
    assert [block.text for block in read_html_element(_content_element(), markdown=True).blocks] == ["第一行第二行"]


def test_parsed_parts_are_plain_html_unless_told_they_came_from_markdown() -> None:
    # The same default for a caller that hands over several parts of a tree (the Markdown digest's sections).
    assert [block.text for block in read_html_elements([_content_element()]).blocks] == ["第一行 第二行"]
    assert [block.text for block in read_html_elements([_content_element()], markdown=True).blocks] == ["第一行第二行"]
