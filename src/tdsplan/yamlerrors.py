"""The French words for a YAML syntax error, and where to say it: the parser's own
reasons (English, for programmers) become a message a person can act on, placed at the
line and column where the fault was made rather than where the parser gave up.

The error is read through the fields every YAML parser's marked errors share
(``problem``, ``context``, ``problem_mark``, ``context_mark``), so that this module
needs no YAML library.
"""

from __future__ import annotations

import re
from typing import Any

from tdsplan.i18n import _, _mark, ngettext

_SYNTAX_MESSAGES = (
    (
        "cannot start any token",
        "'\\t'",
        _mark("tabulation interdite : en YAML, on indente avec des espaces"),
    ),
    (
        "found a tab character",
        "",
        _mark("tabulation interdite : en YAML, on indente avec des espaces"),
    ),
    (
        "mapping values are not allowed here",
        "",
        _mark("« : » inattendu : un texte qui contient « : » doit être entre guillemets"),
    ),
    (
        "found unexpected ':'",
        "",
        _mark("« : » inattendu : un texte qui contient « : » doit être entre guillemets"),
    ),
    ("could not find expected ':'", "", _mark("« : » attendu après la clé")),
    ("expected ',' or ']'", "", _mark("crochet « [ » non fermé ou virgule manquante")),
    ("expected ',' or '}'", "", _mark("accolade « { » non fermée ou virgule manquante")),
    (
        "expected <block end>",
        "",
        _mark("indentation incohérente : alignez cette ligne sur ses voisines"),
    ),
    (
        "did not find expected key",
        "",
        _mark("indentation incohérente : une clé était attendue ici"),
    ),
    (
        "did not find expected '-' indicator",
        "",
        _mark("indentation incohérente : un élément de liste « - » était attendu"),
    ),
    (
        "sequence entries are not allowed here",
        "",
        _mark(
            "« - » inattendu : une liste commence à la ligne qui suit sa clé, et un texte qui "
            "commence par « - » s’écrit entre guillemets"
        ),
    ),
    (
        "expected the node content",
        "",
        _mark(
            "valeur manquante ou incomplète : un texte qui commence par « & », « * », « ! », "
            "« | » ou « > » s’écrit entre guillemets"
        ),
    ),
    (
        "did not find expected node content",
        "",
        _mark(
            "valeur manquante ou incomplète : un texte qui commence par « & », « * », « ! », "
            "« | » ou « > » s’écrit entre guillemets"
        ),
    ),
    (
        "expected alphabetic or numeric character",
        "",
        _mark(
            "caractère inattendu après « & » ou « * » : un texte qui commence ainsi s’écrit "
            "entre guillemets"
        ),
    ),
    (
        "expected chomping or indentation indicators",
        "",
        _mark("bloc de texte « | » ou « > » mal formé : rien ne suit « | » ou « > » sur sa ligne"),
    ),
    (
        "expected indentation indicator",
        "",
        _mark("bloc de texte « | » ou « > » mal formé : rien ne suit « | » ou « > » sur sa ligne"),
    ),
    (
        "mapping keys are not allowed here",
        "",
        _mark("« ? » inattendu : un texte qui commence par « ? » s’écrit entre guillemets"),
    ),
    (
        "expected a comment or a line break",
        "",
        _mark("texte inattendu après la valeur : mettez toute la valeur entre guillemets"),
    ),
    (
        "expected '<document start>'",
        "",
        _mark("contenu inattendu après la fin du document : vérifiez l’indentation de cette ligne"),
    ),
    (
        "directive",
        "",
        _mark(
            "directive « % » inconnue : un texte qui commence par « % » s’écrit entre guillemets"
        ),
    ),
    ("found unknown escape character", "", _mark("séquence d’échappement inconnue après « \\ »")),
    ("expected escape sequence", "", _mark("séquence d’échappement incomplète après « \\ »")),
    (
        "found unexpected end of stream",
        "",
        _mark("fin de fichier inattendue : une valeur ou un guillemet n’est pas terminé"),
    ),
    (
        "found character that cannot start any token",
        "",
        _mark("caractère inattendu en début de valeur : mettez la valeur entre guillemets"),
    ),
)


def syntax_problem(text: str, error: Any) -> tuple[int, int, str]:
    """Line, column (1-based) and French message of a parser's marked error in ``text``."""
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    for placed in (_unclosed_quote, _unclosed_bracket, _glued_colon):
        found = placed(text, error)
        if found is not None:
            return found
    shifted = _shifted_key(text, error)
    if shifted is not None:  # said at the key that is out of line, not at its « : »
        message, column = shifted
        return line, column, message
    return line, column, _syntax_message(error)


def _unclosed_quote(text: str, error: Any) -> tuple[int, int, str] | None:
    """A quote opened and never closed: said where it opens, not at the end of the file."""
    mark = error.context_mark
    if mark is None or "quoted scalar" not in str(error.context or ""):
        return None
    if "end of stream" not in (error.problem or ""):
        return None
    quote = text[mark.index] if mark.index < len(text) else "'"
    return (
        mark.line + 1,
        mark.column + 1,
        _(
            "guillemet « {quote} » jamais fermé : la chaîne qui commence ici n’a pas de fin "
            "(fermez-la par « {quote} »)"
        ).format(quote=quote),
    )


def _unclosed_bracket(text: str, error: Any) -> tuple[int, int, str] | None:
    """A « [ » or « { » not closed on its line: said where it opens, not where the parser
    gave up (the next line, or the end of the file)."""
    mark, problem = error.context_mark, error.problem_mark
    if mark is None or problem is None or "flow" not in str(error.context or ""):
        return None
    if mark.line == problem.line:
        return None
    return mark.line + 1, mark.column + 1, _syntax_message(error)


#: ``titre:Document``: a key glued to its value, which YAML reads as one word.
_GLUED = re.compile(r"[ \t]*(?:- +)?([^\s:#\-\[\]{},'\"][^\s:#]*):(?=[^\s:/])")


def _glued_colon(text: str, error: Any) -> tuple[int, int, str] | None:
    """A key with no space after its « : » (``titre:Document``): said at the colon."""
    mark = error.context_mark
    if mark is None or "could not find expected ':'" not in (error.problem or ""):
        return None
    lines = text.splitlines()
    if mark.line >= len(lines):
        return None
    here = lines[mark.line]
    glued = _GLUED.match(here)
    if glued is None:
        return None
    key, after = glued.group(1), here[glued.end() :].strip()
    return (
        mark.line + 1,
        glued.end(),
        _(
            "espace manquante après « : » : YAML lit « {key}:{value} » comme un seul mot ; "
            "écrivez « {key}: {value} »"
        ).format(key=key, value=after),
    )


def _syntax_message(error: Any) -> str:
    """The parser's reason, in French; never its English words."""
    problem = error.problem or ""
    for needle, detail, message in _SYNTAX_MESSAGES:
        if needle in problem and (not detail or detail in problem or detail in str(error.context)):
            return _(message)
    return _(
        "syntaxe YAML invalide : vérifiez l’indentation, les guillemets et les « : » de cette ligne"
    )


def _shifted_key(text: str, error: Any) -> tuple[str, int] | None:
    """The message and column for a key indented further than its neighbours
    (``titre: Site`` then `` statut: en_cours`` one space deeper), which YAML reads as the
    title going on and then stumbles on the « : »."""
    mark = error.problem_mark
    if mark is None or "mapping values are not allowed here" not in (error.problem or ""):
        return None
    line, column = mark.line, mark.column
    lines = text.splitlines()
    if line >= len(lines) or line == 0:
        return None
    here = lines[line]
    key = here[:column].strip()
    if not key or not re.fullmatch(r"[^\s:#\-\[\]{},'\"][^:#]*", key):
        return None
    before = line - 1
    while before >= 0 and not lines[before].strip():
        before -= 1
    if before < 0:
        return None
    above = lines[before]
    indent_above = len(above) - len(above.lstrip(" -"))
    indent = len(here) - len(here.lstrip(" "))
    if indent <= indent_above or ":" not in above:
        return None
    n = indent - indent_above
    return ngettext(
        "indentation incohérente : la clé « {key} » est décalée de {n} espace vers "
        "la droite par rapport à la ligne {line} ; alignez-la",
        "indentation incohérente : la clé « {key} » est décalée de {n} espaces vers "
        "la droite par rapport à la ligne {line} ; alignez-la",
        n,
    ).format(key=key, n=n, line=before + 1), indent + 1
