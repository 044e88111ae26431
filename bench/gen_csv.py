#!/usr/bin/env python3
"""Writes a deterministic CSV of N reports for the benchmarks.

Points are spread over the demo municipality's urban square (so area assignment does real work:
most fall inside one of the 15 areas, some outside all of them). Columns are the import format.

Usage: gen_csv.py N OUT.csv               the import benchmark: times over 2026-01..10, uniform
       gen_csv.py N OUT.csv --years 10    the situation benchmark: N reports over the last 10
                                          years (2016-12-01 .. 2026-11-30, local time) with a
                                          weekday/hour rhythm, seasons, a slow trend, hotspots
                                          (a third of the points fall in a few clusters, so some
                                          areas get far more), and some reports at named places
"""
import bisect
import datetime
import itertools
import math
import random
import sys

CATEGORIES = ["skadegorelse.klotter", "Krossad ruta", "skadegorelse.ovrig", "brand.anlagd",
              "brand.container", "stold_inbrott", "Stök", "hot_vald.hot", "nedskrapning",
              "fysisk_miljo.trasig_belysning"]
ORGS = ["Polisen", "Tunabyggen", "Fältgruppen", "Keolis", "Räddningstjänsten Dala Mitt"]
PLACES = ["Resecentrum", "Borlänge torg", "Stadsparken", "Tjärna torg", "Hållplats Tjärna Ängar",
          "Maserhallen", "Kupolen", "Mellanbyns centrum", "Hållplats Islingby", "Jernvallen"]


def main_uniform(n, out):
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


def last_sunday(year, month):
    d = datetime.date(year, month + 1, 1) - datetime.timedelta(days=1) if month < 12 else datetime.date(year, 12, 31)
    return d - datetime.timedelta(days=(d.weekday() - 6) % 7)


def main_years(n, out, years):
    rng = random.Random(20161201)
    end = datetime.date(2026, 12, 1)
    start = datetime.date(end.year - years, end.month, end.day)
    days = [start + datetime.timedelta(days=k) for k in range((end - start).days)]
    # Spring-forward days: 02:00-02:59 does not exist locally there.
    spring = {last_sunday(y, 3) for y in range(start.year, end.year + 1)}
    weekday_w = [0.9, 0.9, 0.95, 1.0, 1.25, 1.4, 1.1]           # Monday .. Sunday
    month_w = [0.75, 0.75, 0.85, 0.95, 1.1, 1.2, 1.15, 1.2, 1.1, 1.0, 0.85, 0.8]
    day_cum = list(itertools.accumulate(
        weekday_w[d.weekday()] * month_w[d.month - 1] * (1 + 0.03 * (d - start).days / 365.25)
        for d in days))
    # Hours: quiet mornings, a peak in the evening and (weekends) the night.
    weekday_h = [0.6, 0.4, 0.3, 0.2, 0.2, 0.3, 0.5, 0.8, 1.0, 1.0, 1.0, 1.1,
                 1.1, 1.2, 1.4, 1.6, 1.8, 1.9, 2.0, 2.1, 2.1, 1.9, 1.5, 1.0]
    weekend_h = [1.8, 1.7, 1.5, 1.0, 0.5, 0.3, 0.3, 0.4, 0.5, 0.7, 0.8, 0.9,
                 1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.7, 1.9, 2.2, 2.4, 2.5, 2.2]
    hour_cum = [list(itertools.accumulate(weekday_h)), list(itertools.accumulate(weekend_h))]
    # Hotspots in the urban square: (lat, lon, sigma in degrees of latitude, weight).
    hot = [(60.4858, 15.4371, 0.004, 3.0), (60.472, 15.40, 0.003, 2.0), (60.50, 15.47, 0.005, 1.5),
           (60.465, 15.48, 0.003, 1.0), (60.515, 15.39, 0.004, 0.8)]
    hot_cum = list(itertools.accumulate(h[3] for h in hot))
    cat_w = list(itertools.accumulate([14, 6, 5, 2, 3, 8, 10, 3, 7, 4]))
    org_w = list(itertools.accumulate([8, 6, 3, 2, 1]))
    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write("occurred_at,occurred_to,category,organisation,lat,lon,place,count,severity,description,external_id\n")
        for i in range(n):
            d = days[bisect.bisect(day_cum, rng.random() * day_cum[-1])]
            weekend = d.weekday() >= 4
            hc = hour_cum[weekend]
            hour = bisect.bisect(hc, rng.random() * hc[-1])
            if hour == 2 and d in spring:
                hour = 3
            minute = rng.randrange(60)
            cat = CATEGORIES[bisect.bisect(cat_w, rng.random() * cat_w[-1])]
            org = ORGS[bisect.bisect(org_w, rng.random() * org_w[-1])]
            lat = lon = place = ""
            u = rng.random()
            if u < 0.15:
                place = PLACES[min(int(rng.expovariate(0.4)), len(PLACES) - 1)]
            elif u < 0.5:
                la, lo, s, _ = hot[bisect.bisect(hot_cum, rng.random() * hot_cum[-1])]
                lat = f"{la + rng.gauss(0, s):.6f}"
                lon = f"{lo + rng.gauss(0, 2 * s):.6f}"
            else:
                lat = f"{60.455 + rng.random() * 0.07:.6f}"
                lon = f"{15.36 + rng.random() * 0.16:.6f}"
            to = ""
            if i % 4 == 0 and hour < 21:
                to_hour = 3 if hour + 2 == 2 and d in spring else hour + 2
                to = f"{d.isoformat()} {to_hour:02d}:{minute:02d}"
            sev = 1 if u > 0.3 else (2 if u > 0.05 else 3)
            count = 1 + (i % 7 == 0)
            f.write(f"{d.isoformat()} {hour:02d}:{minute:02d},{to},{cat},{org},{lat},{lon},{place},"
                    f"{count},{sev},Observation nummer {i},y{years}-{i}\n")


def main():
    args = sys.argv[1:]
    years = None
    if "--years" in args:
        k = args.index("--years")
        years = int(args[k + 1])
        del args[k:k + 2]
    n, out = int(args[0]), args[1]
    if years:
        main_years(n, out, years)
    else:
        main_uniform(n, out)


if __name__ == "__main__":
    main()
