from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import orjson
import pytest
from converter_checks import SEEDS, assert_valid, check_contract
from hypothesis import given
from hypothesis import strategies as st

from articlekit.converters import Source, detect, html_page
from articlekit.decode import decode
from articlekit.discover import Input
from articlekit.errors import ConversionError
from articlekit.pipeline import process
from articlekit.schema import Article

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "html-page"
PARAGRAPH = (
    "The council voted on Tuesday to rebuild the old harbour bridge, which has been closed since the spring floods. "
)


def fixture(name: str) -> Source:
    data = (FIXTURES / name).read_bytes()
    decoded = decode(data)
    return Source(path=name, data=data, text=decoded.text, encoding=decoded.encoding)


def convert_one(source: Source) -> Article:
    [article] = list(html_page.convert(source))
    assert_valid(article)
    return article


def page(body: str, head: str = "<title>Harbour bridge to be rebuilt</title>", lang: str = "en") -> Source:
    return Source.from_text(
        f'<!DOCTYPE html><html lang="{lang}"><head>{head}</head><body>{body}</body></html>', "page.html"
    )


def article_body(paragraphs: int = 3) -> str:
    return "<article><h1>Harbour bridge to be rebuilt</h1>" + f"<p>{PARAGRAPH * 2}</p>" * paragraphs + "</article>"


def rejected(source: Source) -> str:
    with pytest.raises(ConversionError) as caught:
        list(html_page.convert(source))
    return caught.value.code


# --- real pages ----------------------------------------------------------------------------------


def test_json_ld_news_article():
    article = convert_one(fixture("venturebeat-json-ld.html"))
    assert article.title == "New York State Attorney General investigating WeWork and former CEO"
    assert (
        article.url
        == "https://venturebeat.com/2019/11/18/new-york-state-attorney-general-investigating-wework-and-former-ceo/"
    )
    assert article.source.model_dump() == {"name": "VentureBeat", "domain": "venturebeat.com"}
    assert article.published_at == datetime(2019, 11, 19, 7, 3, 25, tzinfo=UTC)
    assert article.published_offset_assumed is False
    assert article.authors == ["Reuters"]
    assert article.categories == ["Business"]
    assert article.language == "en"
    assert len(article.blocks) == 19
    assert article.blocks[0].text.startswith(
        "(Reuters) — The New York State Attorney General (NYAG) is investigating WeWork"
    )
    assert article.blocks[-1].text.startswith("(Reporting by Greg Roumeliotis, Joshua Franklin, Koh Gui Qing")
    assert article.images[0].url == "https://venturebeat.com/wp-content/uploads/2015/07/WeWork-SF.jpg?w=1200&strip=all"
    assert article.provenance.format == "html-page"
    assert article.flags == []


def test_byline_with_several_names_and_french_page():
    article = convert_one(fixture("lemonde-byline.html"))
    assert article.title == "Le projet de loi sur le renseignement massivement approuvé à l'Assemblée"
    assert article.authors == ["Martin Untersinger", "Damien Leloup", "Morgane Tual"]
    assert article.published_at == datetime(2015, 5, 4, 13, 36, 31, tzinfo=timezone(timedelta(hours=2)))
    assert article.source.name == "Le Monde.fr"
    assert article.language == "fr"
    headings = [block.text for block in article.blocks if block.kind == "heading"]
    assert (len(headings), headings[0], headings[-1]) == (
        9,
        "Définition des objectifs des services",
        "Un dispositif pour les lanceurs d’alerte",  # noqa: RUF001 - the page's apostrophe
    )
    assert article.blocks[-1].text.startswith("La loi prévoit également une forme de protection pour les agents")


def test_comment_thread_is_not_the_article():
    # MacRumors writes its article as text between <br>s and its comments as <p>s: the comments must lose.
    article = convert_one(fixture("macrumors-comments.html"))
    assert article.title == "13-Inch MacBook Pro With Scissor Keyboard Expected in First Half of 2020"
    assert article.blocks[0].text.startswith("Following the 16-inch MacBook Pro, Apple plans to release a new 13-inch")
    assert article.authors == ["Joe Rossignol"]
    assert article.published_at == datetime(2019, 11, 18, 10, 45, tzinfo=UTC)
    assert "scissor" not in article.blocks[-1].text.lower() or len(article.blocks) <= 8
    # The page's "Tag: digitimes.com" line is a tag list, which the walker cuts as chrome.
    assert len(article.blocks) == 5
    assert article.blocks[-1].text == "Buyer's Guide: MacBook Pro (Buy Now)"


def test_article_wrapper_with_an_ad_token_is_read_and_teaser_cards_are_cut():
    # futurezone.at marks its <article> "article article-ad-marker" and puts cards for other articles
    # (a linked <h2>, then a linked summary) after the story's paragraphs.
    article = convert_one(fixture("futurezone-ad-marker-teasers.html"))
    assert article.title == "Uber-Konkurrent Lyft startet mit Waymo-Robotertaxis in USA"
    assert article.url == (
        "https://futurezone.at/digital-life/uber-konkurrent-lyft-startet-mit-waymo-robotertaxis-in-usa/400487461"
    )
    assert article.published_at == datetime(2019, 5, 8, 5, 30, 23, tzinfo=UTC)
    assert article.language == "de"
    assert article.authors == []  # the JSON-LD author is the site itself, and no byline names anyone
    assert len(article.blocks) == 5
    assert article.blocks[0].text.startswith("Einige Kunden des Fahrdienst-Vermittler Lyft in der US-Stadt Phoenix")
    assert (article.blocks[3].kind, article.blocks[3].text) == ("heading", "Wächst schneller als Uber")
    assert article.blocks[-1].text.endswith(
        "Die Aktie verlor im nachbörslichen Handel nach anfänglichen Zuwächsen zeitweise rund vier Prozent."
    )
    assert "Uber erleidet Rückschlag vor Gericht" not in article.text


def test_chinese_page_date_beside_the_headline_in_china_time():
    article = convert_one(fixture("people-cn.html"))
    assert article.title == "女儿出嫁，郑板桥画了几笔兰花当嫁妆"
    assert article.url is None
    assert article.language == "zh-Hans"
    # The meta date has no time; the page prints 2019年06月15日08:18 beside the headline: China time, assumed.
    assert article.published_at == datetime(2019, 6, 15, 8, 18, tzinfo=timezone(timedelta(hours=8)))
    assert article.published_offset_assumed is True
    assert article.flags == []
    assert article.blocks[0].text.startswith("父亲的教诲像一盏灯")
    assert article.blocks[-1].text == "(责编：汤诗瑶、丁涛)"


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("2019年06月15日08:18", datetime(2019, 6, 15, 8, 18)),
        ("2019年6月5日 8:18:09", datetime(2019, 6, 5, 8, 18, 9)),
        ("2019年05月18日 13时16分", datetime(2019, 5, 18, 13, 16)),  # the clock in characters
        ("2019年5月18日13时16分30秒", datetime(2019, 5, 18, 13, 16, 30)),
        ("2021-03-04 10:05", datetime(2021, 3, 4, 10, 5)),
        ("2021/3/4T10:05", datetime(2021, 3, 4, 10, 5)),
        ("2000/1/10:00", None),  # no separator between day and hour: which digits are the day is a guess
    ],
)
def test_date_printed_under_the_headline(printed, expected):
    html = (
        "<html><head><title>港口大桥将重建</title></head><body><h1>港口大桥将重建</h1>"
        f"<p>来源：本报 {printed}</p>" + "<p>市议会周二投票决定重建旧港口大桥，这座桥自春季洪水以来一直关闭。</p>" * 6
    )
    article = convert_one(Source.from_text(html, path="page.html"))
    china = timezone(timedelta(hours=8))
    assert article.published_at == (expected.replace(tzinfo=china) if expected else None)


JAPANESE = "市議会は火曜日、春の洪水以来閉鎖されている古い港の橋を再建することを決めた。"


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("2019年5月18日 13時16分", datetime(2019, 5, 18, 13, 16)),
        ("2019年5月18日 13:16", datetime(2019, 5, 18, 13, 16)),
        ("更新：2019年5月18日 13時16分", datetime(2019, 5, 18, 13, 16)),
        ("5月18日 13時16分", None),  # no year: nothing on the page says which
    ],
)
def test_japanese_date_under_the_headline_is_tokyo_time(printed: str, expected: datetime | None):
    body = f"<article><h1>港の橋を再建へ</h1><p>{printed}</p>" + f"<p>{JAPANESE * 3}</p>" * 3 + "</article>"
    article = convert_one(page(body, head="<title>港の橋を再建へ</title>", lang="ja"))
    tokyo = timezone(timedelta(hours=9))
    assert article.published_at == (expected.replace(tzinfo=tokyo) if expected else None)
    if expected is not None:
        assert article.published_offset_assumed is True
        assert "published-zone-unknown" not in article.flags
        # The date line is the page's, not the story's: it leaves the text.
        assert [block.text for block in article.blocks] == [JAPANESE * 3] * 3


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("12.10.2015, 19:16 Uhr", datetime(2015, 10, 12, 19, 16)),
        ("Aktualisiert: 3.4.2021 um 8:05", datetime(2021, 4, 3, 8, 5)),
        ("04.03.2021 10:05:30", datetime(2021, 3, 4, 10, 5, 30)),
        ("Seite 1.12.10.2015 19:16", None),  # a dotted date glued to other digits is no date
        ("12.10.2015", None),  # no time: nothing near the headline gives one
    ],
)
def test_day_first_dotted_date_printed_under_the_headline(printed, expected):
    body = f"<h1>Harbour bridge to be rebuilt</h1><p>{printed}</p>" + f"<p>{PARAGRAPH * 2}</p>" * 3
    article = convert_one(page(body, lang="en"))
    assert article.published_at == (expected.replace(tzinfo=UTC) if expected else None)


@pytest.mark.parametrize(
    ("info", "expected"),
    [
        ("发布时间：2019-05-18", datetime(2019, 5, 18)),  # gsc.org.cn
        ("| 发布时间: 2018-05-17 | 浏览次数: 2168", datetime(2018, 5, 17)),  # sxmu.edu.cn
        ("发布日期: 2012-06-24", datetime(2012, 6, 24)),
        ("时间：2019年9月25日", datetime(2019, 9, 25)),
        ("发布时间：2019-05-181", None),  # the day runs on into other digits
        ("2019-05-18", None),  # no label: a date in the text may be anything's
    ],
)
def test_labelled_date_without_a_time_is_the_publication_date(info: str, expected: datetime | None):
    body = f"<h5>2019年中国人文地理学术年会在重庆成功举行！</h5><div>{info}</div>" + f"<p>{GEOGRAPHY}</p>" * 4
    html = f"<html><head><title>新闻动态--中国地理学会官网</title></head><body>{body}</body></html>"
    article = convert_one(Source.from_text(html, path="page.html"))
    china = timezone(timedelta(hours=8))
    assert article.published_at == (expected.replace(tzinfo=china) if expected else None)
    assert ("published-date-only" in article.flags) == (expected is not None)


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("January 13, 2020 at 08:45 AM | categories: Python", datetime(2020, 1, 13, 8, 45)),  # gregoryszorc.com
        ("Feb 1, 2015 11:57PM", datetime(2015, 2, 1, 23, 57)),
        ("Posted on March 13, 2015", None),  # a date without a time gives nothing here
    ],
)
def test_english_date_time_printed_under_a_headline(printed: str, expected: datetime | None):
    body = f'<div class="post"><h2>Harbour bridge to be rebuilt</h2><small>{printed}</small>'
    article = convert_one(page(body + f"<p>{PARAGRAPH * 2}</p>" * 3 + "</div>"))
    assert article.published_at == (expected.replace(tzinfo=UTC) if expected else None)


@pytest.mark.parametrize(
    ("lang", "offset"),
    [("de-AT", 1), ("de", 1), ("nl-BE", 1), ("sv-FI", 2), ("fi", 2), ("en", 0), ("fr", 0), ("es", 0)],
)
def test_naive_time_on_a_page_in_a_one_zone_language_is_local_time(lang: str, offset: int):
    head = '<title>t</title><meta property="article:published_time" content="2021-01-04T10:05:00">'
    article = convert_one(page(article_body(), head, lang=lang))
    assert article.published_at == datetime(2021, 1, 4, 10, 5, tzinfo=timezone(timedelta(hours=offset)))
    assert ("published-zone-unknown" in article.flags) == (lang in ("en", "fr", "es"))


def test_gbk_page_declared_in_meta_is_read_as_gb18030():
    original = (FIXTURES / "people-cn.html").read_text(encoding="utf-8")  # its meta says GB2312
    data = original.encode("gb18030")
    decoded = decode(data)
    source = Source(path="people-gbk.html", data=data, text=decoded.text, encoding=decoded.encoding)
    article = convert_one(source)
    assert article.provenance.encoding == "gb18030"
    assert article.title == "女儿出嫁，郑板桥画了几笔兰花当嫁妆"


@pytest.mark.parametrize("label", ["x-no-such-codec", "utf-8"])
def test_unknown_or_wrong_meta_charset_falls_back_to_detection(label):
    text = (
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="{label}"><title>港口大桥将重建</title></head>'
        "<body><article><h1>港口大桥将重建</h1>"
        + "<p>市议会周二投票决定重建旧港口大桥，这座桥自春季洪水以来一直关闭。</p>" * 6
        + "</article></body></html>"
    )
    data = text.encode("gb18030")
    decoded = decode(data)
    article = convert_one(Source(path="page.html", data=data, text=decoded.text, encoding=decoded.encoding))
    assert article.provenance.encoding == "gb18030"
    assert article.title == "港口大桥将重建"


def test_utf8_bytes_win_over_a_stale_meta_charset():
    text = (FIXTURES / "people-cn.html").read_text(encoding="utf-8")  # saved as UTF-8, its meta still says GB2312
    article = convert_one(Source.from_text(text, "people-resaved.html"))
    assert article.provenance.encoding == "utf-8"
    assert article.title == "女儿出嫁，郑板桥画了几笔兰花当嫁妆"


# --- detection -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(path.name for path in FIXTURES.glob("*.html")))
def test_fixtures_are_detected_as_html_pages(name):
    assert detect(fixture(name)).format == "html-page"


@pytest.mark.parametrize("seed", sorted(path.name for path in SEEDS.glob("*.txt")))
def test_seeds_are_not_html_pages(seed):
    data = (SEEDS / seed).read_bytes()
    assert html_page.sniff(Source(path=seed, data=data, text=data.decode("utf-8"))) == 0.0


@pytest.mark.parametrize(
    "text",
    [
        '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>',
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>',
        "# A heading\n\n<div>inline HTML in Markdown</div>\n",
        "<!--1739003943000-->\n[title](https://example.com/a)\n------\n<p>body</p>\n",
        "<p>just a fragment</p>",
    ],
    ids=["rss", "atom", "markdown", "rss-markdown", "fragment"],
)
def test_non_pages_are_not_claimed(text):
    assert html_page.sniff(Source.from_text(text)) == 0.0


@pytest.mark.parametrize(
    ("head", "score"),
    [
        ("<!DOCTYPE html>", 0.9),
        ('<?xml version="1.0"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN">', 0.9),
        ("", 0.9),
    ],
)
def test_documents_are_claimed(head, score):
    assert (
        html_page.sniff(Source.from_text(f"\ufeff{head}<html><head><title>t</title></head><body></body></html>"))
        == score
    )


# --- metadata order ------------------------------------------------------------------------------


def test_json_ld_headline_in_a_graph_wins_over_og_title():
    head = (
        '<title>Council backs bridge plan | Daily Port</title><meta property="og:title" content="OG title">'
        '<meta property="og:site_name" content="Daily Port">'
        '<script type="application/ld+json">{"@graph": [{"@type": "WebSite", "name": "Daily Port"},'
        '{"@type": ["NewsArticle"], "headline": "Council backs bridge plan",'
        '"datePublished": "2024-03-05T09:30:00+01:00",'
        '"author": [{"@id": "#jane"}], "publisher": {"@type": "Organization", "name": "Port Media"}},'
        '{"@id": "#jane", "@type": "Person", "name": "Jane Roe"}]}</script>'
    )
    article = convert_one(page(article_body(), head))
    assert article.title == "Council backs bridge plan"
    assert article.published_at == datetime(2024, 3, 5, 9, 30, tzinfo=timezone(timedelta(hours=1)))
    assert article.authors == ["Jane Roe"]
    assert article.source.name == "Daily Port"


def test_og_title_agreeing_with_the_h1_beats_a_search_engine_headline():
    head = (
        '<meta property="og:title" content="Harbour bridge to be rebuilt">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Bridge rebuild: council vote '
        'explained"}</script>'
    )
    assert convert_one(page(article_body(), head)).title == "Harbour bridge to be rebuilt"


def test_title_tag_agreeing_with_the_h1_beats_a_rewritten_og_title():
    head = (
        "<title>Harbour bridge to be rebuilt - Daily Port</title>"
        '<meta property="og:title" content="Port\u2019s bridge - to be rebuilt">'
    )
    assert convert_one(page(article_body(), head)).title == "Harbour bridge to be rebuilt"


def test_h1_with_straight_quotes_matches_a_curly_quoted_og_title():
    head = '<meta property="og:title" content="Mayor says &quot;the bridge stays&quot;">'
    body = article_body().replace("Harbour bridge to be rebuilt", "Mayor says “the bridge stays”")
    assert convert_one(page(body, head)).title == "Mayor says “the bridge stays”"


def test_site_name_inside_the_title_cuts_what_follows_it():
    head = (
        '<meta property="og:title" content="新竹尖石_美樹營地賞楓 (2) @ 史蒂文的家_藍天 :: 痞客邦 PIXNET ::">'
        '<meta property="og:site_name" content="史蒂文的家_藍天">'
    )
    body = "<h1>痞客邦 PIXNET</h1>" + article_body().replace("<h1>Harbour bridge to be rebuilt</h1>", "")
    assert convert_one(page(body, head)).title == "新竹尖石_美樹營地賞楓 (2)"


def test_outlet_in_brackets_after_the_shown_headline_goes():
    head = (
        '<meta property="og:title" content="港口大桥将重建（港口日报） - 新闻网">'
        '<meta property="og:site_name" content="新闻网">'
    )
    body = article_body().replace("Harbour bridge to be rebuilt", "港口大桥将重建")
    assert convert_one(page(body, head)).title == "港口大桥将重建"


@pytest.mark.parametrize(
    ("title_tag", "heading", "expected"),
    [
        (
            "港口大桥将重建，明年通车 港口市人民医院",
            '<div class="title">港口大桥将重建，明年通车</div>',
            "港口大桥将重建，明年通车",
        ),
        (
            "Harbour bridge to be rebuilt-PORT Daily",
            "<h4>Harbour bridge to be rebuilt</h4>",
            "Harbour bridge to be rebuilt",
        ),
        ("Bridge to be rebuilt", "<h1>Health Center</h1><h2>Bridge to be rebuilt</h2>", "Bridge to be rebuilt"),
    ],
)
def test_heading_that_begins_the_title_tag_is_the_shown_headline(title_tag: str, heading: str, expected: str):
    body = heading + "<div>" + f"<p>{PARAGRAPH * 2}</p>" * 3 + "</div>"
    assert convert_one(page(body, f"<title>{title_tag}</title>")).title == expected


LINK_LIST = "<ul>" + "<li><a href='/n'>学会新闻动态与通知公告</a></li>" * 12 + "</ul>"
GEOGRAPHY = "5月10-12日，2019年中国人文地理学术年会在重庆举行，来自一百二十余所高校的六百余名专家学者参加了会议。"


@pytest.mark.parametrize(
    ("heading", "between", "expected"),
    [
        # gsc.org.cn: the headline is an <h5> over the date line and the body; the <title> is section--site.
        ("<h5>2019年中国人文地理学术年会在重庆成功举行！</h5>", "<div>发布时间：2019-05-18 来源：中国地理学会</div>",
         "2019年中国人文地理学术年会在重庆成功举行！"),
        ("<h2>新闻动态</h2>", "", "新闻动态--中国地理学会官网"),  # the section's name, part of the <title>
        ("<h3>短标题</h3>", "", "新闻动态--中国地理学会官网"),  # too short for a headline
        # a list of links between: a heading of that list, not the body's
        ("<h5>2019年中国人文地理学术年会在重庆成功举行！</h5>", LINK_LIST, "新闻动态--中国地理学会官网"),
    ],
)  # fmt: skip
def test_headline_printed_above_the_body_when_the_title_tag_names_only_the_site(heading, between, expected):
    body = f'<div class="xq">{heading}{between}<div class="detailCon">' + f"<p>{GEOGRAPHY}</p>" * 4 + "</div></div>"
    html = f"<html><head><title>新闻动态--中国地理学会官网</title></head><body>{body}</body></html>"
    assert convert_one(Source.from_text(html, path="page.html")).title == expected


def test_heading_that_only_begins_a_word_of_the_title_tag_is_not_the_headline():
    body = "<h3>Harbour bri</h3><div>" + f"<p>{PARAGRAPH * 2}</p>" * 3 + "</div>"
    assert convert_one(page(body, "<title>Harbour bridge</title>")).title == "Harbour bridge"


def test_title_tag_loses_its_site_name_when_nothing_else_names_the_article():
    article = convert_one(
        page(
            f"<div><p>{PARAGRAPH * 2}</p><p>{PARAGRAPH * 2}</p></div>",
            "<title>Harbour bridge to be rebuilt - Daily Port</title>",
        )
    )
    assert article.title == "Harbour bridge to be rebuilt"


def test_og_title_with_a_section_takes_the_h1_form():
    head = '<meta property="og:title" content="Opinion | Harbour bridge to be rebuilt">'
    assert convert_one(page(article_body(), head)).title == "Harbour bridge to be rebuilt"


def test_json_ld_author_that_is_the_site_gives_way_to_the_byline():
    ld = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Harbour bridge to be rebuilt",'
        ' "author": {"@type": "Organization", "name": "futurezone.at"},'
        ' "publisher": {"@type": "Organization", "name": "futurezone.at"}}</script>'
    )
    body = '<article><h1>Harbour bridge to be rebuilt</h1><p class="byline">By Jane Doe</p>' + f"<p>{PARAGRAPH * 4}</p>"
    assert convert_one(page(body + "</article>", head=ld)).authors == ["Jane Doe"]


def test_meta_author_naming_the_outlet_and_its_town_is_no_author():
    head = (
        '<title>Harbour bridge to be rebuilt</title><meta property="og:site_name" content="SPIEGEL ONLINE">'
        '<meta name="author" content="SPIEGEL ONLINE, Hamburg, Germany">'
    )
    assert convert_one(page(article_body(), head=head)).authors == []


def test_meta_author_of_a_company_with_its_address_is_no_author():
    head = (
        '<title>Harbour bridge to be rebuilt</title><meta name="author" content="Süddeutsche.de GmbH, Munich, Germany">'
    )
    assert convert_one(page(article_body(), head=head)).authors == []


def test_author_archive_link_gives_the_name_without_its_wording():
    body = article_body().replace(
        "</article>", '<a rel="author" href="https://lemire.me/blog/author/lemire/">View all posts by Daniel Lemire</a>'
    )
    assert convert_one(page(body + "</article>")).authors == ["Daniel Lemire"]


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("Von Gregory Lipinski", ["Gregory Lipinski"]),
        ("Von Markus Balser, Berlin", ["Markus Balser"]),
        ("Par Jean Dupont et Marie Curie", ["Jean Dupont", "Marie Curie"]),
        ("By Jane Doe", ["Jane Doe"]),
    ],
)
def test_byline_line_opening_the_body_names_the_authors_and_goes(line: str, authors: list[str]):
    # German, French and Spanish papers open the story with "Von …"/"Par …"/"Por …" in a plain paragraph,
    # while teasers for other stories carry author classes: the story's own line wins over them.
    teaser = '<div class="teaser"><span class="teaser__author">Von Klaus Ott</span></div>'
    body = f"<article><h1>Harbour bridge to be rebuilt</h1><p>{line}</p>" + f"<p>{PARAGRAPH * 2}</p>" * 3
    article = convert_one(page(body + "</article>" + teaser))
    assert article.authors == authors
    assert [block.text for block in article.blocks] == [(PARAGRAPH * 2).strip()] * 3


def test_block_that_is_only_the_author_name_is_a_credit():
    head = '<title>Harbour bridge to be rebuilt</title><meta name="author" content="Jane Doe">'
    body = "<article><h1>Harbour bridge to be rebuilt</h1><p>Jane Doe</p>" + f"<p>{PARAGRAPH * 2}</p>" * 3
    article = convert_one(page(body + "<h3>jane doe</h3><p>Jane Doe writes</p></article>", head))
    assert article.authors == ["Jane Doe"]
    assert [block.text for block in article.blocks] == [(PARAGRAPH * 2).strip()] * 3 + ["Jane Doe writes"]


def test_camel_case_chrome_class_names_are_read_word_by_word():
    # sueddeutsche.de's author card is <div class="authorPopup authorPopup-mbal">: "popup" says chrome.
    card = (
        '<div class="authorPopup"><p>Jane Doe joined the paper in 2001 and has covered transport and energy'
        " ever since.</p></div>"
    )
    related = (
        '<div class="relatedArticles"><p>Another story about another bridge, with many words in it to count.</p></div>'
    )
    body = f"<article><h1>Harbour bridge to be rebuilt</h1>{card}<div>"
    article = convert_one(page(body + f"<p>{PARAGRAPH * 2}</p>" * 3 + f"</div>{related}</article>"))
    assert [block.text for block in article.blocks] == [(PARAGRAPH * 2).strip()] * 3


def test_sentence_opening_with_a_byline_word_stays():
    body = "<article><h1>Harbour bridge to be rebuilt</h1><p>Von Anfang an</p>" + f"<p>{PARAGRAPH * 2}</p>" * 3
    article = convert_one(page(body + "</article>"))
    assert article.authors == []
    assert article.blocks[0].text == "Von Anfang an"


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("By Antonio Regalado on December 4, 2014", ["Antonio Regalado"]),
        (
            "By Mike Wuerthele and Malcolm Owen Monday, November 18, 2019, 04:05 pm PT",
            ["Mike Wuerthele", "Malcolm Owen"],
        ),
        ("Joshua Sokol May 17, 2016", ["Joshua Sokol"]),
        ("By Theresa May", ["Theresa May"]),
    ],
)
def test_date_written_after_the_byline_names_is_cut(byline: str, expected: list[str]):
    body = f'<article><h1>Harbour bridge to be rebuilt</h1><p class="byline">{byline}</p><p>{PARAGRAPH * 4}</p>'
    assert convert_one(page(body + "</article>")).authors == expected


@pytest.mark.parametrize(
    "line", ["【纠错】 【责任编辑:张樵苏 】", "（编辑：严玉洁 王辉）", "【责任编辑：严玉洁】", "责任编辑：严玉洁"]
)
def test_editor_credit_lines_in_brackets_are_not_body(line: str):
    body = article_body().replace("</article>", f"<p>{line}</p></article>")
    article = convert_one(page(body))
    assert [block.text for block in article.blocks] == [PARAGRAPH.strip() + " " + PARAGRAPH.strip()] * 3


@pytest.mark.parametrize(
    "h1",
    [
        'Harbour bridge to be rebuilt <a href="#" class="addtowatchlist" title="Add to ...">Add to ...</a>',
        '<span class="define">Harbour bridge to be rebuilt</span><a href="/mallorca.html">Ultima Hora Mallorca</a>',
    ],
)
def test_link_closing_the_h1_after_its_text_is_not_part_of_the_title(h1: str):
    head = "<title>Harbour bridge to be rebuilt » Local » Noticias » Ultima Hora Mallorca</title>"
    body = f"<article><h1>{h1}</h1>" + f"<p>{PARAGRAPH * 2}</p>" * 3 + "</article>"
    assert convert_one(page(body, head=head)).title == "Harbour bridge to be rebuilt"


def test_h1_naming_the_site_at_the_end_of_the_title_tag_is_the_logo():
    # qdaily.com: a hidden <h1> holds the site's name; the <title> is "headline_channel_site".
    head = "<title>这个约会软件，想用你和对方的相似好恶来帮你找对象_智能_好奇心日报</title>"
    body = '<h1 class="hidden">好奇心日报</h1><div class="article">' + f"<p>{PARAGRAPH * 2}</p>" * 3 + "</div>"
    assert convert_one(page(body, head=head)).title == "这个约会软件，想用你和对方的相似好恶来帮你找对象"


def test_h1_that_is_the_first_part_of_the_title_tag_is_the_headline():
    head = "<title>Harbour bridge to be rebuilt | Port Gazette</title>"
    assert convert_one(page(article_body(), head=head)).title == "Harbour bridge to be rebuilt"


def test_h1_that_is_wholly_a_link_keeps_its_text():
    body = '<article><h1><a href="/story">Harbour bridge to be rebuilt</a></h1>' + f"<p>{PARAGRAPH * 2}</p>" * 3
    assert convert_one(page(body + "</article>", head="<title>Home</title>")).title == "Harbour bridge to be rebuilt"


def test_date_only_in_the_url_is_flagged():
    head = '<title>Harbour bridge to be rebuilt</title><link rel="canonical" href="https://port.example/news/2023/07/14/bridge">'
    article = convert_one(page(article_body(), head))
    assert article.published_at == datetime(2023, 7, 14, tzinfo=UTC)
    assert article.flags == ["published-at-from-url", "published-date-only"]


def test_english_date_with_a_zone_abbreviation():
    head = '<title>t</title><meta property="article:published_time" content="November 19, 2019, 07:47 PM EST">'
    article = convert_one(page(article_body(), head))
    assert article.published_at == datetime(2019, 11, 19, 19, 47, tzinfo=timezone(timedelta(hours=-5)))
    assert article.published_offset_assumed is False


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2024-05-21t12:00:00z", datetime(2024, 5, 21, 12, tzinfo=UTC)),  # lower case, as RFC 3339 allows
        ("2024-05-21t12:00:00+02:00", datetime(2024, 5, 21, 12, tzinfo=timezone(timedelta(hours=2)))),
        ("2024-05-21T12:00:00z", datetime(2024, 5, 21, 12, tzinfo=UTC)),  # "T" and "Z" each in either case
        ("2024-05-21 12:00:00.5z", datetime(2024, 5, 21, 12, 0, 0, 500000, tzinfo=UTC)),
    ],
)
def test_meta_date_in_lower_case_iso_8601(written: str, expected: datetime):
    head = f'<title>t</title><meta property="article:published_time" content="{written}">'
    article = convert_one(page(article_body(), head))
    assert article.published_at == expected
    assert article.published_offset_assumed is False


def test_meta_and_byline_authors_lose_their_trimmings():
    body = article_body().replace("</h1>", '</h1><p class="byline">By TOM KRISHER, AP Auto Writer</p>')
    assert convert_one(page(body)).authors == ["TOM KRISHER"]


def test_social_handle_in_the_author_meta_gives_way_to_the_byline():
    # nationalgeographic.co.uk: article:author is the outlet's Twitter account, the byline names the writer.
    head = '<title>t</title><meta property="article:author" content="@NatGeoUK">'
    body = article_body().replace("</h1>", '</h1><div class="contributors--author">By Michael Hingston</div>')
    assert convert_one(page(body, head)).authors == ["Michael Hingston"]


@pytest.mark.parametrize("byline", ["Author: Julia Hitz (eg)", "Von Julia Hitz (dpa)"])
def test_initials_of_an_editor_or_agency_code_after_the_name_go(byline: str):
    # DW closes a byline with the editor's initials in brackets; German papers with the agency's code.
    body = article_body().replace("</h1>", f'</h1><p class="author">{byline}</p>')
    assert convert_one(page(body)).authors == ["Julia Hitz"]


@pytest.mark.parametrize("outlet", ["证券时报网", "中国青年报", "新华社", "央视新闻"])
def test_chinese_outlet_in_the_author_meta_is_no_author(outlet: str):
    # stcn.com: <meta name="author" content="证券时报网"> with no og:site_name to say it is the site.
    head = f'<title>t</title><meta name="author" content="{outlet}">'
    assert convert_one(page(article_body(), head)).authors == []


def test_chinese_person_in_the_author_meta_is_an_author():
    head = '<title>t</title><meta name="author" content="李在山">'
    assert convert_one(page(article_body(), head)).authors == ["李在山"]


@pytest.mark.parametrize("bio_class", ["authorDesc", "author-bio", "author-description"])
def test_author_biography_is_not_read_as_a_byline(bio_class: str):
    # remember8090.it: the author card's name is a user name ("rmb8090"); its description is a sentence
    # ("Siamo un memorabilia del meglio dei fantastici 80/90!") whose first word was taken for a name.
    card = f'<div class="{bio_class}">Siamo un memorabilia del meglio dei fantastici 80/90!</div>'
    body = article_body().replace("</article>", card + "</article>")
    assert convert_one(page(body)).authors == []


@pytest.mark.parametrize(
    ("info", "authors"),
    [
        # stcn.com: the info line under the <h2> headline; the author meta is the site.
        ("<span>来源：证券时报网</span><span>作者：李在山</span>", ["李在山"]),
        ("<span>作者：李在山、王五</span>", ["李在山", "王五"]),
        ("<span>作者：证券时报网</span>", []),  # an outlet, not a person
        ("<span>作者简介请见文末</span>", []),  # no label with a colon
        ("<span>作者：网络整理</span>", []),  # ednchina.com: "compiled from the web" names no one
        ("<span>作者：佚名</span>", []),  # "anonymous"
        ('<a class="articleHeader_name" href="/author/180/">著者：後藤大地</a>', ["後藤大地"]),  # news.mynavi.jp
    ],
)
def test_labelled_author_in_the_info_line_under_the_headline(info: str, authors: list[str]):
    text = "证券时报e公司讯，当升科技以九千六百万元竞得常州市工业用地，将为公司常州锂电新材料产业基地提供用地。"
    body = f'<h2>午间公告：天奇股份中标广汽丰田项目</h2><div class="info">2019-09-26 12:11{info}</div>'
    body += '<div class="txt_con">' + f"<p>{text}</p>" * 4 + "</div>"
    html = f"<html><head><title>午间公告：天奇股份中标广汽丰田项目_证券时报网</title></head><body>{body}</body></html>"
    assert convert_one(Source.from_text(html, path="page.html")).authors == authors


@pytest.mark.parametrize(
    ("ld_author", "authors"),
    [
        ("Troy L. Smith, Cleveland.com", ["Troy L. Smith"]),  # cleveland.com: the outlet beside the name
        ("Kulu Media News Desk", []),  # kulu-media.com: a desk
        ("Letters To The Editor", []),  # mercurynews.com: the letters page
        ("Smith, Troy", ["Smith, Troy"]),  # no outlet beside it: written as the page wrote it
    ],
)
def test_json_ld_author_loses_the_outlet_beside_it_and_a_desk_is_nobody(ld_author: str, authors: list[str]):
    ld = orjson.dumps({"@type": "NewsArticle", "headline": "t", "author": {"@type": "Person", "name": ld_author}})
    head = f'<title>t</title><script type="application/ld+json">{ld.decode()}</script>'
    assert convert_one(page(article_body(), head)).authors == authors


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        ("By Jane Doe Deputy Editor", ["Jane Doe"]),  # a role after the name goes, the name stays
        ("By Jane Doe, Editor", ["Jane Doe"]),
        ("By Jane Doe, Senior Writer", ["Jane Doe"]),
        ("By The Editors", []),
    ],
)
def test_byline_roles_go_and_names_stay(byline: str, authors: list[str]):
    body = article_body().replace("</h1>", f'</h1><p class="byline">{byline}</p>')
    assert convert_one(page(body)).authors == authors


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        # a section or town after the name (phoronix.com: "Written by … in Valve on 1 June 2019 at 08:34 PM EDT")
        ("Written by Michael Larabel in Valve on 1 June 2019 at 08:34 PM EDT.", ["Michael Larabel"]),
        ("By Jane Doe at Brussels", ["Jane Doe"]),
        ("By Ursula von der Leyen", ["Ursula von der Leyen"]),  # particles are part of a name
        # a byline element holding only its date (deadline.com put the name in a button, which is no text)
        ("April 15, 2019 6:18am", []),
    ],
)
def test_byline_keeps_the_name_without_what_follows_it(byline: str, authors: list[str]):
    body = article_body().replace("</h1>", f'</h1><div class="author__byline">{byline}</div>')
    assert convert_one(page(body)).authors == authors


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        # timesofindia.com: name, agency code and update time parted by slashes
        ("<a>Saibal Dasgupta</a> / TNN / <span>Updated: Oct 9, 2019, 11:05 IST</span>", ["Saibal Dasgupta"]),
        ("Politik · Jochen Bittner, Tina Hildebrandt", ["Jochen Bittner", "Tina Hildebrandt"]),  # epaper.zeit.de
        ("James Akinaka • 8h", ["James Akinaka"]),  # a name before the dot stays the name
        # liberation.fr: names in capitals, then the reporters' role
        ("LILIAN ALEMAGNA et LAURE BRETTON Envoyés spéciaux à Toulouse", ["LILIAN ALEMAGNA", "LAURE BRETTON"]),
    ],
)
def test_byline_parts_around_the_names_go(byline: str, authors: list[str]):
    body = article_body().replace("</h1>", f'</h1><div class="byline">{byline}</div>')
    assert convert_one(page(body)).authors == authors


def test_saved_page_with_meta_values_and_an_agency_standards_footer():
    article = convert_one(fixture("reuters-meta-value-standards.html"))
    assert article.title == "Fed lifts rates, sees faster pace of hikes in Trump's first year"
    assert article.authors == ["Howard Schneider", "Lindsay Dunsmuir"]
    assert article.published_at == datetime(2016, 12, 14, 6, 2, 15, tzinfo=UTC)
    assert article.blocks[-1].text.startswith("Reporting by Howard Schneider; Additional reporting by Lindsay Dunsmuir")
    assert not any("Trust Principles" in block.text for block in article.blocks)


def _story_with_a_header(header_lines: str) -> Source:
    header = f'<header class="article-header"><h1>Harbour bridge to be rebuilt</h1>{header_lines}</header>'
    story = '<div itemprop="articleBody">' + f"<p>{PARAGRAPH * 2}</p>" * 3 + "</div>"
    return page(f'<div class="story">{header}{story}</div>')


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ('<p>By <a href="/j">Jane Doe</a></p>', ["Jane Doe"]),
        ("<div><span>Von Gregory Lipinski</span></div>", ["Gregory Lipinski"]),
    ],
)
def test_byline_line_under_the_headline_outside_the_body_names_the_authors(line: str, authors: list[str]):
    assert convert_one(_story_with_a_header(line)).authors == authors


def test_byline_line_after_the_story_text_has_begun_is_not_the_headlines():
    line = f"<p>{PARAGRAPH * 2}</p><p>By Jane Doe</p>"
    assert convert_one(_story_with_a_header(line)).authors == []


def test_author_item_of_a_labelled_fact_list_outranks_a_gallery_credit():
    # dw.com: the story's facts in a list beside it; a picture gallery in the story credits its own author.
    facts = "<ul><li><strong>Date</strong> 19.01.2020</li><li><strong>Author</strong> Ben Knight</li></ul>"
    gallery = '<div class="gallery"><p class="author">Author: Julia Hitz (eg)</p></div>'
    body = article_body().replace("</article>", gallery + "</article>") + f'<div class="col1 dim">{facts}</div>'
    assert convert_one(page(body)).authors == ["Ben Knight"]


def test_date_item_of_a_labelled_fact_list_is_the_publication_date():
    facts = "<ul><li><strong>Date</strong> 10.06.2013</li><li><strong>Author</strong> Julian Tompkin</li></ul>"
    article = convert_one(page(article_body() + facts))
    assert (article.published_at, article.flags) == (datetime(2013, 6, 10, tzinfo=UTC), ["published-date-only"])


def test_date_item_without_a_date_is_not_read():
    article = convert_one(page(article_body() + "<ul><li><strong>Date</strong> to be announced</li></ul>"))
    assert (article.published_at, article.flags) == (None, [])


@pytest.mark.parametrize(
    "item", ["<li><strong>Authors</strong> of the plan met on Friday.</li>", "<li>The <b>author</b> Jane Doe</li>"]
)
def test_list_item_mentioning_authors_in_a_sentence_names_no_one(item: str):
    body = article_body().replace("</article>", f"<ul>{item}</ul></article>")
    assert convert_one(page(body)).authors == []


def test_meta_tags_written_with_value_are_read():
    # The Mercury parser's saved test pages carry every meta tag's value in `value`.
    head = (
        '<title>t</title><meta name="author" value="Keith Noonan">'
        '<meta property="article:published_time" value="2017-01-09T15:05:00Z">'
    )
    article = convert_one(page(article_body(), head))
    assert (article.authors, article.published_at) == (["Keith Noonan"], datetime(2017, 1, 9, 15, 5, tzinfo=UTC))


def test_company_in_the_author_meta_gives_way_to_the_next_author():
    head = '<title>t</title><meta name="author" content="mediagene Inc."><meta name="author" content="小暮ひさのり">'
    assert convert_one(page(article_body(), head)).authors == ["小暮ひさのり"]


def test_bracketed_byline_loses_the_outlet_the_host_is_named_for():
    # itmedia.co.jp writes "[田中宏昌，ITmedia]" under its headlines.
    head = (
        '<title>t</title><link rel="canonical" href="https://www.itmedia.co.jp/pcuser/articles/1904/26/news001.html">'
    )
    body = article_body().replace("</h1>", '</h1><div id="byline"><b>[</b>田中宏昌，<b>ITmedia]</b></div>')
    assert convert_one(page(body, head)).authors == ["田中宏昌"]


def test_author_named_like_the_host_alone_is_the_blogger():
    head = '<title>t</title><link rel="canonical" href="https://janedoe.com/2020/bridge">'
    body = article_body().replace("</h1>", '</h1><p class="byline">By Jane Doe</p>')
    # "Jane Doe" is written like the host's name, janedoe.com: on a personal blog that is the author.
    assert convert_one(page(body, head)).authors == ["Jane Doe"]


@pytest.mark.parametrize(
    ("meta_author", "site"),
    [("elmundo.es", "El Mundo"), ("Ediciones El País", "EL PAÍS")],
)
def test_meta_author_that_is_the_outlet_gives_way_to_author_links(meta_author: str, site: str):
    head = (
        f'<title>t</title><meta name="author" content="{meta_author}"><meta property="og:site_name" content="{site}">'
    )
    body = article_body().replace(
        "</h1>",
        '</h1><p>Por <a rel="author" href="/a">María R. Sahuquillo</a> y '
        '<a rel="author" href="/b">Emilio de Benito</a></p>',
    )
    assert convert_one(page(body, head)).authors == ["María R. Sahuquillo", "Emilio de Benito"]


def test_byline_naming_a_desk_is_nobody():
    body = article_body().replace("</h1>", '</h1><p class="byline">By <a rel="author">Letters To The Editor</a></p>')
    assert convert_one(page(body)).authors == []


# --- base href and links -------------------------------------------------------------------------


def test_base_href_resolves_relative_links_and_images():
    head = '<title>t</title><base href="https://cdn.port.example/news/"><link rel="canonical" href="https://port.example/a">'
    body = article_body().replace(
        "</article>",
        '<p>See <a href="report.pdf">the report</a>. <img src="img/bridge.jpg" alt="The bridge"></p></article>',
    )
    article = convert_one(page(body, head))
    assert article.url == "https://port.example/a"
    assert [link.model_dump() for link in article.links] == [
        {"url": "https://cdn.port.example/news/report.pdf", "text": "the report"}
    ]
    assert article.images[-1].model_dump() == {
        "url": "https://cdn.port.example/news/img/bridge.jpg",
        "caption": "The bridge",
    }


@pytest.mark.parametrize("base", ["javascript:alert(1)", "data:text/html,x", "//", "   "])
def test_unusable_base_href_is_ignored(base):
    head = f'<title>t</title><base href="{base}"><link rel="canonical" href="https://port.example/a">'
    body = article_body().replace("</article>", '<p>See <a href="/report">the report</a>.</p></article>')
    article = convert_one(page(body, head))
    assert [link.url for link in article.links] == ["https://port.example/report"]


def test_relative_base_resolves_against_the_canonical_url():
    head = '<title>t</title><link rel="canonical" href="https://port.example/news/a"><base href="../files/">'
    body = article_body().replace("</article>", '<p>See <a href="r.pdf">the report</a>.</p></article>')
    assert [link.url for link in convert_one(page(body, head)).links] == ["https://port.example/files/r.pdf"]


def test_von_byline_opening_a_german_interview_names_its_author():
    # meedia.de: no author in the head or the JSON-LD; the story opens with a "Von Gregory Lipinski" paragraph.
    article = convert_one(fixture("meedia-von-byline.html"))
    assert article.title == (
        "Einstieg ins TV-Geschäft: Wie Freenet Privatkunden für Antennen-TV in HD-Qualität gewinnen will"
    )
    assert article.authors == ["Gregory Lipinski"]
    assert len(article.blocks) == 16
    assert article.blocks[0].text.startswith("Herr Vilanek, in Deutschland gibt es sieben Millionen TV-Haushalte")
    assert article.blocks[-1].text.endswith("und wir haben keinerlei Pläne, das zu verändern.")


def test_story_boxed_in_an_aside_with_its_headline_and_marked_body_is_read():
    # rnz.de puts the whole story (header, <h1>, itemprop=articleBody) in an <aside> that holds a fifth of
    # the page's text; pruning it as a sidebar left no article at all.
    article = convert_one(fixture("rnz-aside-article.html"))
    assert article.title == "Frank Witzel erhält Deutschen Buchpreis 2015"
    assert len(article.blocks) == 1
    assert article.text.startswith("Frankfurt/Main (dpa) - Für einen Roman über die alte Bundesrepublik")
    assert article.text.endswith("gilt als wichtigste Auszeichnung der Branche.")
    assert len(article.text) == 603
    # "12.10.2015, 19:16 Uhr" under the headline, on a German page: Central European Summer Time.
    assert article.published_at == datetime(2015, 10, 12, 19, 16, tzinfo=timezone(timedelta(hours=2)))
    assert article.published_offset_assumed is True
    assert "published-zone-unknown" not in article.flags


def test_aside_with_a_headline_but_no_marked_body_is_still_a_sidebar():
    aside = f"<aside><h1>Most read</h1><p>{PARAGRAPH}</p></aside>"
    article = convert_one(page(aside + article_body().replace("<h1>Harbour bridge to be rebuilt</h1>", "")))
    assert "Most read" not in article.text
    assert article.text.count(PARAGRAPH.strip()) == 6


def test_marked_body_inside_a_marked_wrapper_is_the_body():
    # thepaper.cn: <div class="newscontent"> holds the breadcrumb, the byline and date, a font-size switch,
    # the <div class="news_txt"> body and a keywords line; both class names mark article bodies.
    story = "".join(f"<p>{PARAGRAPH * 2}</p>" for _ in range(5))
    body = (
        '<div class="newscontent"><div class="news_path"><a href="/">首页</a> &gt; <a href="/l">10%公司</a></div>'
        '<h1>Harbour bridge to be rebuilt</h1><div class="news_about"><p>石佳/中国青年报</p><p>2019-09-24 09:10</p>'
        f'<div class="font_size"><span>字号</span></div></div><div class="news_txt">{story}</div>'
        '<div class="news_keyword">关键词 &gt;&gt; 共享充电宝</div></div>'
    )
    article = convert_one(page(body))
    assert [block.text for block in article.blocks] == [(PARAGRAPH * 2).strip()] * 5


def test_marked_body_holding_less_than_the_wrapper_text_leaves_the_wrapper():
    # A lede outside the inner body is a fifth of the text: the wrapper stays the body.
    lede = f'<p class="lede">{PARAGRAPH * 2}</p>'
    story = "".join(f"<p>{PARAGRAPH * 2}</p>" for _ in range(3))
    body = (
        f'<div class="article-content"><h1>Harbour bridge to be rebuilt</h1>{lede}'
        f'<div class="article-body">{story}</div></div>'
    )
    article = convert_one(page(body))
    assert [block.text for block in article.blocks] == [(PARAGRAPH * 2).strip()] * 4


def test_main_holding_a_list_of_whole_stories_is_not_the_story():
    # correctiv.org prints the topic's stories in full, each an <article>, in one <main>: the page's own
    # story is the longest <article>, not the <main> around all of them.
    story = "<article><h2>Harbour bridge to be rebuilt</h2>" + f"<p>{PARAGRAPH * 2}</p>" * 4 + "</article>"
    others = "".join(f"<article><h2>Ferry {n}</h2>" + f"<p>{FERRY}</p>" * 3 + "</article>" for n in range(3))
    article = convert_one(page(f"<main><h1>Aktuelle Artikel</h1>{story}{others}</main>"))
    assert [block.text for block in article.blocks] == [(PARAGRAPH * 2).strip()] * 4


FERRY = "The ferry to the islands runs again from Monday, after two months in the yard for a new engine. "


def _page_with_a_next_story(next_head: str) -> Source:
    # The shape of kulu-media.com (Zox News theme): the next stories are loaded into the article's <main>.
    story = "".join(f"<p>{PARAGRAPH * 2}</p>" for _ in range(3))
    following = "".join(f"<p>{FERRY * 2}</p>" for _ in range(4))
    body = (
        "<main><article><header><h1>Harbour bridge to be rebuilt</h1></header>"
        f'<div class="post-content">{story}<div id="post-add-box"><div class="post-add-story">'
        f'<div class="post-add-head"><h3><a href="/tech/">Tech</a></h3>{next_head}</div>'
        f'<div class="post-add-body">{following}</div></div></div></div></article></main>'
    )
    return page(body)


def test_next_story_appended_under_its_own_headline_is_cut():
    next_head = '<h1>Ferry service resumes</h1><div class="author-info"><a rel="author" href="/u/1">Jane Doe</a></div>'
    article = convert_one(_page_with_a_next_story(next_head))
    assert [block.text for block in article.blocks] == [(PARAGRAPH * 2).strip()] * 3


def test_thousands_of_appended_stories_are_all_cut():
    # Each next story's <h1> looks at the dozen elements after it, walked lazily: an XPath following:: axis
    # gathered the whole rest of the page for every one of them, quadratic on a page of thousands.
    stories = "".join(
        f'<div><h1>Story {number}</h1><time datetime="2024-01-01">1 Jan</time><p>{FERRY}</p></div>'
        for number in range(3000)
    )
    story = f"<p>{PARAGRAPH * 2}</p>" * 3
    body = f"<main><article><h1>Harbour bridge to be rebuilt</h1>{story}{stories}</article></main>"
    article = convert_one(page(body))
    assert [block.text for block in article.blocks] == [(PARAGRAPH * 2).strip()] * 3


@pytest.mark.parametrize("limit", [1, 3, 12])
def test_following_elements_are_xpaths_following_axis(limit: int) -> None:
    from lxml import etree, html

    root = html.fromstring(
        "<div><p><b>a</b><h1 id='h'><i>in</i></h1><!-- c --><span>b<em>c</em></span></p><ul><li>d</li></ul></div>"
    )
    heading = root.get_element_by_id("h")
    expected = etree.XPath(f"following::*[position() <= {limit}]")(heading)
    assert list(html_page._following_elements(heading, limit)) == expected


def test_article_own_h1_worded_unlike_the_title_is_not_a_next_story():
    head = '<title>t</title><meta property="og:title" content="The old harbour bridge will be rebuilt">'
    body = (
        '<main><article><h1>Harbour bridge to be rebuilt</h1><div class="byline">By Jane Doe</div>'
        + f"<p>{PARAGRAPH * 2}</p>" * 3
        + "</article></main>"
    )
    article = convert_one(page(body, head))
    assert article.title == "The old harbour bridge will be rebuilt"
    assert [block.text for block in article.blocks] == [
        "Harbour bridge to be rebuilt",
        *[(PARAGRAPH * 2).strip()] * 3,
    ]


def test_h1_used_as_a_subheading_stays():
    article = convert_one(_page_with_a_next_story("<h1>Ferry service resumes</h1>"))
    assert [block.text for block in article.blocks] == [
        *[(PARAGRAPH * 2).strip()] * 3,
        "Tech",
        "Ferry service resumes",
        *[(FERRY * 2).strip()] * 4,
    ]


def test_json_ld_article_body_stands_in_for_a_page_that_lacks_the_story():
    # scmp.com saved by a crawler: the HTML holds the headline, a photo caption, the columnist's bio and
    # "READ FULL ARTICLE"; the story itself is only in the JSON-LD articleBody (one line, no breaks).
    article = convert_one(fixture("scmp-json-ld-body.html"))
    assert article.title == (
        "Taiwanese President Tsai Ing-wen\u2019s political playbook should be essential reading for Hong Kong "
        "leader Carrie Lam"
    )
    assert article.published_at == datetime(2020, 1, 20, 10, 0, 8, tzinfo=timezone(timedelta(hours=8)))
    assert article.authors == ["Alice Wu"]
    assert len(article.blocks) == 1
    assert len(article.text) == 4311
    assert article.text.startswith("Taiwanese President Tsai Ing-wen\u2019s spectacular re-election was no easy feat.")
    assert article.text.endswith(
        "Alice Wu is a political consultant and a former associate director of the Asia Pacific Media Network at UCLA"
    )
    assert "READ FULL ARTICLE" not in article.text


def _ld_body_page(html_paragraphs: int, ld_body: str) -> Source:
    ld = orjson.dumps({"@type": "NewsArticle", "headline": "Harbour bridge to be rebuilt", "articleBody": ld_body})
    head = f'<title>Harbour bridge to be rebuilt</title><script type="application/ld+json">{ld.decode()}</script>'
    return page(article_body(html_paragraphs), head)


def test_json_ld_article_body_lines_are_paragraphs_when_the_html_has_no_body():
    lines = [f"Line {n}. {PARAGRAPH}" for n in range(4)]
    article = convert_one(_ld_body_page(0, "\n".join(lines)))
    assert [block.text for block in article.blocks] == [line.strip() for line in lines]


def test_json_ld_article_body_written_as_html_goes_through_the_walker():
    body = f"<p>{PARAGRAPH}</p><h2>Costs</h2><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p>"
    article = convert_one(_ld_body_page(0, body))
    assert [(block.kind, block.text) for block in article.blocks] == [
        ("paragraph", PARAGRAPH.strip()),
        ("heading", "Costs"),
        ("paragraph", PARAGRAPH.strip()),
        ("paragraph", PARAGRAPH.strip()),
    ]


def test_html_body_holding_half_the_json_ld_text_is_kept():
    # The HTML holds 6 paragraph lengths, the JSON-LD 10: not twice as much, so the HTML (with its structure
    # and links) is the body.
    article = convert_one(_ld_body_page(3, " ".join([PARAGRAPH * 2] * 5)))
    assert [block.text for block in article.blocks] == [(PARAGRAPH * 2).strip()] * 3


# --- pages without an article --------------------------------------------------------------------


def test_index_page_of_links_is_no_body():
    items = "".join(
        f'<li><a href="/news/{n}">Story number {n} about the harbour and its bridge</a></li>' for n in range(60)
    )
    assert rejected(page(f"<nav><ul>{items}</ul></nav><main><ul>{items}</ul></main>")) == "no-body"


def test_login_wall_is_no_body():
    body = (
        '<form action="/login"><h1>Sign in</h1><input name="user"><input type="password"><button>Log in</button></form>'
    )
    assert rejected(page(body, "<title>Sign in</title>")) == "no-body"


def test_not_found_page_is_no_body():
    body = (
        "<header>Daily Port</header><h1>Page not found</h1><p>Sorry, we could not find that page.</p>"
        "<footer>© Daily Port</footer>"
    )
    assert rejected(page(body, "<title>404 Not Found</title>")) == "no-body"


def test_home_page_is_no_body():
    head = '<title>Daily Port</title><link rel="canonical" href="https://port.example/">'
    assert rejected(page(article_body(), head)) == "no-body"


def test_page_without_any_title_is_no_title():
    assert rejected(page(f"<div><p>{PARAGRAPH * 2}</p><p>{PARAGRAPH * 2}</p></div>", head="")) == "no-title"


@pytest.mark.parametrize(
    "line", ["April 15, 2019 6:18am", "2019.04.19 20:00", "December 15, 20163:33 PM ET", "Updated: 2019-04-19 08:00"]
)
def test_date_line_above_the_text_is_not_body(line: str):
    # deadline.com, gizmodo.jp and npr.org print the story's time between the headline and the text.
    body = article_body().replace("</h1>", f"</h1><p>{line}</p>")
    assert [block.text for block in convert_one(page(body)).blocks] == [PARAGRAPH.strip() + " " + PARAGRAPH.strip()] * 3


@pytest.mark.parametrize(
    "text", ["At 6:18am on April 15, 2019 the bridge closed.", "Votes: 2019.04.19 20:00, then again in May."]
)
def test_short_sentence_naming_a_time_above_the_text_stays(text: str):
    body = article_body().replace("</h1>", f"</h1><p>{text}</p>")
    assert convert_one(page(body)).blocks[0].text == text


def _linked_headlines(*titles: str) -> str:
    return "".join(f'<h3><a href="/story-{n}">{title}</a></h3>' for n, title in enumerate(titles))


def test_linked_headlines_closing_the_body_are_a_story_list():
    # deadline.com: a "Must Read Stories" list whose label stood in a pruned <header>.
    headlines = _linked_headlines("Jon Hamm joins the morning show", "Golden Globes return is not a done deal")
    article = convert_one(page(article_body().replace("</article>", headlines + "</article>")))
    assert [block.text for block in article.blocks] == [PARAGRAPH.strip() + " " + PARAGRAPH.strip()] * 3


def test_one_linked_heading_closing_the_body_or_linked_subheadings_with_text_stay():
    body = article_body().replace("</article>", _linked_headlines("Read the council minutes") + "</article>")
    assert convert_one(page(body)).blocks[-1].text == "Read the council minutes"
    sections = _linked_headlines("The bridge") + f"<p>{PARAGRAPH}</p>" + _linked_headlines("The ferry")
    sections += f"<p>{PARAGRAPH}</p>"
    texts = [block.text for block in convert_one(page(article_body().replace("</article>", sections))).blocks]
    assert texts[-4:] == ["The bridge", PARAGRAPH.strip(), "The ferry", PARAGRAPH.strip()]


def test_next_story_cards_do_not_outweigh_a_short_story():
    # boingboing.net: a two-paragraph post, then six "nextstory" cards each longer than its paragraphs.
    story = f'<div id="story"><p>{PARAGRAPH * 3}</p><p>(via Geeks Are Sexy)</p></div>'
    card = '<div class="nextstory"><h2>Patti Smith joins the choir</h2><p>' + "The good folks are still singing. " * 12
    cards = '<div class="next-post-thumbnails">' + (card + "</p></div>") * 6 + "</div>"
    article = convert_one(page(f'<div id="container">{story}{cards}</div>'))
    assert [block.text for block in article.blocks] == [(PARAGRAPH * 3).strip(), "(via Geeks Are Sexy)"]


def test_link_past_the_url_bound_is_dropped_not_the_page():
    # A link to an article whose percent-encoded Chinese title is 9,000 characters long (a saved qdaily.com page).
    huge = "http://www.example.com/articles/" + "%E6%97%A0" * 1000
    body = article_body().replace(
        "</article>",
        f'<p>{PARAGRAPH} <a href="{huge}">the minutes</a> <a href="https://www.example.com/x">here</a></p></article>',
    )
    article = convert_one(page(body))
    assert [link.url for link in article.links] == ["https://www.example.com/x"]
    assert article.blocks[-1].text.startswith(PARAGRAPH.strip())


def test_chrome_is_never_body():
    chrome = (
        '<nav><a href="/">Home</a></nav><div class="cookie-banner">We use cookies. Accept all cookies now.</div>'
        '<div class="share-bar"><a href="https://twitter.com/intent/tweet">Share</a></div>'
        '<aside class="related"><p>Related: another long story about a completely different harbour.</p></aside>'
        '<div id="comments"><p>Great article, I have always said the bridge should be rebuilt!</p></div>'
        '<div class="newsletter-signup"><p>Sign up for our newsletter to get the news every morning.</p></div>'
        "<footer><p>© 2024 Daily Port. All rights reserved.</p></footer>"
    )
    article = convert_one(page(article_body(2).replace("</article>", chrome + "</article>")))
    assert [block.text for block in article.blocks] == [(PARAGRAPH * 2).strip()] * 2


# --- hostile pages -------------------------------------------------------------------------------


def test_hundred_thousand_deep_nesting_keeps_what_libxml2_builds():
    # libxml2 builds at most a few thousand levels: the paragraphs before the deep part are the article.
    deep = "<div>" * 100_000 + "deep text" + "</div>" * 100_000
    article = convert_one(page(article_body(3).replace("</article>", deep + f"<p>{PARAGRAPH}</p></article>")))
    assert [block.text for block in article.blocks] == [(PARAGRAPH * 2).strip()] * 3


def test_all_script_page_is_no_body():
    scripts = "".join(f"<script>var chunk{n} = '{'x' * 5000}';</script>" for n in range(50))
    assert rejected(page(scripts + "<noscript>Please enable JavaScript.</noscript>")) == "no-body"


def test_infinite_meta_refresh_is_ignored():
    head = '<title>Harbour bridge to be rebuilt</title><meta http-equiv="refresh" content="0; url=page.html">'
    assert rejected(page("", head)) == "no-body"
    article = convert_one(page(article_body(), head))
    assert article.title == "Harbour bridge to be rebuilt"


def test_fifty_megabyte_page_is_too_large_for_the_default_limit(tmp_path):
    path = tmp_path / "huge.html"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("<!DOCTYPE html><html><head><title>Huge</title></head><body><article>")
        for _ in range(50 * 1024 * 1024 // len(PARAGRAPH) + 1):
            handle.write(PARAGRAPH)
        handle.write("</article></body></html>")
    outcome = process(Input("huge.html", path))
    assert outcome.reject is not None
    assert (outcome.reject.code, outcome.reject.message) == (
        "too-large",
        "larger than the limit of 8388608 bytes (see --max-bytes)",
    )


# --- the contract on any input -------------------------------------------------------------------


_PIECES = st.sampled_from(
    [
        "<p>", "</p>", "<div>", "</div>", "<article>", "</article>", "<h1>", "</h1>", "<br>", "<nav>", "</nav>",
        '<a href="x">', "</a>", "<script>", "</script>", '<meta charset="gbk">', '<base href="//">',
        '<script type="application/ld+json">{"@type":"NewsArticle","headline":', "}</script>",
        '<time datetime="2024-13-45">', '<link rel="canonical" href="http://[::1">', PARAGRAPH,
        "一二三四五六七八九十。", "&amp;", "&#0;", "\x00", "\ud800",
    ]
)  # fmt: skip


@st.composite
def html_documents(draw: st.DrawFn) -> str:
    """Documents that start like HTML pages, then any mix of tags, text and junk."""
    pieces = draw(st.lists(st.one_of(_PIECES, st.text(max_size=40)), max_size=40))
    return "<!DOCTYPE html><html><head><title>" + draw(st.text(max_size=20)) + "</title>" + "".join(pieces)


@given(html_documents())
def test_any_html_gives_a_valid_record_or_a_known_code(text):
    check_contract(html_page, text)


def test_the_docs_list_the_metadata_order_of_every_field():
    page = Path(__file__).resolve().parents[2] / "docs" / "reference" / "html-metadata.md"
    text = page.read_text(encoding="utf-8")
    for field, sources in html_page.METADATA_ORDER.items():
        assert f"| `{field}` | " + " → ".join(f"`{source}`" for source in sources) + " |" in text
