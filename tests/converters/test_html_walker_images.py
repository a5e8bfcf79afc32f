"""The body walker's images and captions (converters/_html_blocks.py), with exact values."""

from __future__ import annotations

import pytest

from articlekit.converters._html_blocks import read_html_blocks


def _images_and_texts(html: str) -> tuple[list[tuple[str | None, str | None]], list[str]]:
    body = read_html_blocks(html)
    return body.images, [block.text for block in body.blocks]


@pytest.mark.parametrize(
    ("html", "images", "texts"),
    [
        # A caption element right after the image, or right after the image's wrapper.
        ('<p>a</p><img src="x.jpg" alt="A"><small>Cap</small><p>b</p>', [("x.jpg", "Cap")], ["a", "b"]),
        ('<img src="x.jpg"><figcaption>Fig</figcaption>', [("x.jpg", "Fig")], []),
        ('<img src="x.jpg"> <!-- c -->\n <small>Past a comment</small>', [("x.jpg", "Past a comment")], []),
        ('<p><img src="x.jpg"></p><div><small>In a div</small></div><p>b</p>', [("x.jpg", "In a div")], ["b"]),
        ('<a href="/"><img src="x.jpg"></a><small>After a link</small>', [("x.jpg", "After a link")], []),
        ('<span><img src="x.jpg"></span>\n <small>After a span</small>', [("x.jpg", "After a span")], []),
        ('<div><img src="x.jpg"></div><p> <small>In a p</small> </p>', [("x.jpg", "In a p")], []),
        # Not captions: text first, a wrapper that is no inline box, an element holding more than a <small>.
        ('<img src="x.jpg"> text <small>s</small>', [("x.jpg", None)], [" text s"]),  # raw: normalised later
        ('<section><img src="x.jpg"></section><small>s</small>', [("x.jpg", None)], ["s"]),
        ('<img src="x.jpg"><p><small>s</small> and more</p>', [("x.jpg", None)], ["s and more"]),
        ('<img src="x.jpg"><p>lead <small>s</small></p>', [("x.jpg", None)], ["lead s"]),
        ('<img src="x.jpg"><p><small>s</small><small>t</small></p>', [("x.jpg", None)], ["st"]),
        ('<img src="x.jpg"><p><b>s</b></p>', [("x.jpg", None)], ["s"]),
        ('<img src="x.jpg"><div>plain</div>', [("x.jpg", None)], ["plain"]),
        ('<img src="x.jpg">', [("x.jpg", None)], []),
    ],
)
def test_an_image_takes_the_caption_element_right_after_it(
    html: str, images: list[tuple[str | None, str | None]], texts: list[str]
) -> None:
    assert _images_and_texts(html) == (images, texts)


@pytest.mark.parametrize(
    ("html", "images"),
    [
        ('<img src=" x.jpg " alt=" Alt ">', [("x.jpg", "Alt")]),
        ('<img src="x.jpg" title="Title">', [("x.jpg", "Title")]),
        ('<img src="x.jpg" alt=" " title="Title">', [("x.jpg", "Title")]),
        ('<img src="" data-src="lazy.jpg">', [("lazy.jpg", None)]),
        ('<img src="data:image/gif;base64,R0lGOD" data-original=" orig.jpg ">', [("orig.jpg", None)]),
        ('<img data-src="" alt="Only alt">', [(None, "Only alt")]),
        ('<img src="pixel.gif" width="1">', []),
        ('<img src="pixel.gif" height=" 0 ">', []),
        ('<img src="wide.jpg" width="10" height="10">', [("wide.jpg", None)]),
    ],
)
def test_image_sources_alt_texts_and_tracking_pixels(html: str, images: list[tuple[str | None, str | None]]) -> None:
    assert read_html_blocks(html).images == images


# --- hidden elements, quotes, preformatted text and lists, read by the same walker -----------------


def _blocks(html: str) -> list[tuple[str, str, int | None]]:
    return [(block.kind, block.text, block.list_id) for block in read_html_blocks(html).blocks]


def test_hidden_elements_are_skipped_and_only_they() -> None:
    html = (
        '<p>a</p><div style="display: none">hidden by style</div><p hidden>hidden attribute</p>'
        '<span aria-hidden="TRUE">hidden for readers</span><p aria-hidden="false">shown</p>'
        '<p style="color: red">red</p><p class="hidden">a class named hidden</p>'
    )
    assert _blocks(html) == [
        ("paragraph", "a", None),
        ("paragraph", "shown", None),
        ("paragraph", "red", None),
        ("paragraph", "a class named hidden", None),
    ]


def test_quotes_end_with_their_blockquote_and_preformatted_text_with_its_pre() -> None:
    html = "<blockquote><blockquote><p>q</p></blockquote><p>q2</p></blockquote><p>after</p>"
    assert _blocks(html) == [("quote", "q", None), ("quote", "q2", None), ("paragraph", "after", None)]
    assert _blocks("<pre>code  x</pre><p>after  pre</p>") == [
        ("paragraph", "code  x", None),  # spaces kept inside <pre>
        ("paragraph", "after pre", None),
    ]


def test_list_items_carry_the_id_of_their_list() -> None:
    html = "<ul><li>a</li><li>b</li></ul><ol><li>c</li></ol><p>p</p>"
    assert _blocks(html) == [
        ("list_item", "a", 1),
        ("list_item", "b", 1),
        ("list_item", "c", 2),
        ("paragraph", "p", None),
    ]
