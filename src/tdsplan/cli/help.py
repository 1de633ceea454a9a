"""How the command line presents itself: plain help in the user's language, commands
grouped by purpose, and French words for click's usage errors."""

from __future__ import annotations

import re
from typing import Any

from typer.core import TyperCommand, TyperGroup

from tdsplan.cli.vendored import click_errors
from tdsplan.errors import clip
from tdsplan.i18n import _, _mark, current_language
from tdsplan.suggest import did_you_mean

_HELP_WORDS = (
    ("[default: ", _mark("[défaut : ")),
    ("[required]", _mark("[obligatoire]")),
    ("\nOptions:\n", _mark("\nOptions :\n")),
    ("\nArguments:\n", _mark("\nArguments :\n")),
)


class _PlainHelp:
    """Plain help (no rich: --help stays fast), in the user's language: its texts and
    metavars translated, arguments named as they are typed (no ``{ID}`` nor ``<str>``)."""

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = _("Afficher cette aide et quitter.")
        return option

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [_("[OPTIONS]")]
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            if param.param_type_name == "argument":
                name = argument_name(param)
                pieces.append(name if param.required else f"[{name}]")
        return pieces

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = self.collect_usage_pieces(ctx)
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=_("Utilisation : "))

    def format_options(self, ctx: Any, formatter: Any) -> None:
        arguments, options = [], []
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":
                arguments.append((argument_name(param), record[1]))
            else:
                options.append(record)
        # Titles in click's words: get_help puts them in the user's (_HELP_WORDS).
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)

    def get_help(self, ctx: Any) -> str:
        # Help texts and metavars are written in French; show them translated, then put
        # them back.
        params = self.get_params(ctx)  # type: ignore[attr-defined]
        saved = [
            (item, name, getattr(item, name))
            for item in (self, *params)
            for name in ("help", "metavar")
            if getattr(item, name, None)
        ]
        try:
            for item, name, text in saved:
                setattr(item, name, _GLUED.sub("\xa0", _(text)))
            text = super().get_help(ctx)  # type: ignore[misc]
        finally:
            for item, name, original in saved:
                setattr(item, name, original)
        for english, french in _HELP_WORDS:
            text = text.replace(english, _(french))
        return text.replace("\xa0", " ")


#: The spaces French typography keeps with their neighbour: before « ; : ! ? » » and after
#: « «. The help is wrapped with them made unbreakable (a no-break space, which the wrapper
#: does not cut at), then given back as plain spaces.
_GLUED = re.compile(r" (?=[;:!?»])|(?<=«) ")


def argument_name(param: Any) -> str:
    """An argument as its help names it: ``ID``, ``FICHIER…`` (several)."""
    name = param.metavar or (param.name or "").upper()
    return name + ("…" if param.nargs != 1 else "")


def summary(text: str, room: int) -> str:
    """A command's line in a listing: the first sentence of its help without its full
    stop, never cut within a word; when it is longer than ``room``, what comes before its
    colon (« Afficher l’état du
    plan : avancement, … » gives « Afficher l’état du plan »)."""
    sentence = " ".join(text.split("\n\n", 1)[0].split()).removesuffix(".")
    if len(sentence) > room:
        return re.split(r" ?: ", sentence, maxsplit=1)[0]
    return sentence


class TdsplanCommand(_PlainHelp, TyperCommand):
    """A command whose help speaks the user's language."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        # Left-over words are refused here, in French, rather than by click in English.
        ctx.allow_extra_args = True
        try:
            rest = super().parse_args(ctx, args)
        except click_errors.UsageError as error:
            error.ctx = error.ctx or ctx  # the parser leaves it out: the hint needs it
            raise
        if ctx.args and not ctx.resilient_parsing:
            raise click_errors.UsageError(
                _("argument en trop : {value}").format(value=clip(" ".join(ctx.args))), ctx
            )
        return rest


class TdsplanGroup(_PlainHelp, TyperGroup):
    """A group of commands, listed by purpose, with a hint for a mistyped command."""

    def summary(self, ctx: Any, name: str) -> tuple[bool, str | None, str]:
        """Whether the command ``name`` (one of :meth:`list_commands`) is hidden, its panel
        and its help (the root group answers without building the command)."""
        command: Any = self.get_command(ctx, name)
        return command.hidden, getattr(command, "rich_help_panel", None), command.help or ""

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        groups: dict[str, list[tuple[str, str]]] = {}
        names = self.list_commands(ctx)
        room = formatter.width - 6 - max((len(name) for name in names), default=0)
        for name in names:
            hidden, panel, text = self.summary(ctx, name)
            if not hidden:
                short = summary(_(text) if text else "", room)
                groups.setdefault(panel or _mark("Commandes"), []).append((name, short))
        french = current_language() == "fr"
        for panel, rows in groups.items():
            with formatter.section(f"{_(panel)} " if french else _(panel)):
                formatter.write_dl(rows)

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return [_("[OPTIONS]"), _("COMMANDE [ARGUMENTS]…")]

    def format_options(self, ctx: Any, formatter: Any) -> None:
        super().format_options(ctx, formatter)
        self.format_commands(ctx, formatter)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            hint = did_you_mean(name, self.list_commands(ctx))
            raise click_errors.UsageError(
                _("commande inconnue « {name} »").format(name=name) + hint, ctx
            )
        return super().resolve_command(ctx, args)


def missing_command(ctx: Any) -> None:
    """Refuse options given without a command (click's own words are English)."""
    group = ctx.command
    names = [name for name in group.list_commands(ctx) if not group.summary(ctx, name)[0]]
    raise click_errors.UsageError(
        _("commande manquante : indiquez-en une parmi {commands}").format(
            commands=", ".join(names)
        ),
        ctx,
    )


def usage_message(error: click_errors.UsageError) -> str:
    """click's usage error in the user's language, from its fields rather than its text."""
    if isinstance(error, click_errors.NoSuchOption):
        hint = did_you_mean(error.option_name, error.possibilities or [])
        return _("option inconnue « {name} »").format(name=error.option_name) + hint
    if isinstance(error, click_errors.MissingParameter) and error.param is not None:
        if error.param.param_type_name == "option":
            return _("option obligatoire manquante : {name}").format(name=error.param.opts[0])
        return _("argument obligatoire manquant : {name}").format(
            name=_(argument_name(error.param))
        )
    if isinstance(error, click_errors.BadParameter):
        name = error.param.opts[0] if error.param is not None and error.param.opts else "?"
        return _("valeur invalide pour {name} : {reason}").format(name=name, reason=error.message)
    if isinstance(error, click_errors.BadOptionUsage):
        option = _option(error.ctx, error.option_name)
        if option is not None and option.is_flag:
            return _("l’option {name} ne prend pas de valeur").format(name=error.option_name)
        return _("l’option {name} demande une valeur").format(name=error.option_name)
    return error.message


def _option(ctx: Any, name: str) -> Any:
    params = ctx.command.params if ctx is not None else []
    return next((p for p in params if name in getattr(p, "opts", ())), None)


def help_hint(ctx: Any) -> str:
    """« Aide : « tdsplan status --help ». »"""
    path = ctx.command_path if ctx is not None else "tdsplan"
    return _("Aide : « {command} --help ».").format(command=path)
