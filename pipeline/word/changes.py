"""Writes what changed since the last report (see :mod:`pipeline.summary.changes`).

* :func:`write_changes`: the Sammendrag section «Endringer siden forrige rapport» (a Heading 2 in the
  table of contents) with one Heading 3 and table per kind of change; kinds without changes are left out.
* :class:`TrendColumn`: the «Statusutvikling» column of Porteføljeoversikt (two or more earlier rounds):
  one ● per round in the status colour, oldest first, this round last; ○ where the tiltak did not report.
* :func:`chapter_note`: the line under a changed chapter's heading.

``out`` is the Sammendrag's cell and table helper (``pipeline.word.summarytables.SummaryTables``), passed in so that
this module does not import the summary writer.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pipeline.summary.changes import FIELD, Change, ChangeKind, RoundChanges
from pipeline.word import oxml
from pipeline.word.doctexts import BOKMAL_TEXTS, DocTexts
from pipeline.word.tables import TableCell, column_widths

TITLE = "Endringer siden forrige rapport"
TREND_HEADER = "Statusutvikling"
MARK, NO_MARK = "●", "○"
_NO_MARK_COLOUR = "A6A6A6"
_MARK_TWIPS = 300
_MARK_SIZE = 24  # half-points: 12 pt marks
_DATE_TWIPS = 1100
_EMPTY = "ikke oppgitt"


def write_changes(out: Any, summary: Any) -> None:
    """The section (``summary``: :class:`pipeline.summary.aggregate.Summary`), or nothing without an earlier round."""
    changes: RoundChanges | None = summary.changes
    if changes is None:
        return
    previous = changes.previous.label
    t: DocTexts = out.t
    empty = t(_EMPTY)
    if not changes.changes:
        out.section(t(TITLE), t("Ingen endringer i status, risiko, sluttdato, leveranser eller tiltak siden forrige "
                                "rapport ({previous}).").format(previous=previous))
        return
    out.section(t(TITLE), t("Sammenlignet med forrige rapport ({previous}). Tabellene viser bare det som er endret; "
                            "deler uten endringer er utelatt.").format(previous=previous))
    _status(out, changes, {row.navn: row for segment in summary.portfolio for row in segment.rows})
    _dates(out, changes)
    tiltak, leveranse, before = t("Tiltak"), t("Leveranse"), t("Forrige")
    _table(out, t("Leveranser levert siden forrige rapport"), [tiltak, leveranse, t("Sluttdato")],
           [[c.tiltak, c.leveranse, c.sluttdato] for c in changes.kinds(ChangeKind.DELIVERED)], [3, 4, 0], [0, 0, _DATE_TWIPS])
    _table(out, t("Leveranser med ny sluttdato"), [tiltak, leveranse, before, t("Ny")],
           [[c.tiltak, c.leveranse, c.forrige, c.naa] for c in changes.kinds(ChangeKind.DELIVERY_DATE)],
           [3, 4, 0, 0], [0, 0, _DATE_TWIPS, _DATE_TWIPS])
    _table(out, t("Leveranser med annet svar på «levert»"), [tiltak, leveranse, before, t("Nå")],
           [[c.tiltak, c.leveranse, t.label(c.forrige) or empty, t.label(c.naa) or empty]
            for c in changes.kinds(ChangeKind.ANSWER)],
           [3, 4, 0, 0], [0, 0, 1300, 1300])
    _table(out, t("Nye og fjernede leveranser"), [tiltak, leveranse, t("Endring")],
           [[c.tiltak, c.leveranse if c.kind is not ChangeKind.RENAMED_DELIVERY else c.naa, _delivery_event(c, t)]
            for c in changes.kinds(ChangeKind.NEW_DELIVERY, ChangeKind.REMOVED_DELIVERY, ChangeKind.RENAMED_DELIVERY)],
           [3, 4, 2], [0, 0, 0])
    for kind, title in ((ChangeKind.NEW_TILTAK, "Nye tiltak"), (ChangeKind.REMOVED_TILTAK, "Tiltak som ikke lenger rapporterer")):
        _table(out, t(title), [tiltak, t("Segment"), t("Aktør")],
               [[c.tiltak, c.segment, c.aktor] for c in changes.kinds(kind)],
               [4, 0, 3], [0, out.need(["Koordinere", t("Segment")]), 0])


def _status(out: Any, changes: RoundChanges, now: dict) -> None:
    """Status and risiko before and now; the one of the two that did not change shows its value twice."""
    moved = {}
    for c in changes.kinds(ChangeKind.STATUS, ChangeKind.RISIKO):
        moved.setdefault(c.tiltak, {})[c.kind] = c
    if not moved:
        return
    t: DocTexts = out.t
    out.writer.heading(3, t("Status og risiko"))
    headers = [t(h) for h in ("Tiltak", "Segment", "Status forrige", "Status nå", "Risiko forrige", "Risiko nå")]
    rows = [out.header(headers)]
    for name, kinds in moved.items():
        segment = next(iter(kinds.values())).segment
        cells = [out.cell(name), out.cell(segment)]
        for kind in (ChangeKind.STATUS, ChangeKind.RISIKO):
            c = kinds.get(kind)
            same = "" if c else getattr(now[name], FIELD[kind])  # a changed tiltak is in the portfolio
            cells += [out.choice(c.forrige), out.choice(c.naa)] if c else [out.choice(same), out.choice(same)]
        rows.append(cells)
    choice = out.need([*out.form.vocabulary("status"), t("forrige")])
    out.writer.table(rows, column_widths([4, 0, 0, 0, 0, 0], out.width,
                                         [0, out.need(["Koordinere", t("Segment")]), *[choice] * 4]), header_rows=1)


def _dates(out: Any, changes: RoundChanges) -> None:
    t: DocTexts = out.t
    empty = t(_EMPTY)
    rows = [[c.tiltak, c.forrige or empty, c.naa or empty, _signed(c.months)] for c in changes.kinds(ChangeKind.SLUTTDATO)]
    _table(out, t("Sluttdato for tiltaket"), [t(h) for h in ("Tiltak", "Forrige", "Ny", "Forskyvning (mnd)")], rows,
           [4, 0, 0, 0], [0, _DATE_TWIPS, _DATE_TWIPS, out.need([t("Forskyvning"), t("(mnd)")])])


def _table(out: Any, title: str, headers: list[str], rows: list[list[str]], weights: list[int],
           minimums: list[int]) -> None:
    if not rows:
        return
    out.writer.heading(3, title)
    cells = [out.header(headers)] + [[out.cell(text) for text in row] for row in rows]
    out.writer.table(cells, column_widths(weights, out.width, minimums), header_rows=1)


def _delivery_event(c: Change, t: DocTexts = BOKMAL_TEXTS) -> str:
    if c.kind is ChangeKind.RENAMED_DELIVERY:
        return t("Nytt navn (var «{old}»)").format(old=c.forrige)
    return t("Ny") if c.kind is ChangeKind.NEW_DELIVERY else t("Fjernet")


def _signed(months: int | None) -> str:
    if months is None:
        return ""
    return f"+{months}" if months > 0 else f"−{-months}" if months < 0 else "0"


# --- Statusutvikling ---------------------------------------------------------------------------


class TrendColumn:
    """Adds «Statusutvikling» to the Porteføljeoversikt tables (nothing with fewer than two earlier rounds)."""

    def __init__(self, out: Any, changes: RoundChanges | None) -> None:
        self.out = out
        self.changes = changes if changes is not None and changes.rounds else None

    def note(self) -> str:
        if self.changes is None:
            return ""
        t: DocTexts = self.out.t
        return t(" {header}: status i rundene {rounds} og nå ({now}), eldste først; {mark} betyr at tiltaket ikke "
                 "rapporterte.").format(header=t(TREND_HEADER), rounds=", ".join(self.changes.rounds[:-1]),
                                       now=self.changes.rounds[-1], mark=NO_MARK)

    def extend(self, rows: list[list[TableCell]], widths: list[int], names: Sequence[str]) -> tuple[list, list[int]]:
        """``rows`` (header first, then one per name) and ``widths`` with the column added."""
        if self.changes is None:
            return rows, widths
        from pipeline.contract.identity import tiltak_key

        header = self.out.t(TREND_HEADER)
        need = max(self.out.need([header]), _MARK_TWIPS * len(self.changes.rounds) + 200)
        rows[0].append(self.out.cell(header))
        for row, name in zip(rows[1:], names):
            row.append(self._marks(self.changes.status_history.get(tiltak_key(name), ())))
        return rows, _narrow(widths, need)

    def _marks(self, statuses: Sequence[str]) -> TableCell:
        cell = self.out.cell(MARK)
        p = cell.paragraphs[0]
        for r in list(p.iterchildren(oxml.el("w:r").tag)):
            p.remove(r)
        for status in statuses:
            colour = self.out.form.farger.get(status) if status else _NO_MARK_COLOUR
            props = oxml.el("w:rPr", None, *([oxml.el("w:color", {"w:val": colour})] if colour else []),
                            oxml.el("w:sz", {"w:val": _MARK_SIZE}))
            p.append(oxml.el("w:r", None, props, oxml.text(MARK if status else NO_MARK)))
        return cell


def _narrow(widths: list[int], need: int, share: int = 2) -> list[int]:
    """The widths with a new last column of ``need`` twips, taken from the ``share`` widest columns (the text columns)
    in proportion to their width."""
    widest = sorted(range(len(widths)), key=lambda i: widths[i], reverse=True)[:share]
    total = sum(widths[i] for i in widest)
    out = list(widths)
    for i in widest:
        out[i] -= need * widths[i] // total
    out[widest[0]] -= sum(out) + need - sum(widths)  # the rounding
    return [*out, need]


# --- the chapter note ----------------------------------------------------------------------------


def chapter_note(changes: Sequence[Change], previous: str, t: DocTexts = BOKMAL_TEXTS) -> str:
    """«Endret siden forrige rapport (August 2021): status Gul → Rød; …», or "" without changes;
    in the written standard of ``t``."""
    if not changes:
        return ""
    if any(c.kind is ChangeKind.NEW_TILTAK for c in changes):
        return t("Nytt siden forrige rapport ({previous}).").format(previous=previous)
    parts = []
    empty = t(_EMPTY)
    for c in changes:
        if c.kind in (ChangeKind.STATUS, ChangeKind.RISIKO, ChangeKind.SLUTTDATO):
            shift = t(" ({months} mnd)").format(months=_signed(c.months)) if c.months else ""
            parts.append(f"{c.felt} {t.label(c.forrige) or empty} → {t.label(c.naa) or empty}{shift}")
    for kind, one, many in ((ChangeKind.DELIVERED, "leveranse levert", "leveranser levert"),
                            (ChangeKind.DELIVERY_DATE, "leveranse med ny sluttdato", "leveranser med ny sluttdato"),
                            (ChangeKind.NEW_DELIVERY, "ny leveranse", "nye leveranser"),
                            (ChangeKind.REMOVED_DELIVERY, "leveranse fjernet", "leveranser fjernet")):
        n = sum(c.kind is kind for c in changes)
        if n:
            parts.append(t.counted(n, one, many))
    for c in changes:  # named as the summary's tables name them
        if c.kind is ChangeKind.RENAMED_DELIVERY:
            event = _delivery_event(c, t)
            parts.append(t("leveransen «{name}»: {event}").format(name=c.naa, event=f"{event[0].lower()}{event[1:]}"))
        elif c.kind is ChangeKind.ANSWER:
            parts.append(t("leveransen «{name}»: svar på «levert» {before} → {now}").format(
                name=c.leveranse, before=t.label(c.forrige) or empty, now=t.label(c.naa) or empty))
    return t("Endret siden forrige rapport ({previous}): {parts}.").format(previous=previous, parts="; ".join(parts))


__all__ = ["write_changes", "TrendColumn", "chapter_note", "TITLE", "TREND_HEADER"]
