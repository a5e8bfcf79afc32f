"""Near-duplicate articles: MinHash signatures over character shingles, found through LSH banding.

The same story is syndicated, re-scraped and lightly edited under other URLs;
its id differs, its text hardly does. This module finds such copies by the
estimated Jaccard similarity of their texts' shingle sets, in the steps the
code applies:

1. **Normalise** the text: lower case, full-width ASCII forms (letters,
   digits, ``，`` ``！`` …) become ASCII, every run of whitespace one space.
   With ``fold_script`` the text is first folded through OpenCC's
   Traditional-to-Simplified table, so the two scripts of one story compare
   equal.
2. **Shingle** it into overlapping runs of :data:`SHINGLE_SIZE` (5)
   characters. Characters, not words, so Chinese needs no segmentation; five
   Han characters are two or three words, enough that unrelated stories share
   few shingles. A text shorter than that is one shingle.
3. **Hash** every shingle to 64 bits (a polynomial over code points, then the
   splitmix64 finaliser), vectorised with numpy.
4. **Sign**: one-permutation MinHash. The 64-bit hash space is cut into
   :data:`NUM_PERM` (128) bins by the hash's top bits; a bin's value is the
   smallest hash that falls in it (read off a sorted array, no loop). A bin no
   shingle fell in borrows the value of the next non-empty bin to its right,
   marked with the distance (rotation densification), so short texts still
   give full signatures. The fraction of equal bins of two signatures
   estimates the Jaccard similarity of the two shingle sets.
5. **Index**: the signature is cut into bands of rows chosen for the
   threshold (the split minimising the sum of the false-positive and
   false-negative areas of the banding's S-curve). Articles that share a band
   are candidates; a candidate whose estimated similarity reaches the
   threshold is a near-duplicate.

Only kept articles enter the index, and only their signatures (512 bytes)
and band keys are kept, never their texts. The first article in input order
is kept; a later one that matches names the kept article it matches best
(highest similarity, then earliest). Nothing is random: the hash seed is a
constant, so the same input gives the same result in every run and process.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt

from articlekit.text import _converter

SHINGLE_SIZE = 5
"""Characters per shingle."""
NUM_PERM = 128
"""Bins (MinHash values) per signature."""
DEFAULT_THRESHOLD = 0.8
"""Estimated Jaccard similarity at or above which two texts are near-duplicates."""

_SEED = np.uint64(0x9E3779B97F4A7C15)  # fixed: signatures must not change between runs or machines
_BASE = np.uint64(0x100000001B3)  # the polynomial's base (FNV's 64-bit prime: odd, well spread)
_MIX_1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX_2 = np.uint64(0x94D049BB133111EB)
_BIN_BITS = 7  # 2**7 == NUM_PERM bins, chosen by the hash's top bits
_VALUE_BITS = 64 - _BIN_BITS
_VALUE_MASK = np.uint64((1 << _VALUE_BITS) - 1)
_BIN_STARTS = np.arange(NUM_PERM, dtype=np.uint64) << np.uint64(_VALUE_BITS)
_BIN_NUMBERS = np.arange(NUM_PERM)
_FULL_WIDTH_FIRST, _FULL_WIDTH_LAST = 0xFF01, 0xFF5E  # full-width ASCII forms: ！ to ～
_FULL_WIDTH_SHIFT = np.uint64(0xFF01 - 0x21)

Signature = npt.NDArray[np.uint32]
"""A text's MinHash signature: :data:`NUM_PERM` 32-bit values."""


def _code_points(text: str, *, fold_script: bool = False) -> npt.NDArray[np.uint64]:
    """Return the code points of the normalised text (step 1 of the module docstring), vectorised.

    Full Unicode NFKC would cost five times the rest of the signature on Chinese text; the
    folds that matter between copies of a story are done on the code points instead.
    """
    if fold_script:
        text = _converter("t2s").convert(text)
    points = np.frombuffer(text.lower().encode("utf-32-le"), dtype="<u4").astype(np.uint64)
    wide = (points >= _FULL_WIDTH_FIRST) & (points <= _FULL_WIDTH_LAST)
    points[wide] -= _FULL_WIDTH_SHIFT
    space = (points <= 0x20) | (points == 0xA0) | (points == 0x3000)
    points[space] = 0x20
    # Keep a space only where the character before it is no space, and none at the start.
    keep = ~space
    keep[1:] |= space[1:] & ~space[:-1]
    kept: npt.NDArray[np.uint64] = points[keep]
    if len(kept) and kept[-1] == 0x20:
        kept = kept[:-1]
    return kept


def normalize(text: str, *, fold_script: bool = False) -> str:
    """Return the form of ``text`` that is shingled (step 1 of the module docstring)."""
    return _code_points(text, fold_script=fold_script).astype("<u4").tobytes().decode("utf-32-le")


def _mix(values: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """The splitmix64 finaliser: spreads every input bit over all 64 output bits."""
    values ^= values >> np.uint64(30)
    values *= _MIX_1
    values ^= values >> np.uint64(27)
    values *= _MIX_2
    values ^= values >> np.uint64(31)
    return values


def shingle_hashes(points: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """Return the 64-bit hashes of the :data:`SHINGLE_SIZE`-character shingles of normalised code points."""
    count = max(len(points) - SHINGLE_SIZE + 1, 1 if len(points) else 0)
    hashes = np.full(count, _SEED, dtype=np.uint64)
    for offset in range(min(SHINGLE_SIZE, len(points))):
        # uint64 arithmetic wraps: the polynomial is taken modulo 2**64, as intended.
        hashes *= _BASE
        hashes += points[offset : offset + count]
    return _mix(hashes)


def signature(text: str, *, fold_script: bool = False) -> Signature:
    """Return the MinHash signature of ``text`` (steps 1-4 of the module docstring).

    Args:
        text: An article's text.
        fold_script: Fold Traditional Chinese into Simplified first.

    Returns:
        :data:`NUM_PERM` values; equal texts give equal signatures.
    """
    hashes = np.sort(shingle_hashes(_code_points(text, fold_script=fold_script)))
    if len(hashes) == 0:
        return np.zeros(NUM_PERM, dtype=np.uint32)
    # Sorted, the first hash at or after a bin's start is the bin's minimum, if it lies in that bin.
    first = np.searchsorted(hashes, _BIN_STARTS)
    found = hashes[np.minimum(first, len(hashes) - 1)]
    filled = (first < len(hashes)) & ((found >> np.uint64(_VALUE_BITS)) == _BIN_STARTS >> np.uint64(_VALUE_BITS))
    donors = np.flatnonzero(filled)
    # Each bin takes its own value or the next filled bin's (circularly), with the distance mixed in.
    donor = donors[np.searchsorted(donors, _BIN_NUMBERS) % len(donors)]
    distance = ((donor - _BIN_NUMBERS) % NUM_PERM).astype(np.uint64)
    values = (found[donor] & _VALUE_MASK) ^ (distance * _MIX_1)
    return (values & np.uint64(0xFFFFFFFF)).astype(np.uint32)


def similarity(first: Signature, second: Signature) -> float:
    """Return the Jaccard similarity estimated from two signatures: the fraction of equal values."""
    return float(np.count_nonzero(first == second)) / NUM_PERM


def _false_area(threshold: float, bands: int, rows: int) -> float:
    """The false-positive plus false-negative area of a banding's S-curve ``1 - (1 - s**rows)**bands``."""
    grid = np.linspace(0.0, 1.0, 1001)
    caught = 1.0 - (1.0 - grid**rows) ** bands
    below = grid <= threshold
    return float(np.sum(caught[below]) + np.sum(1.0 - caught[~below])) / len(grid)


@cache
def banding(threshold: float) -> tuple[int, int]:
    """Return the (bands, rows per band) that best separate pairs around ``threshold``."""
    options = [(bands, rows) for rows in range(1, NUM_PERM + 1) for bands in range(1, NUM_PERM // rows + 1)]
    return min(options, key=lambda option: (_false_area(threshold, *option), option))


@dataclass(frozen=True, slots=True)
class NearDuplicate:
    """An article found to be a near-duplicate of one kept earlier.

    Attributes:
        kept_id: The id of the kept article it matches.
        similarity: The estimated Jaccard similarity of the two texts.
    """

    kept_id: str
    similarity: float

    def message(self) -> str:
        """The reject message: which kept article, how similar."""
        return f"near-duplicate of article {self.kept_id} (estimated similarity {self.similarity:.2f})"


class NearDuplicateIndex:
    """The kept articles' signatures and band keys; :meth:`check` finds or adds one article.

    Args:
        threshold: Estimated Jaccard similarity from which an article is a near-duplicate (0 < t <= 1).
        fold_script: Fold Traditional Chinese into Simplified before shingling.
    """

    def __init__(self, threshold: float = DEFAULT_THRESHOLD, *, fold_script: bool = False) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"the threshold must be above 0 and at most 1, not {threshold}")
        self.threshold = threshold
        self.fold_script = fold_script
        self.bands, self.rows = banding(threshold)
        self._tables: list[dict[bytes, list[int]]] = [{} for _ in range(self.bands)]
        self._signatures = np.zeros((1024, NUM_PERM), dtype=np.uint32)
        self._ids: list[bytes] = []

    def __len__(self) -> int:
        """The number of kept articles."""
        return len(self._ids)

    def _band_keys(self, signature: Signature) -> list[bytes]:
        used = signature[: self.bands * self.rows].reshape(self.bands, self.rows)
        return [row.tobytes() for row in used]

    def check(self, article_id: str, text: str) -> NearDuplicate | None:
        """Return the kept article ``text`` nearly duplicates, or keep it (add it to the index) and return None.

        Args:
            article_id: The article's id (32 hex characters).
            text: The article's text.
        """
        found = signature(text, fold_script=self.fold_script)
        keys = self._band_keys(found)
        candidates: set[int] = set()
        for table, key in zip(self._tables, keys, strict=True):
            candidates.update(table.get(key, ()))
        if candidates:
            ordered = sorted(candidates)
            scores = np.count_nonzero(self._signatures[ordered] == found, axis=1)
            best = int(np.argmax(scores))  # the first of the highest: the earliest kept among equals
            score = float(scores[best]) / NUM_PERM
            if score >= self.threshold:
                return NearDuplicate(self._ids[ordered[best]].hex(), score)
        self._add(article_id, found, keys)
        return None

    def keep(self, article_id: str, text: str) -> None:
        """Add an article to the index without checking it (one kept by an earlier run)."""
        found = signature(text, fold_script=self.fold_script)
        self._add(article_id, found, self._band_keys(found))

    def _add(self, article_id: str, found: Signature, keys: list[bytes]) -> None:
        number = len(self._ids)
        if number == len(self._signatures):
            self._signatures = np.concatenate([self._signatures, np.zeros_like(self._signatures)])
        self._signatures[number] = found
        self._ids.append(bytes.fromhex(article_id))
        for table, key in zip(self._tables, keys, strict=True):
            table.setdefault(key, []).append(number)
