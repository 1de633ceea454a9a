"""The pieces of the site's pages written in Python (tdsplan.siteaction, tdsplan.sitehtml)
write what the Jinja templates they replace wrote, byte for byte, escaping included."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest

from tdsplan import render
from tdsplan.project import Project
from tdsplan.sitehtml import Pieces
from tdsplan.sitepages import site_data

from .conftest import REPO

HOSTILE = '« q" \'s <script>alert("x&y")</script> &amp; {{ x }} %s ' + "Mot" * 80

#: The body of an action's page as ``templates/site/action.html.j2`` wrote it before it
#: was written in Python (the status and bar macros of ``_site.j2`` then, copied in).
REFERENCE = (Path(__file__).parent / "fixtures" / "site_action_main.html.j2").read_text("utf-8")


def hostile_demo(folder: Path) -> Path:
    """The demo plan, its leads, authors, titles and notes full of markup and quotes,
    a description on some actions."""
    shutil.copytree(REPO / "examples" / "demo" / "plan", folder)
    for path in folder.rglob("*.yaml"):
        text = path.read_text("utf-8")
        text = re.sub(
            r"^(\s*(?:- )?(?:porteur|auteur|nom): )Coordination$", r"\1X", text, flags=re.M
        )
        text = text.replace(": X\n", f": {json.dumps('Coordination ' + HOSTILE)}\n")
        text = re.sub(
            r"^(\s+(?:titre|note): )([^>|\"\n][^\n]*)$",
            lambda m: m[1] + json.dumps(m[2] + HOSTILE),
            text,
            flags=re.M,
        )
        text = re.sub(
            r"^    statut: realisee$",
            lambda m: f"{m[0]}\n    description: {json.dumps(HOSTILE * 3)}",
            text,
            flags=re.M,
        )
        path.write_text(text, "utf-8")
    return folder


@pytest.mark.parametrize("as_of", [dt.date(2021, 3, 31), dt.date(2023, 6, 1)])
def test_an_action_page_body_is_what_its_template_wrote(tmp_path, as_of):
    plan = Project.at(hostile_demo(tmp_path / "plan")).load()
    data = site_data(plan, as_of)
    data.prepare({"action.html.j2"})
    for texts in (  # the text is in the titles, descriptions and leads
        [a.action.titre for a in data.actions],
        [a.action.description or "" for a in data.actions],
        [a.porteur or "" for a in data.actions],
    ):
        assert any(HOSTILE in text for text in texts)
    for lang in ("fr", "en"):
        reference = render.site_environment(lang).from_string(REFERENCE)
        pieces = Pieces(lang)
        for home in ("../", "../../"):
            for a in data.actions:
                expected = reference.render(a=a, home=home, d=data, h=pieces)
                assert pieces.action.main(a, home, plan) == expected, (lang, a.id)
