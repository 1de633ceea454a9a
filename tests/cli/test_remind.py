# ruff: noqa: F811  (the demo fixture is imported from test_import)
"""The twice-a-year loop's second half: ``export --per-lead`` prepares one workbook per
lead and records it, ``remind`` (« relancer ») finds who has not answered, writes their
e-mails and sends them through a real SMTP server started here on 127.0.0.1."""

from __future__ import annotations

import email
import email.policy
import io
import json
import socket

import pytest
from aiosmtpd.controller import Controller
from openpyxl import load_workbook

from tests.cli.test_import import demo, git_diff  # noqa: F401

pytestmark = pytest.mark.slow

SENT_LINES = (
    "9 porteurs sans nouvelles depuis leur envoi :\n"
    "  Agente de développement : classeur du 16\u00a0janvier 2023 (1 action) ; pas de courriel "
    "déclaré (plan.yaml, porteurs) : rien à lui écrire\n"
)


class Mailbox:
    """What the SMTP server received; it refuses the addresses of ``refused``."""

    def __init__(self, refused: tuple[str, ...] = ()):
        self.received: list[tuple[list[str], bytes]] = []
        self.refused = refused

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address in self.refused:
            return "550 5.1.1 Destinataire inconnu"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.received.append((list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


@pytest.fixture
def smtp(demo):
    """A mail server on a free port of 127.0.0.1, named in the demo's tdsplan.toml."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    box = Mailbox(refused=("veille@example.org",))
    server = Controller(box, hostname="127.0.0.1", port=port)
    server.start()
    (demo / "tdsplan.toml").write_text(
        f'plans = ["plan"]\n\n[smtp]\nhost = "127.0.0.1"\nport = {port}\n'
        'from = "suivi@example.org"\nstarttls = false\n',
        encoding="utf-8",
    )
    yield box
    server.stop()


def test_one_workbook_per_lead_with_an_index_and_the_sending_recorded(cli, demo):
    result = cli("export", "--per-lead", "envoi")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert (
        lines[3]
        == "envoi/comite-formation.xlsx : Comité formation <formation@example.org>, 3 actions"
    )
    assert lines[0] == (
        "envoi/agente-de-developpement.xlsx : Agente de développement (pas de courriel déclaré), "
        "1 action"
    )
    assert lines[-1] == (
        "Index : envoi/index.csv ; envoi inscrit au registre plan/_suivi-envois.json."
    )
    index = (demo / "envoi" / "index.csv").read_text("utf-8-sig").splitlines()
    assert index[0] == "Porteur;Courriel;Fichier;Actions"
    assert "Comité formation;formation@example.org;comite-formation.xlsx;3" in index
    book = load_workbook(demo / "envoi" / "comite-formation.xlsx")
    assert [r[0].value for r in book["Actions"].iter_rows(min_row=2)] == ["1.2.5", "2.1.1", "2.1.3"]
    assert "Il est préparé pour Comité formation." in book["Aide"]["A2"].value
    record = json.loads((demo / "plan" / "_suivi-envois.json").read_text("utf-8"))
    assert record["envois"][3] == {
        "porteur": "Comité formation",
        "date": "2023-01-16",
        "fichier": "envoi/comite-formation.xlsx",
        "courriel": "formation@example.org",
        "actions": ["1.2.5", "2.1.1", "2.1.3"],
        "type": "classeur",
    }
    assert cli("validate").exit_code == 0  # the record is no plan file
    inside = cli("export", "--per-lead", "plan/envoi")
    assert inside.exit_code == 2 and "--per-lead" in inside.stderr


def test_remind_lists_who_has_not_answered_and_a_return_counts(cli, demo):
    refused = cli("remind")
    assert (refused.exit_code, refused.stderr) == (
        2,
        "tdsplan : erreur : aucun classeur envoyé à ce jour : préparez-les d’abord avec "
        "« tdsplan export --per-lead DOSSIER »\n",
    )
    assert cli("export", "--per-lead", "envoi").exit_code == 0
    listed = cli("relancer")
    assert listed.exit_code == 0 and listed.stdout.startswith(SENT_LINES)
    assert (
        "  Comité formation <formation@example.org> : classeur du 16\u00a0janvier 2023 "
        "(3 actions)\n"
    ) in listed.stdout
    book = load_workbook(demo / "envoi" / "comite-formation.xlsx")
    book["Actions"]["N2"] = "Troisième cohorte formée."
    book.save(demo / "retour.xlsx")
    assert cli("import", demo / "retour.xlsx").exit_code == 0
    after = cli("remind")
    assert after.stdout.startswith("8 porteurs sans nouvelles depuis leur envoi :\n")
    assert after.stdout.endswith("Ont répondu : Comité formation (le 16\u00a0janvier 2023).\n")


def test_remind_writes_a_ready_to_send_email_per_lead(cli, demo):
    assert cli("export", "--per-lead", "envoi").exit_code == 0
    result = cli("remind", "--out", "relances")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.endswith(
        "Courriel écrit : relances/comite-formation.eml\n"
        "Courriel écrit : relances/comite-promotion.eml\n"
        "Courriel écrit : relances/comite-veille.eml\n"
        "Courriel écrit : relances/coordination.eml\n"
    )
    mail = email.message_from_bytes(
        (demo / "relances" / "comite-formation.eml").read_bytes(), policy=email.policy.default
    )
    assert mail["To"] == "Comité formation <formation@example.org>"
    assert mail["Subject"] == "Suivi du « Plan d’action 2018-2023 » : nous attendons vos nouvelles"
    assert mail["X-Unsent"] == "1" and mail["From"] is None  # no [smtp]: the mail program's
    text = mail.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert "- 2.1.1 Formations pour les acteurs régionaux et locaux\n" in text
    [attached] = list(mail.iter_attachments())
    assert attached.get_filename() == "comite-formation.xlsx"
    rows = load_workbook(io.BytesIO(attached.get_content()))["Actions"]
    assert rows["A2"].value == "1.2.5"


def test_a_plan_replaces_the_reminders_text(cli, demo):
    assert cli("export", "--per-lead", "envoi").exit_code == 0
    (demo / "templates").mkdir()
    (demo / "templates" / "relance.txt.j2").write_text(
        "Vos nouvelles, {{ lead }}\n\nMerci de répondre avant la fin du mois.\n", encoding="utf-8"
    )
    assert cli("remind", "--out", "relances").exit_code == 0
    mail = email.message_from_bytes(
        (demo / "relances" / "coordination.eml").read_bytes(), policy=email.policy.default
    )
    assert mail["Subject"] == "Vos nouvelles, Coordination"
    text = mail.get_body(("plain",)).get_content()
    assert text == "Merci de répondre avant la fin du mois.\r\n"


def test_send_delivers_through_the_smtp_server_and_says_who_was_refused(cli, demo, smtp):
    assert cli("export", "--per-lead", "envoi").exit_code == 0
    dry = cli("remind", "--send", "--dry-run")
    assert dry.exit_code == 0 and smtp.received == []
    assert "À envoyer à Comité formation <formation@example.org> par 127.0.0.1:" in dry.stdout
    assert dry.stderr == "Simulation : rien n’a été envoyé.\n"

    result = cli("remind", "--send")
    assert result.exit_code == 1
    assert result.stdout.endswith(
        "Envoyé à Comité formation <formation@example.org>\n"
        "Envoyé à Comité promotion <promotion@example.org>\n"
        "Envoyé à Coordination <coordination@example.org>\n"
    )
    assert result.stderr == (
        "tdsplan : refusé par le serveur pour Comité veille <veille@example.org> : 550 5.1.1 "
        "Destinataire inconnu\n"
        "tdsplan : erreur : 1 courriel refusé par le serveur ; les autres sont partis\n"
    )
    assert [to for to, _data in smtp.received] == [
        ["formation@example.org"],
        ["promotion@example.org"],
        ["coordination@example.org"],
    ]
    mail = email.message_from_bytes(smtp.received[0][1], policy=email.policy.default)
    assert (
        mail["From"]
        == "Table des partenaires du développement social de Lanaudière <suivi@example.org>"
    )
    [attached] = list(mail.iter_attachments())
    # The attachment is intact: the workbook today, byte for byte.
    cli("export", "-f", "xlsx", "--lead", "Comité formation", "-o", demo / "attendu.xlsx")
    expected = load_workbook(demo / "attendu.xlsx")["Actions"]
    got = load_workbook(io.BytesIO(attached.get_content()))["Actions"]
    assert [[c.value for c in r] for r in got.iter_rows()] == [
        [c.value for c in r] for r in expected.iter_rows()
    ]
    again = cli("remind")
    assert (
        "  Comité formation <formation@example.org> : classeur du 16\u00a0janvier 2023 "
        "(3 actions), 1 relance\n" in again.stdout
    )
    assert (
        "  Comité veille <veille@example.org> : classeur du 16\u00a0janvier 2023 (3 actions)\n"
        in again.stdout
    )
    assert git_diff(demo) == ""  # the plan's files untouched (the record is new)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            "",
            "aucun serveur d’envoi : ajoutez à {toml} une table [smtp] (host, port, from, starttls, user)",
        ),
        ('[smtp]\nhost = "x"\nport = 0\nfrom = "a@b.org"\n', "{toml} : [smtp] port = 0 invalide"),
        (
            '[smtp]\nhost = "x"\nfrom = "pas une adresse"\n',
            "{toml} : [smtp] from = 'pas une adresse' invalide",
        ),
        (
            '[smtp]\nhost = "x"\nfrom = "a@b.org"\nmot_de_passe = "x"\n',
            "{toml} : clé « mot_de_passe » inconnue dans [smtp] (clés : from, host, port, starttls, user)",
        ),
    ],
)
def test_bad_smtp_settings_are_named(cli, demo, table, message):
    assert cli("export", "--per-lead", "envoi").exit_code == 0
    toml = demo / "tdsplan.toml"
    toml.write_text('plans = ["plan"]\n' + table, encoding="utf-8")
    result = cli("remind", "--send")
    assert result.exit_code == 2
    assert result.stderr == "tdsplan : erreur : " + message.format(toml=toml) + "\n"


def test_a_leads_address_is_validated(cli, demo):
    plan = demo / "plan" / "plan.yaml"
    plan.write_text(
        plan.read_text("utf-8").replace("formation@example.org", "formation.example.org"),
        encoding="utf-8",
    )
    result = cli("validate")
    assert (result.exit_code, result.stderr) == (
        1,
        "plan/plan.yaml:86:15: courriel : adresse courriel « formation.example.org » invalide : "
        "écrivez-la nom@domaine.org, sans espace\n"
        "tdsplan : erreur : plan invalide : 1 problème dans 1 fichier\n",
    )


def test_a_broken_record_is_refused_and_an_import_still_says_what_it_wrote(cli, demo):
    assert cli("export", "--per-lead", "envoi").exit_code == 0
    record = demo / "plan" / "_suivi-envois.json"
    record.write_text("{pas du json", encoding="utf-8")
    refused = cli("remind")
    assert (refused.exit_code, refused.stderr) == (
        1,
        f"tdsplan : erreur : registre des envois {record} refusé : contenu illisible ; "
        "rétablissez-le depuis git\n",
    )
    book = load_workbook(demo / "envoi" / "coordination.xlsx")
    book["Actions"]["N2"] = "Nouvelles."
    book.save(demo / "retour.xlsx")
    result = cli("import", demo / "retour.xlsx")
    assert result.exit_code == 0
    assert "tdsplan : attention : registre des envois" in result.stderr
    assert "+        note: Nouvelles.\n" in git_diff(demo)


def test_remind_out_says_why_nothing_was_written_and_checks_its_folder_first(cli, demo):
    assert cli("export", "--per-lead", "envoi").exit_code == 0
    refused = cli("remind", "--out", "plan/x")
    assert (refused.exit_code, refused.stdout) == (2, "")
    assert refused.stderr.startswith("tdsplan : erreur : --out plan/x refusé : ")
    assert not (demo / "plan" / "x").exists()
    plan_yaml = demo / "plan" / "plan.yaml"
    text = plan_yaml.read_text(encoding="utf-8")
    start = text.index("\nporteurs:\n")
    end = text.index("\n\n", start + 1)
    plan_yaml.write_text(text[:start] + text[end:], encoding="utf-8")
    result = cli("remind", "--out", "relances")
    assert result.exit_code == 0
    assert result.stderr == (
        "tdsplan : attention : aucun courriel écrit : aucun porteur relancé n’a d’adresse "
        "(porteurs: dans plan.yaml)\n"
    )
    assert not (demo / "relances").exists()
