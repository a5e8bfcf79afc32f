from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest

from articlekit.converters.base import (
    FLAGS,
    Draft,
    Source,
    _unique,
    absolute_http_url,
    build_article,
    domain_of,
    is_public_url,
    split_names,
    strip_paired_tags,
    strip_source_suffix,
    strip_tracking,
)
from articlekit.dates import Instant, from_epoch_millis
from articlekit.errors import ConversionError


def draft(**fields: Any) -> Draft:
    return Draft(format="test", title="标题", blocks=[("paragraph", "正文。")], **fields)


def test_flag_codes_are_stable_lower_case_codes_with_a_meaning() -> None:
    assert sorted(FLAGS) == [
        "body-from-title",
        "encoding-misdeclared",
        "feed-xml-recovered",
        "language-declared-mismatch",
        "local-url-dropped",
        "published-at-from-retrieval",
        "published-at-from-updated",
        "published-at-from-url",
        "published-at-implausible",
        "published-at-unparseable",
        "published-date-only",
        "published-zone-unknown",
        "retrieved-at-implausible",
        "title-from-body",
    ]
    for code, meaning in FLAGS.items():
        assert re.fullmatch(r"[a-z]+(?:-[a-z]+)*", code)
        assert meaning.strip()


@pytest.mark.parametrize("flag", ["published-at-invalid", "zone-assumed-utc", "Published-Zone-Unknown"])
def test_a_flag_outside_the_vocabulary_is_a_programming_error(flag: str) -> None:
    with pytest.raises(ValueError, match="unknown flags"):
        build_article(draft(flags=[flag]), Source.from_text("x"))


def test_known_flags_are_kept_once_in_order() -> None:
    flags = ["published-zone-unknown", "published-date-only", "published-zone-unknown"]
    article = build_article(draft(flags=flags), Source.from_text("x"))
    assert article.flags == ["published-zone-unknown", "published-date-only"]


def test_build_article_flags_what_it_drops() -> None:
    retrieved = from_epoch_millis(1739003943000)
    published = Instant(datetime(2031, 1, 1, tzinfo=UTC), offset_assumed=False)  # after the retrieval
    article = build_article(draft(retrieved_at=retrieved, published=published), Source.from_text("x"))
    assert article.published_at is None
    assert article.flags == ["published-at-implausible"]
    old = from_epoch_millis(1739003943)  # seconds read as milliseconds: January 1970
    article = build_article(draft(retrieved_at=old), Source.from_text("x"))
    assert (article.retrieved_at, article.flags) == (None, ["retrieved-at-implausible"])


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/a?utm_source=rss&utm_medium=feed", "https://example.com/a"),
        ("https://example.com/a?id=7&utm_campaign=x&p=2", "https://example.com/a?id=7&p=2"),
        ("https://example.com/a?fbclid=abc", "https://example.com/a"),
        ("https://example.com/a?id=1&fbclid=IwAR0x==", "https://example.com/a?id=1"),  # "=" in the value, base64
        ("https://mp.weixin.qq.com/s?__biz=MzA&mid=2&idx=1&sn=9f&from=timeline&isappinstalled=0",
         "https://mp.weixin.qq.com/s?__biz=MzA&mid=2&idx=1&sn=9f"),
        ("https://example.com/a?id=7", "https://example.com/a?id=7"),
        ("https://example.com/a?q=a%20b&utm_source=x#top", "https://example.com/a?q=a%20b#top"),
        ("https://www.heise.de/news/x-3088438.html?wt_mc=rss.ho.beitrag.atom", "https://www.heise.de/news/x-3088438.html"),
        ("https://www.lemonde.fr/a.html?xtor=RSS-3208&id=1", "https://www.lemonde.fr/a.html?id=1"),
        ("https://example.com/a", "https://example.com/a"),
        # Feed-origin markers: Medium's source=rss… on its own and its publications' domains, NYT's partner/emc.
        ("https://infosecwriteups.com/the-cookie-bomb-f86cb22c37fa?source=rss----7b722bfd1b8d--bug_bounty",
         "https://infosecwriteups.com/the-cookie-bomb-f86cb22c37fa"),
        ("https://medium.com/@kgai/storing-801ca84f7af6?source=rss------claude-5", "https://medium.com/@kgai/storing-801ca84f7af6"),
        ("https://www.nytimes.com/2024/05/21/a.html?partner=rss&emc=rss", "https://www.nytimes.com/2024/05/21/a.html"),
        ("https://example.com/a?ref=RSS&page=2", "https://example.com/a?page=2"),
        ("https://example.com/a?source=home&ref=nav&from=feedback", "https://example.com/a?source=home&ref=nav&from=feedback"),
        # Other networks' click ids and analytics ids.
        ("https://news.yahoo.com/a.html?guccounter=1&guce_referrer=aHR0cHM6&guce_referrer_sig=AQAAA",
         "https://news.yahoo.com/a.html"),
        ("https://example.com/a?id=3&srsltid=AfmBOo&_gl=1*abc&pk_campaign=rss&mtm_source=x&itm_source=y",
         "https://example.com/a?id=3"),
    ],
)  # fmt: skip
def test_strip_tracking_removes_only_click_trackers(url: str, expected: str) -> None:
    assert strip_tracking(url) == expected


def test_build_article_strips_tracking_parameters_from_the_canonical_url() -> None:
    draft = Draft(
        format="test", title="T", blocks=[("paragraph", "Body.")], url="https://example.com/a?utm_source=rss&id=3"
    )
    article = build_article(draft, Source.from_text("x"))
    assert article.url == "https://example.com/a?id=3"


def test_from_is_a_tracking_parameter_on_wechat_only() -> None:
    assert strip_tracking("https://example.com/list?from=2024&to=2025") == "https://example.com/list?from=2024&to=2025"


def test_an_absolute_image_url_is_kept_as_written_beside_a_base() -> None:
    article = build_article(draft(url="https://example.com/a", images=[("https://0.0/;", None)]), Source.from_text("x"))
    assert [image.url for image in article.images] == ["https://0.0/;"]


def test_source_from_text_is_a_utf8_file_named_text_by_default() -> None:
    source = Source.from_text("中文")
    assert source == Source(path="<text>", data="中文".encode(), text="中文", encoding="utf-8")
    assert Source.from_text("x", path="a.txt").path == "a.txt"
    # A lone surrogate is passed through into the bytes rather than refused.
    assert Source.from_text("a\ud800").data == b"a\xed\xa0\x80"


def test_source_sha256_is_of_the_raw_bytes() -> None:
    assert Source.from_text("abc").sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


@pytest.mark.parametrize(
    ("value", "base", "expected"),
    [
        (None, None, None),
        ("", None, None),
        ("https://example.com/a b", None, "https://example.com/a%20b"),
        (" https://example.com/a ", None, "https://example.com/a"),
        ("//cdn.example.com/x.jpg", None, "https://cdn.example.com/x.jpg"),
        ("/a/b.html", "https://example.com/x/", "https://example.com/a/b.html"),
        ("b.html", "http://example.com/x/", "http://example.com/x/b.html"),
        ("//cdn.example.com/x.jpg", "http://example.com/", "http://cdn.example.com/x.jpg"),
        ("http://example.com", None, "http://example.com"),
        ("ftp://example.com/a", None, None),
        ("mailto:a@example.com", None, None),
        ("https:///path", None, None),
        ("/relative/only", None, None),
        ("https://[x", None, None),
        # A scheme typed twice ("http://http://…", whose host would be "http"): the second is the link's.
        ("http://http://runescape.com/a?cat_id=788", None, "http://runescape.com/a?cat_id=788"),
        ("https://https://example.com/", None, "https://example.com/"),
        ("https://example.com/go?to=http://x.example/", None, "https://example.com/go?to=http://x.example/"),
        # An ampersand still escaped as in HTML (a URL copied into a JSON dump, or escaped twice in XML).
        (
            "https://example.com/a?id=3&amp;utm_source=rss&amp;p=2",
            None,
            "https://example.com/a?id=3&utm_source=rss&p=2",
        ),
    ],
)
def test_absolute_http_url(value: str | None, base: str | None, expected: str | None) -> None:
    assert absolute_http_url(value, base) == expected


def test_a_url_past_the_record_bound_is_no_url() -> None:
    longest = "https://example.com/" + "a" * (8192 - len("https://example.com/"))
    assert absolute_http_url(longest) == longest
    assert absolute_http_url(longest + "a") is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/a?utm_source=x&empty=&b=1", "https://example.com/a?empty=&b=1"),  # blank values kept
        ("https://example.com/a?fbclid=1&next=/b:c@d!$'()*,;", "https://example.com/a?next=/b:c@d!$'()*,;"),
        ("https://MP.WEIXIN.QQ.COM/s?from=timeline&id=1", "https://MP.WEIXIN.QQ.COM/s?id=1"),
        ("https://example.com/a?UTM_Source=x&FBCLID=y&id=1", "https://example.com/a?id=1"),
        ("/a?utm_source=x&from=1", "/a?from=1"),  # no host: only the global table applies
        ("https://example.com/s?q=a%20b&utm_medium=rss&x=c+d", "https://example.com/s?q=a%20b&x=c+d"),
        ("https://example.com/s?flag&utm_source=rss", "https://example.com/s?flag"),  # a bare key stays bare
        ("https://news.google.com/rss/articles/CBMiK2h0dHBz?oc=5", "https://news.google.com/rss/articles/CBMiK2h0dHBz"),
        ("https://shop.example.com/list?oc=5", "https://shop.example.com/list?oc=5"),  # only Google News's
        ("https://example.com/s?p=%2Fpath&utm_source=rss&w=%E4%B8%AD", "https://example.com/s?p=%2Fpath&w=%E4%B8%AD"),
        ("https://example.com/s?a=1;b=2&utm%5Fsource=rss", "https://example.com/s?a=1;b=2"),  # an escaped key
    ],
)  # fmt: skip
def test_strip_tracking_keeps_the_other_parameters_as_written(url: str, expected: str) -> None:
    assert strip_tracking(url) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (None, None),
        ("https://www.voachinese.com/a/1.html", "voachinese.com"),
        ("https://WWW.Example.COM./a", "example.com"),
        ("https://www.例子.中国/a", "xn--fsqu00a.xn--fiqs8s"),
        ("https://example.com.www/a", "example.com.www"),
        ("https:///no-host", None),
        ("https://[x", None),
        ("https://" + "a" * 64 + ".com/", None),  # a label IDNA cannot encode
        ("https://[2001:db8::1]/a", None),  # an address, not a host name
        ("https://my_blog.example.com/a", None),  # "_" is in no host name the record allows
        ("https://93.184.216.34/a", "93.184.216.34"),
    ],
)
def test_domain_of(url: str | None, expected: str | None) -> None:
    assert domain_of(url) == expected


@pytest.mark.parametrize(
    ("url", "public"),
    [
        ("https://localhost:8000/2024/05/post/", False),
        ("http://LOCALHOST/x", False),
        ("http://blog.localhost/x", False),
        ("http://intranet/wiki/Page", False),
        ("http://printer.local/", False),
        ("http://127.0.0.1:4000/post", False),
        ("http://192.168.1.20/wp-content/uploads/a.jpg", False),
        ("http://[::1]/x", False),
        ("http://0.0.0.0:8080/", False),
        ("https://example.com/a", True),
        ("https://93.184.216.34/a", True),
        ("https://localhost.example.com/a", True),  # a real subdomain that happens to be named so
        ("https://news.local-paper.com/a", True),
    ],
)
def test_is_public_url(url: str, public: bool) -> None:
    assert is_public_url(url) is public


def test_local_urls_are_dropped_and_the_article_kept() -> None:
    # A post drafted against a development server: its own url, a link and an image point to localhost.
    article = build_article(
        draft(
            url="https://localhost:8000/2024/05/post/",
            links=[("https://localhost:8000/about/", "about"), ("https://example.com/ref", "ref")],
            images=[("http://127.0.0.1:8000/a.png", None), ("http://192.168.0.2/b.png", "B"), ("/c.png", None)],
        ),
        Source.from_text("x"),
    )
    assert (article.url, article.source.domain) == (None, None)
    assert [(link.url, link.text) for link in article.links] == [("https://example.com/ref", "ref")]
    assert [(image.url, image.caption) for image in article.images] == [(None, "B")]
    assert article.flags == ["local-url-dropped"]


def test_unique_values_are_normalised_deduplicated_and_in_order() -> None:
    assert _unique([" 张三 ", "李四", "张三", "", "  ", "王五", "李四"]) == ["张三", "李四", "王五"]


def test_names_marked_as_a_translators_or_editors_are_no_authors() -> None:
    authors = ["Tom Smith", "张三（译）", "Jane Doe (translator)", "Max Muster (Übersetzer)", "王五 (编辑)"]
    article = build_article(draft(authors=[*authors, "李四（新华社）", "Ann Lee (Reuters)"]), Source.from_text("x"))
    # Brackets that name no contributor role (an outlet, an agency) stay part of the name.
    assert article.authors == ["Tom Smith", "李四（新华社）", "Ann Lee (Reuters)"]


def test_a_bracketed_handle_or_web_address_after_a_name_is_no_part_of_it() -> None:
    names = ["Minwoo Jung (github.com/JungMinu)", "Ann Lee (@annlee)", "Bo Chen（https://bochen.example.org/）"]
    kept = ["Cy Twombly (1928)", "Dee (Reuters)", "[标题](https://example.com/a)"]  # the last: a Markdown link
    article = build_article(draft(authors=[*names, *kept]), Source.from_text("x"))
    assert article.authors == ["Minwoo Jung", "Ann Lee", "Bo Chen", *kept]


def test_build_article_refusals_name_the_source_and_the_field() -> None:
    source = Source.from_text("x", path="dir/page.txt")
    with pytest.raises(ConversionError) as no_title:
        build_article(Draft(format="test", title=" \n ", blocks=[("paragraph", "正文。")]), source)
    assert (no_title.value.code, no_title.value.message) == ("no-title", "dir/page.txt: no title found")
    with pytest.raises(ConversionError) as no_body:
        build_article(Draft(format="test", title="标题", blocks=[("paragraph", " ")]), source)
    assert (no_body.value.code, no_body.value.message) == (
        "no-body",
        "dir/page.txt: no body text left after removing boilerplate",
    )
    with pytest.raises(ConversionError) as invalid:
        build_article(Draft(format="test", title="标题", blocks=[("figure", "正文。")]), source)  # type: ignore[list-item]
    assert invalid.value.code == "invalid-record"
    assert invalid.value.message.startswith("dir/page.txt: blocks.0.kind: Input should be 'paragraph'")


def test_build_article_keeps_the_source_path_and_names_standard_input_by_a_dash() -> None:
    article = build_article(draft(), Source.from_text("x", path=" dir/a  b.txt "))
    assert article.provenance.path == "dir/a b.txt"
    assert build_article(draft(), Source.from_text("x", path="\u200b")).provenance.path == "-"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<b>Samsung</b> refinancing", "Samsung refinancing"),
        ('<a href="https://x.example/">Link</a> and <I>Dune</i>', "Link and Dune"),
        ("The <code> element", "The <code> element"),  # opened, never closed: named, not markup
        ("Why </b> stays", "Why </b> stays"),  # closed, never opened: no pair either
        ("x < y and y > z", "x < y and y > z"),
        ("<b>Bold</b> and a <div> kept", "Bold and a <div> kept"),
    ],
)
def test_strip_paired_tags_drops_only_tags_opened_and_closed(text: str, expected: str) -> None:
    assert strip_paired_tags(text) == expected


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("Alice Smith and Bob Jones", ["Alice Smith", "Bob Jones"]),
        ("By Alice Smith, Bob Jones and Carol White", ["Alice Smith", "Bob Jones", "Carol White"]),
        ("Alice Smith, Bob Jones, and Carol White", ["Alice Smith", "Bob Jones", "Carol White"]),
        ("Yaroslav Trofimov, Brett Forrest", ["Yaroslav Trofimov", "Brett Forrest"]),
        ("A. One & B. Two", ["A. One", "B. Two"]),
        ("张三、李四", ["张三", "李四"]),
        ("张三,李四", ["张三", "李四"]),
        # Last name first: one person, whether alone or joined to another by "and".
        ("Smith, John", ["Smith, John"]),
        ("Doe, Jane A.", ["Doe, Jane A."]),
        ("van der Berg, Anna", ["van der Berg, Anna"]),
        ("Smith, John and Doe, Jane", ["Smith, John", "Doe, Jane"]),
        ("John Smith, Jr.", ["John Smith, Jr."]),
        # Scholarly lists: family names and initials in turn.
        (
            "Lapalu, N., Simon, A., Plaumann, P.-L., O'Connell, R. J.",
            ["Lapalu, N.", "Simon, A.", "Plaumann, P.-L.", "O'Connell, R. J."],
        ),
        ("Smith, J.", ["Smith, J."]),
        ("Alexander Anderson", ["Alexander Anderson"]),  # "and" inside a word is no joiner
    ],
)
def test_split_names(byline: str, names: list[str]) -> None:
    assert split_names(byline) == names


@pytest.mark.parametrize(
    ("title", "source", "expected"),
    [
        ("Fed holds rates steady - Reuters", "Reuters", "Fed holds rates steady"),
        (
            "These 20 deals will finish your list - Android Central",
            "Androidcentral.com",
            "These 20 deals will finish your list",
        ),
        ("Un titre | Le Monde", "Le Monde", "Un titre"),
        ("韩正出席论坛并致辞 - 新华网", "新华网", "韩正出席论坛并致辞"),
        # Left whole: another outlet's name, a part number, no source, a title that is the name alone.
        (
            "Dwyane Wade defends son - New York Daily News",
            "Nydailynews.com",
            "Dwyane Wade defends son - New York Daily News",
        ),
        ("The long road - Part 2", "Reuters", "The long road - Part 2"),
        ("Fed holds rates steady - Reuters", None, "Fed holds rates steady - Reuters"),
        ("Reuters", "Reuters", "Reuters"),
    ],
)
def test_strip_source_suffix(title: str, source: str | None, expected: str) -> None:
    assert strip_source_suffix(title, source) == expected
