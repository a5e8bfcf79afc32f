"""Source-format converters (installed as ``articlekit.converters``).

Every converter is a module (or object) that satisfies :class:`~articlekit.converters.base.Converter`
(``FORMAT``, ``sniff``, ``convert``) and is declared as an entry point of the group
``articlekit.converters``, built-ins included (:mod:`.registry` reads them, once, on first
use); :data:`CONVERTERS` maps each format name to its converter. Detection asks every
converter to score a source and picks the best; ties go to built-ins, then by name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import registry as _registry
from .base import Converter, Draft, ItemRejected, ItemsSkipped, Source, build_article, convert_items

if TYPE_CHECKING:
    CONVERTERS: dict[str, Converter]
    """The registry: format name -> converter, built-ins first (see :mod:`.registry`)."""


def __getattr__(name: str) -> Any:
    # CONVERTERS is filled from the entry points on first use, not when the package is imported:
    # importing articlekit.converters (for Source, Draft, build_article) must stay cheap.
    if name == "CONVERTERS":
        return _registry.converters()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


MIN_SCORE = 0.5
"""A converter must score at least this to claim a source."""


@dataclass(frozen=True, slots=True)
class Detection:
    """The outcome of format detection for one source.

    Attributes:
        scores: (format, score) for every converter, best first; ties to built-ins, then by name.
    """

    scores: tuple[tuple[str, float], ...]

    @property
    def format(self) -> str | None:
        """The winning format, or None when no converter scored at least MIN_SCORE."""
        best, score = self.scores[0]
        return best if score >= MIN_SCORE else None

    @property
    def score(self) -> float:
        """The best score."""
        return self.scores[0][1]

    @property
    def runner_up(self) -> tuple[str, float] | None:
        """The second-best (format, score), if there is more than one converter."""
        return self.scores[1] if len(self.scores) > 1 else None


def options_for(converter: object, **options: Any) -> dict[str, Any]:
    """The options a converter takes, among those given: the ones named in its ``OPTIONS`` and set.

    Converters stay pure functions of (source, options): a converter without ``OPTIONS``
    (every one but ``json-items`` today) is called with the source alone, as before.
    """
    accepted: frozenset[str] = getattr(converter, "OPTIONS", frozenset())
    return {name: value for name, value in options.items() if value and name in accepted}


def detect(source: Source, **options: Any) -> Detection:
    """Score ``source`` with every registered converter.

    A converter whose sniff raises scores 0: detection must never fail on odd input.
    ``options`` (such as ``field_map``) reach the sniffers that take them (see :func:`options_for`).
    """
    scores = []
    for name, converter in _registry.converters().items():
        try:
            score = float(converter.sniff(source, **options_for(converter, **options)))
        except Exception:  # noqa: BLE001 - a sniff bug must not crash a batch; the score says "not mine"
            score = 0.0
        scores.append((name, min(max(score, 0.0), 1.0)))
    scores.sort(key=lambda pair: (-pair[1], _registry.tie_rank(pair[0])))
    return Detection(tuple(scores))


__all__ = [
    "CONVERTERS",
    "MIN_SCORE",
    "Converter",
    "Detection",
    "Draft",
    "ItemRejected",
    "ItemsSkipped",
    "Source",
    "build_article",
    "convert_items",
    "detect",
    "options_for",
]
