"""The xml-feed converter: real RSS 2.0, RSS 1.0 (RDF) and Atom feeds, broken and hostile feeds, round trips."""

from __future__ import annotations

import gzip
import html
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from converter_checks import assert_valid
from hypothesis import given
from hypothesis import strategies as st
from strategies import feed_articles

from articlekit.converters import Source, detect, xml_feed
from articlekit.converters.base import ItemRejected, absolute_http_url, split_names, strip_tracking
from articlekit.errors import ConversionError
from articlekit.schema import Article
from articlekit.text import normalize_block, normalize_inline

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "xml-feed"
NOT_FEEDS = Path(__file__).resolve().parent / "data" / "not_feeds"


def _source(data: bytes, path: str = "feed.xml") -> Source:
    from articlekit.decode import decode

    decoded = decode(data)
    return Source(path=path, data=data, text=decoded.text, encoding=decoded.encoding)


def _fixture(name: str) -> Source:
    return _source((FIXTURES / name).read_bytes(), name)


def _convert(source: Source) -> tuple[list[Article], list[ItemRejected]]:
    articles, rejects = [], []
    for result in xml_feed.convert(source):
        if isinstance(result, ItemRejected):
            rejects.append(result)
        else:
            assert_valid(result)
            articles.append(result)
    return articles, rejects


def _articles(name: str) -> list[Article]:
    articles, rejects = _convert(_fixture(name))
    assert rejects == []
    return articles


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text)


# --- Goldens: RSS 2.0 -------------------------------------------------------------------------------------------


def test_wechat_rss2_chinese_titles_links_and_offsets() -> None:
    # wechat-feeds (hellodword): a one-line RSS 2.0 file; each item's content:encoded repeats its title.
    articles = _articles("wechat-sijiache-rss2.xml")
    assert [article.title for article in articles] == [
        "25人阳性！来自同一航班",
        "最新消息！立案调查！",
        "重磅！教育部成立新机构",
    ]
    assert [article.url for article in articles] == [
        "https://mp.weixin.qq.com/s/Qz3ZhwUP8wSJ_61LypTbhw",
        "https://mp.weixin.qq.com/s/zelP8UT63JQg7-aZybswOg",
        "https://mp.weixin.qq.com/s/tti_XkiksbC7w5JC-kxsuQ",
    ]
    assert [article.published_at for article in articles] == [
        _at("2021-06-16T21:40:57+08:00"),
        _at("2021-06-16T21:40:57+08:00"),
        _at("2021-06-16T15:36:06+08:00"),
    ]
    first = articles[0]
    assert first.published_at is not None
    assert first.published_at.utcoffset() == timedelta(hours=8)
    assert first.published_offset_assumed is False
    assert (first.source.name, first.source.domain) == ("私家车第一广播 | wechat-feeds", "mp.weixin.qq.com")
    assert first.language == "zh-Hans"
    assert first.text == "25人阳性！来自同一航班"
    assert first.summary is None  # the empty <description> is no summary
    assert first.flags == []


def test_anthropic_rss2_categories_and_escaped_ampersands() -> None:
    # Olshansk/rss-feeds: python-feedgen output, description = title, a non-permalink guid beside the link.
    articles = _articles("anthropic-news-rss2.xml")
    assert [(a.title, a.url, a.categories) for a in articles] == [
        ("Introducing Agent Skills", "https://www.anthropic.com/news/skills", ["Product"]),
        ("Introducing Claude 4", "https://www.anthropic.com/news/claude-4", ["Announcements"]),
        ("Claude 2", "https://www.anthropic.com/news/claude-2", ["Announcements"]),
    ]
    assert articles[0].published_at == datetime(2025, 10, 16, tzinfo=UTC)
    assert {a.source.name for a in articles} == {"Anthropic News"}
    assert {a.language for a in articles} == {"en"}


def test_mix3_rss2_permalink_guid_character_references_and_unknown_offset() -> None:
    # mix3.github.io/index.rdf: RSS 2.0 despite its name; no <link>, a guid isPermaLink="true", titles
    # written as &#x…; references, dates with "-0000" (RFC 2822: offset unknown), HTML bodies in CDATA.
    articles = _articles("mix3-blog-rss2.rdf")
    assert [(a.title, a.url) for a in articles] == [
        ("祝日であることを完全に忘れて出社", "http://mix3.github.io/blog/2014/11/03/20141103/"),
        ("ブログデザインを変えてみる", "http://mix3.github.io/blog/2014/06/15/20140615_02/"),
    ]
    first = articles[0]
    assert first.source.name == "萌えキャラとは何だったのか"
    # -0000 and an unknown publisher: the local time is taken as UTC, and the record says so.
    assert first.published_at == datetime(2014, 11, 3, tzinfo=UTC)
    assert first.published_offset_assumed is True
    assert first.flags == ["published-zone-unknown"]
    assert first.blocks[0].text == "してしまったmix3だよ!"
    assert ("heading", "こんな悲しみ繰り返さないために") in [(b.kind, b.text) for b in first.blocks]
    assert "<" not in first.text
    assert "widgets.js" not in first.text


def test_peryaudo_rss2_numeric_offset() -> None:
    articles = _articles("peryaudo-bitcoin-rss2.rdf")
    assert len(articles) == 5
    assert (articles[1].title, articles[1].url) == (
        "トランザクション展性とは",
        "http://bitcoin.peryaudo.org/malleability.html?20140330",
    )
    assert articles[1].published_at == _at("2014-03-30T17:00:00+09:00")
    assert articles[1].text == "「トランザクション展性とは」の章を追加"


# --- Goldens: Atom ----------------------------------------------------------------------------------------------


def test_uol_rss_portuguese_dates_in_a_latin1_feed_without_declaration() -> None:
    # UOL Notícias: no XML declaration, Latin-1 bytes, and pubDates with Portuguese day and month names.
    articles = _articles("uol-noticias-rss2-latin1.xml")
    assert [article.title for article in articles] == [
        "Ibope: Bolsonaro perde de Haddad, Ciro e Alckmin em simulações de 2º turno",
        "Promotoria abre inquérito para apurar suspeita de improbidade de Skaf no Sebrae-SP",
    ]
    assert [article.published_at for article in articles] == [  # "Seg, 24 Set 2018 19:42:40 -0300"
        _at("2018-09-24T19:42:40-03:00"),
        _at("2018-09-24T19:38:00-03:00"),
    ]
    assert [article.published_offset_assumed for article in articles] == [False, False]
    first, second = articles
    assert first.url == (
        "https://noticias.uol.com.br/politica/eleicoes/2018/noticias/2018/09/24/"
        "ibope-bolsonaro-perde-de-haddad-ciro-e-alckmin-em-simulacoes-de-2-turno.htm"
    )
    assert (first.flags, first.language, first.source.name) == ([], "pt", "UOL Noticias")
    assert [image.url for image in first.images] == [
        "https://conteudo.imguol.com.br/c/noticias/5f/2018/09/17/presidenciaveis-1537211917356_142x100.jpg"
    ]
    assert len(first.blocks) == 1
    assert first.blocks[0].text.startswith("Líder na pesquisa Ibope de intenção de voto")
    assert first.blocks[0].text.endswith("feitas pela empresa no mesmo levantamento.")
    assert second.url == (
        "https://www1.folha.uol.com.br/poder/2018/09/"
        "promotoria-abre-inquerito-para-apurar-suspeita-de-improbidade-de-skaf-no-sebrae-sp.shtml"
    )
    assert second.flags == ["body-from-title"]  # an empty description
    assert [block.text for block in second.blocks] == [second.title]


def test_nbc_new_york_twelve_hour_item_time_takes_the_channels_offset() -> None:
    # NBC New York (whole file): the item's "Sat, Dec 16 2023 02:02:33 PM" has no zone; the channel's own
    # pubDate and lastBuildDate are written at -0500, so the item's local time is read at that offset.
    (article,) = _articles("nbcnewyork-rss2-twelve-hour.xml")
    assert article.title == "NYC cops search for stabbing suspect after leaving 18-year-old to bleed out on sidewalk"
    assert article.url == (
        "https://www.nbcnewyork.com/news/local/"
        "nyc-cops-search-for-stabbing-suspect-after-leaving-18-year-old-to-bleed-out-on-sidewalk/4956764/"
    )
    assert article.published_at == _at("2023-12-16T14:02:33-05:00")
    assert article.published_offset_assumed is True
    assert article.flags == []  # the offset is the feed's own, not a guess of UTC
    assert (article.authors, article.categories) == (["Gaby Acevedo", "Jessica Cunnington"], ["post"])
    assert [block.text for block in article.blocks] == [
        "A young man was left for dead on a Manhattan sidewalk late Friday, bleeding out from multiple stab "
        "wounds across his body, police said."
    ]


def test_qq_news_gb2312_local_times_of_a_chinese_feed_are_china_time() -> None:
    # Tencent News (news.qq.com): GB2312 bytes, <language>zh-cn</language>, pubDate "2018-09-17 20:15:50"
    # without zone. A Chinese-language feed's local times are read as China Standard Time, as its CST is.
    articles = _articles("qq-news-rss2-gb2312.xml")
    assert [article.title for article in articles] == [
        '【风从海上来】宁波：为海洋经济发展"打样"',  # &quot; resolved
        "2018国家网络安全宣传周宣传片",
    ]
    assert [article.url for article in articles] == [
        "http://news.qq.com/a/20180917/013656.htm",
        "http://news.qq.com/a/20180917/012928.htm",
    ]
    assert [article.published_at for article in articles] == [
        _at("2018-09-17T20:15:50+08:00"),
        _at("2018-09-17T18:10:27+08:00"),
    ]
    assert [article.published_offset_assumed for article in articles] == [True, True]
    assert [article.flags for article in articles] == [[], ["body-from-title"]]
    first = articles[0]
    assert (first.language, first.source.name, first.authors) == ("zh-Hans", "新闻国内", ["www.qq.com"])
    assert len(first.blocks) == 1
    assert first.blocks[0].text.startswith("这是一座古老而充满活力的城市")
    assert first.blocks[0].text.endswith("繁荣的对外贸易、繁荣的对外贸")


def test_intertwingly_atom_relative_links_resolve_against_the_self_link() -> None:
    # Sam Ruby's Atom feed: entry links and the feed's alternate link are relative ("/blog/…") and there is
    # no xml:base; the feed's rel="self" link is the one absolute URL, the document's own address.
    articles = _articles("intertwingly-atom-relative-links.xml")
    assert [article.url for article in articles] == [
        "http://intertwingly.net/blog/2012/07/10/utf8mb4",
        "http://intertwingly.net/blog/2012/02/20/Mulligan",
    ]
    assert [article.title for article in articles] == ["utf8mb4", "Mulligan"]
    assert [article.published_at for article in articles] == [
        _at("2012-07-10T10:55:32-07:00"),
        _at("2012-02-20T15:13:02-08:00"),
    ]
    first = articles[0]
    assert first.flags == ["published-at-from-updated"]
    assert (first.authors, first.source.domain) == (["Sam Ruby"], "intertwingly.net")  # the feed's author
    assert [block.text for block in first.blocks] == [  # the inline SVG logo gives no text
        "Jacques Distler: Remarkably, even after a decade of such pain, Unicode is, in 2012, still “cutting edge.”",
        "Ouch.",
    ]


def test_planet_ros_atom_entries() -> None:
    # Planet ROS (Venus): xhtml summaries, a category term, author/name, rel="alternate" links.
    articles = _articles("planet-ros-atom.xml")
    assert [a.title for a in articles] == [
        "Is DDS suitable for RF datalink communication with intermittent connection?",
        "ROS 2 Rust Meeting: July 2025",
        "Need of ROS in Industry",
    ]
    first = articles[0]
    assert first.url == (
        "https://discourse.openrobotics.org/t/is-dds-suitable-for-rf-datalink-communication-with-intermittent-"
        "connection/49145"
    )
    assert first.published_at == datetime(2025, 7, 17, 22, 9, 15, tzinfo=UTC)
    assert (first.authors, first.categories) == (["Santana27"], ["ROS General"])
    assert first.source.name == "Planet ROS"
    assert first.blocks[0].text.startswith("I’m not using ROS myself, but I understand that ROS 2 relies on DDS")  # noqa: RUF001
    assert first.blocks[-1].text == "Read full topic"
    assert first.flags == []


def test_planet_pythonbrasil_atom_updated_only_and_entry_sources() -> None:
    # Planeta PythonBrasil: entries carry only <updated>, and an atom:source naming the original blog.
    articles = _articles("planet-pythonbrasil-atom.xml")
    assert [(a.title, a.source.name) for a in articles] == [
        ("Decifrando o Zen do Python", "Paulo Henrique Rodrigues Pinheiro"),
        ("Blog has moved!", "Francisco Souza"),
        ("Mocando um serviço com Bottle", "Paulo Henrique Rodrigues Pinheiro"),
    ]
    moved = articles[1]
    assert moved.url == "http://f.souza.cc/2021/02/blog-has-moved.html"
    assert moved.published_at == datetime(2021, 2, 7, 23, 41, 22, tzinfo=UTC)
    assert moved.flags == ["published-at-from-updated"]
    assert moved.authors == ["fsouza"]
    assert articles[0].language == "pt"


def test_luckyzmj_hexo_atom_chinese_body_images_and_categories() -> None:
    # A Hexo blog's atom.xml: content type="html" in CDATA, category terms, feed-level author inherited.
    articles = _articles("luckyzmj-hexo-atom.xml")
    assert [(a.title, a.url) for a in articles] == [
        ("Hexo之渲染绕过", "http://www.luckyzmj.cn/posts/17fd92ae.html"),
        ("PicGo+GitHub 图床搭建", "http://www.luckyzmj.cn/posts/7a46f93c.html"),
    ]
    first, second = articles
    assert first.published_at == datetime(2020, 4, 27, 16, 0, tzinfo=UTC)
    assert first.authors == ["Luckey"]
    assert first.categories == ["博客篇", "Hexo", "渲染绕过"]
    assert first.blocks[0].kind == "heading"
    assert first.blocks[0].text == "0x001 Hexo 渲染"
    assert first.language == "zh-Hans"
    assert len(second.images) == 10
    assert second.images[0].url == "https://cdn.jsdelivr.net/gh/LuckyZmj/imgbed@master/posts/20200529155833.png"


def test_medium_feed_links_lose_their_feed_origin_marker() -> None:
    # Medium links every item with ?source=rss----<publication>--<tag>: it only says the click came from the feed.
    first, second = _articles("medium-invironment-rss2.xml")
    assert [(a.title, a.url) for a in (first, second)] == [
        (
            "Eight Reasons You Shouldn\u2019t Grow Your Own Food",
            "https://medium.com/invironment/eight-reasons-you-shouldnt-grow-your-own-food-77cbb94ffe0b",
        ),
        ("Wild Flavors All Year Round", "https://medium.com/invironment/wild-flavors-all-year-round-71769186b899"),
    ]
    assert [a.published_at for a in (first, second)] == [
        datetime(2018, 3, 13, 16, 44, 15, tzinfo=UTC),
        datetime(2017, 12, 1, 18, 38, 32, tzinfo=UTC),
    ]
    assert (first.authors, first.flags, first.source.name) == (["Jeremy Puma"], [], "Food in Invironment on Medium")
    assert second.blocks[0].text == "How to Infuse Oils and Vinegars with Foraged Ingredients"


def test_youtube_atom_takes_its_text_from_the_media_group() -> None:
    # A YouTube channel feed: the video's description is only in media:group/media:description.
    [article] = _articles("youtube-pbs-spacetime-atom.xml")
    assert (article.title, article.url) == (
        "Navigating with Quantum Entanglement",
        "https://www.youtube.com/watch?v=0A1ouV7iD8o",
    )
    assert article.published_at == datetime(2020, 12, 22, 19, 15, 1, tzinfo=UTC)
    assert article.text == (
        "Check Out Weathered on PBS Terra https://www.youtube.com/watch?v=znSN7ZFIaOg&ab_channel=PBSTerra"
    )
    assert article.flags == []
    assert article.authors == ["PBS Space Time"]
    assert [image.url for image in article.images] == ["https://i1.ytimg.com/vi/0A1ouV7iD8o/hqdefault.jpg"]


def test_a_podcast_episode_described_only_by_itunes_summary() -> None:
    article = _one_item(
        "<title>Episode 12</title><link>https://pod.example/12</link>"
        "<itunes:summary>We talk about feeds.\n\nAnd about dates.</itunes:summary>",
        root='<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">',
    )
    assert [block.text for block in article.blocks] == ["We talk about feeds.", "And about dates."]
    assert article.flags == []


# --- Goldens: RSS 1.0 (RDF) -------------------------------------------------------------------------------------


def test_biorxiv_rdf_creators_listed_as_family_names_and_initials() -> None:
    # bioRxiv writes every author in one dc:creator, "Family, Initials" pairs separated by commas.
    (article,) = _articles("biorxiv-genomics-rss1.xml")
    assert article.authors == [
        "LAPALU, N.", "SIMON, A.", "Lu, A.", "Plaumann, P.-L.", "Amselem, J.", "Pigne, S.", "Auger, A.",
        "Koch, C.", "Dallery, J.-F.", "O'Connell, R. J.",
    ]  # fmt: skip
    assert article.title.startswith("Complete genome of the Medicago anthracnose fungus, Colletotrichum")
    assert (article.published_at, article.flags) == (
        _at("2023-12-16T00:00:00+00:00"),
        ["published-date-only", "published-zone-unknown"],
    )


def test_khuba_atom_entry_document_converts_as_one_item() -> None:
    # A whole file that is one Atom entry (RFC 4287 §4.1.2): no feed, no link, a category with a label.
    (article,) = _articles("khuba-atom-entry-document.xml")
    assert (article.title, article.url, article.authors, article.categories) == (
        "Specifications",
        None,
        ["S. A. Khuba"],
        ["Digital Camera"],
    )
    assert article.text == "1) Pixels 12.3 million Effective . 12) Weight is Approx. 840 g"
    assert article.summary == "This Atom Entry XML Doc publishes tech specifications of Nikon D300S Digital Camera"
    assert (article.published_at, article.flags) == (_at("2009-08-31T18:55:12.569Z"), ["published-at-from-updated"])


def test_pauldix_atom_a_blank_line_before_the_declaration_keeps_the_escaped_html() -> None:
    # Left to the parser, the misplaced declaration made libxml2 drop every "&lt;": the text read "pLast week…".
    (article,) = _articles("pauldix-atom-blank-line-before-declaration.xml")
    assert (article.title, article.url, article.authors, article.categories) == (
        "Making a Ruby C library even faster",
        "http://www.pauldix.net/2009/01/making-a-ruby-c-library-even-faster.html",
        ["Paul Dix"],
        ["Ruby", "Another Category"],
    )
    assert article.published_at == _at("2009-01-22T10:50:22-05:00")
    assert len(article.blocks) == 11
    assert article.blocks[0].text.startswith(
        "Last week I released the first version of a SAX based XML parsing library called SAX-Machine. It uses"
    )
    assert article.flags == []


def test_a_declared_encoding_after_blank_lines_is_read() -> None:
    data = (
        b'\n\n  <?xml version="1.0" encoding="ISO-8859-1"?>\n<rss version="2.0"><channel><title>F</title><item>'
        b"<title>Caf\xe9</title><link>https://a.example/1</link><description>&lt;p&gt;Cr\xe8me&lt;/p&gt;"
        b"</description></item></channel></rss>"
    )
    (article,) = _convert(_source(data))[0]
    assert (article.title, article.text, article.flags) == ("Café", "Crème", [])


def test_a_body_element_of_chrome_alone_gives_way_to_the_next() -> None:
    # A content:encoded whose one line is a chrome line ("Topics: …") leaves no block: the description is the body.
    article = _one_item(
        "<title>T</title><link>https://a.example/1</link>"
        "<content:encoded>&lt;p&gt;Topics: Gooseneck Options&lt;/p&gt;&lt;img src='https://a.example/i.jpg'&gt;"
        "</content:encoded><description>The episode's own text.</description>",
        root='<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">',
    )
    assert (article.text, article.flags) == ("The episode's own text.", [])
    assert [image.url for image in article.images] == ["https://a.example/i.jpg"]


def test_cosa_rdf_traditional_chinese_dc_dates() -> None:
    # COSA (Taiwan), FeedCreator 1.7.2: items beside the channel, dc:date with an offset, &amp; in links.
    articles = _articles("cosa-tw-rss1.xml")
    assert len(articles) == 5
    first = articles[0]
    assert first.title == "「SQL Server 2008 EOS」研討會"
    assert first.url == "http://www.cosa.org.tw/index.php?option=com_content&task=view&id=92"
    assert first.published_at == _at("2019-03-04T20:25:01+01:00")
    assert first.source.name == "中華民國開放系統協會主網站"
    assert first.language == "zh-Hant"
    assert articles[3].title == "中文編碼與應用研討會"
    assert articles[3].blocks[0].text == "資訊系統用字編入ISO/IEC 10646國際編碼標準\n與應用研討會"


def test_planet_ros_rdf_creators() -> None:
    articles = _articles("planet-ros-rss1.xml")
    assert [(a.authors, a.published_at) for a in articles] == [
        (["Santana27"], datetime(2025, 7, 17, 22, 9, 15, tzinfo=UTC)),
        (["jhdcs"], datetime(2025, 7, 11, 11, 49, 44, tzinfo=UTC)),
        (["ros_wizard"], datetime(2025, 7, 3, 6, 12, 2, tzinfo=UTC)),
    ]
    assert articles[1].title == "ROS Discourse General: ROS 2 Rust Meeting: July 2025"
    assert articles[1].url == "https://discourse.openrobotics.org/t/ros-2-rust-meeting-july-2025/45167"


def test_planet_pythonbrasil_rdf_html_escaped_twice() -> None:
    # The aggregator escaped its items' HTML twice (&amp;lt;p&amp;gt;): no markup may reach the text.
    articles = _articles("planet-pythonbrasil-rss1.xml")
    assert [a.url for a in articles] == [
        "https://paulohrpinheiro.xyz/texts/python/2022-12-17-debugando-em-python.html",
        "https://paulohrpinheiro.xyz/texts/python/2021-05-16-iniciando-com-o-orm-pony-no-python-iii-erros-e-excecoes.html",
        "http://pythonhelp.wordpress.com/?p=1984",
    ]
    assert articles[2].published_at == datetime(2018, 2, 26, 1, 31, 38, tzinfo=UTC)
    for article in articles:
        assert "<" not in article.text
        assert "&lt;" not in article.text
        assert "&amp;" not in article.text


# --- Detection --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(path.name for path in FIXTURES.glob("*.*ml") if path.suffix != ".md"))
def test_every_fixture_is_detected_as_a_feed(name: str) -> None:
    detection = detect(_fixture(name))
    assert (detection.format, detection.score) == ("xml-feed", 0.95)


NOT_FEED_TEXTS = {
    "html page": '<!DOCTYPE html><html><head><link rel="alternate" type="application/rss+xml" href="/rss">'
    "<title>x</title></head><body><rss>no</rss></body></html>",
    "sitemap": '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    "<url><loc>https://a.example/</loc></url></urlset>",
    "svg": '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><title>feed</title></svg>',
    "other rdf": '<?xml version="1.0"?><RDF:RDF xmlns:RDF="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
    'xmlns:MAF="http://maf.mozdev.org/metadata/rdf#"><RDF:Description RDF:about="urn:root"/></RDF:RDF>',
    "feed without atom namespace": "<feed><entry><title>x</title></entry></feed>",
    "entry without atom namespace": "<entry><title>x</title><content>y</content></entry>",
    "plain xml": '<?xml version="1.0"?><config><item>1</item></config>',
    "text mentioning rss": "Notes: <rss> is a format; <channel> and <item> are its elements.\n" * 3,
}


@pytest.mark.parametrize("name", sorted(NOT_FEED_TEXTS))
def test_other_documents_score_below_the_threshold(name: str) -> None:
    assert xml_feed.sniff(Source.from_text(NOT_FEED_TEXTS[name])) < 0.5


@pytest.mark.parametrize("name", sorted(path.name for path in NOT_FEEDS.iterdir()))
def test_real_opml_and_foaf_files_are_not_feeds(name: str) -> None:
    assert xml_feed.sniff(_source((NOT_FEEDS / name).read_bytes(), name)) == 0.0


def test_gzip_and_bom_and_doctype_prolog() -> None:
    from articlekit.discover import Input
    from articlekit.pipeline import process

    feed = (
        '\ufeff<?xml version="1.0"?>\n<!-- made by hand -->\n<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS '
        '0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">\n<rss version="0.91"><channel><title>C'
        "</title><item><title>Caf&eacute; &amp; cr&egrave;me</title><link>https://a.example/1</link>"
        "<description>Texte</description></item></channel></rss>"
    )
    path = Path(__file__).parent / "data" / "tmp-feed.gz"
    path.write_bytes(gzip.compress(feed.encode("utf-8")))
    try:
        outcome = process(Input(str(path), path))
    finally:
        path.unlink()
    assert outcome.format == "xml-feed"
    assert [a.title for a in outcome.articles] == ["Café & crème"]


# --- Dates ------------------------------------------------------------------------------------------------------


def _one_item(item: str, *, channel: str = "", root: str = '<rss version="2.0">', end: str = "</rss>") -> Article:
    text = f"{root}<channel><title>Feed</title>{channel}<item>{item}</item></channel>{end}"
    articles, rejects = _convert(Source.from_text(text))
    assert rejects == []
    (article,) = articles
    return article


@pytest.mark.parametrize(
    ("date", "channel", "expected", "assumed", "flags"),
    [
        ("Sat, 08 Feb 2025 16:38:35 GMT", "", "2025-02-08T16:38:35+00:00", False, []),
        ("Sat, 08 Feb 2025 16:38:35 EST", "", "2025-02-08T16:38:35-05:00", False, []),
        ("Sat, 08 Feb 2025 16:38:35 CET", "", "2025-02-08T16:38:35+01:00", False, []),
        ("Sat, 08 Feb 2025 16:38:35 JST", "", "2025-02-08T16:38:35+09:00", False, []),
        # CST: RFC 822's US Central, an assumption, unless the feed is Chinese (China Standard Time).
        ("Sat, 08 Feb 2025 16:38:35 CST", "", "2025-02-08T16:38:35-06:00", True, []),
        ("Sat, 08 Feb 2025 16:38:35 CST", "<language>zh-cn</language>", "2025-02-08T16:38:35+08:00", False, []),
        ("Tue, 06 May 2023 12:00:00 +08:00", "", "2023-05-06T12:00:00+08:00", False, []),
        ("Sat Feb 08 2025 16:38:35 GMT+0800 (China Standard Time)", "", "2025-02-08T16:38:35+08:00", False, []),
        ("2025-02-08 16:38:35 +0800", "", "2025-02-08T16:38:35+08:00", False, []),
        ("Sat, 08 Feb 2025 16:38:35 -0000", "", "2025-02-08T16:38:35+00:00", True, ["published-zone-unknown"]),
        ("2025-02-08T16:38:35.123+08:00", "", "2025-02-08T16:38:35.123+08:00", False, []),
        ("2025-02-08T16:38Z", "", "2025-02-08T16:38:00+00:00", False, []),
        ("2025-02-08 16:38:35", "", "2025-02-08T16:38:35+00:00", True, ["published-zone-unknown"]),
        ("2025-02-08", "", "2025-02-08T00:00:00+00:00", True, ["published-date-only", "published-zone-unknown"]),
        ("2025年2月8日 16:38", "", "2025-02-08T16:38:00+00:00", True, ["published-zone-unknown"]),
        # Clocks printed by programs: Go's time.Time.String(), Ruby's Time#to_s in UTC.
        ("2025-02-08 16:38:35 +0800 CST", "", "2025-02-08T16:38:35+08:00", False, []),
        ("2025-02-08 16:38:35 UTC", "", "2025-02-08T16:38:35+00:00", False, []),
        # Zones after the clock as Java prints them (SimpleDateFormat's GMT+08:00, ZonedDateTime's [zone id]),
        # an offset of hours alone (email.utils read "+08" as eight minutes).
        ("Sat, 08 Feb 2025 16:38:35 GMT+08:00", "", "2025-02-08T16:38:35+08:00", False, []),
        ("Sat, 08 Feb 2025 16:38:35 UTC+8", "", "2025-02-08T16:38:35+08:00", False, []),
        ("Sat, 08 Feb 2025 16:38:35 +08", "", "2025-02-08T16:38:35+08:00", False, []),
        ("2025-02-08T16:38:35+08:00[Asia/Shanghai]", "", "2025-02-08T16:38:35+08:00", False, []),
        # A local time in a Japanese or Korean feed is that country's, as in a Chinese one.
        ("2025-02-08 16:38:35", "<language>ja</language>", "2025-02-08T16:38:35+09:00", True, []),
        ("Sat, 08 Feb 2025 16:38:35 -0000", "<language>ko-KR</language>", "2025-02-08T16:38:35+09:00", True, []),
        # Java's Date.toString(): CST is China's in a Chinese feed, as in RFC 822 dates.
        ("Sat Feb 08 16:38:35 CST 2025", "<language>zh-cn</language>", "2025-02-08T16:38:35+08:00", False, []),
        ("Sat Feb 08 16:38:35 CET 2025", "", "2025-02-08T16:38:35+01:00", False, []),
        # The month's name written out (hand-made feeds copy the page's date).
        ("February 8, 2025 4:38 PM EST", "", "2025-02-08T16:38:00-05:00", False, []),
        ("February 8, 2025 4:38 PM ET", "", "2025-02-08T16:38:00-05:00", False, []),
        ("Sat, 08 Feb 2025 16:38:35 BRT", "", "2025-02-08T16:38:35-03:00", False, []),
        ("2025-02-08t16:38:35z", "", "2025-02-08T16:38:35+00:00", False, []),
        ("February 8, 2025", "", "2025-02-08T00:00:00+00:00", True, ["published-date-only", "published-zone-unknown"]),
    ],
)
def test_publication_dates(date: str, channel: str, expected: str, assumed: bool, flags: list[str]) -> None:
    article = _one_item(
        f"<title>T</title><link>https://a.example/1</link><pubDate>{date}</pubDate><description>B</description>",
        channel=channel,
    )
    assert article.published_at == _at(expected)
    assert article.published_at is not None
    assert article.published_at.utcoffset() == _at(expected).utcoffset()
    assert article.published_offset_assumed is assumed
    assert article.flags == flags


def test_an_empty_title_does_not_hide_dc_title() -> None:
    item = _one_item(
        "<title/><dc:title>The real title</dc:title><link>https://a.example/1</link><description>B</description>",
        root='<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    )
    assert (item.title, item.flags) == ("The real title", [])


def test_an_empty_date_element_does_not_hide_the_next_one() -> None:
    root = '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
    item = _one_item(
        "<title>T</title><link>https://a.example/1</link><description>B</description>"
        "<pubDate></pubDate><dc:date>2024-05-21T12:00:00+02:00</dc:date>",
        root=root,
    )
    assert (item.published_at, item.flags) == (_at("2024-05-21T12:00:00+02:00"), [])
    entry = _one_item(
        '<title>T</title><link href="https://a.example/2"/><published> </published>'
        "<updated>2024-05-21T12:00:00Z</updated><summary>S</summary>",
        root='<feed xmlns="http://www.w3.org/2005/Atom">',
        end="</feed>",
    )
    assert (entry.published_at, entry.flags) == (_at("2024-05-21T12:00:00+00:00"), ["published-at-from-updated"])


def test_a_local_time_takes_the_known_publishers_zone() -> None:
    article = _one_item(
        "<title>T</title><link>https://www.rfi.fr/cn/x</link><pubDate>2025-07-01 10:00</pubDate>"
        "<description>B</description>"
    )
    assert article.published_at == _at("2025-07-01T10:00:00+02:00")
    assert (article.published_offset_assumed, article.flags) == (True, [])


def test_unreadable_and_updated_only_dates() -> None:
    bad = _one_item(
        "<title>T</title><link>https://a.example/1</link><pubDate>31 Feb 2025 25:00</pubDate>"
        "<description>x</description>"
    )
    assert (bad.published_at, bad.flags) == (None, ["published-at-unparseable"])
    updated = _one_item(
        "<title>T</title><link href='https://a.example/1'/><updated>2024-05-01T08:00:00+02:00</updated>"
        "<content type='text'>Body</content>",
        root='<feed xmlns="http://www.w3.org/2005/Atom">',
        end="</feed>",
    ).model_dump()
    assert updated["published_at"] == _at("2024-05-01T08:00:00+02:00")
    assert updated["flags"] == ["published-at-from-updated"]


# --- Items: fields, rejects -------------------------------------------------------------------------------------


def test_item_fields_from_their_common_spellings() -> None:
    article = _one_item(
        "<title><![CDATA[Stray <b>bold</b> &amp; more]]></title>"
        "<link>https://a.example/story?id=7&amp;utm_source=rss&amp;utm_medium=feed</link>"
        "<guid isPermaLink='false'>tag:a.example,2025:7</guid>"
        "<author>jane@a.example (Jane Roe)</author><dc:creator>张三</dc:creator><dc:creator>John Doe</dc:creator>"
        "<category>World</category><category>Asia</category><dc:subject>trade</dc:subject>"
        "<media:keywords>tariffs, ports</media:keywords>"
        "<description>A short summary.</description>"
        "<content:encoded><![CDATA[<p>First paragraph.</p><h2>Sub</h2><p><img src='/i/2.jpg' alt='two'>Second.</p>"
        "]]></content:encoded>"
        "<enclosure url='https://cdn.a.example/1.jpg' type='image/jpeg' length='1'/>"
        "<enclosure url='https://cdn.a.example/a.mp3' type='audio/mpeg' length='1'/>"
        "<media:thumbnail url='https://cdn.a.example/1.jpg'/>"
        "<media:content url='https://cdn.a.example/3.png' medium='image'><media:description>Three"
        "</media:description></media:content>",
        root='<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:media="http://search.yahoo.com/mrss/">',
    )
    assert article.title == "Stray bold & more"
    assert article.url == "https://a.example/story?id=7"
    assert article.authors == ["Jane Roe", "张三", "John Doe"]
    assert (article.categories, article.tags) == (["World", "Asia"], ["trade", "tariffs", "ports"])
    assert article.summary == "A short summary."
    assert [(b.kind, b.text) for b in article.blocks] == [
        ("paragraph", "First paragraph."),
        ("heading", "Sub"),
        ("paragraph", "Second."),
    ]
    assert [(i.url, i.caption) for i in article.images] == [
        ("https://cdn.a.example/1.jpg", None),
        ("https://cdn.a.example/3.png", "Three"),
        ("https://a.example/i/2.jpg", "two"),
    ]


def test_atom_link_choice_and_plain_text_content() -> None:
    article = _one_item(
        '<title type="html">A &lt;em&gt;big&lt;/em&gt; day</title>'
        '<link rel="enclosure" href="https://a.example/a.mp3"/><link rel="alternate" type="application/pdf" '
        'href="https://a.example/x.pdf"/><link href="/posts/1" rel="alternate" type="text/html"/>'
        "<id>urn:uuid:1</id><published>2025-01-02T03:04:05Z</published>"
        "<author><name>Ann</name></author><category term='tech' label='Tech'/>"
        "<content type='text'>Line one\nstill one.\n\nLine two &lt;not a tag&gt;.</content>",
        root='<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://a.example/blog/" xml:lang="en-GB">',
        end="</feed>",
    )
    assert article.title == "A big day"
    assert article.url == "https://a.example/posts/1"
    # The category's label is its name for people; its term stays the key.
    assert (article.authors, article.categories, article.language) == (["Ann"], ["Tech"], "en")
    assert [b.text for b in article.blocks] == ["Line one\nstill one.", "Line two <not a tag>."]


def test_items_missing_a_title_or_a_body() -> None:
    text = (
        '<rss version="2.0"><channel><title>F</title>'
        "<item><description>Only a body here. It goes on.</description><link>https://a.example/1</link></item>"
        "<item><title>Only a title</title><link>https://a.example/2</link></item>"
        "<item><guid>https://a.example/3</guid><pubDate>Sat, 08 Feb 2025 16:38:35 GMT</pubDate></item>"
        "<item><title>Fine</title><description>Body</description><link>https://a.example/4</link></item>"
        "</channel></rss>"
    )
    results = list(xml_feed.convert(Source.from_text(text)))
    assert [type(result).__name__ for result in results] == ["Article", "Article", "ItemRejected", "Article"]
    body_only, title_only, rejected, _ = results
    assert isinstance(body_only, Article)
    assert isinstance(title_only, Article)
    assert isinstance(rejected, ItemRejected)
    assert (body_only.title, body_only.flags) == ("Only a body here. It goes on.", ["title-from-body"])
    assert (title_only.text, title_only.flags) == ("Only a title", ["body-from-title"])
    assert (rejected.position, rejected.code, rejected.item) == (3, "no-title", "https://a.example/3")


def test_creators_naming_several_people_and_podcast_authors() -> None:
    root = (
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">'
    )
    items = {
        "<dc:creator>Alice Smith and Bob Jones</dc:creator>": ["Alice Smith", "Bob Jones"],
        "<dc:creator>Alice Smith, Bob Jones and Carol White</dc:creator>": ["Alice Smith", "Bob Jones", "Carol White"],
        "<dc:creator>Smith, John</dc:creator>": ["Smith, John"],
        "<itunes:author>Pod Caster</itunes:author>": ["Pod Caster"],
        "<dc:creator>Jane Roe</dc:creator><itunes:author>The Show</itunes:author>": ["Jane Roe"],
    }
    for fields, authors in items.items():
        article = _one_item(
            f"<title>T</title><link>https://a.example/1</link>{fields}<description>B</description>", root=root
        )
        assert article.authors == authors, fields


def test_an_aggregated_headline_loses_the_publisher_its_source_names() -> None:
    # Google News's RSS: every title ends in " - <the item's source>".
    article = _one_item(
        "<title>Fed holds rates steady - Reuters</title><link>https://news.google.com/rss/articles/CBMi?oc=5</link>"
        '<source url="https://www.reuters.com">Reuters</source><description>B</description>'
    )
    assert (article.title, article.source.name, article.url) == (
        "Fed holds rates steady",
        "Reuters",
        "https://news.google.com/rss/articles/CBMi",
    )


def test_the_language_atom_content_declares_is_the_items() -> None:
    # TypePad puts xml:lang on each entry's content only; the feed's own is the closest scope otherwise.
    article = _one_item(
        "<title>Serialisation</title><link href='https://a.example/1'/><id>urn:1</id>"
        "<updated>2009-01-22T10:50:22-05:00</updated>"
        '<content type="html" xml:lang="de-DE">&lt;p&gt;Ja, nein.&lt;/p&gt;</content>',
        root='<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">',
        end="</feed>",
    )
    assert (article.language, article.text) == ("de", "Ja, nein.")


def test_an_item_linking_a_development_server_keeps_its_article() -> None:
    # Posts written against a local server keep its address: the item converts without those URLs.
    articles, rejects = _convert(
        Source.from_text(
            '<rss version="2.0"><channel><title>F</title><item><title>Local</title>'
            "<link>https://localhost:8000/2024/05/post/</link><description>&lt;p&gt;See "
            '&lt;a href="https://localhost:8000/about/"&gt;about&lt;/a&gt; and '
            '&lt;a href="https://example.com/ref"&gt;ref&lt;/a&gt;.&lt;/p&gt;</description></item></channel></rss>'
        )
    )
    assert rejects == []
    (article,) = articles
    assert (article.title, article.url, article.text) == ("Local", None, "See about and ref.")
    assert [link.url for link in article.links] == ["https://example.com/ref"]
    assert "local-url-dropped" in article.flags


def test_an_empty_channel_is_no_items() -> None:
    # A feed with no item is a feed (detection claims it) that gives nothing: the whole file is one reject.
    source = Source.from_text('<rss version="2.0"><channel><title>Quiet</title></channel></rss>')
    assert xml_feed.sniff(source) == 0.95
    with pytest.raises(ConversionError) as error:
        list(xml_feed.convert(source))
    assert error.value.code == "no-items"


def test_a_document_that_is_not_a_feed_is_unknown_format_when_forced() -> None:
    with pytest.raises(ConversionError) as error:
        list(xml_feed.convert(Source.from_text("<html><body><p>Hi</p></body></html>")))
    assert error.value.code == "unknown-format"


def test_an_atom_entry_document_is_one_item() -> None:
    # RFC 4287 §4.1.2: a document whose root is one Atom entry (as AtomPub servers and archivers save them).
    source = Source.from_text(
        '<?xml version="1.0"?>\n<entry xmlns="http://www.w3.org/2005/Atom" xml:lang="en">'
        '<title>Standalone entry</title><link href="https://a.example/2024/entry"/>'
        "<id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id><updated>2024-05-21T12:00:00Z</updated>"
        "<published>2024-05-20T09:30:00+02:00</published><author><name>Jane Doe</name></author>"
        '<content type="html">&lt;p&gt;The body of the entry.&lt;/p&gt;</content></entry>'
    )
    assert detect(source).format == "xml-feed"
    articles, rejects = _convert(source)
    assert rejects == []
    (article,) = articles
    assert (article.title, article.url, article.authors, article.text) == (
        "Standalone entry",
        "https://a.example/2024/entry",
        ["Jane Doe"],
        "The body of the entry.",
    )
    assert article.published_at == _at("2024-05-20T09:30:00+02:00")
    assert (article.source.name, article.flags) == (None, [])


def test_an_entry_root_outside_atom_is_unknown_format_when_forced() -> None:
    with pytest.raises(ConversionError) as error:
        list(xml_feed.convert(Source.from_text("<entry><title>x</title><content>y</content></entry>")))
    assert error.value.code == "unknown-format"


def test_a_root_tag_no_xml_name_allows_is_unknown_format_when_forced() -> None:
    # The recovering parser reads "<title: …" as an element named "title:", which etree.QName refuses.
    with pytest.raises(ConversionError) as error:
        list(xml_feed.convert(Source.from_text("<title: 特朗普与俄乌总统通电话\n<p>正文。</p>\n")))
    assert (error.value.code, error.value.message) == (
        "unknown-format",
        "not an RSS, RDF or Atom feed: the root element is <title:>",
    )


# --- Broken and hostile feeds -----------------------------------------------------------------------------------

_BROKEN_ITEMS = (
    "<item><title>AT&T and R&D</title><link>https://a.example/1?a=1&b=2</link><description>Tom &amp; Jerry"
    "</description></item>"
    "<item><title>Caf&eacute;&nbsp;Noir &mdash; &bogus; end</title><link>https://a.example/2</link>"
    "<description>x &amp; y</description></item>"
    "<item><title>Third</title><link>https://a.example/3</link><description>Fine <b>bold</i> text</description>"
    "</item>"
)


def test_bare_ampersands_and_html_entities_are_repaired() -> None:
    articles, rejects = _convert(Source.from_text(f"<rss><channel><title>F</title>{_BROKEN_ITEMS}</channel></rss>"))
    assert rejects == []
    assert [a.title for a in articles] == ["AT&T and R&D", "Café Noir — &bogus; end", "Third"]
    assert articles[0].url == "https://a.example/1?a=1&b=2"
    assert articles[0].text == "Tom & Jerry"
    assert articles[1].text == "x & y"
    assert articles[2].text == "Fine bold text"


def test_a_truncated_feed_keeps_its_complete_items_and_rejects_the_cut_one() -> None:
    whole = f"<rss><channel><title>F</title>{_BROKEN_ITEMS}</channel></rss>"
    cut = whole[: whole.index("Fine <b>") + 3]
    articles, rejects = _convert(Source.from_text(cut))
    assert [a.url for a in articles] == ["https://a.example/1?a=1&b=2", "https://a.example/2"]
    (rejected,) = rejects
    assert (rejected.position, rejected.code, rejected.item) == (3, "truncated", "https://a.example/3")
    assert "ends inside this item" in rejected.message


def test_a_cut_between_items_loses_nothing() -> None:
    whole = f"<rss><channel><title>F</title>{_BROKEN_ITEMS}</channel></rss>"
    articles, rejects = _convert(Source.from_text(whole[: whole.rindex("</item>") + 7]))
    assert (len(articles), rejects) == (3, [])


def test_a_mismatched_tag_is_recovered_and_flagged() -> None:
    text = (
        "<rss><channel><title>F</title>\n<item><title>Good</title><link>https://a.example/1</link></item>\n"
        "<item><title>Bad</title><link>https://a.example/2</link>\n<description>Text</desc></description>\n</item>\n"
        "<item><title>After</title><link>https://a.example/3</link></item>\n</channel></rss>"
    )
    articles, rejects = _convert(Source.from_text(text))
    assert rejects == []
    assert [(a.title, a.flags) for a in articles] == [
        ("Good", ["body-from-title"]),
        ("Bad", ["feed-xml-recovered"]),
        ("After", ["body-from-title"]),
    ]


def test_a_misdeclared_encoding_is_read_as_the_bytes_are_written() -> None:
    feed = '<?xml version="1.0" encoding="utf-8"?><rss><channel><title>新闻</title><item><title>标题一</title>'
    feed += "<link>https://a.example/1</link><description>正文。</description></item></channel></rss>"
    gb = _convert(_source(feed.encode("gb18030")))[0]
    assert [(a.title, a.text, a.flags, a.provenance.encoding) for a in gb] == [
        ("标题一", "正文。", ["encoding-misdeclared"], "gb18030")
    ]
    latin = feed.replace('encoding="utf-8"', 'encoding="ISO-8859-1"').replace("新闻", "Café")
    utf8 = _convert(_source(latin.encode("utf-8")))[0]
    assert [(a.title, a.source.name, a.flags) for a in utf8] == [("标题一", "Café", ["encoding-misdeclared"])]
    declared = feed.replace('encoding="utf-8"', 'encoding="gb2312"').encode("gb18030")
    assert [(a.title, a.flags) for a in _convert(_source(declared))[0]] == [("标题一", [])]


def test_an_empty_content_element_does_not_hide_the_description() -> None:
    root = '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
    article = _one_item(
        "<title>One</title><link>https://a.example/1</link>"
        "<description><![CDATA[<p>The full text is here.</p>]]></description>"
        "<content:encoded><![CDATA[]]></content:encoded>",
        root=root,
    )
    assert (article.text, article.summary, article.flags) == ("The full text is here.", None, [])
    entry = _one_item(
        '<title>Two</title><link href="https://a.example/2"/><published>2024-05-21T12:00:00Z</published>'
        '<summary>Summary text.</summary><content type="html">  </content>',
        root='<feed xmlns="http://www.w3.org/2005/Atom">',
        end="</feed>",
    )
    assert (entry.text, entry.flags) == ("Summary text.", [])


def test_a_title_with_markup_escaped_twice_is_text() -> None:
    # "&amp;lt;b&amp;gt;" in the XML (or "&lt;b&gt;" inside CDATA): tags once the entities are resolved.
    escaped = _one_item(
        "<title>&amp;lt;b&amp;gt;Samsung&amp;lt;/b&amp;gt; refinancing &amp;amp; more</title>"
        "<link>https://a.example/1</link><description>B</description>"
    )
    cdata = _one_item(
        "<title><![CDATA[&lt;i&gt;Dune&lt;/i&gt; review: &lt;code&gt; stays]]></title>"
        "<link>https://a.example/2</link><description>B</description>"
    )
    assert (escaped.title, cdata.title) == ("Samsung refinancing & more", "Dune review: <code> stays")


def test_iso_8859_1_declared_over_windows_1252_bytes_keeps_quotes_and_dashes() -> None:
    # Windows tools declare ISO-8859-1 and write cp1252: 0x92 is U+2019, 0x93/0x94 U+201C/U+201D, 0x96 U+2013,
    # 0x85 U+2026 (C1 controls in Latin-1, dropped by normalisation). Without such bytes Latin-1 is named.
    head = b'<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>T</title><item>'
    item = b"<title>It\x92s \x93quoted\x94 caf\xe9 \x96 ok</title><link>https://a.example/1</link>"
    item += b"<description>Body \x85 more</description></item></channel></rss>"
    [article] = _convert(_source(head + item))[0]
    assert (article.title, article.text) == ("It\u2019s \u201cquoted\u201d café \u2013 ok", "Body \u2026 more")
    assert (article.flags, article.provenance.encoding) == ([], "cp1252")
    plain = b"<title>Caf\xe9</title><link>https://a.example/1</link><description>B</description></item></channel></rss>"
    [article] = _convert(_source(head + plain))[0]
    assert (article.title, article.provenance.encoding) == ("Café", "latin-1")


def test_euc_kr_and_shift_jis_declarations_read_windows_supersets() -> None:
    # Korean feeds declare EUC-KR over cp949 bytes (UHC hangul such as 똠), Japanese ones Shift_JIS over cp932.
    korean = '<?xml version="1.0" encoding="EUC-KR"?><rss version="2.0"><channel><title>뉴스</title><item>'
    korean += "<title>똠방각하 뉴스 기사</title><link>https://a.example/1</link><description>본문입니다.</description>"
    korean += "</item></channel></rss>"
    [article] = _convert(_source(korean.encode("cp949")))[0]
    assert (article.title, article.text, article.flags) == ("똠방각하 뉴스 기사", "본문입니다.", [])
    assert article.provenance.encoding == "cp949"
    japanese = korean.replace("EUC-KR", "Shift_JIS").replace("똠방각하 뉴스 기사", "①番目の記事 ㈱テスト")
    japanese = japanese.replace("본문입니다.", "本文です。").replace("뉴스", "ニュース")
    [article] = _convert(_source(japanese.encode("cp932")))[0]
    assert (article.title, article.text, article.flags) == ("①番目の記事 ㈱テスト", "本文です。", [])
    assert article.provenance.encoding == "cp932"


def test_entity_bombs_and_external_entities_are_never_expanded(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET", encoding="utf-8")
    lol = '<!ENTITY lol0 "lol">'
    lol += "".join(f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10}">' for n in range(1, 10))
    bomb = (
        f'<?xml version="1.0"?><!DOCTYPE rss [{lol}<!ENTITY xxe SYSTEM "file://{secret}">]>'
        "<rss><channel><title>B</title><item><title>Boom &lol9; &xxe;</title><link>https://a.example/1</link>"
        "</item></channel></rss>"
    )
    source = Source.from_text(bomb)
    assert xml_feed.sniff(source) == 0.95
    articles, rejects = _convert(source)
    assert rejects == []
    assert [a.title for a in articles] == ["Boom &lol9; &xxe;"]
    assert "TOPSECRET" not in articles[0].model_dump_json()


def test_ten_thousand_deep_nesting_stops_cleanly() -> None:
    deep = "<div>" * 10_000 + "x" + "</div>" * 10_000
    text = (
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>D</title>'
        "<entry><title>Before</title><link href='https://a.example/1'/><content type='text'>ok</content></entry>"
        f"<entry><title>Deep</title><link href='https://a.example/2'/><content type='xhtml'>{deep}</content></entry>"
        "<entry><title>After</title><link href='https://a.example/3'/></entry></feed>"
    )
    articles, rejects = _convert(Source.from_text(text))
    assert [a.title for a in articles] == ["Before"]
    (rejected,) = rejects
    assert (rejected.position, rejected.code) == (2, "truncated")


def test_html_escaped_once_more_inside_real_html_leaves_no_markup() -> None:
    body = html.escape("<p>Lead &lt;b&gt;bold&lt;/b&gt; and &lt;a href='/x'&gt;a link&lt;/a&gt;.</p>")
    article = _one_item(f"<title>T</title><link>https://a.example/1</link><description>{body}</description>")
    assert article.text == "Lead bold and a link."


def test_nesting_too_deep_before_any_item_is_no_items_with_the_reason() -> None:
    text = '<rss version="2.0"><channel><title>D</title>' + "<x>" * 10_000 + "<item><title>T</title></item>"
    with pytest.raises(ConversionError) as error:
        list(xml_feed.convert(Source.from_text(text)))
    assert error.value.code == "no-items"
    assert "Excessive depth in document: 256" in error.value.message


def test_deep_escaped_html_in_a_body_is_read_whole() -> None:
    deep = html.escape("<div>" * 10_000 + "deep text" + "</div>" * 10_000)
    article = _one_item(f"<title>T</title><link>https://a.example/1</link><description>{deep}</description>")
    assert article.text == "deep text"


@given(st.binary(max_size=300), st.integers(min_value=0, max_value=400))
def test_any_prefix_or_corruption_of_a_feed_gives_records_or_a_known_error(noise: bytes, cut: int) -> None:
    base = (FIXTURES / "planet-ros-atom.xml").read_bytes()[: cut * 14] + noise
    try:
        source = _source(base)
    except ConversionError:
        return
    try:
        _convert(source)
    except ConversionError as error:
        code: str | None = error.code
    else:
        code = None
    assert code in (None, "unknown-format", "no-items")


# --- Round trip: random Articles rendered as each family and read back ------------------------------------------


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


def _body_html(article: Article) -> str:
    tags = {"paragraph": "p", "heading": "h2", "quote": "blockquote", "list_item": "li"}
    pieces = []
    for block in article.blocks:
        inner = _escape(block.text).replace("\n", "<br>")
        tag = tags[block.kind]
        pieces.append(f"<ul><li>{inner}</li></ul>" if tag == "li" else f"<{tag}>{inner}</{tag}>")
    return "".join(pieces)


def _render(article: Article, family: str) -> str:
    images = "".join(
        f'<media:content url="{_escape(image.url)}" medium="image"/>' for image in article.images if image.url
    )
    tags = "".join(f"<dc:subject>{_escape(tag)}</dc:subject>" for tag in article.tags)
    namespaces = (
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"'
    )
    moment = article.published_at
    assert moment is not None
    assert article.url is not None
    title, url = _escape(article.title), _escape(article.url)
    if family == "atom":
        authors = "".join(f"<author><name>{_escape(name)}</name></author>" for name in article.authors)
        entry = (
            f"<entry><title type='text'>{title}</title><link rel='alternate' href='{url}'/>"
            f"<published>{moment.isoformat()}</published>{authors}{tags}{images}"
            f"<content type='html'>{_escape(_body_html(article))}</content></entry>"
        )
        return f'<feed xmlns="http://www.w3.org/2005/Atom" {namespaces}><title>F</title>{entry}</feed>'
    creators = "".join(f"<dc:creator>{_escape(name)}</dc:creator>" for name in article.authors)
    if family == "rss2":
        from email.utils import format_datetime

        item = (
            f"<item><title>{title}</title><link>{url}</link><pubDate>{format_datetime(moment)}</pubDate>"
            f"{creators}{tags}{images}<content:encoded><![CDATA[{_body_html(article).replace(']]>', ']]]]><![CDATA[>')}"
            "]]></content:encoded></item>"
        )
        head = f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0" {namespaces}>'
        return f"{head}<channel><title>F</title>{item}</channel></rss>"
    item = (
        f"<item rdf:about='{url}'><title>{title}</title><link>{url}</link><dc:date>{moment.isoformat()}</dc:date>"
        f"{creators}{tags}{images}<description>{_escape(_body_html(article))}</description></item>"
    )
    return (
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" '
        f'{namespaces}><channel rdf:about="{url}"><title>F</title></channel>{item}</rdf:RDF>'
    )


@given(feed_articles(), st.sampled_from(["rss2", "atom", "rdf"]))
def test_rendered_articles_survive_each_family(article: Article, family: str) -> None:
    source = Source.from_text(_render(article, family))
    assert detect(source).format == "xml-feed"
    (result,) = _convert(source)[0]
    assert result.title == article.title
    assert article.url is not None
    assert result.url == strip_tracking(absolute_http_url(article.url) or "")
    assert article.published_at is not None
    assert result.published_at is not None
    assert result.published_at.replace(microsecond=0) == article.published_at.replace(microsecond=0)
    assert result.published_at.utcoffset() == article.published_at.utcoffset()
    if family == "atom":
        assert result.authors == article.authors  # one atom:author/name per person
    else:  # a dc:creator is a byline: "A and B" in one names two people
        bylines = [normalize_inline(name) for author in article.authors for name in split_names(author)]
        assert result.authors == list(dict.fromkeys(name for name in bylines if name))
    assert result.tags == article.tags
    assert [image.url for image in result.images] == list(
        dict.fromkeys(absolute_http_url(image.url, result.url) for image in article.images if image.url)
    )
    assert [block.text for block in result.blocks] == [normalize_block(block.text) for block in article.blocks]


def test_publication_offsets_survive_to_the_second() -> None:
    moment = datetime(2024, 2, 29, 23, 59, 59, tzinfo=timezone(timedelta(hours=-9, minutes=-30)))
    article = _one_item(
        f"<title>T</title><link>https://a.example/1</link><pubDate>{moment.isoformat()}</pubDate><description>B</description>",
    )
    assert article.published_at == moment
    assert article.published_at.utcoffset() == moment.utcoffset()


# --- Through the pipeline ---------------------------------------------------------------------------------------


def test_item_rejects_and_duplicate_snapshots_through_convert(tmp_path: Path) -> None:
    import json

    from articlekit.discover import Input
    from articlekit.pipeline import ConvertOptions, run_convert

    whole = f"<rss><channel><title>F</title>{_BROKEN_ITEMS}</channel></rss>"
    cut = tmp_path / "cut.xml"
    cut.write_text(whole[: whole.index("Fine <b>") + 3], encoding="utf-8")
    snapshot = tmp_path / "snapshot.xml"
    snapshot.write_text(whole, encoding="utf-8")  # the same items again, the third complete this time
    summary = run_convert(
        [Input("cut.xml", cut), Input("snapshot.xml", snapshot)], tmp_path / "out", ConvertOptions(formats=("jsonl",))
    )
    assert (summary.inputs, summary.converted, summary.articles, summary.items_rejected) == (2, 2, 3, 1)
    rows = [json.loads(line) for line in (tmp_path / "out" / "rejects.jsonl").read_text().splitlines()]
    assert [(row["path"], row["code"], row["position"], row["item"]) for row in rows] == [
        ("cut.xml", "truncated", 3, "https://a.example/3"),
        ("snapshot.xml", "duplicate", None, None),  # the pipeline's duplicate rejects name the source only
        ("snapshot.xml", "duplicate", None, None),
    ]


def test_feedburner_original_links_and_links_relative_to_the_channel() -> None:
    article = _one_item(
        "<title>T</title><link>https://feeds.feedburner.example/~r/x/~3/abc/</link>"
        "<feedburner:origLink>https://news.example/2025/story.html</feedburner:origLink><description>B</description>",
        root='<rss version="2.0" xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0">',
    )
    assert article.url == "https://news.example/2025/story.html"
    relative = _one_item(
        "<title>T</title><link>/2025/relative.html</link><description>B</description>",
        channel="<link>https://site.example/news/</link>",
    )
    assert (relative.url, relative.source.domain) == ("https://site.example/2025/relative.html", "site.example")
