"""``innrapportering portal``: create a round, serve the portal, export the submissions (docs/portal.md).

Only this module is imported by the CLI; Django is imported when a portal command runs.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pipeline.common.errors import EXIT_OK, UsageError

DEFAULT_DATA = Path("portal-data")


def add_parser(sub) -> None:
    p = sub.add_parser("portal", help="innsendingsportalen: aktørene sender inn i nettleseren og ser funnene med en gang",
                       description="Innsendingsportalen (se docs/portal.md).")
    commands = p.add_subparsers(dest="portal_command", metavar="UNDERKOMMANDO", parser_class=type(p),
                                help="opprett-runde, start, ny-lenke, eksport, bruker, sikkerhetskopi eller gjenopprett")
    commands.required = True
    round_ = commands.add_parser("opprett-runde", help="lag en runde fra rapport.toml og skriv ut lenke og API-nøkkel per aktør",
                                 description="Lager en runde fra rapport.toml (periode, rapportdato, frist, forventede tiltak "
                                             "med aktør) og skriver én linje per aktør, tabulatorseparert: aktør, "
                                             "personlig lenke, API-nøkkel.")
    _data(round_)
    round_.add_argument("--innstillinger", type=Path, required=True, metavar="FIL", help="rapport.toml for runden")
    round_.add_argument("--forrige", type=Path, metavar="FIL",
                        help="forrige rundes eksport (vedlegg2.json) til forhåndsutfylte arbeidsbøker og endringer; "
                             "standard: forrige i rapport.toml")
    round_.set_defaults(func=run_create)
    start = commands.add_parser("start", help="start portalen", description="Starter portalen (waitress). "
                                "DATABASE_URL velger PostgreSQL; uten den brukes SQLite i datamappen.")
    _data(start)
    start.add_argument("--port", type=int, default=8000, help="porten; standard: %(default)s")
    start.add_argument("--vert", default="127.0.0.1", help="adressen det lyttes på; standard: %(default)s")
    start.set_defaults(func=run_start)
    again = commands.add_parser("ny-lenke", help="ny lenke og API-nøkkel til én aktør; de gamle slutter å virke",
                                description="Lager ny personlig lenke og ny API-nøkkel til aktøren i siste runde og "
                                            "skriver samme linje som opprett-runde. Gamle lenker, innlogginger og "
                                            "nøkler slutter å virke, og en sperret aktør åpnes igjen.")
    _data(again)
    again.add_argument("aktor", metavar="AKTØR", help="aktørens navn slik det står i rapport.toml")
    again.set_defaults(func=run_reissue)
    export = commands.add_parser("eksport", help="skriv den valgte versjonen av hver innsending som arbeidsbøker",
                                 description="Skriver den valgte versjonen av hvert tiltak (INNRAPPORTERING_PORTAL_"
                                             "VERSJONSVALG; standard: den godkjente, ellers siste uten feil) og "
                                             "rapport.toml til en mappe, klar for «innrapportering merge MAPPE».")
    _data(export)
    export.add_argument("-o", "--output", type=Path, required=True, metavar="MAPPE", help="mappen det skrives til")
    export.set_defaults(func=run_export)
    user = commands.add_parser("bruker", help="lag en bruker for sekretariatet og skriv ut API-nøkkelen",
                               description="Lager (eller oppdaterer) en bruker i gruppen «sekretariat», som logger inn "
                                           "på /runde/, og skriver ut en ny API-nøkkel (vises bare nå; en eldre nøkkel "
                                           "slutter å virke).")
    _data(user)
    user.add_argument("--sekretariat", required=True, metavar="NAVN", help="brukernavnet")
    user.add_argument("--passord", metavar="PASSORD", help="passord for innlogging i nettleseren (uten: bare API-nøkkel)")
    user.add_argument("--godkjenner", action="store_true", help="brukeren kan også godkjenne innsendinger")
    user.set_defaults(func=run_user)
    _add_backup(commands)


def _add_backup(commands) -> None:
    backup = commands.add_parser("sikkerhetskopi", help="ta sikkerhetskopi av databasen og alle filene i én fil",
                                 description="Skriver én fil (tar.gz) med en konsistent kopi av databasen, alle "
                                             "filene i datamappen og manifest.json med SHA-256 for hver fil. Kan "
                                             "kjøres mens portalen går. Se docs/drift.md.")
    _data(backup)
    backup.add_argument("-o", "--output", type=Path, required=True, metavar="FIL",
                        help="sikkerhetskopien (finnes den, overskrives den ikke)")
    backup.add_argument("--som-json", action="store_true",
                        help="lagre databasen som JSON (dumpdata) også med SQLite, f.eks. for å flytte til PostgreSQL; "
                             "med DATABASE_URL blir det alltid JSON")
    backup.set_defaults(func=run_backup)
    restore = commands.add_parser("gjenopprett", help="gjenopprett en sikkerhetskopi til en datamappe",
                                  description="Kontrollerer hver fil i sikkerhetskopien mot manifest.json (SHA-256) "
                                              "og gjenoppretter databasen og filene til datamappen. En mappe som "
                                              "ikke er tom, røres ikke uten --overskriv.")
    _data(restore)
    restore.add_argument("arkiv", type=Path, metavar="FIL", help="sikkerhetskopien fra «portal sikkerhetskopi»")
    restore.add_argument("--overskriv", action="store_true",
                         help="erstatt en datamappe (og en database) som ikke er tom; den gamle mappen flyttes til "
                              "MAPPE.erstattet-TIDSPUNKT")
    restore.set_defaults(func=run_restore)


def _data(p) -> None:
    p.add_argument("--data", type=Path, default=DEFAULT_DATA, metavar="MAPPE",
                   help="datamappen (database og opplastede filer); standard: %(default)s")


def _start(args) -> None:
    from pipeline.portal.bootstrap import PortalUnavailable, start_django

    try:
        start_django(args.data)
    except PortalUnavailable as exc:
        raise UsageError(str(exc)) from None


def run_create(args) -> int:
    _start(args)
    from pipeline.portal.rounds import RoundError, create_round

    try:
        invitations = create_round(args.innstillinger, args.forrige)
    except RoundError as exc:
        raise UsageError(str(exc)) from None
    for invitation in invitations:
        print(invitation.line())
    print(f"Runden er opprettet med {len(invitations)} aktører. Send hver aktør sin lenke; API-nøkkelen vises bare nå.",
          file=sys.stderr)
    return EXIT_OK


def _current_round(args):
    from pipeline.portal.rounds import current_round

    runde = current_round()
    if runde is None:
        raise UsageError(f"Datamappen {args.data} har ingen runde. Lag en med «innrapportering portal opprett-runde».")
    return runde


def run_reissue(args) -> int:
    _start(args)
    from pipeline.portal.rounds import RoundError, reissue

    try:
        print(reissue(_current_round(args), args.aktor).line())
    except RoundError as exc:
        raise UsageError(str(exc)) from None
    return EXIT_OK


def run_export(args) -> int:
    _start(args)
    from pipeline.portal import verdicts
    from pipeline.portal.rounds import RoundError, export_round

    try:
        choice = verdicts.version_choice()
        written = export_round(_current_round(args), args.output, pick=lambda t: verdicts.chosen_version(t, choice))
    except (RoundError, verdicts.VerdictError) as exc:
        raise UsageError(str(exc)) from None
    print(f"Skrev {len(written) - 1} arbeidsbøker ({choice}) og rapport.toml til {args.output}. "
          f"Slå dem sammen med: innrapportering merge {args.output}")
    return EXIT_OK


def run_user(args) -> int:
    _start(args)
    from pipeline.portal.staff import StaffError, create_user

    try:
        token = create_user(args.sekretariat, args.passord, approver=args.godkjenner)
    except StaffError as exc:
        raise UsageError(str(exc)) from None
    print(token)
    print(f"Brukeren {args.sekretariat.strip()} er i gruppen «sekretariat"
          + ("» og kan godkjenne." if args.godkjenner else "».") + " API-nøkkelen vises bare nå.", file=sys.stderr)
    return EXIT_OK


def run_start(args) -> int:
    _start(args)
    from pipeline.portal.server import serve

    try:
        serve(args.vert, args.port)
    except KeyboardInterrupt:
        print("Portalen er stoppet.", file=sys.stderr)
    return EXIT_OK


def run_backup(args) -> int:
    from pipeline.portal.backupdb import run_backup as run

    return run(args)


def run_restore(args) -> int:
    from pipeline.portal.backupdb import run_restore as run

    return run(args)
