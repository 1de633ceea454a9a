"""Check the syntax of the repository's own YAML files (CI workflows, pre-commit), in French.

    python scripts/check_yaml.py FICHIER...   # one line per problem, exit 1 if there is one

The plan files are left to ``tdsplan validate`` (which says more); this reads the other
YAML files with the same reader, so that a fault is worded as in a plan file, at its line
and column, and not in PyYAML's English.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from tdsplan.yamlio import FileProblems, read_document  # noqa: E402


def problems(paths: list[str]) -> list[str]:
    """``file:line:col: message`` for each problem of ``paths``, in French."""
    found = []
    for name in paths:
        try:
            read_document(Path(name), positions=False)
        except FileProblems as error:
            found.extend(problem.format(name) for problem in error.problems)
    return found


if __name__ == "__main__":
    lines = problems(sys.argv[1:])
    if lines:
        print("\n".join(lines))
    sys.exit(1 if lines else 0)
