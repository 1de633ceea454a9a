"""Hostile input and faults: a clear French message at file:line:col, exit 1, nothing touched.

Each case writes one bad file into the small plan and checks what ``tdsplan validate``
says about it. The corpus then runs once more as a whole, in a separate process held
to a CPU-time and memory limit by the operating system.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from tdsplan.errors import ChangeRefusedError
from tdsplan.store import read_plan

from .conftest import (
    OBJECTIF_1_2,
    PLAN_YAML,
    SMALL_PLAN,
    as_nobody,
    needs_root,
    write_tree,
)

A = "1-comprendre/1.2-outils.yaml"
GOOD = OBJECTIF_1_2.encode()
VALID = None  # the file loads


def action_with(line: str) -> bytes:
    return OBJECTIF_1_2.replace("    journal: []", line).encode()


#: What a number written otherwise than in decimal digits is told (tdsplan.messages).
NOT_DIGITS = "un nombre s’écrit ici en chiffres, en base dix (pas 0x10, .inf)"


CORPUS: dict[str, tuple[bytes, str | None]] = {
    # bytes and encodings
    "bom utf-8 (accepté)": (b"\xef\xbb\xbf" + GOOD, VALID),
    "utf-16": (OBJECTIF_1_2.encode("utf-16"), "1:1: fichier encodé en UTF-16"),
    "latin-1": (
        OBJECTIF_1_2.replace("Refonte", "Défi").encode("latin-1"),
        "5:13: octet 0xE9 invalide en UTF-8",
    ),
    "octet 0xff": (GOOD.replace(b"Refonte", b"Ref\xffonte"), "5:15: octet 0xFF invalide"),
    "nul": (GOOD.replace(b"Refonte", b"Ref\x00onte"), "5:15: caractère interdit U+0000"),
    "contrôle brut": (GOOD.replace(b"Refonte", b"Ref\x07onte"), "5:15: caractère interdit U+0007"),
    "crlf (accepté)": (GOOD.replace(b"\n", b"\r\n"), VALID),
    "fins de ligne mêlées (acceptées)": (GOOD.replace(b"\n", b"\r\n", 2), VALID),
    "sans saut de ligne final (accepté)": (GOOD.rstrip(b"\n"), VALID),
    "espace insécable dans une clé": (
        action_with("    porteur\u00a0: Léa"),
        "6:5: clé inconnue « porteur<U+00A0> »",
    ),
    "espace de largeur nulle dans un id": (
        GOOD.replace(b"id: 1.2.1", "id: 1.2.1\u200b".encode()),
        "4:9: id : identifiant « 1.2.1<U+200B> » invalide",
    ),
    "chiffres pleine chasse": (
        GOOD.replace(b"id: 1.2.1", "id: １.２.１".encode()),
        "il contient des caractères non ASCII (U+FF11, U+FF12)",
    ),
    "accents décomposés dans un titre (acceptés)": (
        GOOD.replace(b"Refonte", "Réfonte".replace("é", "e\u0301").encode()),
        VALID,
    ),
    "accents décomposés dans un statut": (
        action_with("    statut: " + "réalisee".replace("é", "e\u0301")),
        "(écrivez « realisee »)",
    ),
    # YAML itself
    "tabulation": (action_with("\tstatut: a_venir"), "6:1: tabulation interdite"),
    "guillemet ouvert": (
        action_with("    porteur: 'Léa\n    note: Suite."),
        "6:14: guillemet « ' » jamais fermé : la chaîne qui commence ici",
    ),
    "crochet ouvert": (action_with("    mandats: [1, 2"), "crochet « [ » non fermé"),
    "clé en double": (
        action_with("    journal: []\n    journal: []"),
        "7:5: clé « journal » en double (déjà ligne 6)",
    ),
    "ancre et alias": (
        action_with("    porteur: &p Léa\n    partenaires: [*p]"),
        "6:14: ancre « &p » interdite",
    ),
    "milliard de rires": (
        b"a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nd: &d [*c, *c]\n",
        "1:4: ancre « &a » interdite",
    ),
    "étiquette python": (
        action_with("    porteur: !!python/object/apply:os.system [ls]"),
        "6:14: étiquette YAML « tag:yaml.org,2002:python/object/apply:os.system » interdite",
    ),
    "étiquette perso": (action_with("    porteur: !moi Léa"), "étiquette YAML « !moi »"),
    "directive yaml 1.1, no reste du texte (accepté)": (
        b"%YAML 1.1\n---\n" + GOOD.replace(b"Refonte du site internet", b"no"),
        VALID,
    ),
    "plusieurs documents": (GOOD + b"---\nid: 1.3\n", "plusieurs documents YAML"),
    "fichier vide": (b"", "1:1: fichier vide"),
    "liste au lieu de paires": (b"- id: 1.2\n", "1:1: le fichier doit contenir des paires"),
    "paires au lieu de liste": (
        b"id: 1.2\ntitre: x\nactions:\n  a: 1\n",
        "4:3: actions : une liste (lignes commençant par « - »)",
    ),
    "imbrication profonde": (
        b"id: 1.2\ntitre: x\nx: " + b"[" * 5000 + b"]" * 5000 + b"\n",
        "imbrication trop profonde",
    ),
    "entier géant": (
        action_with("    avancement: " + "9" * 5000),
        "6:17: avancement : un nombre entier est attendu ici",
    ),
    "titre de 100 000 caractères": (
        GOOD.replace(b"Refonte du site internet", b"x" * 100_000),
        "5:12: titre : texte trop long (100000 caractères, 5000 au plus)",
    ),
    "fichier de plus de 1 Mio": (
        GOOD + b"# " + b"x" * 1_100_000 + b"\n",
        "fichier trop volumineux",
    ),
    "marqueurs de conflit": (
        b"<<<<<<< HEAD\n" + GOOD + b"=======\n" + GOOD + b">>>>>>> b\n",
        "1:1: marqueur de conflit git « <<<<<<< »",
    ),
    "échappement ansi": (
        action_with('    porteur: "\\e[31mrouge"'),
        "6:14: porteur : caractère de contrôle U+001B interdit",
    ),
    "forçage bidi": (
        action_with("    porteur: \u202eaéL"),
        "6:14: porteur : caractère de contrôle de direction U+202E interdit",
    ),
    # messages: French, at the right line, text never silently changed
    "titre 1.10 sans guillemets": (
        GOOD.replace(b"Refonte du site internet", b"1.10"),
        "5:12: titre : « 1.10 » est lu comme un nombre, pas comme un texte : mettez-le entre "
        'guillemets ("1.10") pour le garder tel quel',
    ),
    "titre 1e3 sans guillemets": (
        GOOD.replace(b"Refonte du site internet", b"1e3"),
        "5:12: titre : « 1e3 » est lu comme un nombre",
    ),
    "titre 017 sans guillemets": (
        GOOD.replace(b"Refonte du site internet", b"017"),
        "5:12: titre : « 017 » est lu comme un nombre",
    ),
    "titre true sans guillemets": (
        GOOD.replace(b"Refonte du site internet", b"true"),
        "5:12: titre : « true » est lu comme vrai ou faux",
    ),
    "partenaire 2020 sans guillemets": (
        action_with("    partenaires: [CISSS, 2020]"),
        "6:26: partenaires : « 2020 » est lu comme un nombre",
    ),
    "avancement 1e3 montré tel quel": (
        action_with("    avancement: 1e3"),
        "6:17: avancement : un nombre entier est attendu ici, pas « 1e3 »",
    ),
    "titre 1.10 entre guillemets (accepté)": (
        GOOD.replace(b"Refonte du site internet", b'"1.10"'),
        VALID,
    ),
    "statut vide": (
        action_with("    statut:"),
        "6:12: statut : valeur vide : écrivez l’une de ces valeurs, ou supprimez la "
        "clé : a_venir, en_cours",
    ),
    "texte coupé par #": (
        action_with("    journal:\n      - date: 2020-01-01\n        note: Site #2 en ligne."),
        "8:20: le texte s’arrête avant « #2 en ligne. » : en YAML, « # » "
        "après une espace commence un commentaire ; mettez tout le texte "
        "entre guillemets",
    ),
    "commentaire en fin de ligne (accepté)": (
        action_with("    porteur: Léa  # la responsable\n    journal: []"),
        VALID,
    ),
    "date entre guillemets (acceptée)": (action_with('    echeance: "2020-03-31"'), VALID),
    "date impossible entre guillemets": (
        action_with('    echeance: "2020-02-30"'),
        "6:15: echeance : date impossible « 2020-02-30 »",
    ),
    "tiret oublié": (
        GOOD.replace(
            b"    journal: []\n",
            b"    journal: []\n    id: 1.2.2\n"
            b"    titre: Autre\n    statut: en_cours\n    journal: []\n",
        ),
        "7:5: clé « id » en double (déjà ligne 4) : s’il s’agit d’un nouvel "
        "élément de la liste, commencez-le par « - » (« - id: ... »)",
    ),
    "clé décalée d’une espace": (
        action_with("     statut: en_cours"),
        "6:6: indentation incohérente : la clé « statut » est décalée "
        "de 1 espace vers la droite par rapport à la ligne 5 ; "
        "alignez-la",
    ),
    "ancre sans nom": (
        GOOD.replace(b"Refonte du site internet", b"& site"),
        "5:13: caractère inattendu après « & » ou « * »",
    ),
    "bloc de texte mal formé": (
        GOOD.replace(b"Refonte du site internet", b"|0\n      x"),
        "5:13: bloc de texte « | » ou « > » mal formé",
    ),
    "tiret en début de valeur": (
        GOOD.replace(b"Refonte du site internet", b"- site"),
        "5:12: « - » inattendu",
    ),
    "fins de ligne CR seules": (
        GOOD.replace(b"\n", b"\r"),
        "1:8: fin de ligne « CR » seule (ancien format Mac)",
    ),
    # values that validate must render
    "poids infini": (
        action_with("    poids: .inf"),
        "6:12: poids : « .inf » : un nombre s’écrit ici en chiffres",
    ),
    "poids démesuré": (
        action_with("    poids: 100000"),
        "6:12: poids : « 100000 » hors limites : la valeur doit être au plus 1000",
    ),
    "cible NaN": (
        action_with("    indicateurs:\n      - nom: x\n        cible: .nan"),
        "8:16: cible : « .nan » : un nombre s’écrit ici en chiffres",
    ),
    "valeur réelle démesurée": (
        action_with("    indicateurs:\n      - nom: x\n        reel: -10000000000000"),
        "8:15: reel : « -10000000000000 » hors limites : la valeur doit être "
        "au moins -1\u202f000\u202f000\u202f000\u202f000",
    ),
}


#: Cases that must give exactly one message, not one per consequence.
ONE_MESSAGE = {
    "tiret oublié",
    "clé décalée d’une espace",
    "texte coupé par #",
    "fins de ligne CR seules",
    "titre 1.10 sans guillemets",
    "statut vide",
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
    elif name in ONE_MESSAGE:
        assert len(found) == 1 and expected in found[0], found
    else:
        assert len(found) >= 1 and any(expected in line for line in found), found
        assert all(line.startswith(A + ":") for line in found)


#: Numbers in a plan file that no view could add up or print: each at its line and column,
#: by the same bound as a number typed on the command line or in a sheet.
NUMBERS_IN_FILES: dict[str, tuple[bytes, str]] = {
    "cible 1e13": (
        action_with("    indicateurs:\n      - nom: x\n        cible: 1e13"),
        "8:16: cible : « 1e13 » hors limites : la valeur doit être au plus "
        "1\u202f000\u202f000\u202f000\u202f000",
    ),
    "cible 0x10": (
        action_with("    indicateurs:\n      - nom: x\n        cible: 0x10"),
        f"8:16: cible : « 0x10 » : {NOT_DIGITS}",
    ),
    "cible 0o17": (
        action_with("    indicateurs:\n      - nom: x\n        cible: 0o17"),
        f"8:16: cible : « 0o17 » : {NOT_DIGITS}",
    ),
    "cible en chiffres": (
        action_with("    indicateurs:\n      - nom: x\n        cible: 10000000000000"),
        "8:16: cible : « 10000000000000 » hors limites : la valeur doit être "
        "au plus 1\u202f000\u202f000\u202f000\u202f000",
    ),
    "cible en chiffres arabes": (
        action_with("    indicateurs:\n      - nom: x\n        cible: ١٢"),
        "8:16: cible : un nombre est attendu ici, pas « ١٢ »",
    ),
    "cible avec _": (
        action_with("    indicateurs:\n      - nom: x\n        cible: 1_000"),
        "8:16: cible : un nombre est attendu ici, pas « 1_000 »",
    ),
    "mesure 1e13 au journal": (
        action_with(
            "    journal:\n      - date: 2020-01-01\n        indicateurs:\n          x: 1e13"
        ),
        "9:14: x : « 1e13 » hors limites : la valeur doit "
        "être au plus 1\u202f000\u202f000\u202f000\u202f000",
    ),
    "mesure infinie au journal": (
        action_with(
            "    journal:\n      - date: 2020-01-01\n        indicateurs:\n          x: .inf"
        ),
        f"9:14: x : « .inf » : {NOT_DIGITS}",
    ),
    "mesure NaN au journal": (
        action_with(
            "    journal:\n      - date: 2020-01-01\n        indicateurs:\n          x: .nan"
        ),
        f"9:14: x : « .nan » : {NOT_DIGITS}",
    ),
    "poids 1e13": (
        action_with("    poids: 1e13"),
        "6:12: poids : « 1e13 » hors limites : la valeur doit être au plus 1000",
    ),
}


def test_a_number_in_a_file_is_read_as_the_command_line_and_the_sheets_read_it(tmp_path):
    for written, read in (
        ("12,5", 12.5),
        ("12.5", 12.5),
        ("-3", -3),
        ("450", 450),
        ("1.5e3", 1500),
    ):
        folder = write_tree(
            tmp_path / written,
            {
                **SMALL_PLAN,
                A: action_with(f"    indicateurs:\n      - nom: x\n        cible: {written}"),
            },
        )
        loaded = read_plan(folder)
        assert loaded.problems == [] and loaded.plan is not None, written
        (action,) = [a for _o, _ob, a in loaded.plan.iter_actions() if a.indicateurs]
        assert action.indicateurs[0].cible == read, written


@pytest.mark.parametrize("name", list(NUMBERS_IN_FILES))
def test_a_number_beyond_the_bound_in_a_file_is_located(tmp_path, name):
    content, expected = NUMBERS_IN_FILES[name]
    assert problems_for(tmp_path, name, content) == [f"{A}:{expected}"]


def test_validate_names_a_number_beyond_the_bound_and_exits_1(cli, plan_with):
    folder = plan_with({A: NUMBERS_IN_FILES["cible en chiffres"][0]})
    before = (folder / A).read_bytes()
    result = cli("--plan", folder, "validate")
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        (
            f"{folder / A}:8:16: cible : « 10000000000000 » hors limites : la valeur doit être au plus "
            "1\u202f000\u202f000\u202f000\u202f000\n"
            "tdsplan : erreur : plan invalide : 1 problème dans 1 fichier\n"
        ),
    )
    assert (folder / A).read_bytes() == before


WRONG_TYPES = {
    "titre": "[1, 2]",
    "description": "{a: 1}",
    "statut": "3",
    "avancement": "beaucoup",
    "poids": "lourd",
    "porteur": "[a]",
    "partenaires": "CISSS",
    "territoires": "joliette",
    "mandats": "un",
    "debut": "demain",
    "echeance": "5",
    "indicateurs": "aucun",
    "journal": "rien",
}


@pytest.mark.parametrize("field", list(WRONG_TYPES))
def test_every_field_with_a_wrong_type_is_named(tmp_path, field):
    content = (
        f"id: 1.2\ntitre: Outils\nactions:\n  - id: 1.2.1\n    titre: Site\n"
        f"    {field}: {WRONG_TYPES[field]}\n"
    ).replace("titre: Site\n    titre:", "titre:")
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
    result = subprocess.run(
        [sys.executable, "-m", "tdsplan", "--plan", str(folder), "validate"],
        capture_output=True,
        text=True,
        preexec_fn=_limited,
        env={**os.environ, "TDSPLAN_NO_CACHE": "1"},
    )
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert result.stderr.count("3-hostile/") >= len([e for _, e in CORPUS.values() if e])


# ---------------------------------------------------------------- output safety


def test_markup_in_user_text_is_shown_literally(cli, plan_with):
    folder = plan_with(
        {
            A: OBJECTIF_1_2.replace(
                "titre: Refonte du site internet", 'titre: "[bold]S[/] [link=u]i[/link]"'
            )
        }
    )
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
    assert found == [
        "lecture impossible : boucle de liens symboliques",
        "lien symbolique vers l’extérieur du plan : tdsplan ne lit que les fichiers du plan",
    ]


def test_unwritable_plan_folder_refuses_cleanly(small_plan, monkeypatch):
    # Tests run as root, for whom chmod cannot forbid writing: the refusal is simulated.
    import tempfile

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    from tdsplan.journal import Update, update_action
    from tdsplan.project import Project

    before = (small_plan / A).read_bytes()
    with pytest.raises(
        ChangeRefusedError, match="permission refusée ; le fichier n’a pas été modifié"
    ):
        import datetime as dt

        update_action(
            Project.at(small_plan),
            "1.2.1",
            Update(dt.date(2020, 3, 1), note="x"),
            today=dt.date(2026, 11, 26),
        )
    assert (small_plan / A).read_bytes() == before


FILL_UP = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[2]), int(sys.argv[2])))
sys.argv = ["tdsplan", "--plan", sys.argv[1], "update", "1.2.1", "--note", "x" * 4000]
from tdsplan.cli import main
main()
"""


@pytest.mark.slow  # runs tdsplan in a process
def test_file_size_limit_during_an_update_keeps_the_original(small_plan):
    before = (small_plan / A).read_bytes()
    result = subprocess.run(
        [sys.executable, "-c", FILL_UP, str(small_plan), str(len(before))],
        capture_output=True,
        text=True,
        env={**os.environ, "TDSPLAN_NO_CACHE": "1"},
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("tdsplan : erreur : écriture de ")
    assert (
        "fichier trop gros pour la limite du système ; le fichier n’a pas été modifié"
        in result.stderr
    )
    assert (small_plan / A).read_bytes() == before
    assert [p.name for p in (small_plan / A).parent.iterdir() if p.name.startswith(".")] == []


@pytest.mark.slow
def test_broken_pipe_is_quiet(tmp_path):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from generate import generate

    generate(300, tmp_path / "plan")
    process = subprocess.Popen(
        [sys.executable, "-m", "tdsplan", "--plan", str(tmp_path / "plan"), "status", "--all"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "TDSPLAN_NO_CACHE": "1"},
    )
    process.stdout.readline()
    process.stdout.close()  # like `| head -1`
    stderr = process.stderr.read().decode()
    process.wait()
    assert (process.returncode, stderr) == (0, "")


# ---------------------------------------------------------------- fuzzing

ENGLISH = re.compile(r"\b(expected|found|while|allowed|could not|cannot|but got)\b")


def mutate(data: bytes, kind: str, position: int, byte: int) -> bytes:
    if not data:
        return data
    position %= len(data)
    if kind == "flip":
        return data[:position] + bytes([byte]) + data[position + 1 :]
    lines = data.split(b"\n")
    index = position % len(lines)
    if kind == "delete":
        return b"\n".join(lines[:index] + lines[index + 1 :])
    if kind == "rename" and b":" in lines[index]:
        key, rest = lines[index].split(b":", 1)
        return b"\n".join(
            lines[:index] + [key + bytes([byte % 26 + 97]) + b":" + rest] + lines[index + 1 :]
        )
    return data


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=st.sampled_from(sorted(SMALL_PLAN)),
    mutations=st.lists(
        st.tuples(
            st.sampled_from(["flip", "delete", "rename"]),
            st.integers(0, 10_000),
            st.integers(0, 255),
        ),
        min_size=1,
        max_size=4,
    ),
)
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
        assert not ENGLISH.search(problem.message), problem.message  # the parser's words


# ---------------------------------------------------------------- round two: file system


@pytest.mark.parametrize("day", ["02-29", "02-30", "04-31", "13-01"])
def test_a_fiscal_start_every_year_has(tmp_path, day):
    folder = write_tree(
        tmp_path / "plan", {**SMALL_PLAN, "plan.yaml": PLAN_YAML + f"debut_exercice: {day}\n"}
    )
    found = [p.format("plan.yaml") for p in read_plan(folder).problems]
    assert found == [
        f"plan.yaml:{PLAN_YAML.count(chr(10)) + 1}:17: debut_exercice : jour "
        f"« {day} » invalide : écrivez MM-JJ, un jour qui existe chaque année "
        "(par exemple 04-01 ; pas de 29 février)"
    ]


@pytest.mark.slow  # runs tdsplan in a process
def test_a_symlink_loop_is_printed_with_an_absolute_plan_path(tmp_path):
    folder = write_tree(tmp_path / "plan", SMALL_PLAN)
    (folder / "1-comprendre" / "1.3-a.yaml").symlink_to(folder / "1-comprendre" / "1.3-b.yaml")
    (folder / "1-comprendre" / "1.3-b.yaml").symlink_to(folder / "1-comprendre" / "1.3-a.yaml")
    result = subprocess.run(
        [sys.executable, "-m", "tdsplan", "validate"],
        cwd=folder,
        capture_output=True,
        text=True,
        env={**os.environ, "TDSPLAN_NO_CACHE": "1"},
    )
    assert (result.returncode, result.stderr) == (
        1,
        (
            "1-comprendre/1.3-a.yaml: lecture impossible : boucle de liens symboliques\n"
            "1-comprendre/1.3-b.yaml: lecture impossible : boucle de liens symboliques\n"
            "tdsplan : erreur : plan invalide : 2 problèmes dans 2 fichiers\n"
        ),
    )


def test_a_fifo_in_place_of_orientation_yaml_is_named_as_such(tmp_path):
    folder = write_tree(tmp_path / "plan", SMALL_PLAN)
    (folder / "2-agir" / "orientation.yaml").unlink()
    os.mkfifo(folder / "2-agir" / "orientation.yaml")
    assert [p.format(str(p.path.relative_to(folder))) for p in read_plan(folder).problems] == [
        "2-agir/orientation.yaml: ce n’est pas un fichier ordinaire (tube, périphérique...) : "
        "refusé"
    ]


@pytest.mark.slow  # runs tdsplan as another user
@needs_root
@pytest.mark.parametrize(
    "command", [["validate"], ["status"], ["show", "1.2"], ["report", "-o", "-"], ["export"]]
)
def test_an_unreadable_orientation_folder_as_an_ordinary_user(shared_tmp, command):
    folder = write_tree(shared_tmp / "plan", SMALL_PLAN)
    (folder / "2-agir").chmod(0)
    if command[-1] == "-":
        command = [*command[:-1], str(shared_tmp / "r.md")]
    result = as_nobody("--plan", folder, *command, cwd=shared_tmp)
    assert (result.returncode, result.stdout, result.stderr) == (
        1,
        "",
        (
            "plan/2-agir: lecture impossible : permission refusée\n"
            "tdsplan : erreur : plan invalide : 1 problème dans 1 fichier\n"
        ),
    )


@pytest.mark.slow  # runs tdsplan as another user
@needs_root
def test_an_unreadable_plan_folder_or_file_as_an_ordinary_user(shared_tmp):
    folder = write_tree(shared_tmp / "plan", SMALL_PLAN)
    (folder / A).chmod(0)
    result = as_nobody("--plan", "plan", "validate", cwd=shared_tmp)
    assert (result.returncode, result.stderr) == (
        1,
        (
            f"plan/{A}: lecture impossible : permission refusée\n"
            "tdsplan : erreur : plan invalide : 1 problème dans 1 fichier\n"
        ),
    )
    folder.chmod(0)
    result = as_nobody("--plan", "plan", "validate", cwd=shared_tmp)
    assert (result.returncode, result.stderr) == (
        2,
        ("tdsplan : erreur : lecture de plan impossible : permission refusée\n"),
    )


@pytest.mark.slow  # runs tdsplan in a process
def test_outputs_onto_a_full_device_exit_2(small_plan):
    for command in (
        ["report", "-o", "/dev/full"],
        ["report", "-f", "pdf", "-o", "/dev/full"],
        ["export", "-o", "/dev/full"],
    ):
        result = subprocess.run(
            [sys.executable, "-m", "tdsplan", "--plan", str(small_plan), *command],
            capture_output=True,
            text=True,
            env={**os.environ, "TDSPLAN_NO_CACHE": "1"},
        )
        assert (result.returncode, result.stderr) == (
            2,
            "tdsplan : erreur : écriture de /dev/full impossible : disque plein\n",
        ), command


@pytest.mark.slow  # runs tdsplan as another user
@needs_root
def test_outputs_into_a_read_only_folder_as_an_ordinary_user(shared_tmp):
    folder = write_tree(shared_tmp / "plan", SMALL_PLAN)
    shared_tmp.chmod(0o555)  # the default reports/ cannot be made
    (shared_tmp / "lecture-seule").mkdir()
    (shared_tmp / "lecture-seule").chmod(0o555)
    cases = {
        ("report", "-o", "lecture-seule/r.md"): (2, "lecture-seule/r.md"),
        ("report", "--year", "2019", "-o", "lecture-seule/sous"): (
            2,
            "lecture-seule/sous/rapport-2019-2020.md",
        ),
        ("export", "-o", "lecture-seule/e.json"): (2, "lecture-seule/e.json"),
        ("report", "--year", "2019"): (1, "reports/rapport-2019-2020.md"),
    }
    for command, (code, shown) in cases.items():
        result = as_nobody("--plan", folder, *command, cwd=shared_tmp)
        assert (result.returncode, result.stderr) == (
            code,
            f"tdsplan : erreur : écriture de {shown} impossible : permission refusée\n",
        ), command
    assert sorted(p.name for p in shared_tmp.iterdir()) == ["lecture-seule", "plan"]


LEFTOVERS = {
    ".#1.2-outils.yaml": None,  # an Emacs lock: a dangling link
    "#1.2-outils.yaml#": b"id: [",
    "1.2-outils.yaml~": b"id: [",
    ".1.2-outils.yaml.swp": b"\x00\xff",
    "1.2-outils.yaml.orig": b"<<<<<<< HEAD\n",
    "1.2-outils.yaml.rej": b"@@ -1 +1 @@\n",
    "1.2-outils.yaml.bak": b"id: 9.9\n",
    ".1.2-outils.yaml.k3j2.tmp": b"id: 1.2\ntitre: [",
    ".cache": None,
}


def test_editor_and_tool_leftovers_are_ignored_everywhere(tmp_path):
    folder = write_tree(tmp_path / "plan", SMALL_PLAN)
    for where in (folder, folder / "1-comprendre"):
        for name, content in LEFTOVERS.items():
            if content is None:
                (where / name).symlink_to("root@machine.12345:1700000000")
            else:
                (where / name).write_bytes(content)
    loaded = read_plan(folder)
    assert loaded.problems == [] and len(list(loaded.plan.iter_actions())) == 5


def test_upper_case_yaml_extensions_are_reported_not_skipped(tmp_path):
    folder = write_tree(
        tmp_path / "plan",
        {**SMALL_PLAN, "1-comprendre/1.3-autre.YAML": "id: 1.3\ntitre: X\n", "notes.Yml": "a: 1\n"},
    )
    found = [p.format(str(p.path.relative_to(folder))) for p in read_plan(folder).problems]
    assert found == [
        "1-comprendre/1.3-autre.YAML: extension « .YAML » : tdsplan ne lit que les fichiers "
        "en .yaml ou .yml, en minuscules ; renommez-le en 1.3-autre.yaml",
        "notes.Yml: extension « .Yml » : tdsplan ne lit que les fichiers en .yaml ou .yml, "
        "en minuscules ; renommez-le en notes.yml",
    ]


def test_what_an_interrupted_write_leaves_is_git_ignored(tmp_path, cli):
    from tests.conftest import REPO

    left = [".1.2-outils.yaml.k3j2.tmp", ".1.2-outils.yaml.lock"]
    for repo, plan in (
        (REPO, REPO / "plan" / "1-comprehension-commune"),
        (tmp_path, tmp_path / "nouveau" / "1-x"),
    ):
        if repo is tmp_path:
            subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
            assert cli("init", tmp_path / "nouveau").exit_code == 0
            plan.mkdir()
        for name in left:
            (plan / name).write_text("x")
        try:
            ignored = subprocess.run(
                ["git", "check-ignore", *left], cwd=plan, capture_output=True, text=True
            ).stdout.split()
        finally:
            for name in left:
                (plan / name).unlink()
        assert ignored == left, repo


# ---------------------------------------------------------------- round two: bounded cost


def test_at_most_100_problems_are_printed_then_how_many_more(cli, plan_with):
    keys = "".join(f"    cle{i}: v\n" for i in range(6000))
    folder = plan_with({A: OBJECTIF_1_2.replace("    journal: []\n", "    journal: []\n" + keys)})
    result = cli("--plan", folder, "validate")
    lines = result.stderr.splitlines()
    assert result.exit_code == 1 and len(lines) == 102
    assert lines[0] == f"{folder / A}:7:5: clé inconnue « cle0 »"
    assert lines[99] == f"{folder / A}:106:5: clé inconnue « cle99 »"
    assert lines[100:] == [
        "… et 5\u202f900 autres problèmes",
        "tdsplan : erreur : plan invalide : 6\u202f000 problèmes dans 1 fichier",
    ]


def test_one_problem_more_is_singular(cli, plan_with):
    keys = "".join(f"    cle{i}: v\n" for i in range(101))
    folder = plan_with({A: OBJECTIF_1_2.replace("    journal: []\n", "    journal: []\n" + keys)})
    assert cli("--plan", folder, "validate").stderr.splitlines()[100] == "… et 1 autre problème"


def test_a_plan_too_large_for_a_pdf_is_refused_before_typst_runs(
    cli, small_plan, monkeypatch, tmp_path
):
    from tdsplan import render

    monkeypatch.setattr(render, "MAX_PDF_SOURCE", 1000)
    monkeypatch.setattr(render, "_megabytes", lambda size: str(size))

    def never(*args, **kwargs):
        raise AssertionError("Typst was run")

    import typst

    monkeypatch.setattr(typst, "compile", never)
    result = cli("--plan", small_plan, "report", "-f", "pdf", "-o", tmp_path / "r.pdf")
    assert result.exit_code == 1 and result.stderr.startswith(
        "tdsplan : erreur : plan trop grand pour un PDF : "
    )
    assert result.stderr.endswith(
        " Mo à mettre en page, 1000 Mo au plus (environ 2 000 "
        "actions pour un exercice, 1 000 pour le bilan final) ; "
        "produisez ce rapport en Markdown ou en HTML\n"
    )
    assert not (tmp_path / "r.pdf").exists()


def test_a_format_refused_leaves_the_others_asked_with_it_unwritten(
    cli, small_plan, monkeypatch, tmp_path
):
    from tdsplan import render

    monkeypatch.setattr(render, "MAX_PDF_SOURCE", 1000)
    out = tmp_path / "rapports"
    result = cli("--plan", small_plan, "report", "-f", "md", "-f", "pdf", "-o", out)
    assert (result.exit_code, result.stdout) == (1, "")
    assert "plan trop grand pour un PDF" in result.stderr
    assert not out.exists() or list(out.iterdir()) == []  # not the Markdown either
    done = cli("--plan", small_plan, "report", "-f", "md", "-f", "html", "-o", out)
    assert done.exit_code == 0 and len(list(out.iterdir())) == 2


def test_typst_failures_are_french(cli, small_plan, tmp_path):
    templates = tmp_path / "gabarits"
    templates.mkdir()
    (templates / "rapport.typ.j2").write_text("#let x = ;\n", "utf-8")
    result = cli(
        "--plan",
        small_plan,
        "report",
        "-f",
        "pdf",
        "--template-dir",
        templates,
        "-o",
        tmp_path / "r.pdf",
    )
    assert (result.exit_code, result.stderr) == (
        1,
        (
            "tdsplan : erreur : mise en page du PDF impossible : le gabarit Typst est en erreur "
            "(diagnostic de Typst : expected expression)\n"
        ),
    )


def test_a_parser_reason_without_a_french_wording_is_still_french():
    from types import SimpleNamespace

    from tdsplan.yamlerrors import _syntax_message

    error = SimpleNamespace(
        problem="found something new", context="while parsing", problem_mark=None
    )
    assert _syntax_message(error) == (
        "syntaxe YAML invalide : vérifiez l’indentation, les guillemets et les « : » de cette ligne"
    )


# ---------------------------------------------------------------- round two: messages


def test_command_line_input_is_escaped_when_echoed(cli, small_plan):
    result = cli("--plan", small_plan, "show", "1.2.\x1b[2J9")
    assert result.exit_code == 2 and "\x1b" not in result.stderr
    assert result.stderr.startswith("tdsplan : erreur : identifiant inconnu « 1.2.<U+001B>[2J9 »")
    result = cli("--plan", small_plan, "st\x1b]0;x\x07atus")
    assert result.exit_code == 2 and result.stderr.startswith(
        "tdsplan : erreur : commande inconnue « st<U+001B>]0;x<U+0007>atus »"
    )


def test_counts_of_0_and_1_are_singular(cli, tmp_path):
    folder = write_tree(
        tmp_path / "plan",
        {
            "plan.yaml": PLAN_YAML,
            "1-un/orientation.yaml": "id: 1\ntitre: Une\n",
            "1-un/1.1-x.yaml": "id: 1.1\ntitre: X\nactions: []\n",
        },
    )
    result = cli("--plan", folder, "validate")
    assert result.stdout == (
        f"{folder} : plan valide — 1 orientation, 1 objectif, 0 action (3 fichiers)\n"
    )
    result = cli("init", tmp_path / "neuf", "--period", "2023-2028")
    assert result.stdout == (
        f"Plan « Plan d’action 2023-2028 » créé dans {tmp_path / 'neuf'} "
        ": 0 orientation, 0 objectif, 0 action.\n"
    )


def test_the_size_limit_names_any_plan_file(tmp_path):
    folder = write_tree(
        tmp_path / "plan", {**SMALL_PLAN, "plan.yaml": PLAN_YAML + "# " + "x" * 1_100_000 + "\n"}
    )
    assert [p.message for p in read_plan(folder).problems] == [
        "fichier trop volumineux (plus de 1 Mio) : un fichier du plan n’a pas besoin d’être si gros"
    ]


def test_dates_outside_any_plan_are_refused_not_computed(cli, small_plan):
    for args in (["status", "--as-of", "0001-01-01"], ["report", "--as-of", "9999-12-31"]):
        result = cli("--plan", small_plan, *args)
        assert (result.exit_code, result.stderr) == (
            2,
            (
                f"tdsplan : erreur : date « {args[-1]} » hors des années qu’un plan peut couvrir "
                "(1800 à 3999)\n"
            ),
        ), args
    result = cli("--plan", small_plan, "report", "--year", "9999")
    assert result.exit_code == 2 and "exercice « 9999 » invalide" in result.stderr


def test_the_guarantees_page_counts_the_corpus():
    from tests.conftest import REPO

    readme = REPO.joinpath("docs", "reference", "garanties.md").read_text("utf-8")
    accepted = sum(1 for _content, expected in CORPUS.values() if expected is None)
    assert (
        f"Le corpus hostile compte {len(CORPUS)} fichiers ({len(CORPUS) - accepted} "
        f"refusés avec un\nmessage à leur ligne, {accepted} acceptés tels quels), "
        f"{len(LEFTOVERS)} restes d’éditeurs"
    ) in readme


def test_init_from_carries_indicator_values_exactly(tmp_path):
    from tdsplan.project import Project
    from tdsplan.scaffold import new_plan
    from tdsplan.state import Mesure, state_at

    indicator = (
        "    indicateurs:\n      - nom: Visites\n        cible: 1234567.5\n"
        "        reel: 0.000001\n    journal: []"
    )
    folder = write_tree(
        tmp_path / "plan", {**SMALL_PLAN, A: OBJECTIF_1_2.replace("    journal: []", indicator)}
    )
    new_plan(tmp_path / "suivant", dt.date(2021, 5, 1), source=Project.at(folder))
    linked = Project(tmp_path / "suivant", tmp_path, None, (("2019-2021", Project.at(folder)),))
    carried = next(a for _, _, a in linked.load().iter_actions() if a.id == "1.2.1")
    assert carried.indicateurs[0].cible == 1234567.5
    assert state_at(carried, dt.date(2021, 4, 1)).indicateurs == {"Visites": Mesure(1e-06, None)}


# -- outputs never land on the plans --------------------------------------------------------


def _every_file(root: Path) -> dict[str, bytes | str]:
    return {
        str(p.relative_to(root)): os.readlink(p) if p.is_symlink() else p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_symlink() or p.is_file()
    }


@pytest.fixture
def two_plans(tmp_path, monkeypatch):
    """A repository of two plans (2019-2021, 2021-2023) listed in tdsplan.toml, and a link
    to a plan file beside them; the current folder is the repository's."""
    write_tree(tmp_path / "plan", SMALL_PLAN)
    write_tree(
        tmp_path / "plan-2021-2023",
        {
            **SMALL_PLAN,
            "plan.yaml": PLAN_YAML.replace("debut: 2019", "debut: 2021").replace(
                "fin: 2021", "fin: 2023"
            ),
        },
    )
    (tmp_path / "tdsplan.toml").write_text(
        'plans = ["plan", "plan-2021-2023"]\ncourant = "plan"\n', encoding="utf-8"
    )
    (tmp_path / "lien").symlink_to(tmp_path / "plan" / "plan.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


INSIDE = "ce chemin est dans le dossier du plan"
OUTPUTS = {  # -o: the path shown and why it is refused
    "plan/plan.yaml": ("plan/plan.yaml", f"{INSIDE} « plan »"),
    "plan/1-comprendre/orientation.yaml": (
        "plan/1-comprendre/orientation.yaml",
        f"{INSIDE} « plan »",
    ),
    "plan/1-comprendre/1.1-definition.yaml": (
        "plan/1-comprendre/1.1-definition.yaml",
        f"{INSIDE} « plan »",
    ),
    "plan/2-agir/nouveau.txt": ("plan/2-agir/nouveau.txt", f"{INSIDE} « plan »"),
    "plan-2021-2023/plan.yaml": ("plan-2021-2023/plan.yaml", f"{INSIDE} « plan-2021-2023 »"),
    "plan/../plan/plan.yaml": ("plan/../plan/plan.yaml", f"{INSIDE} « plan »"),
    "lien": ("lien", f"{INSIDE} « plan »"),
    "tdsplan.toml": ("tdsplan.toml", "c’est tdsplan.toml, la liste des plans du dépôt"),
}
COMMANDS = [("report", fmt) for fmt in ("md", "pdf", "docx", "html")] + [
    ("export", fmt) for fmt in ("json", "csv", "xlsx")
]


@pytest.mark.parametrize("command, fmt", COMMANDS)
def test_no_output_overwrites_a_plan_file_whatever_its_format(cli, two_plans, command, fmt):
    before = _every_file(two_plans)
    for target, (shown, reason) in OUTPUTS.items():
        result = cli(command, "-f", fmt, "-o", target)
        assert (result.exit_code, result.stdout) == (2, ""), (target, result.stdout)
        assert result.stderr == (
            f"tdsplan : erreur : --output {shown} refusé : {reason} ; rien n’a été écrit\n"
        ), target
    assert _every_file(two_plans) == before


def test_no_report_is_written_into_a_plan_folder(cli, two_plans):
    before = _every_file(two_plans)
    for target in ("plan", "plan/1-comprendre", "plan-2021-2023/"):
        result = cli("report", "-f", "md", "-f", "html", "-o", target)
        name = target.rstrip("/")
        reason = f"c’est le dossier du plan « {name} »" if "/" not in name else f"{INSIDE} « plan »"
        assert (result.exit_code, result.stderr) == (
            2,
            (f"tdsplan : erreur : --output {name} refusé : {reason} ; rien n’a été écrit\n"),
        )
    assert _every_file(two_plans) == before


def test_the_site_is_never_written_into_or_around_a_plan_folder(cli, two_plans):
    before = _every_file(two_plans)
    cases = {
        ".": "ce dossier contient le dossier du plan « plan »",
        "plan": "c’est le dossier du plan « plan »",
        "plan-2021-2023/site": f"{INSIDE} « plan-2021-2023 »",
        str(two_plans.parent): "ce dossier contient le dossier du plan « plan »",
    }
    for target, reason in cases.items():
        result = cli("site", "-o", target)
        assert (result.exit_code, result.stderr) == (
            2,
            (f"tdsplan : erreur : --output {target} refusé : {reason} ; rien n’a été écrit\n"),
        ), target
    assert _every_file(two_plans) == before
    assert cli("site", "-o", "public").exit_code == 0  # beside the plans: written


BOUND = "1\u202f000\u202f000\u202f000\u202f000"
UNREADABLE = (
    "illisible : des chiffres (0 à 9), avec une virgule ou un point pour les "
    "décimales, par exemple 24 ou 3,5"
)
TYPED_NUMBERS = [
    ("1e13", f"nombre « 1e13 » {UNREADABLE}"),
    (
        "10000000000000",
        f"« 10000000000000 » hors limites : un nombre de -{BOUND} à {BOUND} est attendu",
    ),
    ("١٢", f"nombre « ١٢ » {UNREADABLE}"),
    ("1_000", f"nombre « 1_000 » {UNREADABLE}"),
    ("inf", f"nombre « inf » {UNREADABLE}"),
    ("nan", f"nombre « nan » {UNREADABLE}"),
]
WITH_INDICATOR = OBJECTIF_1_2.replace(
    "    journal: []",
    "    indicateurs:\n      - nom: Visites\n    journal:\n"
    "      - date: 2020-01-10\n        note: Lancement.",
)


@pytest.mark.parametrize("command", [["update", "1.2.1"], ["amend", "1.2.1", "1"]])
@pytest.mark.parametrize("typed, message", TYPED_NUMBERS)
def test_a_typed_indicator_value_beyond_the_bound_or_unreadable_exits_2(
    cli, plan_with, command, typed, message
):
    folder = plan_with({A: WITH_INDICATOR})
    before = (folder / A).read_bytes()
    result = cli("--plan", folder, *command, "-i", f"Visites={typed}")
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        (f"tdsplan : erreur : --indicator « Visites={typed} » : {message}\n"),
    )
    assert (folder / A).read_bytes() == before


@pytest.mark.parametrize("command", [["update", "1.2.1"], ["amend", "1.2.1", "1"]])
@pytest.mark.parametrize(
    "typed", ["1e13", "10000000000000", "١٢", "1_000", "inf", "nan", "-5", "50.5"]
)
def test_a_typed_progress_beyond_0_to_100_or_unreadable_exits_2(cli, plan_with, command, typed):
    folder = plan_with({A: WITH_INDICATOR})
    before = (folder / A).read_bytes()
    result = cli("--plan", folder, *command, "-p", typed)
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        (f"tdsplan : erreur : avancement « {typed} » invalide : un nombre entier de 0 à 100\n"),
    )
    assert (folder / A).read_bytes() == before


def test_a_131_kb_id_is_echoed_cut(cli, small_plan):
    typed = "1.2." + "9" * 131_000
    for args in (["show", typed], ["update", typed, "-n", "x"], ["log", typed]):
        result = cli("--plan", small_plan, *args)
        assert result.exit_code == 2, args
        assert result.stderr.startswith("tdsplan : erreur : identifiant inconnu « 1.2.999")
        assert result.stderr.endswith("9… »\n") and len(result.stderr) < 300, args
    english = cli("--lang", "en", "--plan", small_plan, "show", typed)
    assert english.exit_code == 2
    assert english.stderr.endswith("9…”\n") and len(english.stderr) < 300


def test_a_long_path_is_echoed_cut_and_one_too_long_for_the_system_is_a_usage_error(
    cli, small_plan, tmp_path
):
    result = cli("--plan", tmp_path / ("x" * 100_000), "status")
    assert result.exit_code == 2 and len(result.stderr) < 400, result.stderr[:300]
    name = tmp_path / ("x" * 300)
    for args in (
        ["report", "-o", f"{name}.md"],
        ["report", "--template-dir", name],
        ["export", "-f", "json", "-o", f"{name}.json"],
    ):
        result = cli("--plan", small_plan, *args)
        assert (result.exit_code, result.stdout) == (2, ""), args
        assert result.stderr.startswith("tdsplan : erreur : "), args
        assert "interne" not in result.stderr and len(result.stderr) < 400, args
    # Cut in its middle: the end of a path, the file it names, stays.
    folder = tmp_path / ("dossier-des-suivis-de-la-coordination-regionale/" * 4) / "plan-2026"
    result = cli("--plan", folder, "status")
    assert (
        result.exit_code == 2
        and "…" in result.stderr
        and "/plan-2026 introuvable" in (result.stderr)
    )
    sheet = cli("--plan", small_plan, "import", f"{name}.xlsx")
    assert sheet.exit_code == 1 and max(map(len, sheet.stderr.splitlines())) < 300


def test_a_long_value_is_cut_where_the_message_quotes_it(cli, small_plan):
    result = cli("--plan", small_plan, "status", "--status", "x" * 131_000)
    assert result.exit_code == 2
    assert result.stderr.startswith("tdsplan : erreur : statut inconnu « xxx")
    assert "x… »" in result.stderr and len(result.stderr) < 400


def journal_plan(tmp_path: Path, actions: int, entries: int) -> Path:
    """A plan of ``actions`` actions, each with ``entries`` notes in its journal."""
    lines = []
    for a in range(1, actions + 1):
        lines.append(f"  - id: 1.1.{a}\n    titre: Action {a}\n    journal:\n")
        lines += [
            f"      - date: {dt.date(2019, 4, 1) + dt.timedelta(days=7 * k)}\n"
            "        note: Rencontre.\n"
            for k in range(entries)
        ]
    return write_tree(
        tmp_path / "plan",
        {
            "plan.yaml": PLAN_YAML,
            "1-o/orientation.yaml": "id: 1\ntitre: O\n",
            "1-o/1.1-ob.yaml": "id: 1.1\ntitre: Ob\nactions:\n" + "".join(lines),
        },
    )


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_report_of_too_many_entries_is_refused_before_any_layout(cli, tmp_path, monkeypatch, fmt):
    from tdsplan import render
    from tdsplan.word import words

    def never(*args, **kwargs):
        raise AssertionError("the report was laid out")

    monkeypatch.setattr(render, "render_text", never)
    monkeypatch.setattr(words, "environment", never)
    folder = journal_plan(tmp_path, 50, 100)  # 50 actions, 5,000 entries
    cli.on(dt.date(2022, 1, 1))  # every entry past
    result = cli("--plan", folder, "report", "--period", "-f", fmt, "-o", tmp_path / f"r.{fmt}")
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        (
            f"tdsplan : erreur : rapport trop grand pour un {fmt.upper()} : 50 actions et "
            "5\u202f000 entrées de journal dans la période, 5\u202f000 au plus en tout ; "
            "produisez-le en Markdown ou en HTML, ou couvrez moins (un exercice plutôt que tout "
            "le plan, les actions d’un bailleur)\n"
        ),
    )
    assert not (tmp_path / f"r.{fmt}").exists()


def test_the_entries_of_the_period_count_not_those_of_the_plan(tmp_path):
    from tdsplan import render
    from tdsplan.project import Project
    from tdsplan.report import build_report, report_period

    plan = Project.at(journal_plan(tmp_path, 50, 100)).load()
    whole = build_report(plan, report_period(plan, dt.date(2022, 1, 1), whole=True))
    year = build_report(plan, report_period(plan, dt.date(2022, 1, 1), year="2019"))
    assert (len(whole.states) + whole.entries, len(year.states) + year.entries) == (5050, 2700)
    for fmt in ("pdf", "docx"):
        with pytest.raises(render.RenderError, match="rapport trop grand"):
            render.check_paged(whole, fmt)
        render.check_paged(year, fmt)  # the same plan, one fiscal year: laid out
