"""Site chrome: the tables the HTML block walker (:mod:`._html_blocks`) cuts by.

Blog engines, CMSes and archivers wrap an article in the same furniture:
entry headers, bylines, category and tag link lists, dates, reading-time
lines, share and like widgets, "related posts", comment sections and their
forms. Two kinds of evidence mark it, each in one table here:

- :data:`CHROME_CLASS_NAMES` and :data:`CHROME_ROLES`: an element whose whole
  ``class`` name or ``id`` is one of these (``entry-meta``, ``cat-links``,
  ``comments-area``, ``jp-relatedposts`` …) is skipped with its subtree. Whole
  names, not the tokens inside them: WordPress puts ``category-news`` and
  ``tag-foo`` on the ``<article>`` element itself, which must not go.
- :data:`CHROME_LINES`: a block whose whole text is a chrome line (``5 min
  read``, ``阅读时间：3分钟``, ``Leave a comment``, ``Share this:``, ``© 2019 Site``,
  ``Related Topics: …``, ``Discuss on r/rust``, DeepL's ``Translated with www.DeepL.com/Translator``, a news
  agency's ``Our Standards: …`` footer, a video or audio player's ``Watch video 02:17`` line, Reddit's
  ``submitted by … [link] [comments]`` and Hacker News's lone ``Comments`` link, the footer every Medium
  feed item ends with (``… was originally published in … on Medium, where people are continuing the
  conversation …``) and the one WordPress SEO plugins append to feed items (``The post … appeared first
  on …``), WeChat's
  ``预览时标签不可点``, a translation archive's closing note inviting corrections or
  describing its translation community) is dropped.
- :data:`COMMENT_HEADINGS`: a heading naming the comment section (``## Comments``,
  ``精选留言``) is cut with everything after it.
- :data:`PAGE_END_LINES` and :data:`PAGE_HEADER_END_LINES`: lines an archived WeChat page
  puts at the end of its body and of its header; the page's footer after the one and its
  header lines before the other are cut.
- :data:`RELATED_LABELS`: a short block naming a related-content section
  (``相关文章``, ``相關圖集``, ``Related posts``, ``Auch interessant``, ``À lire aussi``) starts a
  section that is cut with the link-only, list or title-like blocks and the images after it; a label with
  nothing after it ends the body and goes alone.
- :data:`DANGLING_LABELS`: a credit label ending in a colon (``Erstellt von:``, ``Photos:``) as the
  body's last block, its value left out by the page, is cut.

- :data:`CLOSING_CALLS`: a closing call to action (``If you liked this post, follow me``,
  ``Subscribe to get these updates``, ``スキ♡ & フォロー``, ``欢迎关注我的公众号``) among the last
  blocks of a body is cut; the same words earlier in the text stay.
- :data:`CONTRIBUTOR_MARKS`: a role written after a name (``张三（译）``, ``Jane Doe (translator)``)
  that makes the name a contributor's, never an author's.
- :data:`BYLINE_LABELS`: the words that open a byline (``By Jane Doe``, ``作者：张三``,
  ``文/李四``). The walker's class table skips byline *elements*; these patterns read a
  byline's *text*, in every converter that does (html-page's byline element and its
  dropped byline blocks, markdown-page's date lines, the walker's ``posted by`` line).

What a converter needs to judge itself (dates that give ``published_at``,
disclaimers of one outlet) stays in the converter.
"""

from __future__ import annotations

import re

CHROME_CLASS_NAMES = frozenset(
    (
        # entry headers and bylines (the title is in the front matter or the page's <title>)
        "entry-header", "post-header", "article-header", "page-header", "entry-title", "post-title",
        "entry-meta", "post-meta", "article-meta", "meta-info", "postmeta", "byline", "author", "vcard",
        "entry-author", "post-author", "author-info", "author-bio", "author-box", "authorbox", "about-author",
        "posted-on", "posted-by", "post-date", "entry-date", "published-date", "updated", "date-meta",
        "wp-block-post-date", "wp-block-post-author", "wp-block-post-terms", "wp-block-post-title",
        # category and tag link lists
        "entry-footer", "post-footer", "entry-utility", "cat-links", "tags-links", "tag-links", "post-tags",
        "post-categories", "entry-categories", "entry-tags", "tagcloud", "tag-cloud", "tags", "categories",
        "post-meta-tags", "meta-tags",
        # reading time, views, likes, share
        "reading-time", "read-time", "span-reading-time", "rt-reading-time", "post-views", "post-view-count",
        "sharedaddy", "sd-sharing-enabled", "sd-like", "wpl-likebox", "like-button", "likes", "post-likes",
        "jp-post-flair", "addtoany_share_save_container", "a2a_kit", "heateor_sss_sharing_container",
        # related posts, navigation between posts
        "jp-relatedposts", "related-posts", "yarpp-related", "crp_related", "post-navigation", "nav-links",
        "navigation", "pagination", "nav-previous", "nav-next", "previous-post", "next-post",
        # comments and their forms
        "comments", "comments-area", "comment-respond", "comment-list", "commentlist", "comment-form",
        "respond", "disqus_thread", "comments-section",
        # WeChat article pages saved as HTML
        "rich_media_meta_list", "rich_media_tool", "rich_media_area_extra", "qr_code_pc", "js_pc_qr_code",
        "reward_area", "meta_content", "js_profile_qrcode", "js_toobar3", "js_sponsor_ad_area",
        "original_area_primary", "wx_profile_card_inner",
        # footnote markers and back links (comrak, Python-Markdown, pandoc, kramdown): the notes themselves stay
        "footnote-ref", "footnote-backref", "footnote-back", "reversefootnote",
    )
)  # fmt: skip
"""Whole ``class`` names and ``id`` values of site chrome, compared in lower case."""

CHROME_ROLES = frozenset(("navigation", "banner", "contentinfo", "complementary", "search"))
"""ARIA landmark roles that are never the article's text."""

CHROME_LINES = re.compile(
    r"""^(?:
      (?:estimated\s+)?reading\s+time\s*[:：]?\s*(?:about\s+)?\d+\s*(?:min(?:ute)?s?)?
    | (?:about\s+)?\d+\s*(?:-\s*)?min(?:ute)?s?\s+read
    | (?:全文)?(?:阅读|閱讀)(?:时间|時間|时长|時長|需要|约需|大约需要)?\s*[:：]?
      \s*(?:约|大约|大約)?\s*\d+\s*(?:分钟|分鐘|min)
    | 本文(?:共|约|大约)?\s*[\d,]+\s*字[，,]?\s*(?:预计|預計)?(?:阅读|閱讀)(?:时间|時間|需要)?\s*[:：]?
      \s*\d+\s*(?:分钟|分鐘)
    | leave\s+a\s+(?:comment|reply)|(?:\d+\s+)?comments|\d+\s+(?:comment|responses?|replies)|no\s+comments(?:\s+yet)?
    | submitted\s+by\s+\S+(?:\s+to\s+\S+)?\s*\[link\]\s*\[(?:\d+\s+)?comments?\]
    | (?:like|share)\s+this\s*:?|like\s+loading\.*|loading\.*|(?:click\s+to\s+)?share\s+on\s+\w+
    | posted\s+(?:in|on|by|under)\b.{0,120}|filed\s+under\b.{0,120}|tagged\s*[:：]?\s.{0,160}
    | (?:tags?|categor(?:y|ies)|(?:related\s+)?topics?|标签|標籤|分类|分類)\s*[:：].{0,200}
    | (?:copyright\s*)?©\s*.{0,100}|(?:copyright\s*)?\(c\)\s*\d{4}\b.{0,100}
    | copyright\s+(?:©\s*|\(c\)\s*)?\d{4}\b.{0,100}
    | .{0,60}\ball\s+rights\s+reserved\W*|.{0,40}(?:版权所有|版權所有)(?![者人权權]).{0,40}
    | 发表评论|發表評論|(?:\d+\s*)?条?评论|(?:\d+\s*)?則?評論|留言|写留言|寫留言|点赞|點讚|在看|赞赏|讚賞
    | 喜欢此内容的人还喜欢|预览时标签不可点|預覽時標籤不可點|微信扫一扫\S{0,12}|微信掃一掃\S{0,12}
    | 继续滑动看下一个|繼續滑動看下一個|向上滑动看下一个|在小说阅读器中沉浸阅读|在小說閱讀器中沉浸閱讀
    | 轻触阅读原文|輕觸閱讀原文|阅读原文|閱讀原文|知道了|scan\s+to\s+follow|got\s+it
    | .{1,300}\s+was\s+originally\s+published\s+in\s+.{1,200}\s+on\s+medium,\s+where\s+people\s+are
      \s+continuing\s+the\s+conversation\s+by\s+highlighting\s+and\s+responding\s+to\s+this\s+story\.?
    | the\s+post\s+(?-i:[^a-z\s]).{0,300}\s+appeared\s+first\s+on\s+.{1,200}  # a title, not "the post office"
    | (?:如果|若)(?:发现|發現)(?:译文|譯文).{0,200}
    | discuss\s+(?:this\s+(?:post|article|issue|story)\s+)?(?:on|at)\s+\S.{0,60}|join\s+the\s+discussion\b.{0,60}
    | translated\s+with\s+(?:www\.)?deepl(?:\.com)?(?:/translator)?(?:\s*\(free\s+version\))?
    | our\s+(?:editorial\s+)?standards\s*:\s*[^,.;!?]{0,80}(?:principles|polic(?:y|ies)|guidelines)\.?
    | (?:watch|play)\s+video\s+\d{1,2}:\d{2}(?::\d{2})?|listen\s*·?\s*\d{1,2}:\d{2}(?:\s+\d{1,2}:\d{2})?
    | (?=.*(?:译文|譯文)).{0,30}是一(?:个|個)翻(?:译|譯).{0,200}
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
"""A block whose whole text (lines joined by a space, trimmed) matches is chrome."""

CLOSING_CALLS = re.compile(
    r"""^(?:
      (?:so\s+)?(?:if|when)\s+you\s+(?:liked|enjoyed|found|like|enjoy|want)\b.{0,160}?
      \b(?:follow|subscribe|share|sign\s+up|clap|buy\s+me)\b.{0,100}
    | (?:please\s+|don'?t\s+forget\s+to\s+|be\s+sure\s+to\s+|you\s+can\s+(?:also\s+)?|feel\s+free\s+to\s+)?
      (?:subscribe|sign\s+up)\b.{0,60}?
      \b(?:updates?|newsletter|posts?|blog|channel|inbox|future)\b.{0,60}
    | (?:please\s+|don'?t\s+forget\s+to\s+)?follow\s+(?:me|us)\s+(?:on|at|for)\b.{0,100}
    | thanks?\s+(?:you\s+)?(?:so\s+much\s+)?for\s+reading\b.{0,80}?\b(?:follow|subscribe|share|sign\s+up)\b.{0,100}
    | .{0,40}(?:スキ|いいね)\s*[♡❤️]?\s*(?:&|\uff06|と|・|、|や)\s*フォロー.{0,60}
    | .{0,40}フォロー(?:して|を|よろしく|お願い).{0,60}|この記事が(?:気に入った|よかった|良かった).{0,80}
    | 最後まで(?:読んで|お読み).{0,60}?(?:スキ|フォロー|サポート).{0,60}
    | (?:如果|若|要是)(?:你|您)?(?:觉得|覺得|喜欢|喜歡|认为|認為).{0,60}?
      (?:关注|關注|点赞|點讚|点个赞|转发|轉發|订阅|訂閱|收藏|分享).{0,60}
    | (?:欢迎|歡迎)(?:大家)?(?:关注|關注|订阅|訂閱).{0,60}|(?:扫码|掃碼)(?:关注|關注).{0,60}
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
"""A block closing a post with a call to follow, subscribe or share: cut among the body's last blocks.

A thank-you alone (``Thanks for reading! 👋``) is the author's sign-off and stays; it goes only with a call.
"""

CLOSING_BLOCKS = 3
"""The last blocks of a body where closing calls are looked for (a sign-off, a link, an image may follow one)."""

CLOSING_CALL_MAX = 240
"""Longest block taken as a closing call; a longer one is a paragraph of the post."""

PAGE_END_LINES = re.compile(r"^(?:预览时标签不可点|預覽時標籤不可點)$")
"""A block that closes an archived page's article body: it and everything after it are cut.

Every WeChat article page ends its body with this notice; what a scrape of the page holds after it is
the page's own furniture (follow and QR prompts, the account's name, mini-program dialogs with their
取消/允许 buttons, the like and share bar), never the article.
"""

PAGE_HEADER_END_LINES = re.compile(r"^(?:在小说阅读器中沉浸阅读|在小說閱讀器中沉浸閱讀)$")
"""A block that closes an archived page's header: it and the short blocks before it at the top are cut.

WeChat pages put the reader-mode prompt right after their header (the 原创 mark, the author's name,
the account's name); a scrape keeps those as short lines above the article's first paragraph.
"""

PAGE_HEADER_MAX_BLOCKS = 8
"""Blocks from the top within which the header's closing line is looked for."""

PAGE_HEADER_LINE_MAX = 40
"""Longest block taken as a header line before the closing line; a heading or longer block is text."""

RELATED_LABELS = re.compile(
    # Pictographs may open the label (📚 関連記事：, 👉 Related posts), as blogs decorate their section labels.
    r"""^(?:[\u2190-\u21ff\u2600-\u27bf\u2b00-\u2bff\U0001f300-\U0001faff\ufe0f\u200d]\s*)*(?:
      相关(?:文章|阅读|推荐|新闻|报道|图集|链接|内容)|相關(?:文章|閱讀|推薦|新聞|報導|報道|圖集|連結|鏈接|內容)
    | 延伸(?:阅读|閱讀)|推荐(?:阅读|文章)|推薦(?:閱讀|文章)|热门(?:文章|推荐)|熱門(?:文章|推薦)|猜你喜欢|猜你喜歡
    | 往期(?:回顾|推荐|精选|文章)|往期(?:回顧|推薦|精選)|更多(?:阅读|閱讀|文章|图集|圖集)|精彩推荐|精彩推薦
    | (?:阅读|閱讀)?下一篇|keywords
    | 関連(?:する)?記事|(?:あわ|併)せて読みたい|おすすめ記事|관련\s*(?:기사|글|포스트)
    | (?:与|與)(?:内文|內文|本文)相(?:关|關)的?(?:链接|鏈接|連結)
    | related(?:\s+(?:posts?|articles?|stories|reading|galler(?:y|ies)))?|you\s+(?:may|might)\s+also\s+like
    | more\s+(?:from|stories|posts)\b.{0,40}|read\s+(?:more|next|also)(?:\s+about)?|see\s+also
    | further\s+reading|explore\s+further
    | also\s+on\s+\S.{0,30}(?=[:：]$)
    | auch\s+interessant|mehr\s+zum\s+thema|lesen\s+sie\s+auch|weitere\s+artikel|verwandte\s+(?:themen|artikel)
    | das\s+k(?:ö|oe)nnte\s+(?:sie|dich)\s+auch\s+interessieren
    | (?:à\s+|a\s+)?lire\s+aussi|sur\s+le\s+m(?:ê|e)me\s+sujet|le[ae]\s+tambi(?:é|e)n|te\s+puede\s+interesar
    | leia\s+tamb(?:é|e)m|leggi\s+anche
    )\s*[:：]?$""",
    re.IGNORECASE | re.VERBOSE,
)
"""A short block naming a related-content section: it and the list after it are cut.

``Also on HuffPost:`` (an outlet's name after *also on*) needs its colon: without it the words may open a sentence.
"""

DANGLING_LABELS = re.compile(
    r"""^(?:
      (?:created|written|produced|edited|reported|compiled)\s+by|photos?|photography|images?|credits?|sources?|text
    | (?:erstellt|geschrieben|verfasst)\s+von|fotos?|bilder?|quellen?|redaktion|mitarbeit|autor(?:in)?
    | cr(?:é|e)dits?|texte|fuentes?|texto|cr(?:é|e)ditos?|fonte
    | 责任编辑|責任編輯|编辑|編輯|来源|來源|作者|记者|記者|摄影|攝影|写真|出典
    )\s*[:：]$""",
    re.IGNORECASE | re.VERBOSE,
)
"""A credit label (``Erstellt von:``, ``Photos:``, ``来源：``) whose value the page left out.

Cut only as the body's last block, where nothing follows it; a label with its value is a credit line, and
a sentence ending in a colon (``He said:``) is not in the table.
"""

DANGLING_LABEL_MAX = 40
"""Longest last block read as a dangling label."""

RELATED_ITEM_MAX = 80
"""After a related label, a block at most this long without sentence punctuation is an item title."""

COMMENT_HEADINGS = re.compile(
    r"""^(?:\d+\s*)?(?:
      comments?|responses?|replies|discussion|leave\s+a\s+(?:comment|reply)|\d+\s+thoughts?\s+on\b.{0,120}
    | 评论|評論|留言|网友评论|網友評論|读者评论|讀者評論|精选留言|精選留言|发表评论|發表評論|全部评论|全部評論
    )\s*[:：]?(?:\s*[(（]\d+[)）])?$""",
    re.IGNORECASE | re.VERBOSE,
)
"""A heading naming the comment section: it and everything after it are cut (comments close a page)."""

BYLINE_LABELS: tuple[tuple[str, bool], ...] = (
    ("written by", True), ("posted by", True), ("by", True), ("author", True),
    ("von", False), ("par", False), ("por", False),
    ("作者", True), ("记者", True), ("記者", True), ("撰文", True), ("撰稿", True), ("文", True),
)  # fmt: skip
"""Words that open a byline, and whether a short block they open is a byline line to drop.

False marks a label that also opens ordinary sentences (French *Par ailleurs*, Spanish *Por eso*,
German *Von Anfang an*): it names authors inside a known byline, never makes a block one.
Latin labels end at a word boundary (``Byron`` is no byline); the one-character ``文`` needs a
separator after it (``文/李四``, ``文：李四``), as ``文化`` is a word.
"""


def _byline_label(labels: list[str]) -> str:
    alternatives = []
    for label in sorted(labels, key=len, reverse=True):
        written = r"\s+".join(map(re.escape, label.split()))
        if label.isascii():
            alternatives.append(rf"{written}\b\s*[:：/／]?")  # noqa: RUF001
        elif len(label) == 1:
            alternatives.append(rf"{written}(?:\s*[:：/／]|\s)")  # noqa: RUF001
        else:
            alternatives.append(rf"{written}\s*[:：/／]?")  # noqa: RUF001
    return "(?:" + "|".join(alternatives) + ")"


BYLINE_LABEL = re.compile(_byline_label([label for label, _ in BYLINE_LABELS]), re.IGNORECASE)
"""Any byline label with its separator, where it stands (to take labels out of a line)."""

BYLINE = re.compile(r"^" + _byline_label([label for label, _ in BYLINE_LABELS]) + r"\s*(?P<names>\S.*)$", re.IGNORECASE)
"""A byline's text: a label, then the names (``names`` group)."""

# A capitalised word of a name ("Lipinski", "O'Neil", "Jean-Luc", "J.") and the particles names carry.
_NAME_WORD = r"(?:[A-ZÀ-ÖØ-Þ][\w'’.-]*|von|van|der|den|de|del|della|di|da|du|dos|le|la|zu|ten|ter)"  # noqa: RUF001
_NAME = rf"[A-ZÀ-ÖØ-Þ][\w'’.-]*(?:\s+{_NAME_WORD}){{1,4}}"  # noqa: RUF001
_NAME_JOINS = r"(?:\s*,\s*|\s*&\s*|\s+(?:und|and|et|y|e)\s+)"

BYLINE_LINE = re.compile(
    r"^(?:"
    + _byline_label([label for label, line in BYLINE_LABELS if line])
    + r"\s*(?P<names>\S.{0,80})"
    # A label that also opens sentences makes a byline only of names and nothing else: "Von Gregory
    # Lipinski", "Par Jean Dupont et Marie Curie", "Von Markus Balser, Berlin" (a dateline's town may
    # close it), "von Marcus Bensmann , Ulrich Stoll" (a byline element written in lower case); "Von
    # Anfang an", "Par ailleurs, …", "Por eso …" go on in lower case and stay text.
    + r"|(?-i:"
    + _byline_label([form for label, line in BYLINE_LABELS if not line for form in (label, label.capitalize())])
    + rf"\s*(?P<sentence_names>{_NAME}(?:{_NAME_JOINS}{_NAME})*)(?:\s*,\s*[A-ZÀ-ÖØ-Þ][\w-]+)?)"
    + r")$",
    re.IGNORECASE,
)
"""A short block that is a byline and nothing else (``By Jane Doe``, ``记者 张三``, ``Von Jane Doe``): dropped
from bodies. Its ``names`` (or, after a label that also opens sentences, ``sentence_names``) group holds the
names without a closing dateline town."""

CONTRIBUTOR_MARKS = re.compile(
    r"""[(（]\s*(?:
      译|譯|译者|譯者|翻译|翻譯|编译|編譯|校对|校對|审校|審校|编辑|編輯|责编|責編
    | translator|translated|translation|trans\.?|tr\.|editor|ed\.|proofreader
    | [üu]bersetzer(?:in)?|[üu]bersetzung|traduct(?:eur|rice|or|ora)|traducci[óo]n|traduction|訳|翻訳|訳者|번역
    )\s*[)）]\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
"""A role in brackets closing a name: a translator's or an editor's, as the contributor labels of the
Markdown metadata table name them. Such a name is a contributor's: an author is who wrote the article,
so the record lists it nowhere. Other brackets (``张三（新华社）``, ``Jane Doe (Reuters)``) stay."""

AUTHOR_CONTACT = re.compile(
    # Not right after "]": "[Name](https://…)" is a Markdown link written as a name, kept as the source wrote it.
    r"(?<!\])\s*[(（<]\s*(?:@[\w.-]{1,40}|(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)+(?:/[^\s()（）<>]*)?)\s*[)）>]\s*$"
)
"""A handle or web address in brackets closing a name (``Minwoo Jung (github.com/JungMinu)``, ``Ann Lee (@ann)``,
``Bo Chen (bochen.example.org)``): the way to reach the author,
no part of the name."""
