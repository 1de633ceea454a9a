#!/usr/bin/env bash
# Refait examples/demo/plan-2023-2028 (données fictives) : depuis examples/demo, après
#   rm -rf plan-2023-2028 tdsplan.toml
# Le plan suivant est créé par « tdsplan init --from » (chaque action reprise y est un lien
# reprise_de : son état au 1er avril 2023 se lit dans le journal de plan/ ; les titres des
# orientations passent de « En 2023 » à « En 2028 »), marqué fictif, puis tenu à jour par
# quelques « tdsplan update » inventés (2023-2025).
set -e
tdsplan init plan-2023-2028 --from plan --rewrite-titles
python - <<'PY'
from pathlib import Path
head = ("# DONNÉES FICTIVES : exemple de démonstration de tdsplan. Les porteurs, dates, notes et\n"
        "# résultats ci-dessous sont inventés ; le plan réel est dans plan/ à la racine du dépôt.\n")
for p in sorted(Path("plan-2023-2028").rglob("*.yaml")):
    t = p.read_text("utf-8")
    if p.name == "plan.yaml":
        old = "description: Plan qui fait suite au Plan d’action 2018-2023.\n"
        assert old in t
        t = t.replace(old, old +
            "avertissement: >-\n  Données fictives : ce rapport de démonstration repose sur un journal inventé. Il ne\n"
            "  reflète pas l’avancement réel du plan.\n")
    p.write_text(head + t, "utf-8")
PY
u(){ tdsplan update "$@" --by "Coordination (fictif)" > /dev/null; }
u 1.2.3 --status en_cours --progress 70 --date 2023-06-15 --note "Tournage des deux dernières capsules relancé avec un nouveau fournisseur."
u 1.1.3 --status en_cours --date 2023-09-20 --note "Comité de travail formé ; premier projet de politique présenté au CA."
u 2.1.4 --progress 45 --date 2023-11-08 --note "Trois jumelages en place dans Joliette, Matawinie et Montcalm."
u 3.1.4 --status realisee --progress 100 --indicator "MRC dotées d’une politique ou d’un plan d’action en DS=6" --date 2024-02-28 --note "Les six plans d’action locaux sont adoptés."
u 1.2.3 --status realisee --progress 100 --indicator "Capsules diffusées=6" --date 2024-03-12 --note "Série de capsules diffusée sur le site et la page Facebook."
u 4.1.3 --progress 80 --date 2024-03-20 --note "Projet de politique régionale soumis à la consultation des partenaires."
u 2.2.5 --status abandonnee --date 2024-05-02 --note "Aucune occasion retenue ; l’énergie va à l’Alliance."
u 1.1.3 --status realisee --progress 100 --date 2024-10-16 --note "Politique de membership adoptée en AGA."
u 4.1.3 --status realisee --progress 100 --date 2025-02-19 --note "Politique régionale adoptée par le conseil des partenaires."
tdsplan validate
