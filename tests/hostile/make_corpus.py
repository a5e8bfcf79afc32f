"""Build the hostile-input corpus in a folder: the small inputs checked in beside this script, and the rest.

The rest is made here rather than checked in: the large files (a 50 MB file, a
single 10 MB line, HTML nested 100,000 levels deep, a gzip bomb), the binary
ones (so that every byte is reviewable as code), re-encoded copies of the seeds,
and what git cannot hold (links, a FIFO, a file without read permission).

Usage::

    python tests/hostile/make_corpus.py DEST

``tests/robustness/test_hostile_inputs.py`` builds the corpus in a temporary
folder and asserts the exact outcome of every input.
"""

from __future__ import annotations

import argparse
import os
import shutil
import struct
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
INPUTS = HERE / "inputs"
SEEDS = HERE.parents[1] / "seeds"

MIB = 1024 * 1024
LARGE_FILE_BYTES = 50 * MIB
SINGLE_LINE_BYTES = 10 * MIB
HTML_DEPTH = 100_000
GZIP_BOMB_BYTES = 100 * MIB
UNREADABLE = "no-permission.txt"
"""The file made unreadable with chmod 000 (root reads it anyway; see test_hostile_inputs.py for what the
test does about that)."""

SEED_000 = SEEDS / "000_924425bcc6410fb0.txt"
SEED_001 = SEEDS / "001_1e12915c2adf12bb.txt"
SEED_002 = SEEDS / "002_79b54386e2c3b414.txt"
SEED_003 = SEEDS / "003_422941471d0b9345.txt"
SEED_004 = SEEDS / "004_14e5ebb0833022ae.txt"

RSS_HEADER = "<!--1739003943000-->\n[深层嵌套](https://www.voachinese.com/a/deep.html)\n------\n\n"
DEEP_TEXT = "嵌套十万层的正文。"
UNREADABLE_TEXT = "無權讀取的文章\n\n2025年02月10日11:20:38 國際 7927\n\n沒有讀取權限時,這篇文章應被拒絕。\n"
TRUNCATED_TEXT = "被截斷的文章\n\n2025年02月10日11:20:38 國際 7927\n\n第一段完整。\n\n第二段在這裡被截"


def _png() -> bytes:
    """A valid 1x1 greyscale PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b"")
    )


def _gzip_bomb(size: int) -> bytes:
    """A gzip stream of ``size`` zero bytes, compressed chunk by chunk (about 1,000:1)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # 16 + 15: a gzip header
    zeros = bytes(MIB)
    parts = [packer.compress(zeros) for _ in range(size // MIB)]
    return b"".join(parts) + packer.flush()


def _gzip(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    return packer.compress(data) + packer.flush()


def _write_repeated(path: Path, unit: bytes, size: int) -> None:
    """Write ``unit`` over and over up to ``size`` bytes, without holding the file in memory."""
    with path.open("wb") as handle:
        written = 0
        while written < size:
            piece = unit[: size - written]
            handle.write(piece)
            written += len(piece)


def _mixed_line_endings(text: str) -> str:
    """Lines ended by CRLF, LF and CR in turn."""
    endings = ("\r\n", "\n", "\r")
    return "".join(line + endings[index % 3] for index, line in enumerate(text.split("\n")))


def make_corpus(dest: Path) -> Path:
    """Write every hostile input into ``dest`` (created if missing) and return it.

    Args:
        dest: An empty or missing folder.

    Returns:
        ``dest``.
    """
    dest.mkdir(parents=True, exist_ok=True)
    for path in sorted(INPUTS.iterdir()):
        shutil.copyfile(path, dest / path.name)

    # Binary and broken bytes.
    (dest / "nul-filled.txt").write_bytes(bytes(4096))
    (dest / "image.png").write_bytes(_png())
    cut = "斷".encode()[:2]  # the file ends inside a three-byte character
    (dest / "truncated-utf8.txt").write_bytes(TRUNCATED_TEXT.encode() + cut)

    # The seeds in other encodings and line endings.
    (dest / "seed-002.gbk.txt").write_bytes(SEED_002.read_text(encoding="utf-8").encode("gbk"))
    (dest / "seed-001.big5.txt").write_bytes(SEED_001.read_text(encoding="utf-8").encode("big5hkscs"))
    (dest / "seed-000.utf-16.txt").write_bytes(SEED_000.read_text(encoding="utf-8").encode("utf-16"))
    (dest / "seed-004.crlf.md").write_bytes(SEED_004.read_text(encoding="utf-8").replace("\n", "\r\n").encode())
    (dest / "seed-003.mixed-endings.txt").write_bytes(
        _mixed_line_endings(SEED_003.read_text(encoding="utf-8")).encode()
    )
    (dest / "seed-002.cr.txt").write_bytes(SEED_002.read_text(encoding="utf-8").replace("\n", "\r").encode())

    # Large inputs: over the default limit (articlekit.decode.DEFAULT_MAX_BYTES, 8 MiB).
    _write_repeated(dest / "large-50mb.txt", SEED_002.read_bytes(), LARGE_FILE_BYTES)
    _write_repeated(dest / "single-line-10mb.txt", "一行没有换行的文字".encode(), SINGLE_LINE_BYTES)

    # Deep nesting.
    deep_html = RSS_HEADER + "<div>" * HTML_DEPTH + f"<p>{DEEP_TEXT}</p>" + "</div>" * HTML_DEPTH + "\n"
    (dest / "deep-html.txt").write_text(deep_html, encoding="utf-8")
    deep_yaml = "---\ntitle: 深层嵌套\nnested: " + "[" * 1000 + "]" * 1000 + "\n---\n\n正文。\n"
    (dest / "deep-yaml.md").write_text(deep_yaml, encoding="utf-8")
    deep_quotes = "---\ntitle: 深层引用\n---\n\n" + "> " * HTML_DEPTH + "引用十万层的正文。\n"
    (dest / "deep-markdown-quotes.md").write_text(deep_quotes, encoding="utf-8")

    # Compressed inputs.
    (dest / "gzip-bomb.txt.gz").write_bytes(_gzip_bomb(GZIP_BOMB_BYTES))
    (dest / "seed-002.txt.gz").write_bytes(_gzip(SEED_002.read_bytes()))
    whole = _gzip(SEED_002.read_bytes())
    (dest / "truncated.txt.gz").write_bytes(whole[: len(whole) // 2])
    (dest / "corrupt.txt.gz").write_bytes(b"\x1f\x8b\x08\x00" + bytes(range(256)))

    # What git cannot hold: links, a FIFO, a file nobody may read.
    links = dest / "links"
    links.mkdir()
    (links / "loop-a").symlink_to("loop-b")
    (links / "loop-b").symlink_to("loop-a")
    (links / "dangling").symlink_to("no-such-file")
    (links / "parent").symlink_to("..")  # a folder link back up the tree: walked once, not again
    os.mkfifo(dest / "fifo")
    # Its own article, so that whether it can be read changes no other input's outcome.
    (dest / UNREADABLE).write_text(UNREADABLE_TEXT, encoding="utf-8")
    (dest / UNREADABLE).chmod(0)
    return dest


# What ``articlekit validate`` is given: files that claim to be JSON Lines, JSON or Parquet.
VALIDATE_RECORD_LINE = '{"title": "not a whole record"}\n'


def make_validate_corpus(dest: Path) -> Path:
    """Write hostile inputs for ``articlekit validate`` into ``dest`` (created if missing) and return it.

    Args:
        dest: An empty or missing folder.

    Returns:
        ``dest``.
    """
    dest.mkdir(parents=True, exist_ok=True)
    files = {
        "empty.jsonl": b"",
        "whitespace.jsonl": b" \n\r\n\t",
        "nul-filled.jsonl": bytes(4096),
        "image.jsonl": _png(),
        "image.parquet": _png(),
        "truncated-utf8.jsonl": b'{"title": "' + "斷".encode()[:2],
        "gbk.jsonl": '{"title": "标题"}\n'.encode("gbk"),
        "utf-16.jsonl": '{"title": "标题"}\n'.encode("utf-16"),
        "utf-8-bom.jsonl": b"\xef\xbb\xbf" + VALIDATE_RECORD_LINE.encode(),
        "crlf.jsonl": VALIDATE_RECORD_LINE.replace("\n", "\r\n").encode() * 2,
        "nested-100000.json": b"[" * HTML_DEPTH + b"]" * HTML_DEPTH,
        "nested-100000.jsonl": b'{"a":' * HTML_DEPTH + b"1" + b"}" * HTML_DEPTH + b"\n",
        "huge-number.jsonl": b'{"a": 1' + b"0" * 100_000 + b"}\n",
        "huge-exponent.jsonl": b'{"a": 1e999999999}\n',
        "nan.jsonl": b'{"a": NaN}\n',
        "lone-surrogate.jsonl": b'{"a": "\\ud800"}\n',
        "not-objects.jsonl": b'[1, 2]\n"x"\nnull\n',
        "yaml.json": (INPUTS / "yaml-alias-bomb.md").read_bytes(),
        "unknown-format.bin": b"neither JSON nor Parquet",
        "gzip-bomb.jsonl.gz": _gzip_bomb(16 * MIB),
        "gzip-bomb-48mb.jsonl.gz": _gzip_bomb(48 * MIB),  # one line past validate's line limit
        "truncated.jsonl.gz": _gzip(VALIDATE_RECORD_LINE.encode() * 3)[:-8],  # cut before its CRC
        "corrupt.jsonl.gz": b"\x1f\x8b\x08\x00" + bytes(range(256)),
    }
    for name, data in files.items():
        (dest / name).write_bytes(data)
    line = "字" * (SINGLE_LINE_BYTES // 3)
    (dest / "single-line-10mb.jsonl").write_text('{"title": "' + line + '"}', encoding="utf-8")
    links = dest / "links"
    links.mkdir()
    (links / "loop-a.jsonl").symlink_to("loop-b.jsonl")
    (links / "loop-b.jsonl").symlink_to("loop-a.jsonl")
    (links / "dangling.jsonl").symlink_to("no-such-file.jsonl")
    # FIFOs that no process writes to: opening one for reading would wait forever.
    pipes = dest / "pipes"
    pipes.mkdir()
    for name in ("fifo.jsonl", "fifo", "fifo.parquet"):
        os.mkfifo(pipes / name)
    return dest


def main() -> None:
    """Build the corpus in the folder named on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path, help="folder to write the corpus into")
    print(make_corpus(parser.parse_args().dest))


if __name__ == "__main__":
    main()
