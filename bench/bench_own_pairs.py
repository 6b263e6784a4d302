"""Benchmark: planning and run time of the participant's own-pairs query on PostgreSQL, the
former form (ORed joins + DISTINCT, rebuilt here as the baseline) against `pairs.access.pairs_of`.

    BENCH_DATABASE_URL=postgres://... .venv/bin/python bench/bench_own_pairs.py [--runs 15]

Uses the scaled demo company (bench/company.py; built when missing). Prints the best of
`--runs` EXPLAIN (ANALYZE) figures for both, checks both find the same pairs, exits 1 when the
new form plans in more than PLAN_TARGET_MS or is not at least 5 times faster to plan.
"""

from __future__ import annotations

import argparse
from typing import Any

from company import PROGRAM, analyze, build, setup_django  # bench/company.py
from targets import finish

PLAN_TARGET_MS = 5.0


def explain(qs: Any, runs: int) -> tuple[float, float]:
    from django.db import connection

    sql, params = qs.query.sql_with_params()
    best: list[tuple[float, float]] = []
    with connection.cursor() as cursor:
        for _ in range(runs):
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
            plan = cursor.fetchone()[0][0]
            best.append((plan["Planning Time"], plan["Execution Time"]))
    return min(p for p, _e in best), min(e for _p, e in best)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    setup_django()
    from django.db.models import Q

    from terbalik.pairs.access import RELATED, pairs_of
    from terbalik.pairs.models import Pair

    if not Pair.objects.filter(program__name=PROGRAM).exists():
        build(employees=5000, pairs=2000)
    analyze()  # cheap; a database built before statistics existed gets them
    pair = Pair.objects.filter(program__name=PROGRAM).select_related("mentee__user").last()
    user = pair.mentee.user
    mine = (Q(mentor__user=user) | Q(mentee__user=user)
            | Q(mentor__employee_id=user.employee_id) | Q(mentee__employee_id=user.employee_id))
    old = Pair.objects.filter(mine).select_related(*RELATED).distinct().order_by("-started_at")
    new = pairs_of(user).order_by("-started_at")
    assert [p.pk for p in old] == [p.pk for p in new] == [pair.pk]
    figures = {"former (baseline)": explain(old, args.runs), "pairs_of": explain(new, args.runs)}
    print(f"own pairs of one participant among {Pair.objects.count()} pairs "
          f"(best of {args.runs} EXPLAIN ANALYZE)")
    for name, (plan, run) in figures.items():
        print(f"  {name:18s} planning {plan:7.2f} ms   execution {run:6.2f} ms")
    old_plan, new_plan = figures["former (baseline)"][0], figures["pairs_of"][0]
    print(f"  planning ratio former/new: {old_plan / new_plan:.1f}x")
    missed = []
    if new_plan > PLAN_TARGET_MS:
        missed.append(f"pairs_of plans in {new_plan:.2f} ms > {PLAN_TARGET_MS} ms")
    if old_plan < 5 * new_plan:
        missed.append(f"planning only {old_plan / new_plan:.1f}x faster than the baseline")
    finish(missed)


if __name__ == "__main__":
    main()
