#!/usr/bin/env python3
"""The peer of bench/situation_bench.cc: the same counts as one SQL query in the sqlite3 CLI.

For one ISO week of municipality 2081: reports (and the sum of their `count`) per area x category
node, every category counting its sub-categories (a recursive CTE over category.parent_id), plus
the whole municipality (area NULL) per node, for the week, each of the 8 weeks before it and the
same ISO week last year. Week bounds are Europe/Stockholm local midnights as UTC seconds, and a
report belongs to the period its occurred_from falls in, as in SituationService::compile.

Usage: situation_sql.py DB [--week 2026-W45] [--runs 15] [--sql] [--dump OUT.csv]
  Runs the query RUNS times in one sqlite3 process with `.timer on` and prints the median of
  sqlite3's own "Run Time: real" (the query alone: the fair figure against an in-process call),
  then times RUNS whole `sqlite3 DB < query` processes (open + parse + query + exit).
"""
import datetime
import statistics
import subprocess
import sys
import time
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Europe/Stockholm")


def utc_of(day):
    return int(datetime.datetime(day.year, day.month, day.day, tzinfo=TZ).timestamp())


def week_bounds(year, week):
    monday = datetime.date.fromisocalendar(year, week, 1)
    return utc_of(monday), utc_of(monday + datetime.timedelta(days=7))


def periods_of(label, baseline=8):
    year, week = int(label[:4]), int(label[6:])
    monday = datetime.date.fromisocalendar(year, week, 1)
    out = []
    for i in range(baseline + 1):  # 0: the week, 1..8: the weeks before
        m = monday - datetime.timedelta(days=7 * i)
        out.append((i, utc_of(m), utc_of(m + datetime.timedelta(days=7))))
    last_week = week if week < 53 or datetime.date(year - 1, 12, 28).isocalendar()[1] == 53 else 52
    lo, hi = week_bounds(year - 1, last_week)
    out.append((baseline + 1, lo, hi))
    return out


def query(label, municipality="2081"):
    values = ", ".join(f"({p}, {lo}, {hi})" for p, lo, hi in periods_of(label))
    return f"""
WITH RECURSIVE
  period(p, lo, hi) AS (VALUES {values}),
  ancestor(category, node) AS (
    SELECT id, id FROM category WHERE municipality = '{municipality}'
    UNION ALL
    SELECT a.category, c.parent_id FROM ancestor a JOIN category c ON c.id = a.node
    WHERE c.parent_id IS NOT NULL),
  leaf(p, area, category, reports, events) AS (
    SELECT period.p, r.area_id, r.category_id, count(*), sum(r.count)
    FROM period JOIN report r
      ON r.municipality = '{municipality}' AND r.occurred_from >= period.lo AND r.occurred_from < period.hi
    GROUP BY 1, 2, 3)
SELECT leaf.p, leaf.area, ancestor.node, sum(reports), sum(events)
  FROM leaf JOIN ancestor ON ancestor.category = leaf.category
  WHERE leaf.area IS NOT NULL GROUP BY 1, 2, 3
UNION ALL
SELECT leaf.p, NULL, ancestor.node, sum(reports), sum(events)
  FROM leaf JOIN ancestor ON ancestor.category = leaf.category GROUP BY 1, 3
ORDER BY 1, 2, 3;
"""


def main():
    args = sys.argv[1:]
    db = args[0]

    def opt(name, default):
        return args[args.index(name) + 1] if name in args else default

    label, runs = opt("--week", "2026-W45"), int(opt("--runs", "15"))
    sql = query(label)
    if "--sql" in args:
        print(sql)
        return
    if "--dump" in args:
        out = subprocess.run(["sqlite3", "-csv", db], input=sql, capture_output=True, text=True,
                             check=True).stdout
        with open(opt("--dump", ""), "w") as f:
            f.write(out)
        return
    # One process, the query RUNS times: sqlite3's own timer per statement.
    script = ".timer on\n.output /dev/null\n" + sql * runs
    out = subprocess.run(["sqlite3", db], input=script, capture_output=True, text=True,
                         check=True)
    real = [float(line.split()[3]) for line in (out.stdout + out.stderr).splitlines()
            if line.startswith("Run Time:")]
    assert len(real) == runs, out.stdout + out.stderr
    # Whole processes: open the file, run the query once, print the rows, exit.
    wall = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(["sqlite3", db], input=sql, stdout=subprocess.DEVNULL, check=True, text=True)
        wall.append(time.perf_counter() - t0)
    rows = subprocess.run(["sqlite3", db], input=sql, capture_output=True, text=True,
                          check=True).stdout.count("\n")
    print(f"sqlite3_query week={label} runs={runs} rows={rows} "
          f"query_median_ms={statistics.median(real) * 1e3:.2f} "
          f"query_min_ms={min(real) * 1e3:.2f} "
          f"process_median_ms={statistics.median(wall) * 1e3:.2f}")


if __name__ == "__main__":
    main()
