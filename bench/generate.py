"""Write a realistic synthetic plan of N actions, laid out like the real one.

    python bench/generate.py 10000 /tmp/plan-10k

One folder per orientation (about 8 objectives each), one file per objective
(about 8 actions each); every action has a lead, partners, territories,
mandates, dates, sometimes indicators, and a journal of 0 to 8 entries. The
same N always gives the same files.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

WORDS = [
    "concertation",
    "développement",
    "social",
    "territoire",
    "milieu",
    "acteurs",
    "réseau",
    "formation",
    "outil",
    "portrait",
    "politique",
    "sécurité",
    "alimentaire",
    "participation",
    "citoyenne",
    "logement",
    "mobilité",
    "inclusion",
    "solidarité",
    "jeunesse",
    "aînés",
    "famille",
    "communauté",
    "régional",
    "local",
    "rencontre",
    "veille",
    "analyse",
    "promotion",
    "accompagnement",
    "financement",
]
LEADS = [
    "Coordination",
    "Comité promotion",
    "Comité formation",
    "Comité veille",
    "Agente de développement",
    "Conseil d’administration",
]
TERRITORIES = ["autray", "joliette", "lassomption", "matawinie", "montcalm", "les_moulins"]
STEPS = [("en_cours", 20), ("en_cours", 50), (None, 70), ("realisee", 100)]


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def action(rng: random.Random, identifier: str) -> str:
    start = dt.date(2018, 4, 1) + dt.timedelta(days=rng.randrange(0, 900))
    due = start + dt.timedelta(days=rng.randrange(120, 900))
    entries = rng.randrange(0, 9)
    journal, statut, progress, day = [], "a_venir", None, start
    for step in range(entries):
        day += dt.timedelta(days=rng.randrange(10, 120))
        new_status, new_progress = STEPS[min(step, len(STEPS) - 1)] if step < 4 else (None, None)
        lines = [f"      - date: {day.isoformat()}"]
        if new_status:
            statut = new_status
            lines.append(f"        statut: {new_status}")
        if new_progress is not None:
            progress = new_progress
            lines.append(f"        avancement: {new_progress}")
        lines.append(f"        note: {sentence(rng, rng.randrange(6, 16))}.")
        lines.append(f"        auteur: {rng.choice(LEADS)}")
        journal.append("\n".join(lines))
    out = [
        f"  - id: {identifier}",
        f"    titre: {sentence(rng, rng.randrange(3, 9))}",
        f"    statut: {statut}",
    ]
    if progress is not None:
        out.append(f"    avancement: {progress}")
    partners = [f"      - {sentence(rng, 3)}" for _ in range(rng.randrange(0, 3))]
    out += [
        f"    porteur: {rng.choice(LEADS)}",
        "    partenaires:",
        *partners,
        f"    territoires: [{', '.join(rng.sample(TERRITORIES, rng.randrange(1, 4)))}]",
        f"    mandats: [{', '.join(str(m) for m in sorted(rng.sample(range(1, 6), 2)))}]",
        f"    debut: {start.isoformat()}",
        f"    echeance: {due.isoformat()}",
    ]
    if out[-5] == "    partenaires:":
        out.pop(-5)
    if rng.random() < 0.3:
        out += [
            "    indicateurs:",
            f"      - nom: {sentence(rng, 3)}",
            f"        cible: {rng.randrange(10, 500)}",
            f"        reel: {rng.randrange(0, 500)}",
            "        unite: personnes",
        ]
    out.append("    journal:" if journal else "    journal: []")
    return "\n".join(out + journal) + "\n"


def generate(n: int, folder: Path, per_objective: int = 8, per_orientation: int = 8) -> None:
    rng = random.Random(n)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "plan.yaml").write_text(
        "titre: Plan synthétique\norganisation: Banc d’essai\nperiode:\n  debut: 2018\n"
        "  fin: 2023\nmission:\n  texte: Mesurer tdsplan.\nmandats:\n"
        + "".join(f"  - id: {m}\n    texte: Mandat {m}\n" for m in range(1, 6))
        + "territoires:\n"
        + "".join(f"  - id: {t}\n    nom: {t.title()}\n" for t in TERRITORIES),
        "utf-8",
    )
    made, o = 0, 0
    while made < n:
        o += 1
        sub = folder / f"{o}-orientation-{o}"
        sub.mkdir(exist_ok=True)
        (sub / "orientation.yaml").write_text(f"id: {o}\ntitre: {sentence(rng, 10)}\n", "utf-8")
        for b in range(1, per_orientation + 1):
            if made >= n:
                break
            count = min(per_objective, n - made)
            body = "".join(action(rng, f"{o}.{b}.{a}") for a in range(1, count + 1))
            (sub / f"{o}.{b}-objectif.yaml").write_text(
                f"# Objectif {o}.{b}\nid: {o}.{b}\ntitre: {sentence(rng, 8)}\nactions:\n{body}",
                "utf-8",
            )
            made += count


if __name__ == "__main__":
    generate(int(sys.argv[1]), Path(sys.argv[2]))
