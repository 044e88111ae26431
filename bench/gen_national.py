#!/usr/bin/env python3
"""Writes the synthetic national load of the scale benchmark: N reports over the 290
municipalities and 10 years, one CSV per municipality (the import format, with its municipality
column so the peers' raw tables keep it).

Usage: gen_national.py N POLYGONS.geojson OUTDIR

- Reports per municipality follow a Zipf-like weight (rank^-0.9 over a seeded order with the
  three big cities first), so Stockholm gets ~1.4 M of 15 M and the smallest a few thousand: the
  skew a national deployment has.
- Times are uniform over 2016-12-01 .. 2026-11-30 UTC, written with "Z" (no DST gap to avoid).
- Points are 40 seed points inside the municipality polygon (rejection sampling, ray casting)
  with ~250 m of jitter; categories and severities from the default EST tree.
Deterministic for a given N. Writes OUTDIR/<code>.csv and OUTDIR/manifest.csv (code,rows).
"""
import json
import os
import random
import sys

CATEGORIES = ["skadegorelse.klotter", "skadegorelse.krossad_ruta", "skadegorelse.ovrig",
              "brand.anlagd", "brand.container", "stold_inbrott", "ordningsstorning.stok",
              "hot_vald.hot", "hot_vald.misshandel", "andts.narkotika", "nedskrapning",
              "trafik.mopedbuskorning", "fysisk_miljo.trasig_belysning", "otrygghetsskapande"]
START = 1480550400  # 2016-12-01T00:00:00Z
END = 1796083200    # 2026-12-01T00:00:00Z
BIG = ["0180", "1480", "1280"]  # Stockholm, Göteborg, Malmö


def rings(geometry):
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"][0]]
    return [poly[0] for poly in geometry["coordinates"]]


def inside(lon, lat, ring):
    hit = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            hit = not hit
        j = i
    return hit


def seeds(geometry, rng, k=40):
    rs = rings(geometry)
    xs = [p[0] for r in rs for p in r]
    ys = [p[1] for r in rs for p in r]
    out = []
    while len(out) < k:
        lon, lat = rng.uniform(min(xs), max(xs)), rng.uniform(min(ys), max(ys))
        if any(inside(lon, lat, r) for r in rs):
            out.append((lon, lat))
    return out


def main():
    n, polygons, outdir = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    os.makedirs(outdir, exist_ok=True)
    features = json.load(open(polygons, encoding="utf-8"))["features"]
    rng = random.Random(20261202)
    codes = sorted(f["properties"]["id"] for f in features)
    order = BIG + [c for c in rng.sample(codes, len(codes)) if c not in BIG]
    weight = {c: (rank + 1) ** -0.9 for rank, c in enumerate(order)}
    total = sum(weight.values())
    share = {c: int(n * weight[c] / total) for c in codes}
    share[BIG[0]] += n - sum(share.values())  # the rounding remainder goes to the largest
    by_code = {f["properties"]["id"]: f for f in features}
    manifest = []
    for code in codes:
        rows = share[code]
        pts = seeds(by_code[code]["geometry"], random.Random(code))
        r = random.Random(int(code))
        rand, gauss = r.random, r.gauss
        span = END - START
        ts = sorted(START + int(rand() * span) for _ in range(rows))
        lines = ["municipality,occurred_at,category,organisation,lat,lon,count,severity,external_id\n"]
        ncat = len(CATEGORIES)
        for i, t in enumerate(ts):
            lon, lat = pts[int(rand() * 40)]
            # One second per line: Python's time.strftime is the slow part, so format by hand.
            lines.append(f"{code},{fmt(t)},{CATEGORIES[int(rand() * ncat)]},Polisen,"
                         f"{lat + gauss(0, 0.0022):.5f},{lon + gauss(0, 0.0042):.5f},"
                         f"{1 + (i % 7 == 0)},{1 + i % 3},n{code}-{i}\n")
        with open(os.path.join(outdir, f"{code}.csv"), "w", encoding="utf-8") as f:
            f.writelines(lines)
        manifest.append(f"{code},{rows}\n")
    with open(os.path.join(outdir, "manifest.csv"), "w") as f:
        f.write("code,rows\n")
        f.writelines(manifest)


_DAYS = {}


def fmt(t):
    day, sec = divmod(t, 86400)
    d = _DAYS.get(day)
    if d is None:
        import datetime
        d = _DAYS[day] = (datetime.date(1970, 1, 1) + datetime.timedelta(days=day)).isoformat()
    h, rem = divmod(sec, 3600)
    return f"{d}T{h:02d}:{rem // 60:02d}:{rem % 60:02d}Z"


if __name__ == "__main__":
    main()
