"""The ``tdsplan`` command line: Typer commands over the core, and the one exit door.

Every error ends here: :class:`~tdsplan.errors.TdsplanError` and click's usage
errors become messages on stderr, in the user's language, and an exit code
(0 success, 1 invalid plan or refused change, 2 bad usage), never a traceback.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
import typer.completion

# Typer 0.29 carries its own copy of click; its exceptions are only reachable here.
from typer._click import exceptions as click_errors
from typer._click.utils import make_default_short_help
from typer.core import TyperCommand, TyperGroup

from tdsplan import __version__
from tdsplan.cli import (
    add,
    console,
    diff,
    export,
    init,
    log,
    report,
    schema,
    show,
    site,
    status,
    update,
    validate,
)
from tdsplan.cli.common import Settings
from tdsplan.errors import PlanInvalidError, TdsplanError
from tdsplan.i18n import LANGUAGES, _, _mark, current_language, ngettext, use_language

_HELP_WORDS = (("[default: ", _mark("[défaut : ")), ("[required]", _mark("[obligatoire]")),
               ("\nOptions:\n", _mark("\nOptions :\n")),
               ("\nArguments:\n", _mark("\nArguments :\n")))


class _PlainHelp:
    """Plain help (no rich: --help stays fast), in the user's language, commands grouped."""

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = _("Afficher cette aide et quitter.")
        return option

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=_("Utilisation : "))

    def get_help(self, ctx: Any) -> str:
        # Help texts are written in French; show them translated, then put them back.
        params = self.get_params(ctx)  # type: ignore[attr-defined]
        saved = [(item, item.help) for item in (self, *params) if getattr(item, "help", None)]
        try:
            for item, text in saved:
                item.help = _(text)
            text = super().get_help(ctx)  # type: ignore[misc]
        finally:
            for item, original in saved:
                item.help = original
        for english, french in _HELP_WORDS:
            text = text.replace(english, _(french))
        return text


class TdsplanCommand(_PlainHelp, TyperCommand):
    """A command whose help speaks the user's language."""


class TdsplanGroup(_PlainHelp, TyperGroup):
    """Runs the command and turns whatever goes wrong into a message and an exit code."""

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        groups: dict[str, list[tuple[str, str]]] = {}
        commands = [(name, self.get_command(ctx, name)) for name in self.list_commands(ctx)]
        limit = formatter.width - 6 - max((len(name) for name, _cmd in commands), default=0)
        for name, command in commands:
            if command is not None and not command.hidden:
                panel = getattr(command, "rich_help_panel", None) or _mark("Commandes")
                short = make_default_short_help(_(command.help) if command.help else "", limit)
                groups.setdefault(panel, []).append((name, short))
        french = current_language() == "fr"
        for panel, rows in groups.items():
            with formatter.section(f"{_(panel)} " if french else _(panel)):
                formatter.write_dl(rows)

    def main(self, args: Any = None, prog_name: Any = None, complete_var: Any = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        language = os.environ.get("TDSPLAN_LANG", "fr")
        use_language(language if language in LANGUAGES else "fr")
        try:
            code = super().main(args, prog_name or "tdsplan", complete_var,
                                standalone_mode=False, **extra)
        except PlanInvalidError as error:
            console.print_problems(error.problems)
            files = len({p.path for p in error.problems})
            console.print_error(
                ngettext("plan invalide : {n} problème", "plan invalide : {n} problèmes",
                         len(error.problems)).format(n=len(error.problems))
                + ngettext(" dans {n} fichier", " dans {n} fichiers", files).format(n=files))
            code = error.exit_code
        except TdsplanError as error:
            console.print_error(str(error))
            code = error.exit_code
        except click_errors.NoArgsIsHelpError as error:
            # No command given: the help stands in for the missing command (on stderr, as
            # click does), with exit code 2.
            if error.format_message().strip():
                sys.stderr.write(error.format_message() + "\n")
            code = 2
        except click_errors.UsageError as error:
            console.print_error(_usage_message(error), _help_hint(error.ctx))
            code = 2
        except typer.Abort:
            console.print_error(_("interrompu"))
            code = 130
        except BrokenPipeError:
            console.silence_stdout()  # the reader (``head``, ``less``) is gone
            code = 0
        sys.exit(code if isinstance(code, int) else 0)

    def resolve_command(self, ctx: typer.Context, args: list[str]) -> Any:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            import difflib

            close = difflib.get_close_matches(name, self.list_commands(ctx), n=1)
            hint = _(" (vouliez-vous dire « {word} » ?)").format(word=close[0]) if close else ""
            raise click_errors.UsageError(
                _("commande inconnue « {name} »").format(name=name) + hint, ctx)
        return super().resolve_command(ctx, args)


def _usage_message(error: click_errors.UsageError) -> str:
    import difflib

    if isinstance(error, click_errors.NoSuchOption):
        close = difflib.get_close_matches(error.option_name, error.possibilities or [], n=1)
        hint = _(" (vouliez-vous dire « {word} » ?)").format(word=close[0]) if close else ""
        return _("option inconnue « {name} »").format(name=error.option_name) + hint
    if isinstance(error, click_errors.MissingParameter) and error.param is not None:
        name = (error.param.opts[0] if error.param.param_type_name == "option"
                else error.param.metavar or (error.param.name or "").upper())
        if error.param.param_type_name == "option":
            return _("option obligatoire manquante : {name}").format(name=name)
        return _("argument obligatoire manquant : {name}").format(name=name)
    if isinstance(error, click_errors.BadParameter):
        name = error.param.opts[0] if error.param is not None and error.param.opts else "?"
        return _("valeur invalide pour {name} : {reason}").format(name=name, reason=error.message)
    message = error.message
    if message.startswith("Got unexpected extra argument"):
        extra = message.split("(", 1)[-1].rstrip(")")
        return _("argument en trop : {value}").format(value=extra)
    if message.startswith("Option '") and "requires an argument" in message:
        return _("l’option {name} demande une valeur").format(name=message.split(chr(39))[1])
    return message


def _help_hint(ctx: typer.Context | None) -> str:
    path = ctx.command_path if ctx is not None else "tdsplan"
    return _("Aide : « {command} --help ».").format(command=path)


def _language(value: str | None) -> str | None:
    if value is not None:
        if value not in LANGUAGES:
            raise typer.BadParameter(_("« {lang} » : fr ou en").format(lang=value))
        use_language(value)
    return value


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tdsplan {__version__}")
        raise typer.Exit()


app = typer.Typer(
    cls=TdsplanGroup,
    name="tdsplan",
    help="Suivre un plan d’action pluriannuel tenu en fichiers YAML dans git.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)


@app.callback()
def _root(
    ctx: typer.Context,
    plan: Annotated[Path | None, typer.Option(
        "--plan", metavar="DOSSIER", file_okay=False,
        help="Dossier du plan (défaut : le dossier plan/ trouvé depuis le dossier courant).")]
    = None,
    lang: Annotated[str | None, typer.Option(
        "--lang", "--langue", metavar="fr|en", callback=_language, is_eager=True,
        help="Langue des messages et des rapports (défaut : fr, ou la variable TDSPLAN_LANG).")]
    = None,
    version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help="Afficher la version et quitter.")]
    = False,
    install_completion: Annotated[bool, typer.Option(
        "--install-completion", callback=typer.completion.install_callback, expose_value=False,
        is_eager=True, help="Installer la complétion pour le shell courant.")] = False,
    show_completion: Annotated[bool, typer.Option(
        "--show-completion", callback=typer.completion.show_callback, expose_value=False,
        is_eager=True, help="Afficher le script de complétion du shell courant.")] = False,
) -> None:
    """Suivre un plan d’action pluriannuel tenu en fichiers YAML dans git.

    Le plan vit dans un dossier plan/ : plan.yaml, puis un dossier par orientation et
    un fichier par objectif. Toutes les commandes lisent et valident ce dossier.
    """
    ctx.obj = Settings(plan_dir=plan)


app.command("status", cls=TdsplanCommand, rich_help_panel=_mark("Consulter"))(status.status)
app.command("show", cls=TdsplanCommand, rich_help_panel=_mark("Consulter"))(show.show)
app.command("update", cls=TdsplanCommand, rich_help_panel=_mark("Modifier"))(update.update)
add_app = typer.Typer(cls=TdsplanGroup, no_args_is_help=True,
                      help="Ajouter une action, un objectif ou une orientation.")
add_app.command("action", cls=TdsplanCommand)(add.action)
add_app.command("objective", cls=TdsplanCommand)(add.objective)
add_app.command("orientation", cls=TdsplanCommand)(add.orientation)
app.add_typer(add_app, name="add", rich_help_panel=_mark("Modifier"))
app.command("validate", cls=TdsplanCommand, rich_help_panel=_mark("Vérifier"))(validate.validate)
app.command("log", cls=TdsplanCommand, rich_help_panel=_mark("Consulter"))(log.log)
app.command("report", cls=TdsplanCommand, rich_help_panel=_mark("Consulter"))(report.report)
app.command("diff", cls=TdsplanCommand, rich_help_panel=_mark("Consulter"))(diff.diff)
app.command("export", cls=TdsplanCommand, rich_help_panel=_mark("Consulter"))(export.export)
app.command("init", cls=TdsplanCommand, rich_help_panel=_mark("Modifier"))(init.init)
app.command("schema", cls=TdsplanCommand, rich_help_panel=_mark("Vérifier"))(schema.schema)
app.command("site", cls=TdsplanCommand, rich_help_panel=_mark("Consulter"))(site.site)


def main() -> None:
    """Entry point of the ``tdsplan`` script."""
    app()
