"""Front-matter Markdown from many sites: real fixtures with hand-checked goldens, key spellings, round trips.

The fixtures live in tests/fixtures/hugo-markdown/ (SOURCES.md names each file's repository and path).
Each golden states the key facts, checked by hand against the source file: title, url, instant,
authors, the number of blocks and the first and last block.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from converter_checks import assert_valid
from hypothesis import given
from hypothesis import strategies as st

from articlekit.converters import hugo_markdown
from articlekit.converters.base import Source
from articlekit.errors import ConversionError
from articlekit.schema import Article

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "hugo-markdown"


def convert_file(name: str) -> Article:
    path = FIXTURES / name
    data = path.read_bytes()
    [article] = hugo_markdown.convert(Source(path=name, data=data, text=data.decode("utf-8")))
    assert_valid(article)
    return article


def convert_text(text: str, path: str = "post.md") -> Article:
    [article] = hugo_markdown.convert(Source.from_text(text, path=path))
    assert_valid(article)
    return article


def reject_code(text: str) -> str:
    with pytest.raises(ConversionError) as caught:
        list(hugo_markdown.convert(Source.from_text(text, path="post.md")))
    return caught.value.code


class Golden(NamedTuple):
    title: str
    url: str | None
    published_at: str | None
    offset_assumed: bool
    flags: list[str]
    authors: list[str]
    count: int
    first: tuple[str, str]
    last: tuple[str, str]


GOLDENS: dict[str, Golden] = {
    # --- Jekyll -----------------------------------------------------------------------------------
    "2013-06-30-we-retire-1-8-7.md": Golden(
        "Ruby 1.8.7 退出历史舞台",
        None,  # no url key: the site's own address is unknown
        "2013-06-30T23:59:59Z",  # "+0000" written in the date
        False,
        [],
        ["shyouhei"],  # the translator is not an author
        8,
        ("paragraph", "本想写的更壮烈一些，但我的英语水平有限，那就说我想说的吧：正如前期计划，一个时代结束了。"),
        (
            "paragraph",
            "你的系统中可能还安装着 Ruby 1.8.7。根据安装的方式，你的 Ruby 1.8.7 可能已经没有人维护了，"
            "也可能第三方还在维护。我想说的是，我不再维护了，所以如果你使用的是我发布的版本，请谨慎地找到一个继续使用的方案。",
        ),
    ),
    "2013-10-24-migrate-from-wordpress-to-jekyll.md": Golden(
        "从 Wordpress 迁移到 Jekyll",
        None,
        "2013-10-24T21:09:00Z",  # Hexo front matter with no opening fence; no offset, no publisher: UTC, flagged
        True,
        ["published-zone-unknown"],
        [],
        7,
        (
            "paragraph",
            "上周末闲着没事干突然想把博客从 Wordpress 迁移到 Github pages 上，于是周日花了一天时间做迁移，"
            "期间各种折腾，终于变成了现在这样还算满意的情况。虽然我已经好久不写博客了，但俗话说“书非借不能读也”，"
            "博客这一迁移也激起了我重新写博客的欲望。再说，这个博客还身兼重任，那就是——养媳妇！哈哈～"
            "还是说说迁移中遇到的乱七八糟的问题吧～",
        ),
        (
            "paragraph",
            "好了，博客现在差不多了，但对美有要求的你应该不会停止。jekyll-bootstrap由于是以bootstrap为基础的，"
            "所以熟悉前端的孩子修改起来特别方便，比如首页加个侧边栏，各种样式修改，加入font-awesome图标等等，"
            "慢慢探索吧～用bootstrap的另外一大好处就是，这个框架本来就是响应式的，"
            "所以不用费心去像 wordpress 一样装个插件去优化手机版，各种尺寸的屏幕都能做到自适应，非常方便！"
            "快把你的博客也迁过来吧！",
        ),
    ),
    "2026-01-19-ed-zitron-on-big-tech-backlash-boom-and-bust-ai-ha.md": Golden(
        "Ed Zitron on big tech, backlash, boom and bust: \u2018AI has taught us that people are excited to replace"
        " human beings\u2019 - エド・ジトロン：ビッグテック、反発、好景気と破綻 ― "
        "「AIは人を置き換えたい人々の本音を教えた」",
        # Commentary archive: source_url names the commented article, the record's original address.
        "https://www.theguardian.com/technology/2026/jan/19/"
        "ed-zitron-on-big-tech-backlash-boom-and-bust-ai-has-taught-us-that-people-are-excited-to-replace-human-beings",
        "2026-01-19T13:54:40.540000Z",
        False,
        [],
        [],
        11,  # the "#" heading repeating the title is no block
        ("paragraph", "魅せる見出し：AIバブルの懐中電灯役――「賭け」は技術か、それとも資本主義の幻か？"),
        (
            "paragraph",
            "ジトロンの主張は決して「AI否定」ではなく、期待値を根拠で検証しないまま巨額の賭けをする危険を指摘するものです。"
            "日本のプロダクト開発者や経営者は、技術の光る側面に目を奪われず、現実的なコスト・効果と社会的影響を両方見渡すことが、"
            "今後の失敗を避ける最良の防御になります。",
        ),
    ),
    "2017-08-01-static-website-with-jekyll.md": Golden(
        "从WordPress到静态网站",
        None,
        "2017-08-01T12:00:00Z",  # no offset and no known publisher: UTC, flagged
        True,
        ["published-zone-unknown"],
        [],
        15,
        (
            "paragraph",
            "作为一个极简主义者，越来越受不了WordPress的臃肿。主要自己平时都是用Markdown来做记录，而WordPress支持的不是很好，"
            "另外有时写的md长文通过三方软件导出的html也不造放在wp的什么地方才合适，管理起来还不如几个静态页面来得方便。"
            "于是有了某天来个大整顿的想法。",
        ),
        ("list_item", "另一种是post对应的，用于显示目录列表，写在post_sidebar.html中。"),
    ),
    "2026-01-08-gpt-ct-protocol.md": Golden(
        "Test Post: GPT-4o is better than radiologists at selecting CT protocols",  # the <span> is markup
        None,
        "2026-01-08T10:10:10Z",
        True,
        ["published-zone-unknown"],
        [],
        10,
        (
            "paragraph",
            "A study published on Jan 06, 2026 in RADIOLOGY demonstrated that GPT-4o model selected optimal "
            "abdominal and pelvic CT protocols more frequently than radiologists.",
        ),
        ("paragraph", "GPT-4o is better than radiologists in selecting optimal abdominal and pelvic CT protocols."),
    ),
    # --- Hugo and Zola ----------------------------------------------------------------------------
    "2020-06-15-better-docs-ux-with-docsy.md": Golden(
        "Docsy 带来更好的 Docs UX",
        None,  # url: /zh-cn/blog/... is site-relative
        "2020-06-15T00:00:00Z",
        True,
        ["published-date-only", "published-zone-unknown"],
        ["Zach Corleissen，Cloud Native Computing Foundation"],  # the **作者：** line, not a block
        4,
        ("paragraph", "编者注：Zach 是 Kubernetes 文档特别兴趣小组（SIG Docs）的主席之一。"),
        (
            "paragraph",
            "CNCF 与不列颠哥伦比亚省维多利亚市的 Gearbox 签约，将主题应用于该网站。"
            "感谢 Aidan、Troy 和团队其他成员的所有工作！",
        ),
    ),
    "netprog.md": Golden(
        "使用 Rust 网络编程",
        None,
        "2024-06-24T18:35:26+08:00",
        False,
        [],
        [],
        9,
        ("list_item", "教学录影"),  # the {{< link >}} shortcode, as its text
        ("list_item", "Struct std::net::TcpStream"),
    ),
    "4-Years-Of-Rust.md": Golden(
        "4 years of Rust",
        None,
        "2019-05-15T00:00:00Z",  # from the path key 2019/05/15/...
        True,
        ["published-date-only", "published-zone-unknown"],
        ["The Rust Core Team"],
        5,
        (
            "paragraph",
            "On May 15th, 2015, Rust was released to the world! After 5 years of open development (and a couple of "
            "years of sketching before that), we finally hit the button on making the attempt to create a new "
            "systems programming language a serious effort!",
        ),
        (
            "paragraph",
            "Rust would be nothing, and especially not winning prizes, without its community. If you want to take "
            "it to social media, consider tagging our Twitter account or using the hashtag #rustbirthday.",
        ),
    ),
    "kak-monitorit-borg-backup.md": Golden(
        "Как настроить мониторинг для Borg Backup",
        None,
        "2021-03-29T00:00:00Z",  # a TOML date alone; updated = 2021-04-07 comes after it
        True,
        ["published-date-only", "published-zone-unknown"],
        [],
        25,
        ("paragraph", "Borg — это инструмент для резервного копирования в Linux."),
        (
            "paragraph",
            "Сервис будет следить, чтобы отклик от cron-задачи пришёл вовремя, в противном случае — напишет на почту "
            "и/или в Telegram.",
        ),
    ),
    "ecs-managed-instance.md": Golden(
        "ECS Managed Instance",
        None,
        "2025-10-07T00:00:00Z",
        True,
        ["published-date-only", "published-zone-unknown"],
        ["etak64n"],  # under [extra]
        11,  # the "##" heading repeating the title is no block; a GFM table gives a block per row
        ("paragraph", "ECS のアップデートとして、2025年9月30日に、ECS Managed Instance が発表されました。"),
        ("paragraph", "TODO: 後でまとめる"),
    ),
    "20250602_warikan-app.md": Golden(
        "【実装Tips】React + TypeScriptで作る割り勘計算アプリの実装ポイント",
        None,
        "2025-06-02T20:16:12+09:00",  # Qiita CLI: updated_at is the file's only date
        False,
        [],
        [],
        28,  # the closing "📚 関連記事：" label and its list are cut
        ("heading", "はじめに"),
        ("paragraph", "また、ご意見・ご要望などございましたら、お気軽にコメントください。"),
    ),
    "doonsec-wechat-ai-agent.md": Golden(
        "关于抓头的AI问题",
        "https://mp.weixin.qq.com/s/-YIiDs_RLTB25G-RfNyeFw",
        "2026-03-16T00:00:00+08:00",  # a date alone, in the zone of mp.weixin.qq.com
        True,
        ["published-date-only"],
        [],
        4,  # both title headings, the page's header lines and everything after 预览时标签不可点 go
        ("paragraph", "探讨两个问题，使用ai进行渗透以及agent漏洞"),
        ("paragraph", "总之,嗯，就大概这样，很多东西理解的还不透彻，现在已经搞到自然语言渗透了……….."),
    ),
    # --- Hexo -------------------------------------------------------------------------------------
    "2019-12-24-how-we-make-hexo-30-percent-faster.md": Golden(
        "Speed is the Key - How We Make Hexo 30% Faster",
        None,
        "2019-12-24T00:00:00Z",  # the file name's date
        True,
        ["published-date-only", "published-zone-unknown"],
        [],
        11,
        (
            "quote",
            "Originally written in Simplified Chinese by Sukka, one of the current Hexo development team member, "
            "and translated into English by himself.",
        ),
        (
            "paragraph",
            "We have added Benchmark to CI as part of the unit test in #3776. For Hexo, speed is always the key.",
        ),
    ),
    "deepnote-intro.md": Golden(
        "初遇 deepnote —— 使用简介",
        None,
        "2021-10-12T15:03:52Z",  # no offset, no publisher: UTC, flagged
        True,
        ["published-zone-unknown"],
        [],
        18,  # {% note info %} lines gone, their text kept; inline {% button %} tags leave their labels
        ("paragraph", "本文章最后更新日期为：2021-10-12"),
        ("paragraph", "邀请链接：deepnote 文中测试项目的链接；Deepnote intro"),
    ),
    "PowerQuery基础与进阶.md": Golden(
        "PowerQuery基础与进阶",
        None,
        "2024-06-10T09:03:02Z",
        True,
        ["published-zone-unknown"],
        [],
        25,
        ("paragraph", "官网介绍：https://learn.microsoft.com/zh-cn/power-query/"),
        ("heading", "基础操作"),
    ),
    # --- WordPress exports ------------------------------------------------------------------------
    "2014-08-13-emc-hybrid-cloud-solution-vmware.md": Golden(
        "The EMC Hybrid Cloud Solution for VMware",  # post_title
        "http://www.virtxpert.com/emc-hybrid-cloud-solution-vmware/",  # permalink, absolute
        "2014-08-13T14:21:41Z",  # post_date; "published: true" is a flag, not a date
        True,
        ["published-zone-unknown"],
        ["Jonathan Frappier"],
        4,
        (
            "paragraph",
            "Disclaimer: I am an EMC employee. All views in this post are my own. I was not asked to write this by "
            "my employer, nor was any of this viewed, approved or edited by EMC",
        ),
        (
            "paragraph",
            "For me personally, this project has been a dream. It has combined all of the technologies I am "
            "interested in, being hands on with VMware, vCAC and ViPR as well as learning about new things such as "
            "vCHS, AppD and VMAX (I came from a VNX shop). I hope we can catch up at at the How to Build and Deploy "
            "a Well Run Hybrid Cloud session at VMworld.",
        ),
    ),
    "2010-06-30-building-a-commodity-cloud-with-emc.md": Golden(
        "Building A Commodity Cloud with EMC?",
        "http://cloudscaling.com/blog/cloud-computing/building-a-commodity-cloud-with-emc/",  # link
        "2010-06-30T05:09:40-07:00",  # created, with its created_gmt twin 12:09:40: the offset is known
        False,
        [],
        ["randybias"],
        1,  # the title heading repeats the title; "## Comments" and the comment are cut
        (
            "paragraph",
            "Just a quick post to note a recent blog post by Chuck Hollis (@chuckhollis) that discusses some of the "
            "issues related to using EMC for commodity clouds. The posting hubs around a conversation I have been "
            "having with Chuck trying to understand the EMC product line better and seeing if there is a fit for "
            "businesses building cost-effective clouds. Chuck's blog posting covers the discussion fairly well and "
            "he was very helpful. My final takeaway is that I think there can be a place for EMC, traditionally a "
            "'premium' vendor, in even low cost commodity clouds. The challenge however, as he rightfully identifies "
            "is that EMC, the business, has a hard time understanding these requirements. The local EMC sales team "
            "I've been dealing with doesn't really understand the inherent assumptions I'm making. There is a lot "
            "of push to simply purchase the 'bigger box'. A strongly recommended read for folks trying to "
            "understand both EMC's potential value proposition in the cloud and how to build 'scale out' commodity "
            "clouds.",
        ),
        ("paragraph", "same as first"),
    ),
    # --- WeChat mirrors ---------------------------------------------------------------------------
    "rust-to-system-essence-lang-generic.md": Golden(
        "透过 Rust 探索系统的本原：泛型",  # no title key: the first heading
        "https://mp.weixin.qq.com/s/SJsEurfZr4TG-I3rncid5A",  # > 原文链接：
        "2021-05-31T21:00:00Z",  # pub_date, RFC 822 with GMT
        False,
        [],
        ["陈天"],  # 作者：陈天 / 后期编辑：张汉东 — the editor is not an author
        9,
        (
            "paragraph",
            "在 Fundamentals of Generic Programming[1] 里，Alexander Stepanov（泛型概念的创立者）"
            "用一段优雅的文字描绘了计算机技术不断泛化（generalized）的历史：",
        ),
        (
            "paragraph",
            "从这一点我们也可以看出，Rust 和 Swift 生态的显著不同 —— Swift 在设计上考虑了潜在的商业伙伴上的需求。",
        ),
    ),
    # --- Hugo link post (Henry theme: externalLink, draft, a quote as the whole body) -----------------
    "be-water-my-friend.md": Golden(
        "Be water my friend",
        None,  # externalLink is the post's subject, not its own address
        "2021-10-20T00:00:00Z",  # an unquoted YAML date: a date only
        True,
        ["published-date-only", "published-zone-unknown"],
        [],
        1,
        (
            "quote",
            "Empty your mind. Be formless, shapeless, like water! you put water into a cup, it becomes the cup you "
            "put water into a bottle, it becomes the bottle you put water into a teapot, it becomes the teapot. "
            "Now water can flow or it can crash. Be water my friend.",
        ),
        ("paragraph", "same as first"),
    ),
    "2023-02-20-bw-dev-learnings.md": Golden(
        "📜 Barren Wuffet - Technical Learnings",
        None,  # the header's cta_url is the post's source on GitHub, not its address
        "2023-02-20T00:00:00Z",  # the file name's date (last_modified_at is no publication date)
        True,
        ["published-date-only", "published-zone-unknown"],
        ["psyf", "MadNeutrino"],  # authors as a list of {name, link}
        11,  # the {: .notice--info} lists are gone; the footnote marker and its back link too
        (
            "paragraph",
            "It's August of 2022. I've understood as much of the tech stack powering blockchains that my brain can "
            "hold without exploding. I've learnt the basics of smart contracts and security from CryptoZombies and "
            "Ethernaut. I've dabbled in DeFi as a user and tried to understand how each of the protocols were "
            "designed. It's time to build something of my own.",
        ),
        (
            "list_item",
            "If the fund manager is whitelisted to run a bot to execute the trigger, that means they have to run "
            "special infrastructure to use the system which makes their lives harder. It also means, we can trust "
            "whatever the whitelisted bot does, so the bot can handle the IFTTT triggers and we dont have to do this "
            "in-contract so the entire architecture will be different.",
        ),
    ),
    # --- MDX and ::: containers (Docusaurus, Zenn) ------------------------------------------------------
    "announcing-docusaurus-3.0.md": Golden(
        "Announcing Docusaurus 3.0",
        None,
        "2023-10-25T00:00:00Z",
        True,
        ["published-date-only", "published-zone-unknown"],
        ["slorber"],
        11,  # no {/* truncate */}, no import line, no :::warning fences, no <IframeWindow /> component
        ("paragraph", "Today we are happy to announce Docusaurus 3.0! 🥳"),
        (
            "paragraph",
            "We would like to thank you for using Docusaurus over the years. The documentation framework space is "
            "becoming more competitive lately, and we will do our best to ensure that Docusaurus remains a "
            "competitive solution that stands out for its great flexibility.",
        ),
    ),
    "tokio-task-cancel.md": Golden(
        "重い計算をタイムアウトする",
        None,
        None,  # Zenn writes no date: published: true is a flag
        False,
        [],
        [],
        7,  # the :::message aside is one paragraph, its fences gone
        (
            "paragraph",
            "例えば数値計算のように純粋に計算として時間がかかる処理があるとします。この処理に長時間かかる場合、"
            "タイムアウトを設定して処理を中断したい場合があります。例えば予め設定した時間を超えて処理が終わらない場合、"
            "処理を中断してエラーを返すようにしたい場合です。Rustでこのような処理をどうやって実装するかを議論します。",
        ),
        ("paragraph", "なおこれは実行順序により foo2 が出るケースもあります。"),
    ),
    # --- Gatsby (gatsby-starter-blog: title, date, description or spoiler; folder/index.md) -------------
    "there-and-back-again.md": Golden(
        "There and back again",
        None,  # Gatsby keeps the address in its config, not in the post
        "2021-03-26T12:00:00Z",
        False,  # the ISO date's Z
        [],
        [],
        14,  # code blocks are kept, one block each
        (
            "paragraph",
            "When writing Elm, it's very common to use custom types to structure your data. Let's say we want to "
            "describe the flashy suits of the Power Rangers, as featured in the 1975 classic Himitsu Sentai Gorenger:",
        ),
        ("paragraph", "Thanks for reading! 👋"),
    ),
    "the-bug-o-notation.zh-hant.md": Golden(
        "「Bug-O」 符號",
        None,
        "2019-01-25T00:00:00Z",  # a date alone in quotes: midnight, zone unknown
        True,
        ["published-date-only", "published-zone-unknown"],
        [],
        11,  # three --- rules and the code were cut in trimming; rules are no blocks
        (
            "paragraph",
            "當你寫對於效能敏感的程式碼時，隨時將它的演算法複雜度銘記在心是件好事。它通常被呈現為 Big-O 標記。",
        ),
        (
            "paragraph",
            "下一次當你看見關於 API 的討論，試著思考：它的一般除錯的 🐞(n) 是多少？"
            "那你熟悉的已經存在的 API 和原則的又是多少呢？ Redux、CSS、繼承 - 它們都有自己的 Bug-O。",
        ),
    ),
    "qoder-cloud-agents-cn.md": Golden(
        "Qoder Cloud Agents 中国版来啦！",  # no title key: the first heading
        "https://mp.weixin.qq.com/s/CsqGhztbt_A7kuQYlK8q0w",
        "2026-06-11T09:21:00Z",  # publish_time: 1781169660, a Unix epoch: an instant, no zone assumed
        False,
        [],
        [],
        19,  # the 原文链接 and 公众号 lines are metadata, not a quote block
        ("paragraph", "今天，我们正式上线 Qoder Cloud Agents 中国版。"),
        ("paragraph", "了解更多，欢迎加入Qoder Cloud Agents 用户交流钉钉群:183685011067"),
    ),
    "rust-to-system-essence-raii.md": Golden(
        "Rust 探索系统本原 | RAII",
        "https://mp.weixin.qq.com/s/jaKjzc_1rkDe67rfpnFTgg",
        "2021-04-30T18:00:00Z",
        False,
        [],
        ["陈天"],
        11,
        ("heading", "透过 Rust 探索系统的本原：RAII"),  # a second, different heading is the article's own
        ("paragraph", "[1] RAII: https://en.wikipedia.org/wiki/Resource_acquisition_is_initialization"),
    ),
}


@pytest.mark.parametrize("name", sorted(GOLDENS))
def test_fixture_golden(name: str) -> None:
    golden = GOLDENS[name]
    article = convert_file(name)
    record = article.model_dump(mode="json")
    assert record["title"] == golden.title
    assert record["url"] == golden.url
    assert record["published_at"] == golden.published_at
    assert record["published_offset_assumed"] is golden.offset_assumed
    assert record["flags"] == golden.flags
    assert record["authors"] == golden.authors
    assert len(article.blocks) == golden.count
    assert (article.blocks[0].kind, article.blocks[0].text) == golden.first
    last = golden.first if golden.last == ("paragraph", "same as first") else golden.last
    assert (article.blocks[-1].kind, article.blocks[-1].text) == last


def test_every_fixture_has_a_golden_and_a_source_line() -> None:
    fixtures = {path.name for path in FIXTURES.glob("*.md") if path.name != "SOURCES.md"}
    assert fixtures == set(GOLDENS)
    sources = (FIXTURES / "SOURCES.md").read_text(encoding="utf-8")
    assert all(f"`{name}`" in sources for name in fixtures)


@pytest.mark.parametrize("name", sorted(GOLDENS))
def test_fixtures_are_claimed(name: str) -> None:
    data = (FIXTURES / name).read_bytes()
    assert hugo_markdown.sniff(Source(path=name, data=data, text=data.decode("utf-8"))) == 0.95


def test_hexo_front_matter_without_an_opening_fence() -> None:
    article = convert_file("2013-10-24-migrate-from-wordpress-to-jekyll.md")
    assert article.categories == ["网站相关"]
    assert article.tags == ["jekyll", "wordpress", "github", "github pages", "blog", "mathjax", "多说"]
    assert not any(block.text.startswith(("date:", "title:", "---")) for block in article.blocks)


@pytest.mark.parametrize(
    "text",
    [
        "title: A\nname: b\n---\nkey: c\n",  # multi-document YAML without a date: no post
        "date: 2020-01-01\nname: b\n---\nText.\n",  # no title
        "title: A\ndate: 2020-01-01\nThis is prose, not a key line.\n---\nText.\n",
        "Intro\ntitle: A\ndate: 2020-01-01\n---\nText.\n",  # does not open with the key
    ],
)
def test_front_matter_without_an_opening_fence_must_be_unmistakable(text: str) -> None:
    assert hugo_markdown.sniff(Source.from_text(text, path="post.md")) < 0.95


def test_gatsby_posts_keep_their_language_and_summary_key() -> None:
    english = convert_file("there-and-back-again.md")
    assert (english.language, english.summary) == ("en", "A tale of converting and converting back")
    assert english.images == []  # ./pink-sadness.png: relative, and the post names no own address
    traditional = convert_file("the-bug-o-notation.zh-hant.md")
    assert traditional.language == "zh-Hant"
    assert traditional.summary is None  # Gatsby's spoiler key is a teaser line, not one of the summary keys


def test_wechat_mirror_relative_images_do_not_resolve_against_the_original() -> None:
    article = convert_file("rust-to-system-essence-lang-generic.md")
    assert [(image.url, image.caption) for image in article.images] == [(None, "1")]
    assert article.source.name == "微信公众平台"
    assert article.summary == "Rust To System Essence Lang Generic"


def test_wordpress_export_keeps_its_links_and_image() -> None:
    article = convert_file("2014-08-13-emc-hybrid-cloud-solution-vmware.md")
    assert [(image.url, image.caption) for image in article.images] == [
        ("http://www.virtxpert.com/wp-content/uploads/2014/08/EMC-Hybrid-Cloud-IMG-01.jpg", "EMC-Hybrid-Cloud-IMG-01")
    ]
    assert [link.text for link in article.links] == [
        "EMC",
        "EMC Hybrid Cloud Solution with VMware",
        "How to Build and Deploy a Well Run Hybrid Cloud",
    ]


# --- key spellings ------------------------------------------------------------------------------------

BODY = "第一段正文。\n\n第二段正文。\n"


@pytest.mark.parametrize(
    "key", ["date", "published", "pubDate", "publishDate", "post_date", "created", "lastmod", "updated_at"]
)
def test_date_key_spellings(key: str) -> None:
    article = convert_text(f"---\ntitle: T\n{key}: 2024-03-01T08:00:00+08:00\n---\n\n{BODY}")
    assert article.published_at == datetime(2024, 3, 1, 8, tzinfo=timezone(timedelta(hours=8)))


def test_first_date_key_wins_over_lastmod() -> None:
    text = "---\ntitle: T\nlastmod: 2024-05-01T00:00:00Z\ndate: 2024-03-01T00:00:00Z\n---\n\n" + BODY
    assert convert_text(text).published_at == datetime(2024, 3, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "published_at", "assumed", "flags"),
    [
        ("2024-03-01", "2024-03-01T00:00:00Z", True, ["published-date-only", "published-zone-unknown"]),
        ("2024-03-01 08:30:00", "2024-03-01T08:30:00Z", True, ["published-zone-unknown"]),
        ("2024-03-01 08:30:00 +0800", "2024-03-01T08:30:00+08:00", False, []),
        ('"2024/03/01 08:30"', "2024-03-01T08:30:00Z", True, ["published-zone-unknown"]),
        ("Fri, 01 Mar 2024 08:30:00 GMT", "2024-03-01T08:30:00Z", False, []),
    ],
)
def test_date_shapes(value: str, published_at: str, assumed: bool, flags: list[str]) -> None:
    record = convert_text(f"---\ntitle: T\ndate: {value}\n---\n\n{BODY}").model_dump(mode="json")
    assert (record["published_at"], record["published_offset_assumed"], record["flags"]) == (
        published_at,
        assumed,
        flags,
    )


def test_wechat_archive_publish_time_epoch_and_account_line() -> None:
    article = convert_text("---\npublish_time: 1787124366\n---\n\n# 标题\n\n> 公众号：阿里云云原生\n\n正文。\n")
    assert (article.published_at, article.published_offset_assumed, article.source.name) == (
        datetime(2026, 8, 19, 7, 26, 6, tzinfo=UTC),
        False,
        "阿里云云原生",
    )
    assert [block.text for block in article.blocks] == ["正文。"]


def test_wechat_original_url_gives_china_standard_time() -> None:
    text = "---\ntitle: T\ndate: 2024-03-01 08:30:00\nfrom: https://mp.weixin.qq.com/s/abc\n---\n\n" + BODY
    record = convert_text(text).model_dump(mode="json")
    assert (record["url"], record["published_at"], record["flags"]) == (
        "https://mp.weixin.qq.com/s/abc",
        "2024-03-01T08:30:00+08:00",
        [],
    )


@pytest.mark.parametrize("key", ["from", "original", "source", "origin", "canonical", "canonicalURL", "link", "url"])
def test_absolute_url_keys(key: str) -> None:
    assert (
        convert_text(f"---\ntitle: T\n{key}: https://news.example/a/1\n---\n\n{BODY}").url == "https://news.example/a/1"
    )


@pytest.mark.parametrize("key", ["permalink", "url", "link"])
def test_site_relative_permalinks_are_no_url(key: str) -> None:
    assert convert_text(f"---\ntitle: T\n{key}: /2024/03/01/post/\n---\n\n{BODY}").url is None


def test_canonical_beats_original_beats_url() -> None:
    front = "url: https://mirror.example/p\nfrom: https://origin.example/a\ncanonical: https://canon.example/c\n"
    assert convert_text(f"---\ntitle: T\n{front}---\n\n{BODY}").url == "https://canon.example/c"
    front = "url: https://mirror.example/p\nfrom: https://origin.example/a\n"
    assert convert_text(f"---\ntitle: T\n{front}---\n\n{BODY}").url == "https://origin.example/a"


def test_source_in_words_names_the_publisher() -> None:
    article = convert_text(f"---\ntitle: T\nsource: 新华社\n---\n\n{BODY}")
    assert (article.url, article.source.name) == (None, "新华社")


@pytest.mark.parametrize(
    ("front", "tags", "categories"),
    [
        ("tags: [a, b]\ncategories: [c]", ["a", "b"], ["c"]),
        ("tags: a, b\ncategories: c", ["a", "b"], ["c"]),
        ("keywords: 经济，贸易\ncategory: 国际", ["经济", "贸易"], ["国际"]),
        ("tags:\n  - a\n  - b\n", ["a", "b"], []),
        ('topics: ["rust", "tokio"]', ["rust", "tokio"], []),  # Zenn
    ],
)
def test_tags_and_categories(front: str, tags: list[str], categories: list[str]) -> None:
    article = convert_text(f"---\ntitle: T\n{front}\n---\n\n{BODY}")
    assert (article.tags, article.categories) == (tags, categories)


@pytest.mark.parametrize(
    ("path", "front", "tags", "categories"),
    [
        # Clearly Jekyll: a dated post name in _posts, or with Jekyll's layout key.
        ("_posts/2020-01-02-x.md", "tags: a b\ncategories: news tech", ["a", "b"], ["news", "tech"]),
        ("blog/_posts/2020-01-02-x.markdown", "tags: a b", ["a", "b"], []),
        ("2020-01-02-x.md", "layout: post\ntags: ai ct # lowercase only", ["ai", "ct"], []),
        ("_posts/2020-01-02-x.md", "tags: a, b c", ["a", "b c"], []),  # commas still separate
        ("_posts/2020-01-02-x.md", "category: big news", [], ["big news"]),  # the singular key is one name
        # Not clearly Jekyll: the string stays one name.
        ("2020-01-02-x.md", "tags: a b", ["a b"], []),  # no _posts, no layout
        ("source/_posts/2020-01-02-x.md", "categories: hexo blog", [], ["hexo blog"]),  # Hexo's folder
        ("_posts/x.md", "tags: a b", ["a b"], []),  # Jekyll reads no post without the date
        ("_posts/2020-01-02-x.md", "draft: false\ntags: a b", ["a b"], []),  # a Hugo key
    ],
)
def test_jekyll_posts_split_list_strings_on_spaces(
    path: str, front: str, tags: list[str], categories: list[str]
) -> None:
    article = convert_text(f"---\ntitle: T\n{front}\n---\n\n{BODY}", path=path)
    assert (article.tags, article.categories) == (tags, categories)


def test_al_folio_post_tags_and_categories() -> None:
    article = convert_file("2026-01-08-gpt-ct-protocol.md")  # "tags: ai ct # lowercase only", layout: post
    assert (article.tags, article.categories) == (["ai", "ct"], ["news"])


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("<span style='color: red;'>Note:</span> a title", "Note: a title"),
        ("Using <code>asyncio</code> well", "Using asyncio well"),
        ("Why Vec<String> beats &str", "Why Vec<String> beats &str"),  # not HTML markup
        ("What <b> does", "What <b> does"),  # a lone tag may be the title's own words
    ],
)
def test_inline_html_in_a_title_is_markup(title: str, expected: str) -> None:
    assert convert_text(f'---\ntitle: "{title}"\n---\n\n{BODY}').title == expected


def test_jekyll_post_names_with_one_digit_month_and_day() -> None:
    # Jekyll reads 2023-6-4-title.md as a post of 4 June 2023 (Chirpy sites name posts so).
    article = convert_text(f"---\ntitle: T\ntags: a b\n---\n\n{BODY}", path="_posts/2023-6-4-j2ee-final-exam.md")
    record = article.model_dump(mode="json")
    assert (record["published_at"], record["flags"]) == (
        "2023-06-04T00:00:00Z",
        ["published-date-only", "published-zone-unknown"],
    )
    assert article.tags == ["a", "b"]


def test_liquid_outputs_in_a_jekyll_post_show_nothing() -> None:
    # Minimal Mistakes' captured figure: the {{ … }} output is rendered by Liquid, never shown as written.
    text = (
        "---\nlayout: single\ntitle: T\n---\n\n{% capture fig_img %}\n![Foo](https://example.com/foo.png)\n"
        '{% endcapture %}\n\n<figure>\n  {{ fig_img | markdownify | remove: "<p>" | remove: "</p>" }}\n'
        "  <figcaption>Photo by Foo.</figcaption>\n</figure>\n\nHello {{ page.author }} text with {{ name }}.\n\n"
        "{% raw %}Keep {{ this }}{% endraw %} here.\n"
    )
    article = convert_text(text, path="_posts/2020-01-01-x.md")
    assert [(block.kind, block.text) for block in article.blocks] == [
        ("paragraph", "Hello text with ."),
        ("paragraph", "Keep {{ this }} here."),
    ]
    assert [(image.url, image.caption) for image in article.images] == [
        ("https://example.com/foo.png", "Foo"),
        (None, "Photo by Foo."),
    ]
    # Not clearly Jekyll: only {{ site.* }} and {{ page.* }} outputs go.
    other = convert_text("---\ntitle: T\n---\n\nHello {{ page.author }} text with {{ name }}.\n")
    assert [block.text for block in other.blocks] == ["Hello text with {{ name }}."]


def test_jekyll_rule_never_reads_toml() -> None:
    article = convert_text(f'+++\ntitle = "T"\ntags = "a b"\n+++\n\n{BODY}', path="_posts/2020-01-02-x.md")
    assert article.tags == ["a b"]


def test_zola_taxonomies_table_gives_tags_and_categories() -> None:
    article = convert_file("kak-monitorit-borg-backup.md")
    assert (article.tags, article.categories) == (["backup", "borg", "monitoring"], ["backup", "monitoring"])


def test_zola_link_shortcode_is_its_link() -> None:
    article = convert_file("ecs-managed-instance.md")
    assert (article.blocks[1].kind, article.blocks[1].text) == (
        "paragraph",
        "Announcing Amazon ECS Managed Instances - AWS",
    )
    assert [(link.url, link.text) for link in article.links] == [
        (
            "https://aws.amazon.com/jp/about-aws/whats-new/2025/09/amazon-ecs-managed-instances/",
            "Announcing Amazon ECS Managed Instances - AWS",
        )
    ]
    assert (article.tags, article.categories) == (["AWS", "ECS"], ["AWS"])


@pytest.mark.parametrize(
    ("front", "tags", "authors"),
    [
        # Zola: an inline taxonomies table, the author under [extra].
        (
            'taxonomies = { tags=["AWS","ECS"], categories=["AWS"] }\n[extra]\nauthor = "etak64n"',
            ["AWS", "ECS"],
            ["etak64n"],
        ),
        ('[params]\nauthor = "A"\ntags = ["x"]', ["x"], ["A"]),  # Hugo theme params
        ('tags = ["top"]\n[taxonomies]\ntags = ["nested"]', ["top"], []),  # the top level wins
    ],
)
def test_nested_tables_fill_missing_keys(front: str, tags: list[str], authors: list[str]) -> None:
    article = convert_text(f'+++\ntitle = "T"\n{front}\n+++\n\n{BODY}')
    assert (article.tags, article.authors) == (tags, authors)


@pytest.mark.parametrize("key", ["description", "summary", "excerpt"])
def test_summary_keys(key: str) -> None:
    assert convert_text(f"---\ntitle: T\n{key}: 摘要。\n---\n\n{BODY}").summary == "摘要。"


@pytest.mark.parametrize(
    ("front", "authors"),
    [
        ("author: 张三", ["张三"]),
        ("authors: [张三, 李四]", ["张三", "李四"]),
        ("author: 张三, 李四", ["张三", "李四"]),
        ("byline: Jane Doe", ["Jane Doe"]),
        ("author:\n  display_name: Thiago\n  login: thiago", ["Thiago"]),
    ],
)
def test_author_spellings(front: str, authors: list[str]) -> None:
    assert convert_text(f"---\ntitle: T\n{front}\n---\n\n{BODY}").authors == authors


@pytest.mark.parametrize("key", ["image", "cover", "thumbnail", "featured_image"])
def test_image_keys(key: str) -> None:
    article = convert_text(f"---\ntitle: T\n{key}: https://img.example/c.jpg\n---\n\n{BODY}")
    assert [image.url for image in article.images] == ["https://img.example/c.jpg"]


@pytest.mark.parametrize(("key", "value", "language"), [("lang", "zh-TW", "zh-Hant"), ("language", "fr", "fr")])
def test_language_keys(key: str, value: str, language: str) -> None:
    body = "這是繁體中文的內容。\n" if language == "zh-Hant" else "Le texte de l'article.\n"
    assert convert_text(f"---\ntitle: T\n{key}: {value}\n---\n\n{body}").language == language


def test_toml_front_matter_with_every_spelling() -> None:
    text = (
        '+++\ntitle = "标题"\npublishDate = 2024-03-01T08:00:00+08:00\nauthors = ["张三"]\n'
        'original = "https://news.example/a"\ntags = ["甲", "乙"]\ndescription = "摘要"\n+++\n\n' + BODY
    )
    record = convert_text(text).model_dump(mode="json")
    assert (record["title"], record["url"], record["published_at"], record["authors"], record["tags"]) == (
        "标题",
        "https://news.example/a",
        "2024-03-01T08:00:00+08:00",
        ["张三"],
        ["甲", "乙"],
    )
    assert record["summary"] == "摘要"


# --- body rules ---------------------------------------------------------------------------------------


def test_cjk_single_star_emphasis_through_articlekit() -> None:
    assert convert_text("---\ntitle: T\n---\n\n中文*“强调”*中文\n").text == "中文“强调”中文"


def test_cjk_double_star_emphasis_through_articlekit() -> None:
    text = "---\ntitle: T\n---\n\n普京赞同特朗普关于**“当前需共同努力”**这一观点。\n"
    assert convert_text(text).text == "普京赞同特朗普关于“当前需共同努力”这一观点。"


def test_literal_markers_inside_raw_html_paragraphs() -> None:
    text = "---\ntitle: T\n---\n\n<p>**一、背景**</p>\n<p>正文**重点**内容，联系人王**。</p>\n"
    assert [(block.kind, block.text) for block in convert_text(text).blocks] == [
        ("heading", "一、背景"),
        ("paragraph", "正文重点内容，联系人王**。"),
    ]


def test_first_heading_repeating_the_title_is_not_a_block() -> None:
    article = convert_text("---\ntitle: 《标题》！\n---\n\n# 标题\n\n正文。\n\n# 标题\n")
    assert [(block.kind, block.text) for block in article.blocks] == [("paragraph", "正文。"), ("heading", "标题")]


def test_quoted_metadata_lines_fill_url_and_authors() -> None:
    text = (
        "---\ntitle: T\n---\n\n> 原文链接：[https://mp.weixin.qq.com/s/x](https://mp.weixin.qq.com/s/x)\n"
        "> 作者：张三、李四\n> 来源：某某公众号\n> 发布时间：2025-07-21 10:31\n\n正文。\n"
    )
    record = convert_text(text).model_dump(mode="json")
    assert (record["url"], record["authors"], record["source"]["name"], record["published_at"]) == (
        "https://mp.weixin.qq.com/s/x",
        ["张三", "李四"],
        "某某公众号",
        "2025-07-21T10:31:00+08:00",
    )
    assert [block["text"] for block in record["blocks"]] == ["正文。"]


def test_front_matter_beats_metadata_lines() -> None:
    text = "---\ntitle: T\nauthor: 王五\nurl: https://a.example/1\n---\n\n> 作者：张三\n> 原文：https://b.example/2\n\n正文。\n"
    article = convert_text(text)
    assert (article.authors, article.url, article.text) == (["王五"], "https://a.example/1", "正文。")


def test_metadata_in_an_html_blockquote() -> None:
    text = '---\ntitle: T\n---\n\n<blockquote><p>原文链接：<a href="https://n.example/a">点此</a><br>作者：赵六</p></blockquote>\n\n正文。\n'
    article = convert_text(text)
    assert (article.url, article.authors, article.text) == ("https://n.example/a", ["赵六"], "正文。")


def test_a_quote_that_is_not_metadata_stays() -> None:
    article = convert_text("---\ntitle: T\n---\n\n> 他说：这是引文。\n\n正文。\n")
    assert [(block.kind, block.text) for block in article.blocks] == [
        ("quote", "他说：这是引文。"),
        ("paragraph", "正文。"),
    ]


@pytest.mark.parametrize(
    "body",
    [
        "[甲](https://a.example/1)\n\n[乙](https://a.example/2)\n",
        "![图](https://img.example/a.png)\n",
        "- [甲](https://a.example/1)\n- [乙](https://a.example/2)\n",
        "<div class='sharedaddy'><a href='https://x'>Share</a></div>\n",
        "<!-- only a comment -->\n",
    ],
)
def test_links_or_images_only_is_no_body(body: str) -> None:
    assert reject_code(f"---\ntitle: T\n---\n\n{body}") == "no-body"


def test_wordpress_body_pasted_under_front_matter() -> None:
    html = (Path(__file__).resolve().parent / "test_html_blocks.py").read_text(encoding="utf-8")
    start = html.index('<article id="post-42"')
    end = html.index('"""', start)
    article = convert_text("---\ntitle: 文章标题\nfrom: https://blog.example/p/42\n---\n" + html[start:end])
    assert [block.text for block in article.blocks] == ["第一段正文。", "第二段正文，报告如是说。"]
    assert article.url == "https://blog.example/p/42"


def test_hexo_link_tags_show_their_title_and_text_tags_alone_on_a_line_keep_their_text() -> None:
    text = (
        "---\ntitle: T\n---\n\nSee {% post_link hello-world 'My First Post' %} and {% post_link other %} too.\n\n"
        "{% button /docs, Read the docs %}\n\n"
        '{% kbd Ctrl %} + C copies; {% asset_link report.pdf "The report" true %} is attached.\n'
    )
    assert [(block.kind, block.text) for block in convert_text(text).blocks] == [
        ("paragraph", "See My First Post and too."),  # without a title Hexo shows the other post's, unknown here
        ("paragraph", "Read the docs"),
        ("paragraph", "Ctrl + C copies; The report is attached."),
    ]


def test_liquid_tags_in_fenced_code_are_shown_as_written_except_in_a_jekyll_post() -> None:
    # A Hexo post documenting its tag plugins: Hexo escapes fenced code before it runs the tags.
    body = (
        "Usage:\n\n```text\n{% note info %}\nA note.\n{% endnote %}\n{{ site.title }}\n```\n\n"
        "{% note info %}\nA note.\n{% endnote %}\n"
    )
    hexo = convert_text(f"---\ntitle: T\ndate: 2021-06-28 15:52:09\n---\n\n{body}", path="source/_posts/tags.md")
    assert [block.text for block in hexo.blocks] == [
        "Usage:",
        "{% note info %}\nA note.\n{% endnote %}\n{{ site.title }}",
        "A note.",
    ]
    # Jekyll runs Liquid over code too: there the tags and outputs show nothing.
    jekyll = convert_text(f"---\nlayout: post\ntitle: T\n---\n\n{body}", path="_posts/2021-06-28-tags.md")
    assert [block.text for block in jekyll.blocks] == ["Usage:", "A note.", "A note."]


def test_jekyll_theme_figure_includes_are_figures() -> None:
    # al-folio wraps its figure.liquid include in Bootstrap rows; Minimal Mistakes' figure include may sit amid text.
    text = (
        "---\ntitle: T\nurl: https://someone.github.io/blog/2024/t/\n---\n\nIntro text here.\n\n"
        '<div class="row">\n    <div class="col-sm mt-3 mt-md-0">\n'
        '        {% include figure.liquid loading="eager" path="assets/img/arch.png" title="The architecture"'
        ' class="img-fluid rounded z-depth-1" %}\n    </div>\n</div>\n\n'
        'Text {% include figure image_path="/assets/a.jpg" alt="An alt" caption="A caption" %} after.\n\n'
        "{% include toc.html %}\n\nSee {% include link.html url='https://x.org' %} here.\n"
    )
    article = convert_text(text)
    assert [(block.kind, block.text) for block in article.blocks] == [
        ("paragraph", "Intro text here."),
        ("paragraph", "Text after."),
        ("paragraph", "See here."),
    ]
    assert [(image.url, image.caption) for image in article.images] == [
        ("https://someone.github.io/assets/img/arch.png", "The architecture"),  # relative_url: from the site root
        ("https://someone.github.io/assets/a.jpg", "A caption"),
    ]


def test_hugo_shortcodes_and_liquid_tags() -> None:
    text = (
        '---\ntitle: T\n---\n\n正文见 {{< link href="https://a.example/x" content="链接" >}}。\n\n'
        '{{< figure src="https://img.example/f.jpg" caption="图说" >}}\n\n'
        "{% asset_img cover.png 封面 %}\n\n{% raw %}\n[甲]({{ site.baseurl }}/p/1)\n{% endraw %}\n"
    )
    article = convert_text(text)
    # Inside {% raw %} Liquid leaves "{{ site.baseurl }}" as written, so the site shows the line as written:
    # a link target with spaces is no Markdown link.
    assert [block.text for block in article.blocks] == ["正文见 链接。", "[甲]({{ site.baseurl }}/p/1)"]
    assert [(image.url, image.caption) for image in article.images] == [
        ("https://img.example/f.jpg", "图说"),
        (None, "封面"),  # cover.png is relative to a site that is unknown here
    ]


# --- sniff ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "claimed"),
    [
        ("---\nlayout: page\npermalink: /about/\n---\n\nAbout me.\n", False),  # no title: a page, not an article
        ("---\nname: CI\non: push\n---\njobs:\n  build: {}\n", False),
        ("---\ndescription: x\n---\n\n# Heading title\n\nBody.\n", True),  # the heading is the title
        ("---\nlayout: default\n---\n\n# Heading\n\nBody.\n", False),  # no article key at all
        ("---\npost_title: T\npost_date: 2014-01-01\n---\n<p>x</p>\n", True),
    ],
)
def test_sniff_claims_only_articles(text: str, claimed: bool) -> None:
    assert (hugo_markdown.sniff(Source.from_text(text)) >= 0.5) is claimed


# --- round trips ----------------------------------------------------------------------------------------

TITLE_KEYS = ("title",)
DATE_KEYS = ("date", "published", "pubDate", "publishDate", "created")
AUTHOR_KEYS = ("author", "authors", "byline")
URL_KEYS = ("url", "link", "canonical", "canonicalURL", "from", "original", "source", "origin")
TAG_KEYS = ("tags", "keywords")
WORDS = (
    st.text(alphabet="甲乙丙丁戊己庚辛壬癸中文新闻报道abcdefgh ", min_size=2, max_size=30)
    .map(lambda text: " ".join(text.split()))
    .filter(lambda text: len(text) >= 2 and not text.isdigit())
)
NAMES = st.text(alphabet="张王李赵钱孙周吴", min_size=2, max_size=3)
SENTENCES = WORDS.map(lambda text: text + "。")


class Record(NamedTuple):
    title: str
    url: str
    published: datetime
    authors: list[str]
    tags: list[str]
    paragraphs: list[str]


@st.composite
def records(draw: Any) -> Record:
    slug = draw(st.text(alphabet="abcdefgh0123456789", min_size=1, max_size=12))
    published = draw(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2030, 1, 1))).replace(
        microsecond=0, tzinfo=timezone(timedelta(hours=draw(st.integers(-11, 12))))
    )
    return Record(
        title=draw(WORDS),
        url=f"https://news.example/{slug}",
        published=published,
        authors=draw(st.lists(NAMES, min_size=1, max_size=3, unique=True)),
        tags=draw(st.lists(WORDS.filter(lambda word: "," not in word), min_size=1, max_size=3, unique=True)),
        paragraphs=draw(st.lists(SENTENCES, min_size=1, max_size=5)),
    )


CHROME = (
    '<div class="entry-meta"><span class="byline">by someone</span> <time>2020-01-01</time></div>',
    '<div class="sharedaddy"><h3>Share this:</h3><a href="https://x.example/share">Twitter</a></div>',
    '<div id="jp-relatedposts"><h3>Related</h3><p><a href="/other">Other post</a></p></div>',
    '<div id="comments" class="comments-area"><h2>3 Comments</h2><p>spam</p><form><input></form></div>',
    '<nav class="post-navigation"><a href="/prev">Previous</a></nav>',
    "<p>5 min read</p>",
)


def _yaml_list(values: list[str]) -> str:
    return "[" + ", ".join(f'"{value}"' for value in values) + "]"


def render(record: Record, keys: tuple[str, str, str, str], toml: bool, html: bool, chrome: list[str]) -> str:
    date_key, author_key, url_key, tag_key = keys
    if toml:
        front = (
            f'+++\ntitle = "{record.title}"\n{date_key} = {record.published.isoformat()}\n'
            f'{author_key} = {_yaml_list(record.authors)}\n{url_key} = "{record.url}"\n'
            f"{tag_key} = {_yaml_list(record.tags)}\n+++\n"
        )
    else:
        front = (
            f'---\ntitle: "{record.title}"\n{date_key}: {record.published.isoformat()}\n'
            f"{author_key}: {_yaml_list(record.authors)}\n{url_key}: {record.url}\n"
            f"{tag_key}: {_yaml_list(record.tags)}\n---\n"
        )
    if html:
        body = "".join(f"<p>{paragraph}</p>\n" for paragraph in record.paragraphs)
        half = len(chrome) // 2
        body = "<article>\n" + "".join(chrome[:half]) + "\n" + body + "".join(chrome[half:]) + "\n</article>\n"
    else:
        body = "\n\n".join(record.paragraphs) + "\n\n" + "\n".join(chrome) + "\n"
    return front + "\n" + body


@given(
    records(),
    st.tuples(
        st.sampled_from(DATE_KEYS), st.sampled_from(AUTHOR_KEYS), st.sampled_from(URL_KEYS), st.sampled_from(TAG_KEYS)
    ),
    st.booleans(),
    st.booleans(),
    st.lists(st.sampled_from(CHROME), max_size=4),
)
def test_render_convert_round_trip(
    record: Record, keys: tuple[str, str, str, str], toml: bool, html: bool, chrome: list[str]
) -> None:
    article = convert_text(render(record, keys, toml, html, chrome))
    assert article.title == record.title
    assert article.url == record.url
    assert article.published_at == record.published
    assert article.published_offset_assumed is False
    assert article.authors == record.authors
    assert article.tags == record.tags
    assert [(block.kind, block.text) for block in article.blocks] == [
        ("paragraph", paragraph) for paragraph in record.paragraphs
    ]
