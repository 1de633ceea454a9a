"""The ``tdsplan`` application: its global options and its commands, by purpose."""

from __future__ import annotations

import importlib
import inspect
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any, NamedTuple, NoReturn

import typer
import typer.completion

from tdsplan.cli import completion, door, options, paths
from tdsplan.cli.common import Settings
from tdsplan.cli.help import TdsplanCommand, TdsplanGroup
from tdsplan.i18n import LANGUAGES, _, _mark, use_language
from tdsplan.version import __version__


class Command(NamedTuple):
    """A command of the application (a function, or a group of them such as ``add``), named
    ``module.attribute`` in :mod:`tdsplan.cli`: its module is imported, and the command
    built (its options read from its signature by Typer), only when it runs or shows its
    help. ``--help`` and every command start without building the twenty others, and a
    command without importing them."""

    target: str
    panel: str | None = None
    hidden: bool = False

    def function(self) -> Callable[..., Any] | typer.Typer:
        """The command's function, or its group."""
        module, _sep, attribute = self.target.partition(".")
        found: Callable[..., Any] | typer.Typer = getattr(
            importlib.import_module(f"tdsplan.cli.{module}"), attribute
        )
        return found

    @property
    def help(self) -> str:
        """Its help text, as Typer takes it (the group's own, or the function's docstring)."""
        target = self.function()
        if isinstance(target, typer.Typer):
            return inspect.cleandoc(target.info.help or "")
        return inspect.getdoc(target) or ""

    def build(self, name: str) -> Any:
        """The click command, as ``app.command`` or ``app.add_typer`` would register it."""
        one = typer.Typer(rich_markup_mode=None, add_completion=False)
        target = self.function()
        if isinstance(target, typer.Typer):
            one.add_typer(target, name=name, rich_help_panel=self.panel)
            return typer.main.get_command(one).commands[name]  # type: ignore[attr-defined]
        one.command(name, cls=TdsplanCommand, rich_help_panel=self.panel, hidden=self.hidden)(
            target
        )
        return typer.main.get_command(one)


class TdsplanApp(TdsplanGroup):
    """The root group: chooses the language, then runs the command through the exit door."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, name: str) -> Any:
        if name not in self.commands and name in COMMANDS:
            self.commands[name] = COMMANDS[name].build(name)
        return self.commands.get(name)

    def summary(self, ctx: Any, name: str) -> tuple[bool, str | None, str]:
        entry = COMMANDS[name]
        return entry.hidden, entry.panel, entry.help

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

#: The commands, in the order the help lists them: name, function (or group), panel. The
#: French name « relancer » is hidden, as « --statut » is beside « --status ».
COMMANDS: dict[str, Command] = {
    "status": Command("status.status", _READ),
    "show": Command("show.show", _READ),
    "update": Command("update.update", _CHANGE),
    "amend": Command("amend.amend", _CHANGE),
    "edit": Command("edit.edit", _CHANGE),
    "move": Command("move.move", _CHANGE),
    "remove": Command("remove.remove", _CHANGE),
    "validate": Command("validate.validate", _CHECK),
    "log": Command("log.log", _READ),
    "report": Command("report.report", _READ),
    "diff": Command("diff.diff", _READ),
    "adopt": Command("adopt.adopt", _CHANGE),
    "export": Command("export.export", _READ),
    "import": Command("importing.import_", _CHANGE),
    "remind": Command("remind.remind", _CHANGE),
    "relancer": Command("remind.remind", hidden=True),
    "init": Command("init.init", _CHANGE),
    "schema": Command("schema.schema", _CHECK),
    "site": Command("site.site", _READ),
    "add": Command("add.group", _CHANGE),
}
