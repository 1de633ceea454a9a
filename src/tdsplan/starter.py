"""A new organisation's plan repository: its plan, tdsplan.toml, pre-commit, CI and README."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from tdsplan.errors import UsageError
from tdsplan.files import write_atomically
from tdsplan.i18n import _
from tdsplan.outputs import ROOT_FILE
from tdsplan.repository import root_file_text
from tdsplan.scaffold import NewPlan, new_plan
from tdsplan.version import __version__

#: Written where the address of tdsplan's repository goes when none is given: the one
#: line of the new repository to fill (the CI and the README read it from there).
ADDRESS_TO_FILL = "https://ADRESSE-DU-DEPOT-DE-TDSPLAN"
PLAN_FOLDER = "plan"
PRE_COMMIT_FILE = ".pre-commit-config.yaml"
WORKFLOW_FILE = ".github/workflows/plan.yml"

PRE_COMMIT = """\
# Vérifie le plan avant chaque commit : « pre-commit install », une fois par poste.
# La ligne repo: est l’adresse du dépôt de tdsplan, et rev: sa version : c’est le seul
# endroit où elles sont écrites ; la CI (.github/workflows/plan.yml) et l’installation
# du README les lisent ici.
repos:
  - repo: {address}
    rev: {rev}
    hooks:
      - id: tdsplan-validate
"""

#: Reads the address and version of tdsplan from PRE_COMMIT's ``repo:`` and ``rev:``.
_READ_ADDRESS = (
    "TDSPLAN_DEPOT=$(sed -n 's/^ *- repo: *//p' .pre-commit-config.yaml | head -n 1)\n"
    "TDSPLAN_VERSION=$(sed -n 's/^ *rev: *//p' .pre-commit-config.yaml | head -n 1)"
)

WORKFLOW = """\
# Le plan d’action : vérifié à chaque push et à chaque pull request, ses rapports joints
# à chaque exécution ; sur la branche par défaut (et chaque lundi, pour que les retards
# suivent le calendrier), le tableau de bord publié sur GitHub Pages.
# Une fois : Settings → Pages → Source : « GitHub Actions ».
# tdsplan s’installe depuis l’adresse et la version écrites dans .pre-commit-config.yaml.
name: Plan d’action

on:
  push:
  pull_request:
  schedule:
    - cron: "0 6 * * 1"
  workflow_dispatch:

permissions:
  contents: read

jobs:
  plan:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - name: Installer tdsplan
        run: |
{read_address}
          pip install "tdsplan @ git+$TDSPLAN_DEPOT@$TDSPLAN_VERSION"
      - name: Valider le plan
        run: tdsplan validate
      - name: Produire les rapports
        run: |
          mkdir -p rapports-ci
          tdsplan status --no-pager > rapports-ci/etat.txt
          tdsplan report -f md -f html -f pdf -o rapports-ci
      - name: Joindre les rapports
        uses: actions/upload-artifact@v4
        with:
          name: rapports
          path: rapports-ci/
      - name: Produire le site
        run: tdsplan site -o public
      - uses: actions/upload-pages-artifact@v3
        with:
          path: public/

  publier:
    needs: plan
    if: github.event_name != 'pull_request' && github.ref_name == github.event.repository.default_branch
    runs-on: ubuntu-latest
    permissions:
      pages: write
      id-token: write
    concurrency:
      group: pages
      cancel-in-progress: false
    environment:
      name: github-pages
      url: ${{{{ steps.publier.outputs.page_url }}}}
    steps:
      - name: Publier le site
        id: publier
        uses: actions/deploy-pages@v4
"""

GITIGNORE = """\
# Produits par tdsplan, publiés ou joints par la CI, jamais versionnés : la CI refait les
# rapports à chaque exécution (rapports-ci/) ; ceux de « tdsplan report » restent locaux.
public/
rapports-ci/
reports/
"""

README = """\
# {title}

Le plan d’action de l’organisation {organisation}, tenu en fichiers YAML et suivi
avec tdsplan.

- `plan/` : le plan. `plan/plan.yaml` le décrit (titre, période, mission, mandats,
  territoires) ; un dossier par orientation, un fichier par objectif.
- `tdsplan.toml` : les plans du dépôt (le plan suivant s’y ajoute avec
  `tdsplan init plan-AAAA-AAAA --from plan`).
- `.pre-commit-config.yaml` : la vérification avant chaque commit, et **le seul endroit
  où sont écrites l’adresse du dépôt de tdsplan (`repo:`) et sa version (`rev:`)**.
- `.github/workflows/plan.yml` : la CI vérifie le plan, joint l’état et les rapports à
  chaque exécution et publie le tableau de bord sur GitHub Pages.

## Installer tdsplan

Depuis ce dossier (il faut Python 3.11 ou plus récent, et pipx) :

```sh
{read_address}
pipx install "tdsplan @ git+$TDSPLAN_DEPOT@$TDSPLAN_VERSION"
pre-commit install
```

## Tenir le plan

```sh
tdsplan status                                   # où en est le plan
tdsplan update 1.1.1 --status en_cours --note "Premier atelier tenu"
tdsplan add action --parent 1.1 --title "Nouvelle action"
tdsplan validate                                 # après une modification à la main
tdsplan report                                   # le bilan du dernier exercice
tdsplan site -o public                           # le tableau de bord, en local
```

`tdsplan --help` et `tdsplan COMMANDE --help` décrivent chaque commande.
"""


@dataclass(frozen=True)
class NewRepository:
    """A plan repository as laid out: its folder, every file written, and its plan."""

    root: Path
    files: list[Path]
    plan: NewPlan


def new_repository(
    root: Path,
    today: dt.date,
    *,
    address: str | None = None,
    period: tuple[int, int] | None = None,
    titre: str | None = None,
    organisation: str | None = None,
    territoires: list[tuple[str, str]] | None = None,
    mandats: list[str] | None = None,
) -> NewRepository:
    """Lay out in ``root`` (new or empty) a repository for a new organisation's plan: the
    plan in ``plan/`` (:func:`tdsplan.scaffold.new_plan`, with its options),
    ``tdsplan.toml``, a pre-commit configuration with tdsplan's hook, a CI workflow
    (validate, reports, site to Pages), a ``.gitignore`` and a README. The address of
    tdsplan's repository (``address``, else :data:`ADDRESS_TO_FILL`) and its version are
    written once, in the pre-commit configuration, which the CI and the README read."""
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise UsageError(
            _("{folder} existe déjà et n’est pas vide : choisissez un nouveau dossier").format(
                folder=root
            )
        )
    created = new_plan(
        root / PLAN_FOLDER,
        today,
        period=period,
        titre=titre,
        organisation=organisation,
        territoires=territoires,
        mandats=mandats,
    )
    texts = starter_texts(created.plan.titre, created.plan.organisation, address or ADDRESS_TO_FILL)
    for name, text in texts.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, text.encode("utf-8"))
    return NewRepository(root, sorted([*created.files, *(root / n for n in texts)]), created)


def starter_texts(title: str, organisation: str, address: str) -> Mapping[str, str]:
    """The files of a new plan repository besides its plan, by path from its root."""
    shell = "\n".join(f"          {line}" for line in _READ_ADDRESS.splitlines())
    return {
        ROOT_FILE: root_file_text([PLAN_FOLDER]),
        PRE_COMMIT_FILE: PRE_COMMIT.format(address=address, rev=f"v{__version__}"),
        WORKFLOW_FILE: WORKFLOW.format(read_address=shell),
        ".gitignore": GITIGNORE,
        "README.md": README.format(
            title=title, organisation=organisation, read_address=_READ_ADDRESS
        ),
    }
