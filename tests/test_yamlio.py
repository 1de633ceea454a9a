"""Reading YAML: scalar types, refused constructs, and positions of every problem."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tdsplan.yamlio import MAX_FILE_BYTES, FileProblems, parse_document, read_document

P = Path("f.yaml")


def parse(text: str):
    return parse_document(P, text).data


def problems(text: str) -> list[str]:
    with pytest.raises(FileProblems) as caught:
        parse_document(P, text)
    return [f"{p.line}:{p.column}: {p.message}" for p in caught.value.problems]


def read_problems(tmp_path: Path, raw: bytes) -> list[str]:
    path = tmp_path / "f.yaml"
    path.write_bytes(raw)
    with pytest.raises(FileProblems) as caught:
        read_document(path)
    return [f"{p.line}:{p.column}: {p.message}" for p in caught.value.problems]


def test_scalars_follow_yaml_1_2_core_with_numbers_in_base_ten_only():
    data = parse(
        "a: no\nb: yes\nc: true\nd: 12\ne: 1.5\nf: ~\ng: 2019-05-01\nh: '3'\n"
        "i: 2019-02-30\nj: 0x1F\nk: Off\nl: 1e3\nm: 0o17\nn: .inf\no: .5\np: -2.25\n"
    )
    assert data == {
        "a": "no",
        "b": "yes",
        "c": True,
        "d": 12,
        "e": 1.5,
        "f": None,
        "g": dt.date(2019, 5, 1),
        "h": "3",
        "i": "2019-02-30",
        # A number is written in digits (an exponent too, which earlier versions wrote):
        # another base or .inf is text, which a number field refuses where it stands.
        "j": "0x1F",
        "k": "Off",
        "l": 1000.0,
        "m": "0o17",
        "n": ".inf",
        "o": 0.5,
        "p": -2.25,
    }


def test_ids_keep_their_text():
    assert parse("id: 1.10\nx: 1.10\n") == {"id": "1.10", "x": 1.1}
    assert parse("id: 1\n") == {"id": "1"}


def test_positions_of_keys_and_values():
    document = parse_document(P, "a:\n  - x: 1\n    yy: [2, 3]\n")
    assert document.locate(("a", 0, "yy", 1)) == (3, 13)
    assert document.locate(("a", 0, "yy"), key=True) == (3, 5)
    assert document.locate(("a", 0, "missing")) == (2, 5)


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "a: &x 1\nb: *x\n",
            "1:4: ancre « &x » interdite : les fichiers du plan n’utilisent ni ancres ni alias",
        ),
        (
            "a: !!python/object:os.system 1\n",
            "1:4: étiquette YAML « tag:yaml.org,2002:python/object"
            ":os.system » interdite : écrivez la valeur telle quelle",
        ),
        (
            "a: !perso x\n",
            "1:4: étiquette YAML « !perso » interdite : écrivez la valeur telle quelle",
        ),
        (
            "a: 1\n---\nb: 2\n",
            "2:1: plusieurs documents YAML dans un même fichier (ligne « --- ») : "
            "un seul est permis",
        ),
        ("", "1:1: fichier vide : il devrait décrire un élément du plan"),
        ("# rien\n", "1:1: fichier vide : il devrait décrire un élément du plan"),
        ("a: 1\nb: 2\na: 3\n", "3:1: clé « a » en double (déjà ligne 1)"),
        ("a:\n\tb: 1\n", "2:1: tabulation interdite : en YAML, on indente avec des espaces"),
        (
            "a: 'ouvert\nb: 2\n",
            "1:4: guillemet « ' » jamais fermé : la chaîne qui commence ici n’a pas de fin "
            "(fermez-la par « ' »)",
        ),
        ("a: [1, 2\nb: 3\n", "1:4: crochet « [ » non fermé ou virgule manquante"),
        (
            "a: b: c\n",
            "1:5: « : » inattendu : un texte qui contient « : » doit être entre guillemets",
        ),
        (
            "a: 1\n  b: 2\n",
            "2:3: indentation incohérente : la clé « b » est décalée de 2 espaces "
            "vers la droite par rapport à la ligne 1 ; alignez-la",
        ),
        (
            "a: x: y\n",
            "1:5: « : » inattendu : un texte qui contient « : » doit être entre guillemets",
        ),
        ("a: x\x00y\n", "1:5: caractère interdit U+0000 : supprimez-le"),
        ("? [a]\n: 1\n", "1:3: clé complexe interdite : une clé est un simple mot"),
    ],
)
def test_refused_yaml(text, expected):
    assert problems(text) == [expected]


def test_conflict_markers_are_named_plainly():
    text = "a: 1\n<<<<<<< HEAD\nb: 2\n=======\nb: 3\n>>>>>>> autre\n"
    found = problems(text)
    assert [f.split(":")[0] for f in found] == ["2", "4", "6"]
    assert "marqueur de conflit git « <<<<<<< » : la fusion n’est pas terminée" in found[0]


def test_billion_laughs_is_refused_at_the_first_anchor():
    text = "a: &a [x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    assert problems(text) == [
        "1:4: ancre « &a » interdite : les fichiers du plan n’utilisent ni ancres ni alias"
    ]


def test_deep_nesting_is_refused():
    assert problems("a: " + "[" * 100 + "]" * 100 + "\n")[0].endswith("imbrication trop profonde")


def test_bytes_that_are_not_utf8_are_placed(tmp_path):
    assert read_problems(tmp_path, "a: 1\ntitre: Défi\xff\n".encode("latin-1")) == [
        "2:9: octet 0xE9 invalide en UTF-8 : enregistrez le fichier en UTF-8"
    ]


def test_utf16_is_named(tmp_path):
    assert read_problems(tmp_path, "a: 1\n".encode("utf-16")) == [
        "1:1: fichier encodé en UTF-16 : enregistrez-le en UTF-8"
    ]


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_bytes(b"\xef\xbb\xbftitre: \xc3\xa9t\xc3\xa9\n")
    assert read_document(path).data == {"titre": "été"}


def test_oversized_files_are_refused_unread(tmp_path):
    found = read_problems(tmp_path, b"a: " + b"x" * MAX_FILE_BYTES + b"\n")
    assert found == [
        "0:0: fichier trop volumineux (plus de 1 Mio) : un fichier du plan "
        "n’a pas besoin d’être si gros"
    ]


def test_huge_integers_stay_text():
    assert parse("a: " + "9" * 5000 + "\n") == {"a": "9" * 5000}


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", "5:14: guillemet « ' » jamais fermé : la chaîne qui commence ici n’a pas de fin"),
        ("en", "5:14: quote “'” never closed: the string that starts here has no end"),
    ],
)
def test_an_unclosed_quote_is_said_where_it_opens(lang, expected):
    from tdsplan.i18n import use_language

    text = "id: 1.1\ntitre: x\nactions:\n  - id: 1.1.1\n    porteur: 'Léa\n    note: Suite.\n"
    use_language(lang)
    # Not at line 7, the end of the file where the parser ran out of text.
    assert [p.split(" (")[0] for p in problems(text)] == [expected]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        (
            "id: 1\ntitre:Document\ndescription: x\n",
            "fr",
            "2:6: espace manquante après « : » : YAML lit « titre:Document » comme un seul "
            "mot ; écrivez « titre: Document »",
        ),
        (
            "actions:\n  - id: 1.1.1\n    porteur:Léa Roy\n",
            "fr",
            "3:12: espace manquante après « : » : YAML lit « porteur:Léa Roy » comme un seul "
            "mot ; écrivez « porteur: Léa Roy »",
        ),
        (
            "id: 1\ntitre:Document\n",
            "en",
            "2:6: missing space after “:”: YAML reads “titre:Document” as one word; "
            "write “titre: Document”",
        ),
    ],
)
def test_a_key_glued_to_its_value_says_the_space_is_missing_at_the_colon(text, lang, expected):
    from tdsplan.i18n import use_language

    use_language(lang)
    assert problems(text) == [expected]
