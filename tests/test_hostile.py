"""Hostile input and faults: a clear French message at file:line:col, exit 1, nothing touched.

Each case writes one bad file into the small plan and checks what ``tdsplan validate``
says about it. The corpus then runs once more as a whole, in a separate process held
to a CPU-time and memory limit by the operating system.
"""

from __future__ import annotations

import errno
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tdsplan.errors import ChangeRefusedError
from tdsplan.store import read_plan

from .conftest import OBJECTIF_1_2, SMALL_PLAN, write_tree

A = "1-comprendre/1.2-outils.yaml"
GOOD = OBJECTIF_1_2.encode()
VALID = None  # the file loads


def action_with(line: str) -> bytes:
    return OBJECTIF_1_2.replace("    journal: []", line).encode()


CORPUS: dict[str, tuple[bytes, str | None]] = {
    # bytes and encodings
    "bom utf-8 (accepté)": (b"\xef\xbb\xbf" + GOOD, VALID),
    "utf-16": (OBJECTIF_1_2.encode("utf-16"), "1:1: fichier encodé en UTF-16"),
    "latin-1": (OBJECTIF_1_2.replace("Refonte", "Défi").encode("latin-1"),
                "5:13: octet 0xE9 invalide en UTF-8"),
    "octet 0xff": (GOOD.replace(b"Refonte", b"Ref\xffonte"), "5:15: octet 0xFF invalide"),
    "nul": (GOOD.replace(b"Refonte", b"Ref\x00onte"), "5:15: caractère interdit U+0000"),
    "contrôle brut": (GOOD.replace(b"Refonte", b"Ref\x07onte"), "5:15: caractère interdit U+0007"),
    "crlf (accepté)": (GOOD.replace(b"\n", b"\r\n"), VALID),
    "fins de ligne mêlées (acceptées)": (GOOD.replace(b"\n", b"\r\n", 2), VALID),
    "sans saut de ligne final (accepté)": (GOOD.rstrip(b"\n"), VALID),
    "espace insécable dans une clé": (action_with("    porteur\u00a0: Léa"),
                                       "6:5: clé inconnue « porteur<U+00A0> »"),
    "espace de largeur nulle dans un id": (
        GOOD.replace(b"id: 1.2.1", "id: 1.2.1\u200b".encode()),
        "4:9: id : identifiant « 1.2.1<U+200B> » invalide"),
    "chiffres pleine chasse": (
        GOOD.replace(b"id: 1.2.1", "id: １.２.１".encode()),
        "il contient des caractères non ASCII (U+FF11, U+FF12)"),
    "accents décomposés dans un titre (acceptés)": (
        GOOD.replace(b"Refonte", "Réfonte".replace("é", "e\u0301").encode()), VALID),
    "accents décomposés dans un statut": (
        action_with("    statut: " + "réalisee".replace("é", "e\u0301")),
        "(écrivez « realisee »)"),
    # YAML itself
    "tabulation": (action_with("\tstatut: a_venir"), "6:1: tabulation interdite"),
    "guillemet ouvert": (action_with("    porteur: 'Léa"), "guillemet jamais fermé"),
    "crochet ouvert": (action_with("    mandats: [1, 2"), "crochet « [ » non fermé"),
    "clé en double": (action_with("    journal: []\n    journal: []"),
                      "7:5: clé « journal » en double (déjà ligne 6)"),
    "ancre et alias": (action_with("    porteur: &p Léa\n    partenaires: [*p]"),
                       "6:14: ancre « &p » interdite"),
    "milliard de rires": (
        b"a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nd: &d [*c, *c]\n",
        "1:4: ancre « &a » interdite"),
    "étiquette python": (action_with("    porteur: !!python/object/apply:os.system [ls]"),
                         "6:14: étiquette YAML « tag:yaml.org,2002:python/object/apply:os.system"
                         " » interdite"),
    "étiquette perso": (action_with("    porteur: !moi Léa"), "étiquette YAML « !moi »"),
    "directive yaml 1.1, no reste du texte (accepté)": (
        b"%YAML 1.1\n---\n" + GOOD.replace(b"Refonte du site internet", b"no"), VALID),
    "plusieurs documents": (GOOD + b"---\nid: 1.3\n", "plusieurs documents YAML"),
    "fichier vide": (b"", "1:1: fichier vide"),
    "liste au lieu de paires": (b"- id: 1.2\n", "1:1: le fichier doit contenir des paires"),
    "paires au lieu de liste": (b"id: 1.2\ntitre: x\nactions:\n  a: 1\n",
                                "4:3: actions : une liste (lignes commençant par « - »)"),
    "imbrication profonde": (b"id: 1.2\ntitre: x\nx: " + b"[" * 5000 + b"]" * 5000 + b"\n",
                             "imbrication trop profonde"),
    "entier géant": (action_with("    avancement: " + "9" * 5000),
                     "6:17: avancement : un nombre entier est attendu ici"),
    "titre de 100 000 caractères": (
        GOOD.replace(b"Refonte du site internet", b"x" * 100_000),
        "5:12: titre : texte trop long (100000 caractères, 5000 au plus)"),
    "fichier de plus de 1 Mio": (GOOD + b"# " + b"x" * 1_100_000 + b"\n",
                                 "fichier trop volumineux"),
    "marqueurs de conflit": (b"<<<<<<< HEAD\n" + GOOD + b"=======\n" + GOOD + b">>>>>>> b\n",
                             "1:1: marqueur de conflit git « <<<<<<< »"),
    "échappement ansi": (action_with('    porteur: "\\e[31mrouge"'),
                         "6:14: porteur : caractère de contrôle U+001B interdit"),
    "forçage bidi": (action_with("    porteur: \u202eaéL"),
                     "6:14: porteur : caractère de contrôle de direction U+202E interdit"),
}


def problems_for(tmp_path: Path, name: str, content: bytes) -> list[str]:
    folder = write_tree(tmp_path / "plan", {**SMALL_PLAN, A: content})
    return [p.format(str(p.path.relative_to(folder))) for p in read_plan(folder).problems]


@pytest.mark.parametrize("name", list(CORPUS))
def test_hostile_file(tmp_path, name):
    content, expected = CORPUS[name]
    found = problems_for(tmp_path, name, content)
    if expected is None:
        assert found == []
    else:
        assert len(found) >= 1 and any(expected in line for line in found), found
        assert all(line.startswith(A + ":") for line in found)


WRONG_TYPES = {
    "titre": "[1, 2]", "description": "{a: 1}", "statut": "3", "avancement": "beaucoup",
    "poids": "lourd", "porteur": "[a]", "partenaires": "CISSS", "territoires": "joliette",
    "mandats": "un", "debut": "demain", "echeance": "5", "indicateurs": "aucun",
    "journal": "rien",
}


@pytest.mark.parametrize("field", list(WRONG_TYPES))
def test_every_field_with_a_wrong_type_is_named(tmp_path, field):
    content = (f"id: 1.2\ntitre: Outils\nactions:\n  - id: 1.2.1\n    titre: Site\n"
               f"    {field}: {WRONG_TYPES[field]}\n").replace("titre: Site\n    titre:", "titre:")
    found = problems_for(tmp_path, field, content.encode())
    line = 5 if field == "titre" else 6
    assert found and found[0].startswith(f"{A}:{line}:") and f"{field} : " in found[0], found


def test_validate_on_hostile_files_exits_1_without_traceback(cli, plan_with):
    folder = plan_with({A: CORPUS["étiquette python"][0]})
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    result = cli("--plan", folder, "validate")
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (10, 10))
    resource.setrlimit(resource.RLIMIT_AS, (1 << 31, 1 << 31))


@pytest.mark.slow
def test_the_whole_corpus_in_one_plan_stays_within_bounds(tmp_path):
    """Every hostile file at once, in one process the kernel stops past 10 s of CPU or 2 GiB."""
    files = {**SMALL_PLAN}
    for number, (content, expected) in enumerate(CORPUS.values(), 1):
        if expected is not None:
            files[f"3-hostile/3.{number}-cas.yaml"] = content
    files["3-hostile/orientation.yaml"] = "id: 3\ntitre: Cas hostiles\n"
    folder = write_tree(tmp_path / "plan", files)
    result = subprocess.run([sys.executable, "-m", "tdsplan", "--plan", str(folder), "validate"],
                            capture_output=True, text=True, preexec_fn=_limited,
                            env={**os.environ, "TDSPLAN_NO_CACHE": "1"})
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert result.stderr.count("3-hostile/") >= len([e for _, e in CORPUS.values() if e])


# ---------------------------------------------------------------- output safety

def test_markup_in_user_text_is_shown_literally(cli, plan_with):
    folder = plan_with({A: OBJECTIF_1_2.replace(
        "titre: Refonte du site internet", "titre: \"[bold]S[/] [link=u]i[/link]\"")})
    for args in (["status"], ["show", "1.2.1"], ["show", "1.2"]):
        result = cli("--plan", folder, *args)
        assert "[bold]S[/]" in result.stdout and "[link=u]i[/link]" in result.stdout, args


# ---------------------------------------------------------------- file system and faults

def test_plan_file_that_is_a_directory_or_a_fifo(tmp_path):
    folder = write_tree(tmp_path / "plan", SMALL_PLAN)
    (folder / A).unlink()
    (folder / A).mkdir()
    os.mkfifo(folder / "2-agir" / "2.2-tube.yaml")
    found = [p.message for p in read_plan(folder).problems]
    assert "c’est un dossier, pas un fichier YAML" in found
    assert "ce n’est pas un fichier ordinaire (tube, périphérique...) : refusé" in found


def test_symlink_loop_and_link_outside(tmp_path):
    folder = write_tree(tmp_path / "plan", SMALL_PLAN)
    (folder / "2-agir" / "2.2-boucle.yaml").symlink_to(folder / "2-agir" / "2.2-boucle.yaml")
    (tmp_path / "secret.yaml").write_text("id: 2.3\ntitre: Secret\n")
    (folder / "2-agir" / "2.3-dehors.yaml").symlink_to(tmp_path / "secret.yaml")
    found = sorted(p.message for p in read_plan(folder).problems)
    assert found == ["lecture impossible : boucle de liens symboliques",
                     "lien symbolique vers l’extérieur du plan : tdsplan ne lit que les "
                     "fichiers du plan"]


def test_unwritable_plan_folder_refuses_cleanly(small_plan, monkeypatch):
    # Tests run as root, for whom chmod cannot forbid writing: the refusal is simulated.
    import tempfile

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    from tdsplan.edit import Update, update_action
    from tdsplan.project import Project

    before = (small_plan / A).read_bytes()
    with pytest.raises(ChangeRefusedError, match="permission refusée ; le fichier n’a pas été "
                                                 "modifié"):
        import datetime as dt

        update_action(Project.at(small_plan), "1.2.1", Update(dt.date(2020, 3, 1), note="x"),
                      today=dt.date(2026, 11, 26))
    assert (small_plan / A).read_bytes() == before


FILL_UP = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[2]), int(sys.argv[2])))
sys.argv = ["tdsplan", "--plan", sys.argv[1], "update", "1.2.1", "--note", "x" * 4000]
from tdsplan.cli import main
main()
"""


def test_file_size_limit_during_an_update_keeps_the_original(small_plan):
    before = (small_plan / A).read_bytes()
    result = subprocess.run([sys.executable, "-c", FILL_UP, str(small_plan), str(len(before))],
                            capture_output=True, text=True,
                            env={**os.environ, "TDSPLAN_NO_CACHE": "1"})
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("tdsplan : erreur : écriture de ")
    assert "fichier trop gros pour la limite du système ; le fichier n’a pas été modifié" \
        in result.stderr
    assert (small_plan / A).read_bytes() == before
    assert [p.name for p in (small_plan / A).parent.iterdir() if p.name.startswith(".")] == []


@pytest.mark.slow
def test_broken_pipe_is_quiet(tmp_path):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from generate import generate

    generate(300, tmp_path / "plan")
    process = subprocess.Popen([sys.executable, "-m", "tdsplan", "--plan", str(tmp_path / "plan"),
                                "status", "--all"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env={**os.environ, "TDSPLAN_NO_CACHE": "1"})
    process.stdout.readline()
    process.stdout.close()  # like `| head -1`
    stderr = process.stderr.read().decode()
    process.wait()
    assert (process.returncode, stderr) == (0, "")


# ---------------------------------------------------------------- fuzzing

def mutate(data: bytes, kind: str, position: int, byte: int) -> bytes:
    if not data:
        return data
    position %= len(data)
    if kind == "flip":
        return data[:position] + bytes([byte]) + data[position + 1:]
    lines = data.split(b"\n")
    index = position % len(lines)
    if kind == "delete":
        return b"\n".join(lines[:index] + lines[index + 1:])
    if kind == "rename" and b":" in lines[index]:
        key, rest = lines[index].split(b":", 1)
        return b"\n".join(lines[:index] + [key + bytes([byte % 26 + 97]) + b":" + rest] +
                          lines[index + 1:])
    return data


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(sorted(SMALL_PLAN)),
       mutations=st.lists(st.tuples(st.sampled_from(["flip", "delete", "rename"]),
                                    st.integers(0, 10_000), st.integers(0, 255)),
                          min_size=1, max_size=4))
@pytest.mark.slow
def test_mutated_files_give_a_clear_error_or_a_valid_plan(tmp_path_factory, name, mutations):
    folder = write_tree(tmp_path_factory.mktemp("fuzz") / "plan", SMALL_PLAN)
    data = (folder / name).read_bytes()
    for kind, position, byte in mutations:
        data = mutate(data, kind, position, byte)
    (folder / name).write_bytes(data)
    loaded = read_plan(folder)  # any exception escaping here fails the test
    assert (loaded.plan is None) == bool(loaded.problems)
    for problem in loaded.problems:
        assert problem.message and "Traceback" not in problem.message
