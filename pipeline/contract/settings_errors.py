"""Norwegian messages for broken settings files (``rapport.toml``, ``skjema.toml``).

:func:`syntax_message` explains a TOML syntax error (tomllib's English message translated,
with line, column and the line itself); :func:`validation_message` explains every problem
pydantic found, each with the file's line where the key is, the key, what is allowed and,
for a misspelt key, «Mente du …?». Nothing English reaches the user.
"""

from __future__ import annotations

import ast
import difflib
import re
import tomllib
import types
import typing
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

# --- TOML syntax ---------------------------------------------------------------------------------

_WHERE = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)$")
_VALUE_HINT = ("tekst skal stå i anførselstegn («\"Helse Vest\"»), datoer skrives 2021-11-01 eller "
               "«\"01.11.2021\"», tall og true/false uten anførselstegn")

#: tomllib's messages (as regular expressions) and what they mean in Norwegian.
_SYNTAX: tuple[tuple[str, str], ...] = (
    (r"Invalid statement", "linjen er verken «nøkkel = verdi» eller en [tabell]"),
    (r"Expected newline or end of document after a statement",
     "det står mer på linjen etter verdien; " + _VALUE_HINT + ", og hver nøkkel skal stå på sin egen linje"),
    (r"Expected '=' after a key in a key/value pair", "mangler «=» etter nøkkelen (en nøkkel uten anførselstegn kan bare ha "
                                                     "bokstavene a–z, sifre, - og _)"),
    (r"Expected '\]' at the end of a table declaration", "mangler «]» på slutten av tabellnavnet"),
    (r"Expected '\]\]' at the end of an array declaration", "mangler «]]» på slutten av tabellnavnet"),
    (r"Expected '(.*)'", "forventet «{0}»"),
    (r"Found invalid character '(.*)'", "ugyldig tegn «{0}»"),
    (r"Cannot declare (.*) twice", "tabellen [{0}] står to ganger"),
    (r"Cannot overwrite a value", "nøkkelen har allerede fått en verdi (står den to ganger?)"),
    (r"Cannot mutate immutable namespace (.*)", "{0} kan ikke utvides her; den er allerede gitt som en verdi"),
    (r"Cannot redefine namespace (.*)", "{0} er allerede definert"),
    (r"Invalid initial character for a key part", "nøkkelen begynner med et ugyldig tegn"),
    (r"Unclosed array", "listen er ikke lukket med «]»"),
    (r"Duplicate inline table key '(.*)'", "nøkkelen «{0}» står to ganger i samme {{ … }}"),
    (r"Unclosed inline table", "tabellen {{ … }} er ikke lukket med «}}» (og må stå på én linje)"),
    (r"Unescaped '\\\\' in a string", "en omvendt skråstrek (\\) i tekst må skrives \\\\"),
    (r"Invalid hex value|Escaped character is not a Unicode scalar value", "ugyldig \\u-kode i teksten"),
    (r"Unterminated string", "teksten mangler avsluttende anførselstegn"),
    (r"Illegal character '\\n'", "teksten mangler avsluttende anførselstegn på samme linje"),
    (r"Illegal character '(.*)'", "teksten inneholder et tegn som ikke er tillatt ({0})"),
    (r"Invalid date or datetime", "ugyldig dato; skriv 2021-11-01"),
    (r"Invalid value", "ugyldig verdi; " + _VALUE_HINT),
)


def _key_text(text: str) -> str:
    """tomllib's key tuples (``('utgiver', 'blokker')``) as ``utgiver.blokker``."""
    try:
        parts = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text
    return ".".join(str(p) for p in parts) if isinstance(parts, tuple) else str(parts)


def _translate_syntax(message: str) -> str:
    for pattern, norwegian in _SYNTAX:
        if m := re.fullmatch(pattern, message):
            return norwegian.format(*(_key_text(g) for g in m.groups()))
    return "syntaksfeil"


def syntax_message(path: Path, exc: tomllib.TOMLDecodeError, text: str) -> str:
    """``Innstillingsfilen X har en feil på linje 3, kolonne 11: … \\n  3 | periode = November 2021``."""
    message = str(exc)
    where = _WHERE.search(message)
    what = _translate_syntax(message[: where.start()] if where else message)
    if where and where[1]:
        line = int(where[1])
        lines = text.splitlines()
        shown = f"\n  linje {line}: {lines[line - 1].strip()}" if 0 < line <= len(lines) else ""
        return f"Innstillingsfilen {path} har en feil på linje {line}, kolonne {where[2]}: {what}.{shown}"
    if where:
        return f"Innstillingsfilen {path} har en feil på slutten av filen: {what}."
    return f"Innstillingsfilen {path} kan ikke leses: {what}."


# --- where a key is in the file ------------------------------------------------------------------

_PART = r'(?:[A-Za-z0-9_-]+|"[^"]*"|\'[^\']*\')'
_KEY_LINE = re.compile(rf"\s*({_PART}(?:\s*\.\s*{_PART})*)\s*=")
_ARRAY_HEADER = re.compile(rf"\s*\[\[\s*({_PART}(?:\s*\.\s*{_PART})*)\s*\]\]")
_TABLE_HEADER = re.compile(rf"\s*\[\s*({_PART}(?:\s*\.\s*{_PART})*)\s*\]")

Loc = tuple[str | int, ...]


def _names(dotted: str) -> list[str]:
    return [p.strip("\"'") for p in re.findall(_PART, dotted)]


def key_lines(text: str) -> dict[Loc, int]:
    """Every table and key in a TOML text -> its line number (1-based), by pydantic location
    (array-of-tables entries are numbered from 0, as pydantic does). Lines inside multi-line
    lists and strings are not keys."""
    found: dict[Loc, int] = {}
    arrays: dict[tuple[str, ...], int] = {}
    table: Loc = ()
    depth, in_string = 0, False
    for number, line in enumerate(text.splitlines(), start=1):
        if in_string or depth > 0:
            in_string = in_string != _opens_string(line)
            depth = 0 if in_string else max(0, depth + line.count("[") - line.count("]"))
            continue
        if m := _ARRAY_HEADER.match(line):
            names = tuple(_names(m[1]))
            arrays[names] = arrays.get(names, 0) + 1
            table = _table_path(names, arrays)
            found.setdefault(table, number)
        elif m := _TABLE_HEADER.match(line):
            table = _table_path(tuple(_names(m[1])), arrays)
            found.setdefault(table, number)
        elif m := _KEY_LINE.match(line):
            found.setdefault((*table, *_names(m[1])), number)
            value = line[m.end():]
            in_string = _opens_string(value)
            if not in_string:
                value = value.split("#", 1)[0]
                depth = max(0, value.count("[") - value.count("]"))
    return found


def _opens_string(text: str) -> bool:
    """The text opens (or closes) a multi-line string: an odd number of triple quotes."""
    return bool(text.count('"""') % 2 or text.count("'''") % 2)


def _table_path(names: tuple[str, ...], arrays: dict[tuple[str, ...], int]) -> Loc:
    """A table header's names with the current entry of every array of tables on the way."""
    path: list[str | int] = []
    for i, name in enumerate(names, start=1):
        path.append(name)
        if names[:i] in arrays:
            path.append(arrays[names[:i]] - 1)
    return tuple(path)


def line_of(loc: Loc, lines: dict[Loc, int]) -> int | None:
    """The line of ``loc``, else of the nearest enclosing key or table that is in the file."""
    for end in range(len(loc), 0, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None


# --- what the models allow -------------------------------------------------------------------------

def _unwrap(annotation: Any) -> Any:
    """``X | None`` -> ``X``; ``Annotated[X, …]`` -> ``X``."""
    if typing.get_origin(annotation) is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _unwrap(args[0]) if len(args) == 1 else annotation
    return annotation


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def annotation_at(model: type[BaseModel], loc: Loc) -> Any:
    """The type expected at ``loc`` (None when the location is not in the model)."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        origin, args = typing.get_origin(current), typing.get_args(current)
        if _is_model(current) and isinstance(part, str):
            field = current.model_fields.get(part)
            current = field.annotation if field else None
        elif origin is list and args:
            current = args[0]
        elif origin is dict and args:
            current = args[1]
        else:
            return None
        if current is None:
            return None
    return _unwrap(current)


def describe(annotation: Any) -> str:
    """What a value of ``annotation`` looks like, in Norwegian."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if annotation is str:
        return "tekst i anførselstegn, f.eks. \"Helse Vest\""
    if annotation is bool:
        return "true eller false"
    if annotation is int:
        return "et helt tall, f.eks. 10"
    if annotation is date:
        return "en dato: 2021-11-01 eller \"01.11.2021\""
    if origin is typing.Literal or (isinstance(annotation, type) and issubclass(annotation, Enum)):
        values = args if origin is typing.Literal else [m.value for m in annotation]
        return "en av " + ", ".join(f"«{v}»" for v in values)
    if origin is list:
        inner = describe(_unwrap(args[0])) if args else "verdier"
        return f"en liste i klammer [ ] der hvert element er {inner}"
    if origin is dict or _is_model(annotation):
        return "en tabell ([navn] på egen linje, eller { nøkkel = verdi })"
    return "en annen verdi"


def _allowed_keys(model: type[BaseModel], loc: Loc) -> list[str]:
    owner = annotation_at(model, loc)
    return list(owner.model_fields) if _is_model(owner) else []


# --- pydantic's errors in Norwegian ----------------------------------------------------------------

_TYPE_ERRORS = {
    "date": ("date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"),
    "int": ("int_type", "int_parsing", "int_from_float", "int_parsing_size"),
    "bool": ("bool_type", "bool_parsing"),
    "str": ("string_type", "string_unicode"),
    "list": ("list_type", "tuple_type", "set_type", "iterable_type"),
    "table": ("dict_type", "model_type", "model_attributes_type", "dataclass_type"),
}


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return "en tabell" if isinstance(value, dict) else "en liste"
    return f"«{value}»"


def _loc_text(loc: Loc) -> str:
    """``('forventet', 1, 'segmnet')`` -> ``forventet nr. 2, segmnet``."""
    out = ""
    for part in loc:
        out += f" nr. {part + 1}" if isinstance(part, int) else (", " if out else "") + str(part)
    return out


def explain(error: dict, model: type[BaseModel]) -> str:
    """One pydantic error as a Norwegian sentence (without the location)."""
    kind, loc, ctx = error["type"], tuple(error["loc"]), error.get("ctx") or {}
    key = loc[-1] if loc else ""
    expected = annotation_at(model, loc)
    wanted = describe(expected) if expected is not None else "en annen verdi"
    if kind == "missing":
        return f"«{key}» mangler; den må være med ({wanted})"
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, loc[:-1])
        close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
        hint = f" Mente du «{close[0]}»?" if close else ""
        return f"ukjent nøkkel «{key}». Tillatt her: {', '.join(allowed)}.{hint}"
    if kind in ("value_error", "assertion_error"):
        message = str(ctx.get("error", ""))
        return re.sub(r"^(Value error|Assertion failed), ", "", message) or f"ugyldig verdi {_shown(error['input'])}"
    for types_ in _TYPE_ERRORS.values():
        if kind in types_:
            return f"{_shown(error['input'])} passer ikke her; skriv {wanted}"
    if kind in ("literal_error", "enum"):
        return f"{_shown(error['input'])} er ikke tillatt; skriv {wanted}"
    return f"{_shown(error['input'])} er ikke gyldig her; skriv {wanted}"


def validation_message(path: Path, model: type[BaseModel], exc: ValidationError, text: str) -> str:
    """Every problem in a settings file, one per line, each with its line when the key is in the file."""
    lines = key_lines(text)
    problems: list[tuple[int, str]] = []
    for error in exc.errors():
        loc = tuple(error["loc"])
        line = line_of(loc, lines)
        named = loc[:-1] if error["type"] in ("missing", "extra_forbidden") else loc  # the key is in the sentence
        where = ", ".join(x for x in (f"linje {line}" if line else "", _loc_text(named)) if x)
        problems.append((line or 0, f"  {where}: {explain(error, model)}" if where else f"  {explain(error, model)}"))
    problems.sort(key=lambda p: p[0])
    return f"Innstillingsfilen {path} har feil:\n" + "\n".join(text for _, text in problems)
