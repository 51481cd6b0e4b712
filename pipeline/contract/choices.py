"""Closed lists: one value, several values, or free text with suggestions.

Matching is forgiving about case and spaces, accepts the settings' synonyms and, for
numbered lists (``1.1 - …``), the number alone; anything else fails with NOT_IN_LIST
and a near-miss suggestion. A value's form in the other written standard (``[nynorsk]`` in
the settings: «Grøn» for «Grønn») is the same value: read as the canonical value, without
a warning when typed exactly as the list has it.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping, Sequence

from pipeline.contract.issues import Code
from pipeline.contract.parsed import Parsed, Problem

_LEADING_NUMBER = re.compile(r"(\d+)[.,](\d+)(?!\d)(.*)", re.DOTALL)
_NUMBERED_ENTRY = re.compile(r"(\d+)\.(\d+)(?!\d)(.*)", re.DOTALL)
_MULTI_CHUNKS = re.compile(r"[,;\n\r]+")
#: Within a chunk: «E-resept/HelseID», «E-resept og HelseID».
_MULTI_WORDS = re.compile(r"(\s*/\s*|\s+og\s+)", re.IGNORECASE)
#: A list written the canonical way: «A, B».
_COMMA = re.compile(r"\s*,\s*")

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
    """Only the letters and digits, lower case."""
    return "".join(c for c in text.casefold() if c.isalnum())


def list_choices(choices: Sequence[str]) -> str:
    """The choices for a message, separated by ``; `` when a choice holds a comma."""
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


def _equivalent(text: str, equivalents: Mapping[str, str] | None) -> Parsed | None:
    """A value typed in its other standard's form (``equivalents``: form -> value): the value; None otherwise.

    Exactly the form: the value, nothing to tell. Only case or spaces differ: the value, normalised to
    the form (the actor reads the form he writes in)."""
    if not equivalents:
        return None
    if text in equivalents:
        return Parsed(equivalents[text])
    form = {_key(f): f for f in equivalents}.get(_key(text))
    return Parsed(equivalents[form], form) if form is not None else None


def match_choice(text: str, choices: Sequence[str], synonyms: Mapping[str, str] | None = None,
                 equivalents: Mapping[str, str] | None = None) -> Parsed:
    """One value of a closed list.

    Exact → as is; differing only in case or spaces, or a synonym from the settings
    («Middels» where the list says «Medium») → the canonical value (normalised);
    the value's nynorsk form (``equivalents``: form → value) → the canonical value, not
    normalised (see :func:`_equivalent`); for numbered lists (``1.1 - …``) the number
    alone also picks the entry; anything else keeps the text and fails with NOT_IN_LIST
    and a near-miss suggestion (among the values and their forms).
    """
    if not text:
        return Parsed("")
    if text in choices:
        return Parsed(text)
    by_key = {_key(c): c for c in choices}
    if (found := by_key.get(_key(text))) is not None:
        return Parsed(found, found)
    if (same := _equivalent(text, equivalents)) is not None:
        return same
    by_key = {_key(alias): target for alias, target in (synonyms or {}).items()}
    if (found := by_key.get(_key(text))) is not None:
        return Parsed(found, found)
    suggestion = None
    if _is_numbered(choices):
        found, suggestion = _numbered(text, choices)
        if found is not None:
            return Parsed(found, found)
    suggestion = suggestion or suggest(text, [*choices, *(equivalents or {})])
    return Parsed(text, problems=(_not_in_list(text, choices, suggestion),))


def match_suggestion(text: str, suggestions: Sequence[str], equivalents: Mapping[str, str] | None = None) -> Parsed:
    """Free text with a suggestion list: any text, canonical case when it is a suggestion; a suggestion's
    nynorsk form (``equivalents``) is the suggestion (see :func:`_equivalent`)."""
    if not text or text in suggestions:
        return Parsed(text)
    found = {_key(s): s for s in suggestions}.get(_key(text))
    if found is not None:
        return Parsed(found, found)
    same = _equivalent(text, equivalents)
    return same if same is not None else Parsed(text)


def _parts(text: str, choices: Sequence[str], equivalents: Mapping[str, str] | None = None) -> list[str]:
    """Split on comma, semicolon, line break, slash, « og » and space; a piece that is itself a choice
    («Nasjonale løsninger», a choice with « og » or «/» in it) stays whole."""
    parts: list[str] = []
    for chunk in _MULTI_CHUNKS.split(text):
        tokens = _MULTI_WORDS.split(chunk.strip())
        pieces, seps = tokens[0::2], tokens[1::2]
        i = 0
        while i < len(pieces):
            for j in range(len(pieces) - 1, i - 1, -1):  # the longest run of pieces that is a choice
                joined = pieces[i] + "".join(seps[k] + pieces[k + 1] for k in range(i, j))
                if match_choice(joined, choices, equivalents=equivalents).ok:
                    parts.append(joined)
                    i = j + 1
                    break
            else:
                parts.extend(pieces[i].split())
                i += 1
    return [p for p in parts if p]


def match_multi(text: str, choices: Sequence[str], equivalents: Mapping[str, str] | None = None) -> Parsed:
    """Zero or more values of a closed list, in the list's order, without duplicates.

    The values may be separated by comma, semicolon, line break, slash, « og » or space.
    Unknown parts fail (one problem each) and are kept as typed after the known ones.
    Normalised (one warning) when the values were not written «A, B», a part's case or spacing
    changed or a duplicate was removed; not when a part is unknown (that error says enough).
    A part in its nynorsk form (``equivalents``) is the value; the values written «A, B» in
    their nynorsk forms are not normalised.
    """
    found: list[str] = []
    typed: list[str] = []  # each found value as typed
    unknown: list[str] = []
    problems: list[Problem] = []
    changed = False
    for part in _parts(text, choices, equivalents):
        result = match_choice(part, choices, equivalents=equivalents)
        if not result.ok:
            if part not in unknown:
                unknown.append(part)
                problems.extend(result.problems)
            continue
        changed = changed or result.normalised is not None or result.value in found
        if result.value not in found:
            found.append(result.value)
            typed.append(part)
    values = [c for c in choices if c in found] + unknown
    changed = changed or ", ".join(typed) != _COMMA.sub(", ", text.strip())
    return Parsed(values, ", ".join(values) if changed and not problems else None, tuple(problems))

