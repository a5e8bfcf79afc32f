"""The converter registry: every converter, built-in or plugin, is an entry point of one group.

A distribution offers a converter by declaring, in its ``pyproject.toml``::

    [project.entry-points."articlekit.converters"]
    netnews = "articlekit_plugin_example.netnews"

The entry point's name is the format's name; its value is a module (or an
object, ``module:attribute``) with ``FORMAT``, ``sniff`` and ``convert`` (the
:class:`~articlekit.converters.base.Converter` protocol), and optionally
``DESCRIPTION`` (one line for ``articlekit formats``; else the first line of
its docstring), ``READS`` (the kinds of files it reads, see :data:`KIND`) and
``OPTIONS``. articlekit's own converters are declared the same way in its
``pyproject.toml``.

Rules, in the order :func:`load_registry` applies them:

- Entry points are read once per process, on first use (never at import),
  and the result is cached: importing every converter costs what it did when
  the registry was a closed dict, and ``articlekit --help`` pays nothing.
- Two entry points (of two distributions, or twice in one) naming one format
  are a ``duplicate-format`` problem naming every claimant: a built-in keeps its
  name, and between plugins none wins (picking one would depend on install
  order). The command line refuses to run while such a problem exists.
- An entry point that cannot be imported (``import-error``) or whose value
  breaks the protocol (``protocol-violation``: a name that is no
  :data:`FORMAT_NAME`, no ``FORMAT`` or one that differs
  from the entry point's name, a ``sniff`` or ``convert`` that is not a function
  of one source, a malformed ``READS``, ``DESCRIPTION`` or ``OPTIONS``) is
  skipped and kept as a problem; the command line reports each once on stderr.
- Built-ins come first, by name; plugins after them, by name. Detection breaks
  ties in this order, so a plugin never wins a tie against a built-in.
- An install whose metadata declares none of articlekit's own converters (an
  editable install made before they were entry points) falls back to
  :data:`BUILTIN_ENTRY_POINTS`, reported as a ``stale-install`` problem; a test
  keeps that table equal to ``pyproject.toml``.
"""

from __future__ import annotations

import importlib
import inspect
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import metadata
from typing import Literal, Protocol, cast

from .base import Converter

ENTRY_POINT_GROUP = "articlekit.converters"
"""The entry-point group every converter is declared in."""

BUILTIN_DISTRIBUTION = "articlekit"
"""The distribution whose converters are the built-ins."""

KIND = re.compile(r"^\.?[a-z0-9][a-z0-9.+-]*\Z")
"""What one entry of ``READS`` looks like: a short lower-case kind of file (``text``, ``markdown``, ``html``,
``xml``, ``json``, ``warc``) or a suffix (``.eml``). Detection reads content, not names: this is for people."""

FORMAT_NAME = re.compile(r"^[a-z][a-z0-9-]*\Z")
"""What a format name looks like: the article contract's rule for ``provenance.format``."""

BUILTIN_ENTRY_POINTS: dict[str, str] = {
    "daydaynews-text": "articlekit.converters.daydaynews_text",
    "html-page": "articlekit.converters.html_page",
    "hugo-markdown": "articlekit.converters.hugo_markdown",
    "json-items": "articlekit.converters.json_items",
    "markdown-digest": "articlekit.converters.markdown_digest",
    "markdown-page": "articlekit.converters.markdown_page",
    "rss-markdown": "articlekit.converters.rss_markdown",
    "selfmedia-text": "articlekit.converters.selfmedia_text",
    "warc": "articlekit.converters.warc",
    "xml-feed": "articlekit.converters.xml_feed",
}
"""A copy of ``[project.entry-points."articlekit.converters"]``, used only when the install's metadata lacks it."""

ProblemCode = Literal["import-error", "protocol-violation", "duplicate-format", "stale-install"]


class EntryPointLike(Protocol):
    """What the registry reads of an :class:`importlib.metadata.EntryPoint` (tests hand in look-alikes)."""

    @property
    def name(self) -> str:
        """The format name."""
        ...

    @property
    def value(self) -> str:
        """``module`` or ``module:attribute``."""
        ...

    @property
    def dist(self) -> metadata.Distribution | None:
        """The distribution that declares it, if known."""
        ...

    def load(self) -> object:
        """Import the module and return the object named."""
        ...


@dataclass(frozen=True, slots=True)
class Claimant:
    """One entry point as the registry saw it: its value and the distribution that declared it."""

    value: str
    distribution: str
    version: str

    @property
    def origin(self) -> str:
        """``built-in`` for articlekit's own converters, else ``<distribution> <version>``."""
        return "built-in" if _is_builtin(self.distribution) else f"{self.distribution} {self.version}".strip()


@dataclass(frozen=True, slots=True)
class FormatEntry:
    """One usable source format.

    Attributes:
        name: The format's name (its entry point's name, and its converter's FORMAT).
        converter: The module or object that converts it.
        claimant: Which entry point and distribution it came from.
        description: One line saying what it reads.
        reads: The kinds of files it reads (see :data:`KIND`); empty when the converter does not say.
    """

    name: str
    converter: Converter
    claimant: Claimant
    description: str
    reads: tuple[str, ...]

    @property
    def builtin(self) -> bool:
        """True for articlekit's own converters."""
        return _is_builtin(self.claimant.distribution)


@dataclass(frozen=True, slots=True)
class PluginProblem:
    """An entry point that gave no usable converter, or a format name claimed more than once.

    Attributes:
        code: ``import-error``, ``protocol-violation``, ``duplicate-format`` or ``stale-install``.
        name: The entry point's (format) name.
        claimants: Every entry point concerned (two or more for ``duplicate-format``).
        reason: What was wrong.
    """

    code: ProblemCode
    name: str
    claimants: tuple[Claimant, ...]
    reason: str

    @property
    def is_error(self) -> bool:
        """True when the registry cannot be trusted (two claimants); the others only skip a plugin."""
        return self.code == "duplicate-format"

    def describe(self) -> str:
        """One line for stderr, naming the entry point(s), their distribution(s) and the reason."""
        if self.code == "duplicate-format":
            named = [f"{c.distribution} {c.version} ({c.value})".replace("  ", " ") for c in self.claimants]
            listed = ", ".join(named[:-1]) + " and " + named[-1]
            return (
                f"format {self.name!r} is claimed by {len(named)} entry points of group {ENTRY_POINT_GROUP!r}: "
                f"{listed}; uninstall all but one ({self.reason})"
            )
        if self.code == "stale-install":
            return self.reason
        (claimant,) = self.claimants
        return (
            f"skipped converter plugin {self.name} = {claimant.value} "
            f"from {claimant.distribution} {claimant.version}: {self.reason}"
        ).replace("  ", " ")


@dataclass(frozen=True)
class Registry:
    """Every usable format, in tie order (built-ins by name, then plugins by name), and what was skipped."""

    formats: dict[str, FormatEntry] = field(default_factory=dict)
    problems: tuple[PluginProblem, ...] = ()

    @property
    def errors(self) -> tuple[PluginProblem, ...]:
        """The problems that stop the command line (a format claimed twice)."""
        return tuple(problem for problem in self.problems if problem.is_error)

    def skipped(self, name: str) -> PluginProblem | None:
        """The problem that kept format ``name`` out of the registry, if one did."""
        return next((problem for problem in self.problems if problem.name == name), None)


def _canonical(distribution: str) -> str:
    return re.sub(r"[-_.]+", "-", distribution).lower()


def _is_builtin(distribution: str) -> bool:
    return _canonical(distribution) == BUILTIN_DISTRIBUTION


def _claimant(entry_point: EntryPointLike, seen: dict[int, tuple[str, str]]) -> Claimant:
    """Who declares ``entry_point``.

    ``seen`` keeps each distribution's name and version: every read of ``Distribution.metadata`` parses its
    METADATA file again, and articlekit's holds the whole README (ten reads cost as much as the imports).
    """
    if isinstance(entry_point, _BuiltinEntryPoint):
        return Claimant(entry_point.value, BUILTIN_DISTRIBUTION, "")
    dist = entry_point.dist
    if dist is None:
        return Claimant(entry_point.value, "an unknown distribution", "")
    if id(dist) not in seen:
        read = dist.metadata
        seen[id(dist)] = (read["Name"] or "an unknown distribution", read["Version"] or "")
    name, version = seen[id(dist)]
    return Claimant(entry_point.value, name, version)


def _entry_points() -> Iterable[EntryPointLike]:
    """Every entry point of :data:`ENTRY_POINT_GROUP` installed (the function tests replace)."""
    return metadata.entry_points(group=ENTRY_POINT_GROUP)


class _BuiltinEntryPoint:
    """An entry point of :data:`BUILTIN_ENTRY_POINTS`, for an install whose metadata lacks them."""

    dist = None

    def __init__(self, name: str, value: str) -> None:
        self.name, self.value = name, value

    def load(self) -> object:
        return importlib.import_module(self.value)


def _takes_one_source(function: object) -> bool:
    """Whether ``function`` can be called with a source alone (extra parameters need defaults)."""
    if not callable(function):
        return False
    try:
        inspect.signature(function).bind(None)
    except TypeError:
        return False
    except ValueError:  # no signature to read (some builtins): let the call itself tell
        return True
    return True


def _violation(name: str, converter: object) -> str | None:
    """What ``converter`` breaks of the protocol for format ``name``, or None."""
    if not FORMAT_NAME.match(name):
        return f"{name!r} is no format name (lower-case letters, digits and hyphens, a letter first)"
    declared = getattr(converter, "FORMAT", None)
    if not isinstance(declared, str):
        return "it has no FORMAT string"
    if declared != name:
        return f"its FORMAT is {declared!r}, not the entry point's name {name!r}"
    for function in ("sniff", "convert"):
        if not _takes_one_source(getattr(converter, function, None)):
            return f"its {function} is not a function of one source"
    reads = getattr(converter, "READS", ())
    if not isinstance(reads, tuple | list) or not all(isinstance(kind, str) and KIND.match(kind) for kind in reads):
        return f"its READS must be a tuple of short lower-case kinds such as ('text',), not {reads!r}"[:300]
    description = getattr(converter, "DESCRIPTION", "")
    if not isinstance(description, str):
        return "its DESCRIPTION is not a string"
    options: object = getattr(converter, "OPTIONS", frozenset())
    if not isinstance(options, frozenset | set) or not all(isinstance(option, str) for option in options):
        return "its OPTIONS is not a set of option names"
    return None


def _description(converter: object) -> str:
    """The converter's DESCRIPTION, else the first line of its docstring, else an empty string."""
    described: str = getattr(converter, "DESCRIPTION", "")
    if described:
        return " ".join(described.split())
    doc = inspect.getdoc(converter) or ""
    return doc.strip().splitlines()[0].strip() if doc.strip() else ""


def _load(name: str, entry_point: EntryPointLike, claimant: Claimant) -> FormatEntry | PluginProblem:
    try:
        converter = entry_point.load()
    except (Exception, SystemExit) as error:  # noqa: BLE001 - a broken plugin is reported, never fatal
        reason = f"cannot import it: {type(error).__name__}: {error}"[:500]
        return PluginProblem("import-error", name, (claimant,), reason)
    violation = _violation(name, converter)
    if violation is not None:
        return PluginProblem("protocol-violation", name, (claimant,), f"it breaks the Converter protocol: {violation}")
    reads = tuple(getattr(converter, "READS", ()))
    return FormatEntry(name, cast(Converter, converter), claimant, _description(converter), reads)


def load_registry(entry_points: Iterable[EntryPointLike] | None = None) -> Registry:
    """Read the entry points of :data:`ENTRY_POINT_GROUP` and load their converters (the rules are in the module doc).

    Never raises for a plugin's sake: whatever is wrong with one becomes a :class:`PluginProblem`.

    Args:
        entry_points: The entry points to read; those installed when None.

    Returns:
        The formats in tie order, and the problems.
    """
    found = list(_entry_points() if entry_points is None else entry_points)
    seen: dict[int, tuple[str, str]] = {}
    claimed: list[tuple[EntryPointLike, Claimant]] = [(ep, _claimant(ep, seen)) for ep in found]
    problems: list[PluginProblem] = []
    if not any(_is_builtin(claimant.distribution) for _, claimant in claimed):
        builtins: list[EntryPointLike] = [
            _BuiltinEntryPoint(name, value) for name, value in BUILTIN_ENTRY_POINTS.items()
        ]
        claimed = [(entry_point, _claimant(entry_point, seen)) for entry_point in builtins] + claimed
        problems.append(
            PluginProblem(
                "stale-install",
                BUILTIN_DISTRIBUTION,
                (),
                "articlekit's installed metadata declares none of its own converters (an install made before they "
                "were entry points): using its built-in table; reinstall articlekit (pip install -e .) to fix this",
            )
        )
    claims: dict[str, list[tuple[EntryPointLike, Claimant]]] = {}
    for entry_point, claimant in claimed:
        claims.setdefault(entry_point.name, []).append((entry_point, claimant))

    def tie_order(name: str) -> tuple[bool, str]:
        return (not any(_is_builtin(claimant.distribution) for _, claimant in claims[name]), name)

    formats: dict[str, FormatEntry] = {}
    for name in sorted(claims, key=tie_order):
        claimed = claims[name]
        if len(claimed) > 1:
            builtin = [pair for pair in claimed if _is_builtin(pair[1].distribution)]
            keeps = "the built-in keeps the name" if len(builtin) == 1 else "none of them is used"
            problems.append(PluginProblem("duplicate-format", name, tuple(c for _, c in claimed), keeps))
            if len(builtin) != 1:
                continue
            claimed = builtin
        loaded = _load(name, *claimed[0])
        if isinstance(loaded, PluginProblem):
            problems.append(loaded)
        else:
            formats[name] = loaded
    return Registry(formats, tuple(problems))


# Two threads' first use reads the entry points once; _cache is set only once the dict is full. Re-entrant: a plugin
# whose import reads CONVERTERS (to reuse a built-in) must not deadlock the load that imports it.
_lock = threading.RLock()
_cache: list[Registry] = []
_converters: dict[str, Converter] = {}
"""The one ``CONVERTERS`` dict: refilled in place by :func:`reload_registry`, so every reference to it stays live."""


def registry() -> Registry:
    """The registry of this process: the installed entry points, read on first use and cached."""
    if not _cache:
        with _lock:
            if not _cache:
                _fill(load_registry())
    return _cache[0]


def reload_registry(loader: Callable[[], Registry] = load_registry) -> Registry:
    """Read the entry points again (after an install, or in tests) and refill ``CONVERTERS`` in place."""
    loaded = loader()
    with _lock:
        _fill(loaded)
    return loaded


def _fill(loaded: Registry) -> None:
    _converters.clear()
    _converters.update({name: entry.converter for name, entry in loaded.formats.items()})
    _cache[:] = [loaded]


def converters() -> dict[str, Converter]:
    """Format name -> converter, in tie order: the dict ``articlekit.converters.CONVERTERS`` names."""
    registry()
    return _converters


def tie_rank(name: str) -> tuple[bool, str]:
    """Where format ``name`` stands when two formats score the same: built-ins first, then by name."""
    entry = registry().formats.get(name)
    return (entry is None or not entry.builtin, name)
