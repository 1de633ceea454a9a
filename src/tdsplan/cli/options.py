"""Global options anywhere: ``tdsplan status --lang en`` as well as ``tdsplan --lang en
status``, and ``tdsplan --as-of 2021-03-31 status`` as well as after the command.

Click reads an option only at the level that declares it. Before parsing, the words are
put where click looks for them: ``--plan``, ``--lang`` and ``--debug`` found after the
command move in front of it; ``--as-of`` found in front of it moves behind it (a command
that does not take it then says so itself).
"""

from __future__ import annotations

#: Options of the root command, with whether they take a value.
ROOT = {"--plan": True, "--lang": True, "--langue": True}
#: Options of some commands that may also be written before the command.
COMMAND = {"--as-of": True, "--au": True}
#: Root options without a value that may also be written after the command.
ROOT_FLAGS = ("--debug",)


def hoist(args: list[str]) -> list[str]:
    """``args`` with the global options moved to the level that reads them."""
    front: list[str] = []
    rest = list(args)
    late: list[str] = []
    # Up to the command's name: keep root options, set command ones aside.
    while rest and rest[0].startswith("-") and rest[0] != "--":
        word = rest.pop(0)
        name = word.split("=", 1)[0]
        takes_value = "=" not in word and (ROOT.get(name) or COMMAND.get(name))
        value = [rest.pop(0)] if takes_value and rest else []
        (late if name in COMMAND else front).extend([word, *value])
    if not rest:
        return [*front, *late]
    command, rest = rest[0], rest[1:]
    kept: list[str] = []
    while rest:
        word = rest.pop(0)
        if word == "--":
            kept += [word, *rest]
            break
        name = word.split("=", 1)[0]
        if word in ROOT_FLAGS:
            front.append(word)
        elif name in ROOT:
            value = [rest.pop(0)] if "=" not in word and rest else []
            front += [word, *value]
        else:
            kept.append(word)
    return [*front, command, *late, *kept]
