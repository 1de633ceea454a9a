"""An action postponed past its due date is said once, as postponed: by the reports and
the public site alike (the status screen, a coordinator's tool, still lists it late)."""

from __future__ import annotations

import datetime as dt

from tests.conftest import OBJECTIF_1_2, SMALL_PLAN, write_tree
from tests.test_site import PUBLISHED, build, text_of

POSTPONED = OBJECTIF_1_2.replace(
    "    journal: []\n",
    "    statut: reportee\n    echeance: 2019-12-31\n    journal:\n"
    "      - date: 2019-11-01\n        statut: reportee\n        note: Faute de budget.\n",
)


def test_the_site_and_the_bilan_count_a_postponed_action_once(cli, tmp_path):
    plan = write_tree(tmp_path / "plan", {**SMALL_PLAN, "1-comprendre/1.2-outils.yaml": POSTPONED})
    # 1.1.2 (in progress, due 2020-01-31) is late; 1.2.1 is postponed, past its due date.
    build(plan, tmp_path / "site", as_of=dt.date(2020, 3, 15))
    home = text_of(tmp_path / "site" / "index.html")
    assert "1 reportée · 1 abandonnée · 1 en retard sur son échéance" in home
    page = text_of(tmp_path / "site" / "action" / "1.2.1.html")
    assert "En retard" not in page
    assert "En retard" in text_of(tmp_path / "site" / "action" / "1.1.2.html")
    orientation = text_of(tmp_path / "site" / "orientation" / "1.html")
    assert "1 en retard" in orientation and "2 en retard" not in orientation
    out = tmp_path / "bilan.md"
    assert cli("--plan", plan, "report", "--year", "2019-2020", "-o", out).exit_code == 0
    assert "**1 action en retard**" in out.read_text("utf-8")
    status = cli("--plan", plan, "status").stdout
    assert "2 en retard" in status.splitlines()[1]


def test_the_published_watch_list_says_a_postponed_action_postponed(tmp_path):
    tree = {**SMALL_PLAN, "plan.yaml": PUBLISHED, "1-comprendre/1.2-outils.yaml": POSTPONED}
    plan = write_tree(tmp_path / "plan", tree)
    build(plan, tmp_path / "site", as_of=dt.date(2020, 3, 15))
    watch = (tmp_path / "site" / "surveiller.html").read_text("utf-8")
    late = watch.split('id="retard"')[1].split("</section>")[0]
    # 1.1.2 is late; 1.2.1, postponed past its due date, is not listed late.
    assert "action/1.1.2.html" in late and "action/1.2.1.html" not in late
    assert "En retard 1" in text_of(tmp_path / "site" / "surveiller.html")
    assert "À surveiller : 1 en retard," in text_of(tmp_path / "site" / "index.html")
