"""Reference tables of the documentation site, rendered from the code's own tables.

Each function returns Markdown that :mod:`articlekit.derived` writes between a page's
``<!-- generated: NAME -->`` markers (``python -m articlekit.derived``), and that
``--check`` compares with the checked-in page, so the docs cannot drift from the code:

- the record contract, from the published JSON Schema (itself generated from the model);
- reject codes (:data:`articlekit.errors.REJECT_CODES`), validate's problem codes and flags
  (:data:`articlekit.converters.base.FLAGS`);
- every command and option, from the ``articlekit`` argparse parser;
- the html-page converter's metadata order (:data:`articlekit.converters.html_page.METADATA_ORDER`);
- each built-in converter's module docstring.

The output never depends on the machine, the Python version or the terminal width: option
lists are formatted here, not by argparse's help formatter.
"""

from __future__ import annotations

import argparse
import inspect
import json
import re
from collections.abc import Sequence
from typing import Any

_ONE_LINE = r"^\S(?:[^\r\n]*\S)?$(?!\n)"
_TRIMMED = r"^\S(?:[\s\S]*\S)?$(?!\n)"
PATTERN_WORDS: dict[str, str] = {
    _ONE_LINE: "one line, trimmed",
    _TRIMMED: "non-empty, trimmed",
    r"^[0-9a-f]{32}$(?!\n)": "32 lower-case hex digits",
    r"^[0-9a-f]{64}$(?!\n)": "64 lower-case hex digits",
    r"^https?://[^\s/?#]+[^\s]*$(?!\n)": "absolute http(s) URL",
    r"^[a-z][a-z0-9-]*$(?!\n)": "lower-case code (`a-z`, `0-9`, `-`)",
    r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$(?!\n)": "BCP 47 tag",
}
"""Patterns of the article schema, said in words; a pattern not listed here is shown as it is."""


def _cell(text: str) -> str:
    """Make ``text`` safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def _code_table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


# --- the record contract ------------------------------------------------------------------------------


def _resolve(spec: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in spec:
        resolved: dict[str, Any] = root["$defs"][spec["$ref"].rsplit("/", 1)[1]]
        return resolved
    return spec


def _describe(spec: dict[str, Any], root: dict[str, Any]) -> tuple[str, list[str]]:
    """Return a value's type in words and its constraints."""
    if "anyOf" in spec and all("type" in option or "$ref" in option for option in spec["anyOf"]):
        described = [_describe(option, root) for option in spec["anyOf"]]
        return " or ".join(kind for kind, _ in described), [rule for _, rules in described for rule in rules]
    spec = _resolve(spec, root)
    rules: list[str] = []
    if "pattern" in spec:
        rules.append(PATTERN_WORDS.get(spec["pattern"], f"pattern `{spec['pattern']}`"))
    if spec.get("format") == "date-time":
        rules[-1:] = ["RFC 3339 date-time with offset"]
    if "maxLength" in spec:
        rules.append(f"at most {spec['maxLength']:,} characters")
    if "minItems" in spec:
        rules.append(f"at least {spec['minItems']} item" + ("s" if spec["minItems"] != 1 else ""))
    if spec.get("uniqueItems"):
        rules.append("unique items")
    if "const" in spec:
        return f"`{json.dumps(spec['const'])}`", rules
    if "enum" in spec:
        return " | ".join(f"`{json.dumps(value)}`" for value in spec["enum"]), rules  # _cell escapes the bars
    kind = spec.get("type", "any")
    if kind == "array":
        item_kind, item_rules = _describe(spec["items"], root)
        return f"list of {item_kind}", rules + [f"each: {rule}" for rule in item_rules]
    if kind == "object" and "anyOf" in spec:
        rules.append("at least one of " + ", ".join(f"`{next(iter(o['properties']))}`" for o in spec["anyOf"]))
    return str(kind), rules


def _contract_rows(node: dict[str, Any], root: dict[str, Any], prefix: str, rows: list[tuple[str, ...]]) -> None:
    required = set(node.get("required", []))
    for key, spec in node.get("properties", {}).items():
        kind, rules = _describe(spec, root)
        meaning = spec.get("description") or _resolve(spec, root).get("description", "")
        rows.append((f"`{prefix}{key}`", kind, "yes" if key in required else "no", "; ".join(rules), meaning))
        target = _resolve(spec, root)
        if target.get("type") == "array":
            target = _resolve(target["items"], root)
            suffix = "[]."
        else:
            suffix = "."
        if "properties" in target:
            _contract_rows(target, root, f"{prefix}{key}{suffix}", rows)


def contract_table() -> str:
    """Every field of the article record, nested fields dotted, from the published JSON Schema."""
    from articlekit.schema import generate_json_schema

    schema = generate_json_schema()
    rows: list[tuple[str, ...]] = []
    _contract_rows(schema, schema, "", rows)
    return _code_table(("field", "type", "required", "constraints", "meaning"), rows)


def contract_rules() -> str:
    """The record-level rules of the JSON Schema (``if``/``then``), said from its own text."""
    from articlekit.schema import generate_json_schema

    schema = generate_json_schema()
    lines = [f"- JSON Schema: draft 2020-12, `$id` `{schema['$id']}`,"]
    lines.append(f"  contract version `{schema['x-articlekit-schema-version']}`.")
    closed = "every object" if schema.get("additionalProperties") is False else "the record"
    lines.append(f"- No other keys are allowed ({closed} has `additionalProperties: false`).")
    if "if" in schema:
        lines.append(f"- When `{json.dumps(schema['if'], ensure_ascii=False)}`,")
        lines.append(f"  then `{json.dumps(schema['then'], ensure_ascii=False)}`.")
    return "\n".join(lines) + "\n"


# --- codes and flags ----------------------------------------------------------------------------------


def reject_codes_table() -> str:
    """Reject codes of ``convert`` and ``dedup``, from :data:`articlekit.errors.REJECT_CODES`."""
    from articlekit.errors import REJECT_CODES

    return _code_table(("code", "meaning"), [(f"`{code}`", meaning) for code, meaning in REJECT_CODES.items()])


def problem_codes_table() -> str:
    """Problem codes of ``validate`` with the exit status each leads to."""
    from articlekit.validation.problems import PROBLEM_CODES, USAGE_CODES

    rows = [
        (f"`{code}`", "2" if code in USAGE_CODES else "1", meaning.removesuffix("; exit 2"))
        for code, meaning in PROBLEM_CODES.items()
    ]
    return _code_table(("code", "exit", "meaning"), rows)


def flags_table() -> str:
    """Flags a record may carry, from :data:`articlekit.converters.base.FLAGS`."""
    from articlekit.converters.base import FLAGS

    return _code_table(("flag", "meaning"), [(f"`{flag}`", meaning) for flag, meaning in FLAGS.items()])


def exit_codes_table() -> str:
    """Exit statuses of ``articlekit``, from :data:`articlekit.cli.EXIT_CODES`."""
    from articlekit.cli import EXIT_CODES

    return _code_table(("exit", "meaning"), [(f"`{code}`", meaning) for code, meaning in EXIT_CODES.items()])


# --- the command line ---------------------------------------------------------------------------------


_MAX_CHOICES_SHOWN = 4
"""An option with more choices than this is shown as NAME, its choices listed in its meaning."""


def _choices(action: argparse.Action) -> list[str] | None:
    return None if action.choices is None else [str(choice) for choice in action.choices]


def _metavar(action: argparse.Action) -> str:
    if action.metavar is not None:
        return str(action.metavar)
    choices = _choices(action)
    if choices is not None and len(choices) <= _MAX_CHOICES_SHOWN:
        return "|".join(choices)
    return "NAME" if choices is not None else str(action.dest).upper()


def _synopsis(name: str, parser: argparse.ArgumentParser) -> str:
    parts = [f"articlekit {name}"]
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        if not action.option_strings:
            metavar = _metavar(action)
            parts.append(
                {"*": f"[{metavar} ...]", "+": f"{metavar} [{metavar} ...]", "?": f"[{metavar}]"}.get(
                    str(action.nargs), metavar
                )
            )
            continue
        flag = action.option_strings[-1]
        shown = flag if action.nargs == 0 else f"{flag} {_metavar(action)}"
        parts.append(shown if action.required else f"[{shown}]")
    return " ".join(parts)


def _meaning(action: argparse.Action) -> str:
    """The option's help, with its choices when the synopsis does not show them and its default when unsaid."""
    meaning = action.help or ""
    choices = _choices(action)
    if choices is not None and len(choices) > _MAX_CHOICES_SHOWN:
        meaning += "; one of " + ", ".join(f"`{choice}`" for choice in choices)
    default = action.default
    if default in (None, False, (), [], argparse.SUPPRESS) or "default" in meaning:
        return meaning
    shown = ",".join(str(value) for value in default) if isinstance(default, tuple | list) else str(default)
    return f"{meaning} (default: `{shown}`)"


def _commands() -> dict[str, tuple[argparse.ArgumentParser, str]]:
    """Every ``articlekit`` sub-command: its parser and its one-line help."""
    from articlekit import cli

    parser = cli._build_parser()
    subparsers = next(action for action in parser._actions if isinstance(action, argparse._SubParsersAction))
    helps = {choice.dest: choice.help or "" for choice in subparsers._choices_actions}
    return {name: (subparsers.choices[name], helps.get(name, "")) for name in subparsers.choices}


def command_names() -> list[str]:
    """The names of every ``articlekit`` sub-command, sorted."""
    return sorted(_commands())


def command_reference(name: str) -> str:
    """One ``articlekit`` command: its synopsis, description and every argument and option."""
    command, summary = _commands()[name]
    out = [summary[:1].upper() + summary[1:] + ".", "", "```text", _synopsis(name, command), "```", ""]
    if command.description:
        out += [command.description, ""]
    rows: list[tuple[str, ...]] = []
    for action in command._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        if action.option_strings:
            shown = ", ".join(action.option_strings)
            if action.nargs != 0:
                shown += f" {_metavar(action)}"
        else:
            shown = _metavar(action)
        rows.append((f"`{shown}`", _meaning(action)))
    out.append(_code_table(("argument", "meaning"), rows))
    if command.epilog:
        out += [command.epilog, ""]
    return "\n".join(out).rstrip("\n") + "\n"


# --- formats ------------------------------------------------------------------------------------------

_ROLE = re.compile(r":[a-z]+:`~?\.?([^`]+)`")
_LITERAL = re.compile(r"``([^`]+)``")


def _markdown_of_docstring(docstring: str) -> str:
    """Turn a converter's reStructuredText-style docstring into Markdown (literal blocks fenced, roles as code)."""
    out: list[str] = []
    lines = docstring.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if not line.rstrip().endswith("::"):
            out.append(_ROLE.sub(r"`\1`", _LITERAL.sub(r"`\1`", line)))
            continue
        lead = line.rstrip()[:-2].rstrip()
        if lead:
            out.append(_ROLE.sub(r"`\1`", _LITERAL.sub(r"`\1`", lead)) + ":")
        block: list[str] = []
        while index < len(lines) and (not lines[index].strip() or lines[index].startswith(" ")):
            block.append(lines[index])
            index += 1
        while block and not block[-1].strip():
            block.pop()
        while block and not block[0].strip():
            block.pop(0)
        indent = min(len(text) - len(text.lstrip()) for text in block if text.strip()) if block else 0
        out += ["", "```text", *(text[indent:].rstrip() for text in block), "```", ""]
    return "\n".join(out).strip() + "\n"


def formats_reference() -> str:
    """Every built-in converter, its module docstring rendered as Markdown."""
    from articlekit.converters import CONVERTERS

    out: list[str] = []
    for name, converter in CONVERTERS.items():
        module = inspect.getmodule(converter) if not inspect.ismodule(converter) else converter
        if module is None or not module.__name__.startswith("articlekit.converters."):
            continue  # plugins from other distributions document themselves
        docstring = inspect.getdoc(module) or ""
        out += [f"## `{name}`", "", f"Module `{module.__name__}`.", "", _markdown_of_docstring(docstring)]
    return "\n".join(out).rstrip("\n") + "\n"


# --- html-page ----------------------------------------------------------------------------------------


def html_metadata_table() -> str:
    """Where html-page takes each field from, first source first (:data:`~.html_page.METADATA_ORDER`)."""
    from articlekit.converters import html_page

    rows = ["| field | sources, first first |", "|---|---|"]
    for field, sources in html_page.METADATA_ORDER.items():
        rows.append(f"| `{field}` | " + " → ".join(f"`{source}`" for source in sources) + " |")
    return "\n".join(rows) + "\n"


def html_metadata_keys() -> str:
    """The meta tag names html-page reads per field (:data:`~.html_page.META_KEYS`)."""
    from articlekit.converters import html_page

    rows = [(f"`{field}`", ", ".join(f"`{name}`" for name in names)) for field, names in html_page.META_KEYS.items()]
    return _code_table(("meta key group", "names, first preferred"), rows)


def semantic_rules_table() -> str:
    """The rules the model checks that JSON Schema cannot express (:data:`articlekit.schema.SEMANTIC_RULES`)."""
    from articlekit.schema import SEMANTIC_RULES

    return _code_table(("problem code", "rule"), [(f"`{code}`", rule) for code, rule in SEMANTIC_RULES.items()])
