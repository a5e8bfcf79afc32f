"""What the Spark and Ray engines share: their options, and the one error a missing extra or Java gives.

``articlekit convert --engine spark|ray`` converts on the engine (see
:mod:`articlekit.batch`) and writes through the local pipeline's writing loop,
so its outputs are those of ``--engine local``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Sequence

ENGINES = ("local", "spark", "ray")
"""The values of ``--engine``."""

INSTALL_JAVA = "apt-get install default-jre-headless"
"""How to install a Java runtime for Spark on Debian and Ubuntu."""


class EngineUnavailable(Exception):
    """An engine cannot start here (its extra or Java is missing); the message says how to fix it, on one line."""


def missing_extra(engine: str, error: ImportError) -> EngineUnavailable:
    """The error for an engine whose optional dependency is not installed."""
    package = (error.name or "").split(".")[0] or str(error)
    return EngineUnavailable(
        f"--engine {engine} needs the {engine} extra ({package} is not installed): pip install 'articlekit[{engine}]'"
    )


def check_java() -> None:
    """Raise :class:`EngineUnavailable` unless a ``java`` can be started (``JAVA_HOME`` or ``PATH``).

    Raises:
        EngineUnavailable: No Java runtime was found.
    """
    home = os.environ.get("JAVA_HOME")
    if home and os.access(os.path.join(home, "bin", "java"), os.X_OK):
        return
    if shutil.which("java") is None:
        raise EngineUnavailable(f"--engine spark needs a Java 17 or later runtime, and none was found: {INSTALL_JAVA}")


def parse_engine_options(engine: str, pairs: Iterable[str]) -> dict[str, str]:
    """Turn ``--engine-option key=value`` pairs into a dict of the keys for ``engine`` (prefix ``spark.``/``ray.``).

    Raises:
        ValueError: A pair has no ``=``, or its key belongs to no engine or to another one.
    """
    options: dict[str, str] = {}
    for pair in pairs:
        key, equals, value = pair.partition("=")
        if not equals or not key:
            raise ValueError(f"--engine-option {pair!r}: expected key=value, e.g. spark.master=local[2]")
        prefix = key.split(".", 1)[0]
        if prefix not in ENGINES[1:] or "." not in key:
            raise ValueError(f"--engine-option {pair!r}: keys start with spark. or ray.")
        if prefix != engine:
            raise ValueError(f"--engine-option {pair!r} is for --engine {prefix}, not --engine {engine}")
        options[key] = value
    return options


def reject_unsupported(sources: Sequence[str], *, resume: bool) -> None:
    """Raise ValueError for what only a local run can do: standard input and ``--resume``."""
    if "-" in sources:
        raise ValueError("standard input (-) can only be converted with --engine local")
    if resume:
        raise ValueError("--resume works with --engine local only; a cluster engine converts everything again")
