"""Pure parsers for values as actors type them: dates, numbers, years, list choices and text.

Every parser takes a raw cell value (what openpyxl gives) and returns a :class:`Parsed`:
the value for the model, how it was read when it had to be normalised (for a
``NORMALISED`` warning), and any problems (issue codes with their message
parameters). Nothing here knows about cells, files or issues' places; the
validator adds those.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from pipeline.contract.fields import FieldMeta, Kind
from pipeline.contract.formatting import INVALID_XML, format_date, show_number, value_as_text, visible
from pipeline.contract.issues import Code, Severity

#: Excel serial numbers are only read as dates inside this window; a year or a
#: number typed into a date cell (``2021`` → 13.07.1905) is an error instead.
SERIAL_MIN_DATE = date(1950, 1, 1)
SERIAL_MAX_DATE = date(2199, 12, 31)
YEAR_MIN, YEAR_MAX = 2000, 2100
#: Characters in one cell: Excel's own limit. Longer text comes from other programs and is an error.
MAX_CELL_CHARS = 32_767

_EPOCH_1900 = date(1899, 12, 30)  # valid for serials >= 61 (Excel's 1900 leap-year bug)
_EPOCH_1904 = date(1904, 1, 1)

_DMY = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_GROUP_SPACES = " \u00a0\u202f\u2009\u2007"
_NUMBER = re.compile(
    rf"(?P<sign>[-+\u2212])?(?P<int>\d{{1,3}}(?:[{_GROUP_SPACES}]\d{{3}})+|\d+)(?:(?P<sep>[,.])(?P<frac>\d+))?"
)
_YEAR = re.compile(r"\d{4}")
_LEADING_NUMBER = re.compile(r"(\d+)[.,](\d+)(?!\d)(.*)", re.DOTALL)
_NUMBERED_ENTRY = re.compile(r"(\d+)\.(\d+)(?!\d)(.*)", re.DOTALL)
_MULTI_CHUNKS = re.compile(r"[,;\n]+")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a value: an issue code and its message parameters.

    ``value`` overrides the value shown in the message (one part of a multi-choice
    cell); ``None`` means the cell's value as typed.
    """

    code: Code
    params: dict[str, str] = field(default_factory=dict)
    value: str | None = None


@dataclass(frozen=True)
class Parsed:
    """A parsed value; ``normalised`` is how it was read when it had to be normalised."""

    value: Any
    normalised: str | None = None
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        return not any(p.code.severity is Severity.ERROR for p in self.problems)


def _fail(code: Code, **params: str) -> Parsed:
    return Parsed(None, problems=(Problem(code, params),))


# --- display ------------------------------------------------------------------------------

def show_date(value: date) -> str:
    return format_date(value)


def show_chars(chars: str) -> str:
    """``U+000B, U+0001`` for the characters removed from a text."""
    return ", ".join(f"U+{ord(c):04X}" for c in chars)


def printable(value: Any) -> Any:
    """A value for a message: characters XML cannot hold shown as symbols (U+000B → ␋), so
    that terminals, the merge report's workbook and the JSON can always show it. Other
    values are returned unchanged."""
    return visible(value) if isinstance(value, str) else value


# --- text -----------------------------------------------------------------------------------

def clean_text(value: Any, kind: Kind = Kind.TEXT) -> tuple[str, str]:
    """The one normalisation of free text: ``(text, removed_chars)``.

    Numbers and dates become their text; characters XML 1.0 forbids are removed
    (``removed_chars`` lists each once, in order of appearance); ``\\r\\n`` and ``\\r``
    become ``\\n``; surrounding whitespace (for LONGTEXT: surrounding blank lines and
    spaces) is stripped. Nothing else changes.
    """
    text = value_as_text(value)
    removed = "".join(dict.fromkeys(INVALID_XML.findall(text)))
    if removed:
        text = INVALID_XML.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Every text kind is stripped the same way (``kind`` is accepted for callers' clarity);
    # lines inside a LONGTEXT are never touched.
    return text.strip(), removed


def _text_problems(removed: str, text: str = "") -> tuple[Problem, ...]:
    problems = (Problem(Code.INVALID_CHARS, {"chars": show_chars(removed)}),) if removed else ()
    if len(text) > MAX_CELL_CHARS:
        count, limit = (f"{n:,}".replace(",", " ") for n in (len(text), MAX_CELL_CHARS))
        problems += (Problem(Code.TEXT_TOO_LONG, {"count": count, "limit": limit}),)
    return problems


# --- dates ----------------------------------------------------------------------------------

def serial_to_date(serial: float | int | Decimal, date1904: bool = False) -> date | None:
    """An Excel serial number as a date (time part dropped); None outside the accepted window."""
    days = int(serial)  # serials here are positive; int() drops the time part
    if date1904:
        result = _EPOCH_1904 + timedelta(days=days)
    elif days >= 61:
        result = _EPOCH_1900 + timedelta(days=days)
    else:
        return None  # before 1.3.1900, far outside the window anyway
    return result if SERIAL_MIN_DATE <= result <= SERIAL_MAX_DATE else None


def parse_date(value: Any, date1904: bool = False) -> Parsed:
    """A date cell, a text date (``dd.mm.åååå``, ``d.m.åååå``, ``åååå-mm-dd``) or a serial."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return Parsed(None)
    if isinstance(value, datetime):
        return Parsed(value.date())
    if isinstance(value, date):
        return Parsed(value)
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        try:
            result = serial_to_date(value, date1904) if value > 0 else None
        except (ValueError, OverflowError, InvalidOperation):
            result = None
        return Parsed(result, show_date(result)) if result else _fail(Code.BAD_DATE)
    if isinstance(value, str):
        result = _text_date(value.strip())
        return Parsed(result, show_date(result)) if result else _fail(Code.BAD_DATE)
    return _fail(Code.BAD_DATE)


def _text_date(text: str) -> date | None:
    if m := _DMY.fullmatch(text):
        day, month, year = (int(g) for g in m.groups())
    elif m := _ISO.fullmatch(text):
        year, month, day = (int(g) for g in m.groups())
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


# --- numbers --------------------------------------------------------------------------------

def _text_number(text: str) -> Decimal | None:
    m = _NUMBER.fullmatch(text)
    if not m:
        return None
    digits = re.sub(f"[{_GROUP_SPACES}]", "", m["int"])
    if m["sep"] == "." and len(m["frac"]) == 3 and digits == m["int"]:
        return None  # «1.200»: thousands separator or decimal point? Ask the actor.
    number = Decimal(f"{digits}.{m['frac']}" if m["frac"] else digits)
    return -number if m["sign"] in ("-", "\u2212") else number


def _number(value: Any) -> tuple[Decimal | None, bool]:
    """(number, was_text); number is None when unreadable."""
    if isinstance(value, bool):
        return None, False
    if isinstance(value, int):
        return Decimal(value), False
    if isinstance(value, float):
        return (Decimal(str(value)), False) if value == value and abs(value) != float("inf") else (None, False)
    if isinstance(value, Decimal):
        return (value, False) if value.is_finite() else (None, False)
    if isinstance(value, str):
        return _text_number(value.strip()), True
    return None, False


def _below(number: Decimal, minimum: Decimal | None) -> tuple[Problem, ...]:
    if minimum is not None and number < minimum:
        return (Problem(Code.BELOW_MINIMUM, {"minimum": show_number(minimum)}),)
    return ()


def parse_number(value: Any, minimum: Decimal | None = None) -> Parsed:
    """A decimal number; text with decimal comma, space-grouped thousands or − is normalised.

    A number below ``minimum`` is kept but reported (BELOW_MINIMUM).
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return Parsed(None)
    number, was_text = _number(value)
    if number is None:
        return _fail(Code.BAD_NUMBER)
    return Parsed(number, show_number(number) if was_text else None, _below(number, minimum))


def parse_integer(value: Any, minimum: Decimal | None = None) -> Parsed:
    """A whole number (``10``, ``10.0``, text ``"10"``)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return Parsed(None)
    number, was_text = _number(value)
    if number is None or number != number.to_integral_value():
        return _fail(Code.BAD_INTEGER)
    whole = int(number)
    return Parsed(whole, str(whole) if was_text else None, _below(number, minimum))


def parse_year(value: Any) -> Parsed:
    """Four digits between 2000 and 2100: an int, a whole float, or text (normalised)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return Parsed(None)
    year: int | None = None
    was_text = isinstance(value, str)
    if was_text:
        text = value.strip()
        year = int(text) if _YEAR.fullmatch(text) else None
    elif not isinstance(value, bool):
        number, _ = _number(value)
        if number is not None and number == number.to_integral_value():
            year = int(number)
    if year is None or not YEAR_MIN <= year <= YEAR_MAX:
        return _fail(Code.BAD_YEAR)
    return Parsed(year, str(year) if was_text else None)


# --- closed lists ---------------------------------------------------------------------------

_FOLD = str.maketrans({"ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "đ": "d", "ł": "l", "ß": "ss"})


def fold(text: str) -> str:
    """Case-, accent- and space-insensitive key for near-miss suggestions (``Grønn`` → ``gronn``)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def _key(text: str) -> str:
    """Case- and space-insensitive key: what an exact-but-sloppy value must match."""
    return " ".join(text.casefold().split())


def _compact(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


def list_choices(choices: Sequence[str]) -> str:
    sep = "; " if any("," in c for c in choices) else ", "
    return sep.join(choices)


def suggest(text: str, choices: Sequence[str]) -> str | None:
    """The closest choice to a near miss, or None."""
    wanted = fold(text)
    if not wanted:
        return None
    folded = {fold(c): c for c in choices}
    if wanted in folded:
        return folded[wanted]
    prefixed = [c for k, c in folded.items() if k.startswith(wanted)]
    if len(prefixed) == 1 and len(wanted) >= 2:
        return prefixed[0]
    close = difflib.get_close_matches(wanted, list(folded), n=1, cutoff=0.6)
    return folded[close[0]] if close else None


def _not_in_list(text: str, choices: Sequence[str], suggestion: str | None) -> Problem:
    hint = f" Mente du «{suggestion}»?" if suggestion else ""
    return Problem(Code.NOT_IN_LIST, {"suggestion": hint, "choices": list_choices(choices)}, text)


def _is_numbered(choices: Sequence[str]) -> bool:
    return bool(choices) and all(_NUMBERED_ENTRY.match(c) for c in choices)


def _numbered(text: str, choices: Sequence[str]) -> tuple[str | None, str | None]:
    """(match, suggestion) for a value given by its number: ``1.1`` or ``1,1 Modernisere …``."""
    m = _LEADING_NUMBER.match(text)
    if not m:
        return None, None
    for choice in choices:
        e = _NUMBERED_ENTRY.match(choice)
        assert e is not None
        if int(e[1]) == int(m[1]) and e[2] == m[2]:
            rest = _compact(m[3])
            return (choice, None) if not rest or rest == _compact(e[3]) else (None, choice)
    return None, None


def match_choice(text: str, choices: Sequence[str], synonyms: Mapping[str, str] | None = None) -> Parsed:
    """One value of a closed list.

    Exact → as is; differing only in case or spaces, or a synonym from the settings
    («Middels» where the list says «Medium») → the canonical value (normalised);
    for numbered lists (``1.1 - …``) the number alone also picks the entry; anything
    else keeps the text and fails with NOT_IN_LIST and a near-miss suggestion.
    """
    if not text:
        return Parsed("")
    if text in choices:
        return Parsed(text)
    by_key = {_key(c): c for c in choices}
    by_key.update({_key(alias): target for alias, target in (synonyms or {}).items() if _key(alias) not in by_key})
    if (found := by_key.get(_key(text))) is not None:
        return Parsed(found, found)
    suggestion = None
    if _is_numbered(choices):
        found, suggestion = _numbered(text, choices)
        if found is not None:
            return Parsed(found, found)
    suggestion = suggestion or suggest(text, choices)
    return Parsed(text, problems=(_not_in_list(text, choices, suggestion),))


def match_suggestion(text: str, suggestions: Sequence[str]) -> Parsed:
    """Free text with a suggestion list: any text, canonical case when it is a suggestion."""
    if not text or text in suggestions:
        return Parsed(text)
    found = {_key(s): s for s in suggestions}.get(_key(text))
    return Parsed(found, found) if found is not None else Parsed(text)


def _parts(text: str, choices: Sequence[str]) -> list[str]:
    """Split on comma, semicolon, line break and space; a chunk that is itself a choice stays whole."""
    parts: list[str] = []
    for chunk in _MULTI_CHUNKS.split(text):
        chunk = chunk.strip()
        if not chunk:
            continue
        if " " in chunk and match_choice(chunk, choices).ok:
            parts.append(chunk)
        else:
            parts.extend(chunk.split())
    return parts


def match_multi(text: str, choices: Sequence[str]) -> Parsed:
    """Zero or more values of a closed list, in the list's order, without duplicates.

    Unknown parts fail (one problem each) and are kept as typed after the known ones.
    Normalised when a part's case or spacing changed or a duplicate was removed.
    """
    found: list[str] = []
    unknown: list[str] = []
    problems: list[Problem] = []
    changed = False
    for part in _parts(text, choices):
        result = match_choice(part, choices)
        if not result.ok:
            if part not in unknown:
                unknown.append(part)
                problems.extend(result.problems)
            continue
        changed = changed or result.normalised is not None or result.value in found
        if result.value not in found:
            found.append(result.value)
    values = [c for c in choices if c in found] + unknown
    return Parsed(values, ", ".join(values) if changed else None, tuple(problems))


# --- one field ------------------------------------------------------------------------------

def empty_value(kind: Kind) -> Any:
    """The model's empty value for a kind: ``""``, ``None`` or ``[]``."""
    if kind is Kind.MULTICHOICE:
        return []
    if kind in (Kind.DATE, Kind.YEAR, Kind.NUMBER, Kind.INTEGER):
        return None
    return ""


def is_empty_value(value: Any) -> bool:
    return value is None or value == "" or value == []


def parse_field(value: Any, meta: FieldMeta, choices: Sequence[str] = (), date1904: bool = False,
                synonyms: Mapping[str, str] | None = None) -> Parsed:
    """Parse one raw cell value by the field's kind. ``choices`` is the field's vocabulary,
    ``synonyms`` other words that mean one of them."""
    match meta.kind:
        case Kind.DATE:
            return parse_date(value, date1904)
        case Kind.NUMBER:
            return parse_number(value, meta.minimum)
        case Kind.INTEGER:
            return parse_integer(value, meta.minimum)
        case Kind.YEAR:
            return parse_year(value)
    text, removed = clean_text(value, meta.kind)
    extra = _text_problems(removed, text)
    match meta.kind:
        case Kind.CHOICE:
            result = match_choice(text, choices, synonyms)
            # the message shows the whole cell as typed
            result = replace(result, problems=tuple(replace(p, value=None) for p in result.problems))
        case Kind.MULTICHOICE:
            result = match_multi(text, choices)
        case Kind.SUGGEST:
            result = match_suggestion(text, choices)
        case _:
            result = Parsed(text)
    return Parsed(result.value, result.normalised, extra + result.problems)
