"""The body walker's element handling (converters/_html_blocks.py), each case pinned to its whole result.

Figures and their captions, tracking pixels, loose list items and table cells, nested bold, code, ``pre``
and link elements, links that span blocks, and which attributes mark an element as chrome: every test
compares the complete :class:`RawBody` (blocks with their flags, images, image positions), so a change in
any of these behaviours fails here.
"""

from __future__ import annotations

from articlekit.converters._html_blocks import RawBlock, RawBody, read_html_blocks
from articlekit.converters.base import BlockKind


def _block(
    text: str,
    kind: BlockKind = "paragraph",
    *,
    all_bold: bool = False,
    all_links: bool = False,
    list_id: int | None = None,
    links: list[tuple[str, str]] | None = None,
) -> RawBlock:
    return RawBlock(
        kind=kind,
        text=text,
        all_bold=all_bold,
        all_links=all_links,
        list_id=list_id,
        links=links or [],
        times=[],
    )


# --- figures and figcaptions ----------------------------------------------------------------------------


def test_a_figcaption_captions_the_image_of_its_figure_even_when_not_right_after_it() -> None:
    # The image sits in a <picture>, so no caption element follows it directly: only the figure ties them.
    html = '<figure><picture><img src="x.jpg"></picture><figcaption>Cap</figcaption></figure><p>after</p>'
    assert read_html_blocks(html) == RawBody([_block("after")], [("x.jpg", "Cap")], [0])


def test_a_figcaption_captions_the_last_image_of_a_figure_holding_two() -> None:
    html = (
        '<figure><picture><img src="a.jpg"></picture><picture><img src="b.jpg"></picture>'
        "<figcaption>Cap</figcaption></figure>"
    )
    assert read_html_blocks(html) == RawBody([], [("a.jpg", None), ("b.jpg", "Cap")], [0, 0])


def test_a_figcaption_after_a_closed_figure_does_not_caption_that_figure_s_image() -> None:
    # Once its figure has ended, an image is no longer "the figure's image": a later stray figcaption is
    # a caption of its own (a chart, a video), not a second caption for the earlier picture.
    html = '<figure><picture><img src="a.jpg"></picture></figure><p>text</p><figcaption>Chart</figcaption>'
    assert read_html_blocks(html) == RawBody([_block("text")], [("a.jpg", None), (None, "Chart")], [0, 1])


def test_a_figure_without_an_image_keeps_its_caption_as_a_caption_only_image_in_place() -> None:
    # The caption-only image is placed after the blocks before it, and the earlier image keeps no caption.
    html = (
        '<p><img src="a.jpg"></p><p>a</p><figure><video src="v.mp4"></video>'
        "<figcaption>Chart</figcaption></figure><p>b</p>"
    )
    assert read_html_blocks(html) == RawBody([_block("a"), _block("b")], [("a.jpg", None), (None, "Chart")], [0, 1])


def test_a_line_break_inside_a_figure_caption_splits_the_caption_lines() -> None:
    html = '<img src="x.jpg"><figcaption>first line<br>second line</figcaption>'
    assert read_html_blocks(html) == RawBody([], [("x.jpg", "first line\nsecond line")], [0])


# --- tracking pixels ------------------------------------------------------------------------------------


def test_an_image_zero_pixels_wide_is_a_tracking_pixel() -> None:
    html = '<p>text</p><img src="pixel.gif" width="0"><img src="photo.jpg" width="640">'
    assert read_html_blocks(html) == RawBody([_block("text")], [("photo.jpg", None)], [1])


def test_an_image_one_pixel_high_is_a_tracking_pixel() -> None:
    html = '<p>text</p><img src="pixel.gif" height="1"><img src="photo.jpg" height="480">'
    assert read_html_blocks(html) == RawBody([_block("text")], [("photo.jpg", None)], [1])


# --- loose list items and table cells -------------------------------------------------------------------


def test_blank_text_before_a_list_item_s_first_paragraph_starts_no_line() -> None:
    # Only whitespace (around a comment) comes before the <p>: there is no line yet to break after.
    html = "<ul><li> <!-- c --> <p>line</p></li></ul>"
    assert read_html_blocks(html) == RawBody([_block("  line", "list_item", list_id=1)], [], [])


def test_a_blank_first_cell_adds_no_cell_separator() -> None:
    # The first cell holds only whitespace (around a comment): the row's text starts with the second cell.
    html = "<table><tr><td> <!-- c --> </td><td>b</td></tr></table>"
    assert read_html_blocks(html) == RawBody([_block("  b")], [], [])


# --- nested bold, code, pre and links -------------------------------------------------------------------


def test_text_after_a_nested_bold_element_is_still_bold() -> None:
    assert read_html_blocks("<b><strong>x</strong> y</b>") == RawBody([_block("x y", all_bold=True)], [], [])


def test_text_after_a_nested_code_element_is_still_code() -> None:
    # "**y**" is inside the outer <code>: kept as written, not read as emphasis markers.
    assert read_html_blocks("<code><kbd>x</kbd> **y**</code>") == RawBody([_block("x **y**")], [], [])


def test_text_after_a_nested_pre_keeps_its_spaces() -> None:
    assert read_html_blocks("<pre><pre>a</pre>  b  c</pre>") == RawBody([_block("a"), _block("  b  c")], [], [])


def test_text_after_a_pre_inside_code_is_still_code() -> None:
    # Were "**b**" not code, it would be read as a wholly emphasised paragraph: a bold heading "b".
    assert read_html_blocks("<code><pre>x</pre>**b**</code>") == RawBody([_block("x"), _block("**b**")], [], [])


def test_text_after_a_pre_is_no_longer_code() -> None:
    assert read_html_blocks("<pre>x</pre><p>**b**</p>") == RawBody(
        [_block("x"), _block("b", "heading", all_bold=True)], [], []
    )


def test_text_after_a_nested_link_is_still_link_text() -> None:
    # libxml2 keeps an <a> nested in a <span> inside another <a>; " out" still sits in the outer link.
    html = '<p><a href="/x"><span><a href="/y">in</a></span> out</a></p>'
    assert read_html_blocks(html) == RawBody(
        [_block("in out", all_links=True, links=[("/y", "in"), ("/x", "in out")])], [], []
    )


# --- links ----------------------------------------------------------------------------------------------


def test_a_link_that_spans_a_block_boundary_is_not_kept() -> None:
    # The <a> opens after a first paragraph and holds a <div>: its text is split over two blocks, so no
    # block can carry it whole, and the last block does not get it with a partial label.
    html = '<p>a</p><a href="/x"><div>two</div>three</a>'
    assert read_html_blocks(html) == RawBody(
        [_block("a"), _block("two", all_links=True), _block("three", all_links=True)], [], []
    )


def test_a_link_whose_address_cannot_be_parsed_is_not_kept() -> None:
    # "http://[oops" is an unterminated IPv6 host: urlsplit raises ValueError; the text stays, the link not.
    html = '<p><a href="http://[oops">t</a></p>'
    assert read_html_blocks(html) == RawBody([_block("t", all_links=True)], [], [])


# --- attributes that mark chrome ------------------------------------------------------------------------


def test_only_a_landmark_role_marks_an_element_as_chrome() -> None:
    # role="main" is no chrome role, and a chrome role's name in another attribute (title) means nothing.
    html = '<div role="main"><p>正文</p></div><p title="navigation">x</p><div role="navigation"><p>菜单</p></div>'
    assert read_html_blocks(html) == RawBody([_block("正文"), _block("x")], [], [])
