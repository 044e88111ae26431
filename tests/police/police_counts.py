#!/usr/bin/env python3
"""Counts of the police events archive computed independently of the C++ importer.

Reads the raw JSON (plain or .gz), SCB's municipality list and the type table, applies the rules
of docs/POLICE_EVENTS.md in a few lines of Python, and prints JSON: incidents per police type,
per municipality code and per category key, summaries per county code, and the rejected count.
The C++ test compares these with what the import stored.

usage: police_counts.py EVENTS ADMIN_AREAS_CSV TYPES_CSV
"""
import collections
import csv
import gzip
import json
import sys


def norm(name):
    name = " ".join(name.replace("-", " ").lower().split())
    return name[: -len(" kommun")] if name.endswith(" kommun") else name


def main(events_path, admin_path, types_path):
    opener = gzip.open if events_path.endswith(".gz") else open
    with opener(events_path, "rt", encoding="utf-8") as f:
        events = json.load(f)
    with open(admin_path, encoding="utf-8") as f:
        admin = list(csv.DictReader(f))
    with open(types_path, encoding="utf-8") as f:
        types = {row["police_type"].strip().lower(): row for row in csv.DictReader(f)}

    municipality = {norm(r["municipality_name"]): r for r in admin}
    county = {norm(r["county_name"]): r["county_code"] for r in admin}
    members = collections.defaultdict(list)
    for r in admin:
        members[r["county_code"]].append(r["municipality_code"])

    out = {key: collections.Counter() for key in
           ("incidents_per_type", "incidents_per_municipality", "incidents_per_category",
            "summaries_per_county")}
    rejected = 0
    seen = set()
    for e in events:
        if e["id"] in seen:
            rejected += 1
            continue
        seen.add(e["id"])
        lat, lon = (float(v) for v in e["location"]["gps"].split(","))
        mapping = types.get(e["type"].strip().lower())
        if mapping is None or not (55 < lat < 69.1 and 10.9 < lon < 24.2):
            rejected += 1
            continue
        summary = mapping["kind"] == "summary"
        where = norm(e["location"]["name"])
        code = county_code = None
        if where in municipality:
            code = municipality[where]["municipality_code"]
            county_code = municipality[where]["county_code"]
        elif where in county:
            county_code = county[where]
            last = norm(e["name"].split(",")[-1])
            if last in municipality and municipality[last]["county_code"] == county_code:
                code = municipality[last]["municipality_code"]
            elif len(members[county_code]) == 1:
                code = members[county_code][0]
        if summary and county_code:
            out["summaries_per_county"][county_code] += 1
        elif not summary and code:
            out["incidents_per_type"][e["type"].strip()] += 1
            out["incidents_per_municipality"][code] += 1
            out["incidents_per_category"][mapping["category"]] += 1
        else:
            rejected += 1
    result = {key: dict(counter) for key, counter in out.items()}
    result["rejected"] = rejected
    result["events"] = len(events)
    json.dump(result, sys.stdout, ensure_ascii=False, sort_keys=True)


if __name__ == "__main__":
    main(*sys.argv[1:4])
