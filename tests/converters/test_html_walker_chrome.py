"""The body walker's chrome cutting and stray-marker rules at their edges (converters/_html_blocks.py).

Each test pins one limit or one piece of bookkeeping with exact values: the length limits of chrome
lines, comment headings, related labels and related item titles (an input exactly at the limit and
one past it), which blocks and images a related section takes with it, where the images that stay
land among the kept blocks, and how star runs at the edges of a block are judged.
"""

from __future__ import annotations

import pytest
from converter_checks import walker_blocks

from articlekit.converters._html_blocks import RawBody, cut_chrome, read_html_blocks


def layout(body: RawBody) -> tuple[list[str], list[tuple[str | None, str | None]], list[int]]:
    """Block texts, images and each image's place (how many blocks come before it)."""
    return [block.text for block in body.blocks], body.images, body.image_blocks


# --- star runs at the edges of a block ----------------------------------------------------------------


def test_a_star_run_opening_a_block_before_a_space_stays_as_written() -> None:
    # The start of a block counts as a space: "** " there is a footnote mark, like "a ** b", not emphasis.
    assert walker_blocks("<p>** Prices exclude tax.</p>") == [("paragraph", "** Prices exclude tax.")]


def test_a_stray_star_run_opening_a_block_is_removed_whatever_the_block_ends_with() -> None:
    # Nothing stands before the run, so it masks nothing; the block's last character has no say.
    assert walker_blocks("<p>**（注）本文作者为张三</p>") == [("paragraph", "（注）本文作者为张三")]


def test_a_masked_name_is_judged_by_the_character_right_before_the_stars() -> None:
    # "王**" is a masked name although the character before "王" is punctuation.
    assert walker_blocks("<p>联系人：王**</p>") == [("paragraph", "联系人：王**")]


def test_a_star_run_between_a_letter_and_a_digit_is_a_stray_marker() -> None:
    # Only a run inside a number (digits on both sides) or after a name (no letter or digit after it) is a mask.
    assert walker_blocks("<p>价格上涨**30%。</p>") == [("paragraph", "价格上涨30%。")]
    assert walker_blocks("<p>2024**年</p>") == [("paragraph", "2024年")]


# --- length limits of chrome lines, comment headings and related labels -------------------------------

# The only chrome lines and comment headings that reach their limits are ones with a very long number.
CHROME_LINE_240 = f"{'1' * 231} comments"
COMMENT_HEADING_160 = f"Comments ({'9' * 149})"
RELATED_LABEL_40 = "More from The Riverside Gazette Newsroom"


def test_the_inputs_sit_exactly_at_the_limits() -> None:
    assert (len(CHROME_LINE_240), len(COMMENT_HEADING_160), len(RELATED_LABEL_40)) == (240, 160, 40)


def test_a_chrome_line_of_exactly_240_characters_is_cut() -> None:
    assert walker_blocks(f"<p>正文。</p><p>{CHROME_LINE_240}</p>") == [("paragraph", "正文。")]


def test_a_chrome_line_of_241_characters_is_text() -> None:
    line = "1" + CHROME_LINE_240
    assert walker_blocks(f"<p>正文。</p><p>{line}</p>") == [("paragraph", "正文。"), ("paragraph", line)]


def test_a_comment_heading_of_exactly_160_characters_cuts_the_rest() -> None:
    assert walker_blocks(f"<p>正文。</p><h2>{COMMENT_HEADING_160}</h2><p>First!</p>") == [("paragraph", "正文。")]


def test_a_comment_heading_of_161_characters_is_an_ordinary_heading() -> None:
    heading = f"Comments ({'9' * 150})"
    assert walker_blocks(f"<p>正文。</p><h2>{heading}</h2><p>First!</p>") == [
        ("paragraph", "正文。"),
        ("heading", heading),
        ("paragraph", "First!"),
    ]


def test_a_related_label_of_exactly_40_characters_starts_a_related_section() -> None:
    html = f'<p>正文。</p><p>{RELATED_LABEL_40}</p><p><a href="/a">Another story</a></p>'
    assert walker_blocks(html) == [("paragraph", "正文。")]


def test_a_related_label_of_41_characters_is_text() -> None:
    label = RELATED_LABEL_40 + ":"
    html = f'<p>正文。</p><p>{label}</p><p><a href="/a">Another story</a></p>'
    assert walker_blocks(html) == [("paragraph", "正文。"), ("paragraph", label), ("paragraph", "Another story")]


@pytest.mark.parametrize("label", ["阅读下一篇：", "下一篇", "Keywords"])
def test_next_article_and_keyword_labels_start_a_related_section(label: str) -> None:
    # Xinhua closes with 阅读下一篇： and a linked headline; Yonhap with Keywords and linked topics.
    html = f'<p>正文。</p><p>{label}</p><p><a href="/a">North Korea</a></p><p><a href="/b">另一篇文章</a></p>'
    assert walker_blocks(html) == [("paragraph", "正文。")]


@pytest.mark.parametrize("label", ["📚 関連記事：", "関連記事", "あわせて読みたい", "관련 기사", "👉 Related posts:"])
def test_japanese_korean_and_pictograph_led_labels_start_a_related_section(label: str) -> None:
    # Qiita and Zenn posts close with "📚 関連記事：" and a list of the author's other posts.
    html = f'<p>正文。</p><p>{label}</p><ul><li><a href="https://zenn.dev/a">別の記事</a> - 設計の話</li></ul>'
    assert walker_blocks(html) == [("paragraph", "正文。")]


def test_a_pictograph_before_a_sentence_is_no_related_label() -> None:
    html = "<p>正文。</p><p>📚 関連記事は後で追加します。</p>"
    assert walker_blocks(html) == [("paragraph", "正文。"), ("paragraph", "📚 関連記事は後で追加します。")]


@pytest.mark.parametrize(
    "label",
    ["Auch interessant:", "Mehr zum Thema", "Das könnte Sie auch interessieren", "À lire aussi", "Lea también",
     "Leia também", "Leggi anche"],
)  # fmt: skip
def test_related_labels_in_other_languages_start_a_related_section(label: str) -> None:
    # basicthinking.de closes its story with "Auch interessant:" and linked headlines.
    html = f'<p>Text.</p><p>{label}</p><p><a href="/a">Another story</a></p><p>A short teaser title</p>'
    assert walker_blocks(html) == [("paragraph", "Text.")]


@pytest.mark.parametrize(
    "label",
    ["Further Reading", "Explore further", "Read More About:", "Verwandte Themen", "与内文相关的链接"],
)
def test_further_reading_and_topic_labels_start_a_related_section(label: str) -> None:
    # arstechnica.com's inline box, phys.org's closing list, deadline.com's tag list, gruene.de, BBC Chinese.
    html = f'<p>Text.</p><h3>{label}</h3><p><a href="/a">Another story</a></p><p>A short teaser title</p>'
    assert walker_blocks(html) == [("paragraph", "Text.")]


def test_a_sentence_opening_like_a_reading_label_is_text() -> None:
    html = "<p>Text.</p><p>Further reading of the report shows the bridge was closed twice.</p>"
    assert walker_blocks(html) == [
        ("paragraph", "Text."),
        ("paragraph", "Further reading of the report shows the bridge was closed twice."),
    ]


def test_a_sentence_opening_like_a_related_label_is_text() -> None:
    html = "<p>Text.</p><p>Auch interessant ist, dass die Brücke schon 1901 gebaut wurde.</p>"
    assert walker_blocks(html) == [
        ("paragraph", "Text."),
        ("paragraph", "Auch interessant ist, dass die Brücke schon 1901 gebaut wurde."),
    ]


@pytest.mark.parametrize(
    "label",
    ["Also on HuffPost:", "Erstellt von:", "Mehr zum Thema:", "Lesen Sie auch:", "相关阅读：", "Photos:", "来源："],
)
def test_a_label_ending_the_body_with_nothing_after_it_is_cut(label: str) -> None:
    # The page left out what the label introduced (a slideshow, the credited names): only the label is left.
    html = f"<p>Text.</p><p><strong>{label}</strong></p>"
    assert walker_blocks(html) == [("paragraph", "Text.")]


def test_a_dangling_credit_label_before_a_chrome_line_is_cut() -> None:
    # A share line after it is cut anyway: the label still ends the text.
    assert walker_blocks("<p>Text.</p><p>Erstellt von:</p><p>Share this:</p>") == [("paragraph", "Text.")]


def test_an_also_on_label_introducing_its_items_is_cut_with_them() -> None:
    html = '<p>Text.</p><p>Also on HuffPost:</p><p><a href="/a">Another story</a></p>'
    assert walker_blocks(html) == [("paragraph", "Text.")]


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # A sentence introducing what follows, or ending the text, is no label.
        ("<p>Text.</p><p>He said:</p>", ["Text.", "He said:"]),
        ("<p>Text.</p><p>Die Brücke wurde erstellt von:</p>", ["Text.", "Die Brücke wurde erstellt von:"]),
        # "Also on" opens sentences: without its colon it is text.
        ("<p>Text.</p><p>Also on Tuesday</p>", ["Text.", "Also on Tuesday"]),
        # A credit label with its value, or one that text follows, is not dangling.
        ("<p>Text.</p><p>Photos: Jane Doe</p>", ["Text.", "Photos: Jane Doe"]),
        ("<p>Sources:</p><p>The city council, 2019.</p>", ["Sources:", "The city council, 2019."]),
    ],
)
def test_a_colon_at_the_end_of_the_body_alone_cuts_nothing(html: str, expected: list[str]) -> None:
    assert [text for _, text in walker_blocks(html)] == expected


def test_keywords_inside_a_sentence_is_text() -> None:
    html = "<p>正文。</p><p>Keywords matter to search engines.</p>"
    assert walker_blocks(html) == [("paragraph", "正文。"), ("paragraph", "Keywords matter to search engines.")]


# --- an archived WeChat page's header and footer -------------------------------------------------------


def test_a_wechat_pages_header_lines_go_with_the_reader_mode_prompt() -> None:
    html = (
        "<h1>标题</h1><p>原创</p><p>王半仙<br>王半仙</p><p>仙友道</p><p>在小说阅读器中沉浸阅读</p>"
        "<p>正文第一段。</p><p>原创</p>"
    )
    assert walker_blocks(html) == [("heading", "标题"), ("paragraph", "正文第一段。"), ("paragraph", "原创")]


def test_the_reader_mode_prompt_takes_no_long_block_or_heading_above_it() -> None:
    long = "这" * 41
    html = f"<h2>小标题</h2><p>{long}</p><p>短行</p><p>在小说阅读器中沉浸阅读</p><p>正文。</p>"
    assert walker_blocks(html) == [("heading", "小标题"), ("paragraph", long), ("paragraph", "正文。")]


def test_a_page_header_may_start_at_the_first_block() -> None:
    html = "<p>王半仙</p><p>仙友道</p><p>在小说阅读器中沉浸阅读</p><p>正文第一段。</p>"
    assert walker_blocks(html) == [("paragraph", "正文第一段。")]


def test_a_header_line_of_exactly_forty_characters_is_header() -> None:
    line = "这" * 40
    html = f"<h2>小标题</h2><p>{line}</p><p>在小说阅读器中沉浸阅读</p><p>正文。</p>"
    assert walker_blocks(html) == [("heading", "小标题"), ("paragraph", "正文。")]


def test_the_reader_mode_prompt_far_down_is_dropped_alone() -> None:
    html = "".join(f"<p>第{n}段。</p>" for n in range(8)) + "<p>在小说阅读器中沉浸阅读</p><p>末段。</p>"
    # Beyond the first eight blocks it closes no header: the blocks above it stay, the prompt itself is chrome.
    assert walker_blocks(html) == [("paragraph", f"第{n}段。") for n in range(8)] + [("paragraph", "末段。")]


def test_everything_after_a_wechat_pages_closing_notice_goes() -> None:
    html = (
        "<p>正文最后一段。</p><p>预览时标签不可点</p><p>仙友道</p><p>取消<br>允许</p>"
        '<p><img src="https://mmbiz.qpic.cn/qr.png" alt="作者头像"></p><p>视频 小程序 赞</p>'
    )
    body = read_html_blocks(html)
    assert layout(body) == (["正文最后一段。"], [], [])


@pytest.mark.parametrize(
    "line",
    [
        "© 2019 Science X Network",
        "Copyright © 1996-2019 SINA Corporation",
        "Copyright 2020 The Associated Press. All rights reserved.",
        "All Rights Reserved 新浪公司 版权所有",
        "(c) 2024 Example Media",
        "本文版权所有，未经授权不得转载。",
        "Related Topics:FacebookInstagramMessenger",
        "Topics: economy, trade",
    ],
)
def test_copyright_and_topic_lines_are_chrome(line: str) -> None:
    # phys.org, sina.com.cn and AP close the story with a copyright line; WordPress news themes with topics.
    assert walker_blocks(f"<p>正文。</p><p>{line}</p>") == [("paragraph", "正文。")]


@pytest.mark.parametrize(
    "line",
    [
        "Our Standards: The Thomson Reuters Trust Principles.",
        "Watch video 02:17",
        "Play video 1:02:03",
        "Listen · 3:14 3:14",
    ],
)
def test_agency_standards_footer_and_player_lines_are_chrome(line: str) -> None:
    # reuters.com closes every story with its standards line; dw.com and npr.org print their players' labels.
    assert walker_blocks(f"<p>正文。</p><p>{line}</p>") == [("paragraph", "正文。")]


@pytest.mark.parametrize(
    "text",
    [
        "Our standards: higher than ever, the mayor said of the bridge.",
        "Watch video of the bridge opening on our site.",
    ],
)
def test_sentences_about_standards_or_videos_are_text(text: str) -> None:
    assert walker_blocks(f"<p>{text}</p>") == [("paragraph", text)]


@pytest.mark.parametrize(
    "text",
    [
        "Copyright law changed in 2019 and few noticed.",
        "The topics: what the council will discuss.",
        # Only a notice is chrome: a holder, an ownership, a reservation mid-sentence or a lettered clause is text.
        "他说，版权所有者应当获得补偿。",
        "该公司拥有这部电影的版权所有权。",
        "All rights reserved by nobody, he joked.",
        "(c) the agency shall publish its findings within a year.",
    ],
)
def test_sentences_about_copyright_or_topics_are_text(text: str) -> None:
    assert walker_blocks(f"<p>{text}</p>") == [("paragraph", text)]


# --- which blocks a related section takes ---------------------------------------------------------------


def test_links_and_list_items_after_a_related_label_are_cut_even_when_they_read_as_sentences() -> None:
    # A link-only block or a list item belongs to the list whatever its text; only other blocks are judged as titles.
    html = (
        '<p>正文。</p><p>相关文章</p><p><a href="/a">另一篇文章讲了同一件事。</a></p>'
        "<ul><li>第三篇文章也讲了这件事。</li></ul><p>正文继续，这是文章自己的段落。</p>"
    )
    assert walker_blocks(html) == [("paragraph", "正文。"), ("paragraph", "正文继续，这是文章自己的段落。")]


def test_a_plain_title_of_exactly_80_characters_after_a_related_label_is_an_item() -> None:
    title = "标" * 80
    assert walker_blocks(f"<p>正文。</p><p>相关文章</p><p>{title}</p>") == [("paragraph", "正文。")]


def test_a_plain_block_of_81_characters_after_a_related_label_ends_the_section() -> None:
    block = "标" * 81
    assert walker_blocks(f"<p>正文。</p><p>相关文章</p><p>{block}</p>") == [
        ("paragraph", "正文。"),
        ("paragraph", block),
    ]


def test_a_related_label_followed_by_article_text_is_cut_alone() -> None:
    # The block right after the label is judged like every later one: a sentence is the article again.
    html = "<p>正文。</p><p>Read more</p><p>这一段是文章自己的结尾，不是相关链接。</p>"
    assert walker_blocks(html) == [("paragraph", "正文。"), ("paragraph", "这一段是文章自己的结尾，不是相关链接。")]


# --- images around a related section and where the kept images land ------------------------------------


def test_an_image_right_before_a_related_label_stays_and_one_among_its_items_goes() -> None:
    html = (
        '<p>正文。</p><img src="before.png"><p>相关文章</p><p><a href="/x">甲</a></p>'
        '<img src="among.png"><p><a href="/y">乙</a></p><p>正文继续。</p>'
    )
    assert layout(read_html_blocks(html)) == (["正文。", "正文继续。"], [("before.png", None)], [1])


def test_two_images_right_before_a_related_label_both_stay() -> None:
    # The cut walks one cursor over the images: it must step past every image before the label, one by one.
    html = '<p>正文。</p><img src="a.png"><img src="b.png"><p>相关文章</p><p><a href="/x">甲</a></p>'
    assert layout(read_html_blocks(html)) == (["正文。"], [("a.png", None), ("b.png", None)], [1, 1])


def test_every_image_among_the_items_of_a_related_section_goes() -> None:
    # Two images among the items: the cursor drops each in turn, skipping none.
    html = (
        '<p>正文。</p><p>相关文章</p><p><a href="/x">甲</a></p><img src="a.png">'
        '<p><a href="/y">乙</a></p><img src="b.png"><p><a href="/z">丙</a></p><p>正文继续。</p>'
    )
    assert layout(read_html_blocks(html)) == (["正文。", "正文继续。"], [], [])


def test_an_image_after_the_last_item_stays_when_the_article_goes_on() -> None:
    # The image sits before the article's next paragraph, not among the related links.
    html = '<p>正文。</p><p>相关文章</p><p><a href="/x">甲</a></p><img src="after.png"><p>正文继续。</p>'
    assert layout(read_html_blocks(html)) == (["正文。", "正文继续。"], [("after.png", None)], [1])


def test_an_image_after_the_last_item_goes_when_the_section_closes_the_body() -> None:
    html = '<p>正文。</p><p>相关文章</p><p><a href="/x">甲</a></p><img src="tail.png">'
    assert layout(read_html_blocks(html)) == (["正文。"], [], [])


def test_an_image_after_a_related_section_keeps_its_place_among_the_kept_blocks() -> None:
    html = '<p>第一段。</p><p>相关文章</p><p><a href="/x">甲</a></p><p>第二段。</p><img src="c.png"><p>第三段。</p>'
    assert layout(read_html_blocks(html)) == (["第一段。", "第二段。", "第三段。"], [("c.png", None)], [2])


def test_an_image_after_the_last_block_stays_last_when_a_chrome_line_is_cut() -> None:
    html = '<p>正文。</p><p>Share this:</p><img src="tail.png">'
    assert layout(read_html_blocks(html)) == (["正文。"], [("tail.png", None)], [1])


def test_a_walk_without_the_chrome_cut_keeps_chrome_lines_for_the_caller_to_cut():
    html = "<p>Posted on March 24th, 2025 by Jane</p><p>Text.</p><p>5 min read</p>"
    walked = read_html_blocks(html, chrome=False)
    assert [block.text for block in walked.blocks] == ["Posted on March 24th, 2025 by Jane", "Text.", "5 min read"]
    assert [block.text for block in cut_chrome(walked).blocks] == ["Text."]
    assert cut_chrome(walked) == read_html_blocks(html)


# --- footnote markers ---------------------------------------------------------------------------------


def test_footnote_markers_and_back_links_go_and_the_notes_stay() -> None:
    # comrak's and Python-Markdown's footnote HTML: the reference number and the ↩ link are navigation.
    html = (
        '<p>A claim<sup class="footnote-ref"><a href="#fn-a" id="fnref-a" data-footnote-ref>1</a></sup> here.</p>'
        '<p>Another<sup id="fnref:b"><a class="footnote-ref" href="#fn:b">2</a></sup>.</p>'
        '<section class="footnotes" data-footnotes><ol><li id="fn-a"><p>The source. '
        '<a href="#fnref-a" class="footnote-backref" data-footnote-backref>↩</a></p></li></ol></section>'
    )
    assert walker_blocks(html) == [
        ("paragraph", "A claim here."),
        ("paragraph", "Another."),
        ("list_item", "The source. "),  # the walker leaves the trailing space; build_article trims it
    ]


# --- closing calls to action -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        "If you liked this post, follow me on Mastodon for more.",
        "Subscribe to get these updates in your inbox.",
        "You can subscribe to our newsletter to stay in the loop.",
        "Thanks for reading! Share this with a friend.",
        "この記事が気に入ったらスキ♡ & フォローをお願いします！",
        "スキ♡ & フォローよろしくお願いします",
        "如果觉得本文对你有帮助，欢迎点赞、转发和关注。",
        "欢迎关注我的公众号：技术周刊",
    ],
)
def test_a_closing_call_to_action_at_the_end_of_a_body_is_cut(call: str) -> None:
    html = f"<p>The post's first paragraph.</p><p>The post's last paragraph.</p><p>{call}</p><p>— Ann</p>"
    assert walker_blocks(html) == [
        ("paragraph", "The post's first paragraph."),
        ("paragraph", "The post's last paragraph."),
        ("paragraph", "— Ann"),
    ]


def test_a_call_to_action_early_in_the_text_and_a_long_closing_paragraph_stay() -> None:
    early = "If you liked this post, follow me on Mastodon for more."
    last = "Thanks for reading the docs this far: " + "the last section explains every option in turn. " * 5
    html = f"<p>{early}</p><p>One.</p><p>Two.</p><p>Three.</p><p>{last.strip()}</p>"
    assert [text for _, text in walker_blocks(html)] == [early, "One.", "Two.", "Three.", last.strip()]


@pytest.mark.parametrize("sign_off", ["Thanks for reading! 👋", "最後まで読んでいただきありがとうございました。"])
def test_a_thank_you_without_a_call_is_the_authors_sign_off(sign_off: str) -> None:
    assert [text for _, text in walker_blocks(f"<p>Intro.</p><p>{sign_off}</p>")] == ["Intro.", sign_off]


def test_a_closing_sentence_about_following_a_process_is_text() -> None:
    html = "<p>Intro.</p><p>We follow up on every report within a week, and subscribers get a summary.</p>"
    assert [text for _, text in walker_blocks(html)] == [
        "Intro.",
        "We follow up on every report within a week, and subscribers get a summary.",
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Discuss on r/rust",
        "Discuss this post on Hacker News",
        "Translated with www.DeepL.com/Translator (free version)",
    ],
)
def test_discussion_links_and_machine_translation_credits_are_chrome_lines(line: str) -> None:
    html = f"<p>Text.</p><p><a href='https://example.org/x'>{line}</a></p><p>More text.</p>"
    assert [text for _, text in walker_blocks(html)] == ["Text.", "More text."]


def test_a_sentence_about_discussing_a_topic_is_text() -> None:
    sentence = "Discuss on the mailing list before you send a large patch, so that reviewers know it is coming."
    assert [text for _, text in walker_blocks(f"<p>{sentence}</p><p>End.</p>")] == [sentence, "End."]


# --- platform footers of feed items ----------------------------------------------------------------------------

MEDIUM_FOOTER = (
    '<hr><p><a href="https://medium.com/p/1a2b">How we cut our build time</a> was originally published in '
    '<a href="https://medium.com/eng">Acme Engineering</a> on Medium, where people are continuing the '
    "conversation by highlighting and responding to this story.</p>"
)
WORDPRESS_SEO_FOOTER = (
    '<p>The post <a href="https://blog.example.com/a/">A title</a> appeared first on '
    '<a href="https://blog.example.com">Example Blog</a>.</p>'
)


@pytest.mark.parametrize("footer", [MEDIUM_FOOTER, WORDPRESS_SEO_FOOTER])
def test_the_footers_feed_platforms_append_are_cut(footer: str) -> None:
    assert walker_blocks(f"<p>The article's text.</p>{footer}") == [("paragraph", "The article's text.")]


def test_sentences_about_first_publication_are_text() -> None:
    text = [
        "The essay was originally published in The Atlantic on Monday.",
        "The post office appeared first on the list of closures.",
    ]
    assert walker_blocks("".join(f"<p>{line}</p>" for line in text)) == [("paragraph", line) for line in text]


@pytest.mark.parametrize(
    "footer",
    [
        # Reddit's feeds end every post with its submitter and two links; Hacker News's whole body is one link.
        '<p>submitted by <a href="https://www.reddit.com/user/x">/u/x</a> to <a href="https://www.reddit.com/r/rust/">'
        'r/rust</a> <br/> <span><a href="https://example.com/">[link]</a></span> '
        '<span><a href="https://www.reddit.com/r/rust/comments/1/">[comments]</a></span></p>',
        '<a href="https://news.ycombinator.com/item?id=1">Comments</a>',
    ],
)
def test_aggregator_footers_are_cut(footer: str) -> None:
    assert walker_blocks(f"<p>The post's text.</p>{footer}") == [("paragraph", "The post's text.")]


def test_a_sentence_about_comments_is_text() -> None:
    line = "Comments submitted by readers are moderated."
    assert walker_blocks(f"<p>{line}</p>") == [("paragraph", line)]
