"""``tdsplan remind`` (« relancer »): the leads who have not answered since their workbook
was sent, a ready-to-send e-mail for each, and sending them."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tdsplan.cli import common, console, paths
from tdsplan.errors import ChangeRefusedError, UsageError
from tdsplan.i18n import _, current_language, ngettext

if TYPE_CHECKING:
    import datetime as dt

    from tdsplan.mail import SmtpSettings
    from tdsplan.models import Plan
    from tdsplan.reminders import Reminder
    from tdsplan.sent import Record

#: Where the SMTP password comes from: never a file of the repository.
PASSWORD_VARIABLE = "TDSPLAN_SMTP_PASSWORD"

Out = Annotated[
    Path | None,
    typer.Option(
        "--out",
        "-o",
        metavar="DOSSIER",
        callback=paths.folder,
        readable=False,
        help="Écrire dans ce dossier un courriel prêt à envoyer (.eml, classeur joint) par porteur.",
    ),
]
Send = Annotated[
    bool,
    typer.Option(
        "--send",
        "--envoyer",
        help="Envoyer les courriels par le serveur [smtp] de tdsplan.toml (mot de passe : "
        "variable TDSPLAN_SMTP_PASSWORD).",
    ),
]
DryRun = Annotated[
    bool,
    typer.Option(
        "--dry-run", "--simulation", help="Dire ce qui serait écrit ou envoyé, sans rien faire."
    ),
]


def remind(
    ctx: typer.Context, out: Out = None, send: Send = False, dry_run: DryRun = False
) -> None:
    """Relancer les porteurs sans nouvelles.

    Liste les porteurs à qui « tdsplan export --per-lead » a préparé un classeur et
    dont aucune nouvelle n’est arrivée depuis (ni retour importé, ni entrée datée d’après
    l’envoi). Avec --out, écrit pour chacun un courriel (.eml) avec son classeur à jour
    en pièce jointe, tiré du gabarit relance.txt.j2 ; avec --send, les envoie et inscrit
    la relance au registre des envois. Exemple : tdsplan relancer --out relances/
    """
    from tdsplan.reminders import reminders
    from tdsplan.sent import read_record

    project = common.project(ctx)
    plan = project.load()
    record = read_record(project.plan_dir)
    if not record.sendings:
        raise UsageError(
            _(
                "aucun classeur envoyé à ce jour : préparez-les d’abord avec "
                "« tdsplan export --per-lead DOSSIER »"
            )
        )
    if out is not None:  # refused before anything is said
        paths.output(ctx, out, folder=True, option="--out")
    today = common.today()
    found = reminders(plan, record, today, current_language(), [project.templates_dir])
    _list(record, plan, found)
    letters = [r for r in found if r.letter is not None]
    if found and not letters and (out is not None or send):
        console.print_warning(
            (_("aucun courriel écrit") if out is not None else _("aucun courriel envoyé"))
            + _(" : aucun porteur relancé n’a d’adresse (porteurs: dans plan.yaml)")
        )
    if out is not None and letters:
        _write(ctx, out, letters, plan.organisation, today, dry_run)
    if send and letters:
        _send(ctx, project.plan_dir, letters, plan.organisation, today, dry_run)


def _list(record: Record, plan: Plan, found: list[Reminder]) -> None:
    """Who has answered, and who is waited for (with their address, or why none)."""
    from tdsplan.sent import answers

    out = console.stdout()
    done = [w for w in answers(plan, record) if w.answered is not None]
    if not found:
        out.print(_("Tous les porteurs ont répondu depuis leur envoi."), markup=False)
    else:
        out.print(
            ngettext(
                "{n} porteur sans nouvelles depuis son envoi :",
                "{n} porteurs sans nouvelles depuis leur envoi :",
                len(found),
            ).format(n=len(found)),
            markup=False,
        )
    for reminder in found:
        who = reminder.waiting
        count = len(who.sent.actions)
        line = ngettext(
            "classeur du {date} ({n} action)", "classeur du {date} ({n} actions)", count
        ).format(date=console.long_date(who.sent.date), n=count)
        if who.reminders:
            line += ngettext(", {n} relance", ", {n} relances", len(who.reminders)).format(
                n=len(who.reminders)
            )
        address = f" <{who.courriel}>" if who.courriel else ""
        missing = (
            ""
            if who.courriel
            else _(" ; pas de courriel déclaré (plan.yaml, porteurs) : rien à lui écrire")
        )
        console.say(
            _("  {lead}{address} : {workbook}{missing}").format(
                lead=who.porteur, address=address, workbook=line, missing=missing
            ),
            to=out,
        )
    answered = [
        _("{lead} (le {date})").format(lead=w.porteur, date=console.long_date(w.answered))
        for w in done
        if w.answered is not None
    ]
    if answered:
        console.say(_("Ont répondu : {leads}.").format(leads=", ".join(answered)), to=out)


def _sender(ctx: typer.Context, required: bool) -> tuple[SmtpSettings | None, str | None]:
    """The ``[smtp]`` settings of ``tdsplan.toml`` (refused when wrong, or absent and
    ``required``) and the address the e-mails come from."""
    from tdsplan.mail import smtp_settings

    repository, _chosen = common.located(ctx)
    if not repository.smtp and not required:
        return None, None
    settings = smtp_settings(repository.smtp, repository.file)
    return settings, settings.sender


def _write(
    ctx: typer.Context,
    out: Path,
    letters: list[Reminder],
    organisation: str,
    today: dt.date,
    dry_run: bool,
) -> None:
    """One ``.eml`` per letter in ``out``: a draft any mail program opens ready to send."""
    from tdsplan.mail import message

    _settings, sender = _sender(ctx, required=False)
    for reminder in letters:
        letter = reminder.letter
        assert letter is not None
        target = out / f"{Path(letter.attachment).stem}.eml"
        if not dry_run:
            mail = message(letter, sender, organisation, today)
            mail["X-Unsent"] = "1"  # Outlook opens it as a draft, ready to send
            common.write_output(target, mail.as_bytes(), chosen=True)
        console.say(
            (_("Courriel à écrire : {file}") if dry_run else _("Courriel écrit : {file}")).format(
                file=console.shown_path(target)
            )
        )


def _send(
    ctx: typer.Context,
    plan_dir: Path,
    letters: list[Reminder],
    organisation: str,
    today: dt.date,
    dry_run: bool,
) -> None:
    """Each letter sent (none in a dry run), each reminder sent recorded; a recipient the
    server refused is said, and the command fails once the others are sent."""
    from tdsplan import sent
    from tdsplan.mail import message, send

    settings, sender = _sender(ctx, required=True)
    assert settings is not None and sender is not None
    out, err = console.stdout(), console.stderr()
    if dry_run:
        for reminder in letters:
            assert reminder.letter is not None
            console.say(
                _("À envoyer à {lead} <{address}> par {server}").format(
                    lead=reminder.letter.lead,
                    address=reminder.letter.address,
                    server=f"{settings.host}:{settings.port}",
                ),
                to=out,
            )
        err.print(_("Simulation : rien n’a été envoyé."), markup=False)
        return
    password = os.environ.get(PASSWORD_VARIABLE)
    mails = [
        (r.letter, message(r.letter, sender, organisation, today)) for r in letters if r.letter
    ]
    results = send(mails, settings, password)
    recorded = []
    for result, reminder in zip(results, letters, strict=True):
        letter = result.letter
        if result.refused is None:
            console.say(
                _("Envoyé à {lead} <{address}>").format(lead=letter.lead, address=letter.address),
                to=out,
            )
            recorded.append(
                sent.Sending(
                    letter.lead,
                    today,
                    "relance",
                    letter.attachment,
                    letter.address,
                    reminder.waiting.sent.actions,
                )
            )
        else:
            console.say(
                _("tdsplan : refusé par le serveur pour {lead} <{address}> : {reason}").format(
                    lead=letter.lead, address=letter.address, reason=result.refused
                ),
                to=err,
            )
    if recorded:
        sent.add(plan_dir, recorded)
    refused = len(results) - len(recorded)
    if refused:
        raise ChangeRefusedError(
            ngettext(
                "{n} courriel refusé par le serveur ; les autres sont partis",
                "{n} courriels refusés par le serveur ; les autres sont partis",
                refused,
            ).format(n=refused)
        )
