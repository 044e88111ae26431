#!/usr/bin/env python3
"""Writes a deterministic CSV of N reports for the import benchmark.

Points are spread over the demo municipality's urban square (so area assignment does real work:
most fall inside one of the 15 areas, some outside all of them). Columns are the import format.
Usage: gen_csv.py N OUT.csv
"""
import random
import sys

CATEGORIES = ["skadegorelse.klotter", "Krossad ruta", "skadegorelse.ovrig", "brand.anlagd",
              "brand.container", "stold_inbrott", "Stök", "hot_vald.hot", "nedskrapning",
              "fysisk_miljo.trasig_belysning"]
ORGS = ["Polisen", "Tunabyggen", "Fältgruppen", "Keolis", "Räddningstjänsten Dala Mitt"]


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(20261121)
    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write("occurred_at,occurred_to,category,organisation,lat,lon,count,severity,description,external_id\n")
        for i in range(n):
            day = rng.randrange(1, 29)
            hour = rng.randrange(0, 24)
            lat = 60.455 + rng.random() * 0.07
            lon = 15.36 + rng.random() * 0.16
            to = f"2026-{(i % 10) + 1:02d}-{day:02d} {(hour + 2) % 24:02d}:00" if hour < 22 and i % 4 == 0 else ""
            f.write(f"2026-{(i % 10) + 1:02d}-{day:02d} {hour:02d}:{rng.randrange(60):02d},{to},"
                    f"{CATEGORIES[i % len(CATEGORIES)]},{ORGS[i % len(ORGS)]},{lat:.6f},{lon:.6f},"
                    f"{1 + (i % 3 == 0)},{1 + i % 3},Observation nummer {i},bench-{i}\n")


if __name__ == "__main__":
    main()
