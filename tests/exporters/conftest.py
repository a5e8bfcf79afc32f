"""Fixtures for the exporter tests: a handful of realistic records, Chinese text included."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from articlekit import __version__
from articlekit.schema import BLOCK_SEPARATOR, SCHEMA_VERSION, Article, make_article_id

BEIJING = timezone(timedelta(hours=8))
PARIS_WINTER = timezone(timedelta(hours=1))


def make_article(**fields: Any) -> Article:
    """Build a valid Article from the fields given; id, text and the rest default sensibly."""
    record: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "url": None,
        "source": {"name": None, "domain": None},
        "title": "标题",
        "authors": [],
        "published_at": None,
        "published_offset_assumed": False,
        "retrieved_at": None,
        "language": "zh-Hans",
        "summary": None,
        "categories": [],
        "tags": [],
        "blocks": [{"kind": "paragraph", "text": "正文。"}],
        "images": [],
        "links": [],
        "flags": [],
        "provenance": {
            "format": "rss-markdown",
            "path": "seeds/example.txt",
            "sha256": "0" * 64,
            "encoding": "utf-8",
            "converter_version": __version__,
        },
    }
    record.update(fields)
    record["text"] = BLOCK_SEPARATOR.join(block["text"] for block in record["blocks"])
    record["id"] = make_article_id(
        record["url"],
        format=record["provenance"]["format"],
        title=record["title"],
        published_at=record["published_at"],
    )
    return Article.model_validate(record)


def _provenance(format: str, path: str, digit: str, encoding: str = "utf-8") -> dict[str, str]:
    return {
        "format": format,
        "path": path,
        "sha256": digit * 64,
        "encoding": encoding,
        "converter_version": __version__,
    }


@pytest.fixture
def sample_articles() -> list[Article]:
    """Five records shaped like the seeds' articles: every field kind, nulls and values, traps in text."""
    return [
        make_article(
            url="https://www.voachinese.com/a/zelenskiy-offering-trump-mineral-seeking-security-20250208/7967634.html",
            source={"name": "美国之音", "domain": "voachinese.com"},
            title="寻求安全保证 泽连斯基向特朗普提出建立矿产伙伴关系",
            published_at=datetime(2025, 2, 8, 8, 38, 35, tzinfo=UTC),
            retrieved_at=datetime(2025, 2, 8, 8, 39, 3, tzinfo=UTC),
            blocks=[
                {
                    "kind": "paragraph",
                    "text": "乌克兰总统弗拉基米尔·泽连斯基(Volodymyr Zelenskiy)星期五接受路透社采访。",
                },
                {"kind": "heading", "text": "矿产与安全"},
                {"kind": "paragraph", "text": "他说：“我们需要安全保证，” 并展示了一张地图, 上面标着资源。"},
            ],
            images=[
                {
                    "url": "https://gdb.voanews.com/be16850f-f1f4-4ba1-b8b2-be6639442705_r1_s_w900.jpg",
                    "caption": "泽连斯基在乌克兰基辅接受路透社记者采访。(路透社：2025年2月7日)",
                }
            ],
            links=[{"url": "https://www.reuters.com/world/europe/", "text": "路透社"}],
            provenance=_provenance("rss-markdown", "seeds/000_924425bcc6410fb0.txt", "a"),
        ),
        make_article(
            title="俄副外長放風,美國要主動邁出改善美俄關係第一步",
            language="zh-Hant",
            published_at=datetime(2025, 2, 10, 11, 20, 38, tzinfo=BEIJING),
            published_offset_assumed=True,
            categories=["國際"],
            blocks=[
                {
                    "kind": "paragraph",
                    "text": "美俄遲遲沒有最高接觸,俄高官主動放風:只要特朗普邁出第一步,普京就給美國一個機會。",
                },
                {"kind": "paragraph", "text": "5日當天,俄副外長里亞布科夫在回答記者提問時表示……"},
            ],
            images=[{"url": None, "caption": "俄高官放風,普京在等特朗普主動"}],
            flags=["published-at-assumed-zone"],
            provenance=_provenance("daydaynews-text", "seeds/001_1e12915c2adf12bb.txt", "b", "big5"),
        ),
        make_article(
            title="刚刚传来消息,特朗普在这件大事上被狠狠挫败,准备放弃了",
            authors=["张麻子脸上"],
            published_at=datetime(2025, 4, 19, 10, 12, 48, tzinfo=BEIJING),
            published_offset_assumed=True,
            summary="=卢比奥警告: 美国可能在“数天内”停止努力",
            blocks=[
                {"kind": "quote", "text": "“如果无法结束乌克兰战争,我们就需要采取其他行动,” 他说。"},
                {"kind": "list_item", "text": "-1 第一点\n第二行仍属同一项"},
                {"kind": "paragraph", "text": "@华盛顿 与基辅之间在矿产交易方面取得了进展。"},
            ],
            provenance=_provenance("self-media-text", "seeds/002_79b54386e2c3b414.txt", "c", "gb18030"),
        ),
        make_article(
            url="https://www.rfi.fr/cn/%E6%AC%A7%E6%B4%B2/20220128-%E7%BE%8E%E4%B9%8C",
            source={"name": "法广", "domain": "rfi.fr"},
            title="美乌总统新年来二度通话 拜登警告俄罗斯明显可能2月入侵乌克兰",
            published_at=datetime(2022, 1, 28, 14, 56, tzinfo=PARIS_WINTER),
            published_offset_assumed=True,
            retrieved_at=datetime(2022, 1, 28, 15, 45, 2, tzinfo=UTC),
            blocks=[
                {
                    "kind": "paragraph",
                    "text": "美国总统拜登（Joe Biden）1月27日与乌克兰总统泽连斯基进行了第二次通话。",
                },
                {"kind": "heading", "text": "+ 俄军集结"},
            ],
            provenance=_provenance("rss-markdown", "seeds/003_422941471d0b9345.txt", "d"),
        ),
        make_article(
            url="https://wallstreetcn.com/articles/3740593",
            source={"name": "华尔街见闻", "domain": "wallstreetcn.com"},
            title="特朗普与俄乌总统通电话 除了“停战、互访、还钱” 还谈了一个重大问题",
            published_at=datetime(2025, 2, 13, 7, 56, 15, tzinfo=BEIJING),
            published_offset_assumed=True,
            summary="美国东部时间2月12日，美国总统特朗普先后与俄罗斯总统普京、乌克兰总统泽连斯基通电话。",
            categories=["wallstreetcn"],
            tags=["wallstreetcn", "特朗普", "俄乌"],
            blocks=[
                {
                    "kind": "paragraph",
                    "text": "美国东部时间2月12日，美国总统特朗普先后与普京、泽连斯基通电话。",
                },
                {"kind": "heading", "text": "“当前需共同努力”"},
                {"kind": "list_item", "text": "停战"},
                {"kind": "list_item", "text": '互访, "还钱"'},
            ],
            images=[
                {
                    "url": "https://wpimg-wscn.awtmt.com/7aae9f9a-96a7-4b64-a6f5-14503bee1707.jpeg",
                    "caption": None,
                }
            ],
            provenance=_provenance("hugo-markdown", "seeds/004_14e5ebb0833022ae.txt", "e"),
        ),
    ]


@pytest.fixture
def make_record() -> Any:
    """The record factory :func:`make_article`, for tests that need a particular record."""
    return make_article
