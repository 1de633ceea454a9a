"""Reminders to the leads as e-mails: the text from a template the plan may replace, the
workbook attached, written as ``.eml`` files or sent through the SMTP server that
``tdsplan.toml`` names (``[smtp]``; the password is the caller's to give)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import smtplib
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, formataddr
from pathlib import Path
from typing import Any

from tdsplan.errors import ChangeRefusedError, UsageError
from tdsplan.i18n import _
from tdsplan.models import COURRIEL

#: The template of a reminder, shipped in the package; a plan's ``templates/`` may hold its own.
TEMPLATE = "relance.txt.j2"
XLSX_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
#: Seconds an SMTP server is given to answer.
TIMEOUT = 30


@dataclass(frozen=True)
class SmtpSettings:
    """The ``[smtp]`` table of ``tdsplan.toml``: where and as whom to send."""

    host: str
    port: int = 587
    sender: str = ""
    starttls: bool = True
    user: str | None = None


def smtp_settings(table: Mapping[str, Any], file: Path | None) -> SmtpSettings:
    """The SMTP settings of ``tdsplan.toml`` (``file``), checked: a :class:`UsageError`
    that names the file and the key when one is missing or wrong."""
    where = str(file) if file is not None else "tdsplan.toml"
    if not table:
        raise UsageError(
            _(
                "aucun serveur d’envoi : ajoutez à {file} une table [smtp] (host, port, from, "
                "starttls, user)"
            ).format(file=where)
        )
    known = {"host", "port", "from", "starttls", "user"}
    for key in table:
        if key not in known:
            raise UsageError(
                _("{file} : clé « {key} » inconnue dans [smtp] (clés : {keys})").format(
                    file=where, key=key, keys=", ".join(sorted(known))
                )
            )
    host, port, sender = table.get("host"), table.get("port", 587), table.get("from")
    starttls, user = table.get("starttls", True), table.get("user")
    checks = [
        ("host", isinstance(host, str) and bool(host.strip())),
        ("port", isinstance(port, int) and not isinstance(port, bool) and 0 < port < 65536),
        ("from", isinstance(sender, str) and re.fullmatch(COURRIEL, sender) is not None),
        ("starttls", isinstance(starttls, bool)),
        ("user", user is None or (isinstance(user, str) and bool(user.strip()))),
    ]
    for key, good in checks:
        if not good:
            raise UsageError(
                _("{file} : [smtp] {key} = {value} invalide").format(
                    file=where, key=key, value=repr(table.get(key))[:60]
                )
            )
    assert isinstance(host, str) and isinstance(sender, str) and isinstance(port, int)
    return SmtpSettings(host.strip(), port, sender, bool(starttls), user)


#: SMTP's line ends; headers folded at 998 rather than 78 characters, so that a long
#: name is not split into encoded words that some readers join with a space
#: (« Lanaud ière »).
_POLICY = SMTP.clone(max_line_length=998)


@dataclass(frozen=True)
class Letter:
    """One reminder: to whom, its subject and text, and the workbook attached."""

    lead: str
    address: str
    subject: str
    body: str
    attachment: str
    workbook: bytes


def letter_text(template_dirs: list[Path], lang: str, **context: Any) -> tuple[str, str]:
    """The subject and text of a reminder, from the plan's template or the shipped one."""
    from tdsplan.render import environment

    text = environment(lang, template_dirs).get_template(TEMPLATE).render(**context)
    subject, _blank, body = text.strip("\n").partition("\n")
    return subject.strip(), body.strip("\n") + "\n"


def message(letter: Letter, sender: str | None, organisation: str, today: dt.date) -> EmailMessage:
    """The e-mail of ``letter``, from ``sender`` (shown as ``organisation``; without a
    sender, the mail program that opens it sets its own), dated ``today``: the same
    letter gives the same bytes."""
    mail = EmailMessage(policy=_POLICY)
    if sender:
        mail["From"] = formataddr((organisation, sender))
    mail["To"] = formataddr((letter.lead, letter.address))
    mail["Subject"] = letter.subject
    mail["Date"] = format_datetime(dt.datetime.combine(today, dt.time(), dt.UTC))
    digest = hashlib.sha256(letter.body.encode() + letter.workbook).hexdigest()[:24]
    mail["Message-ID"] = f"<{digest}.{today.isoformat()}@tdsplan>"
    mail.set_content(letter.body)
    mail.add_attachment(
        letter.workbook, maintype=XLSX_TYPE[0], subtype=XLSX_TYPE[1], filename=letter.attachment
    )
    return mail


@dataclass(frozen=True)
class Sent:
    """What became of one e-mail: ``refused`` says why the server did not take it."""

    letter: Letter
    refused: str | None = None


def send(
    mails: Sequence[tuple[Letter, EmailMessage]], settings: SmtpSettings, password: str | None
) -> list[Sent]:
    """Send each e-mail through the server of ``settings``, in one connection; a
    recipient the server refuses is said in the result, the others are still sent.
    :class:`ChangeRefusedError` when the server cannot be reached or refuses the login."""
    where = f"{settings.host}:{settings.port}"
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT) as server:
            if settings.starttls:
                server.starttls(context=ssl.create_default_context())
            if settings.user:
                if password is None:
                    raise UsageError(
                        _(
                            "[smtp] user = « {user} » demande un mot de passe : donnez-le par la "
                            "variable TDSPLAN_SMTP_PASSWORD"
                        ).format(user=settings.user)
                    )
                server.login(settings.user, password)
            return [_one(server, letter, mail, settings.sender) for letter, mail in mails]
    except smtplib.SMTPAuthenticationError as error:
        raise ChangeRefusedError(
            _("serveur {server} : identifiants refusés ({reason})").format(
                server=where, reason=_reason(error.smtp_code, error.smtp_error)
            )
        ) from None
    except (smtplib.SMTPException, OSError) as error:
        raise ChangeRefusedError(
            _("serveur {server} injoignable ou en erreur : {reason}").format(
                server=where, reason=str(error) or type(error).__name__
            )
        ) from None


def _one(server: smtplib.SMTP, letter: Letter, mail: EmailMessage, sender: str) -> Sent:
    try:
        server.send_message(mail, from_addr=sender, to_addrs=[letter.address])
    except smtplib.SMTPRecipientsRefused as error:
        code, said = next(iter(error.recipients.values()))
        return Sent(letter, _reason(code, said))
    except smtplib.SMTPResponseException as error:
        return Sent(letter, _reason(error.smtp_code, error.smtp_error))
    return Sent(letter)


def _reason(code: int, said: bytes | str) -> str:
    text = said.decode("utf-8", "replace") if isinstance(said, bytes) else str(said)
    return f"{code} {' '.join(text.split())}"[:200]
