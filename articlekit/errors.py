"""Stable reject codes and the exception converters raise with them."""

from __future__ import annotations

REJECT_CODES: dict[str, str] = {
    "unknown-format": "no converter recognises the source",
    "undecodable": "the bytes are not text in any supported encoding",
    "binary": "the source holds binary data (NUL bytes or a known binary signature)",
    "empty": "the source is empty or holds only whitespace",
    "too-large": "the source is larger than the configured limit",
    "unreadable": "the source could not be read (permissions, broken link, loop)",
    "bad-header": "the format's header (front matter, title or date line) is missing or malformed",
    "bad-front-matter": "the YAML front matter is malformed, unsafe or not a mapping",
    "no-title": "no title could be found",
    "no-body": "no body text is left after boilerplate removal",
    "bad-date": "a date could not be parsed or is implausible",
    "invalid-record": "the converted record breaks the article contract",
    "duplicate": "the article has the same id as one converted earlier in the run (the first is kept)",
    "malformed-json": (
        "the JSON text, or one JSON Lines line, is not valid JSON (cut off, a stray character, or nested too "
        "deep to read)"
    ),
    "not-an-item": "an item of a JSON dump is not an object (a string, a number, a list or null)",
    "articlekit-records": (
        "the source already holds articlekit records, not scraped items: check it with `articlekit validate`"
    ),
    "near-duplicate": "the article's text nearly duplicates one kept earlier (estimated Jaccard similarity at "
    "or above the threshold); the message names the kept id and the similarity",
    "truncated": "a feed item is cut off by the end of the file or of what could be parsed (earlier items are kept)",
    "no-items": "a feed holds no item or entry",
    "converter-crash": (
        "a converter failed unexpectedly; this is a bug in articlekit or, for a plugin's format (see "
        "`articlekit formats`), in that plugin: please report it"
    ),
}
"""Every code a Reject may carry, with what it means. Codes never change meaning."""


class ConversionError(Exception):
    """A source could not be turned into a valid Article.

    Attributes:
        code: One of :data:`REJECT_CODES`.
        message: What was wrong, for a human, naming the line where it helps.
    """

    def __init__(self, code: str, message: str) -> None:
        if code not in REJECT_CODES:
            raise ValueError(f"unknown reject code {code!r}")
        super().__init__(f"[{code}] {message}")
        self.code = code
        self.message = message
