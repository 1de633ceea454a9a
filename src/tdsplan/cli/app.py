"""The ``tdsplan`` application: its global options and its commands, by purpose."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
import typer.completion

from tdsplan.cli import (
    add,
    adopt,
    amend,
    completion,
    diff,
    door,
    edit,
    export,
    importing,
    init,
    log,
    move,
    options,
    paths,
    remind,
    remove,
    report,
    schema,
    show,
    site,
    status,
    update,
    validate,
)
from tdsplan.cli.common import Settings
from tdsplan.cli.help import TdsplanCommand, TdsplanGroup
from tdsplan.i18n import LANGUAGES, _, _mark, use_language
from tdsplan.version import __version__


class TdsplanApp(TdsplanGroup):
    """The root group: chooses the language, then runs the command through the exit door."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> NoReturn:
        language = os.environ.get("TDSPLAN_LANG", "fr")
        use_language(language if language in LANGUAGES else "fr")
        name = prog_name or "tdsplan"

        def command() -> Any:
            completion.complete(self, extra, name, complete_var)  # a shell asking: answer, exit
            return super(TdsplanApp, self).main(
                args,
                name,
                complete_var,
                standalone_mode=False,
                windows_expand_args=windows_expand_args,
                **extra,
            )

        sys.exit(door.run(command, debug=door.debugging(None if args is None else list(args))))

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return super().parse_args(ctx, options.hoist(args))  # global options anywhere


def _languages(value: str | None) -> tuple[str, ...]:
    """``fr``, ``en``, or ``fr,en`` (a site in both languages: messages in the first)."""
    if value is None:
        return ()
    chosen = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    if not chosen or any(lang not in LANGUAGES for lang in chosen):
        raise typer.BadParameter(_("« {lang} » : fr ou en").format(lang=value))
    return chosen


def _language(value: str | None) -> str | None:
    if value is not None:
        use_language(_languages(value)[0])
    return value


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tdsplan {__version__}")
        raise typer.Exit()


app = typer.Typer(
    cls=TdsplanApp,
    name="tdsplan",
    help="Suivre un plan d’action pluriannuel tenu en fichiers YAML dans git.",
    no_args_is_help=True,
    invoke_without_command=True,  # options without a command: refused in French (_root)
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)


@app.callback()
def _root(
    ctx: typer.Context,
    plan: Annotated[
        Path | None,
        typer.Option(
            "--plan",
            metavar="DOSSIER",
            callback=paths.folder,
            readable=False,
            help="Dossier du plan, ou sa période (2018-2023) dans un dépôt à plusieurs plans "
            "(défaut : le plan courant de tdsplan.toml, sinon le dossier plan/ trouvé depuis "
            "le dossier courant).",
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            "--langue",
            metavar="fr|en",
            callback=_language,
            is_eager=True,
            help="Langue des messages et des rapports (défaut : fr, ou la variable TDSPLAN_LANG) ; "
            "fr,en : le site web dans les deux langues.",
        ),
    ] = None,
    debug: Annotated[
        bool,
        typer.Option(
            "--debug", help="En cas d’erreur interne, afficher le détail (la pile d’appels)."
        ),
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Afficher la version et quitter."
        ),
    ] = False,
    install_completion: Annotated[
        bool,
        typer.Option(
            "--install-completion",
            callback=typer.completion.install_callback,
            expose_value=False,
            is_eager=True,
            help="Installer la complétion pour le shell courant.",
        ),
    ] = False,
    show_completion: Annotated[
        bool,
        typer.Option(
            "--show-completion",
            callback=typer.completion.show_callback,
            expose_value=False,
            is_eager=True,
            help="Afficher le script de complétion du shell courant.",
        ),
    ] = False,
) -> None:
    """Suivre un plan d’action pluriannuel tenu en fichiers YAML dans git.

    Le plan vit dans un dossier plan/ : plan.yaml, puis un dossier par orientation et
    un fichier par objectif. Toutes les commandes lisent et valident ce dossier.
    """
    ctx.obj = Settings(plan_dir=plan, languages=_languages(lang))
    if ctx.invoked_subcommand is None:
        from tdsplan.cli.help import missing_command

        missing_command(ctx)


_READ, _CHANGE, _CHECK = _mark("Consulter"), _mark("Modifier"), _mark("Vérifier")

app.command("status", cls=TdsplanCommand, rich_help_panel=_READ)(status.status)
app.command("show", cls=TdsplanCommand, rich_help_panel=_READ)(show.show)
app.command("update", cls=TdsplanCommand, rich_help_panel=_CHANGE)(update.update)
app.command("amend", cls=TdsplanCommand, rich_help_panel=_CHANGE)(amend.amend)
add_app = typer.Typer(
    cls=TdsplanGroup,
    no_args_is_help=True,
    help="Ajouter un élément au plan, ou un indicateur.",
)
add_app.command("action", cls=TdsplanCommand)(add.action)
add_app.command("objective", cls=TdsplanCommand)(add.objective)
add_app.command("orientation", cls=TdsplanCommand)(add.orientation)
add_app.command("indicator", cls=TdsplanCommand)(add.indicator)
app.add_typer(add_app, name="add", rich_help_panel=_CHANGE)
app.command("edit", cls=TdsplanCommand, rich_help_panel=_CHANGE)(edit.edit)
app.command("move", cls=TdsplanCommand, rich_help_panel=_CHANGE)(move.move)
app.command("remove", cls=TdsplanCommand, rich_help_panel=_CHANGE)(remove.remove)
app.command("validate", cls=TdsplanCommand, rich_help_panel=_CHECK)(validate.validate)
app.command("log", cls=TdsplanCommand, rich_help_panel=_READ)(log.log)
app.command("report", cls=TdsplanCommand, rich_help_panel=_READ)(report.report)
app.command("diff", cls=TdsplanCommand, rich_help_panel=_READ)(diff.diff)
app.command("adopt", cls=TdsplanCommand, rich_help_panel=_CHANGE)(adopt.adopt)
app.command("export", cls=TdsplanCommand, rich_help_panel=_READ)(export.export)
app.command("import", cls=TdsplanCommand, rich_help_panel=_CHANGE)(importing.import_)
app.command("remind", cls=TdsplanCommand, rich_help_panel=_CHANGE)(remind.remind)
# The French name of the command, as « --statut » is of « --status ».
app.command("relancer", cls=TdsplanCommand, hidden=True)(remind.remind)
app.command("init", cls=TdsplanCommand, rich_help_panel=_CHANGE)(init.init)
app.command("schema", cls=TdsplanCommand, rich_help_panel=_CHECK)(schema.schema)
app.command("site", cls=TdsplanCommand, rich_help_panel=_READ)(site.site)
