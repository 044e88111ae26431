#!/usr/bin/env bash
# The national scale benchmark of issue 8 (docs/BENCHMARKS.md "National scale", docs/SCALING.md):
# N synthetic reports (default 15,000,000) over the 290 municipalities and 10 years, on both
# engines, each step against the plain-SQL equivalent in the same run:
#
#   import       290 × `lagesbild import csv` (validated, projected, area-assigned, durable)
#                vs the sqlite3 CLI's `.import` / psql's `\copy` of the same 290 files into a
#                raw TEXT table, plus the index the peer's queries need
#   national     `analyse areas --municipality 0000 --period W` (counts per municipality and
#                category, Gi* and local Moran across the 290 with queen contiguity)
#                vs one GROUP BY municipality, category over the same week in the CLI
#   one city     `situation --municipality 0180 --period W` (the biggest municipality's picture)
#
# Usage: bench/scale.sh [BUILD_DIR]    env: N (rows), ENGINES ("sqlite postgresql"), WEEK
# Every timed command runs under /usr/bin/time: wall seconds and peak RSS (MiB) are printed.
# Needs ~6 GB of disk per engine at 15 M (the generated CSVs are kept for the next run).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD="${1:-build}"
BIN="$(realpath "${BIN:-$BUILD/lagesbild}")"  # BIN=: a copy, so a rebuild cannot change it mid-run
N="${N:-15000000}"
ENGINES="${ENGINES:-sqlite postgresql}"
WEEK="${WEEK:-2026-W45}"
# The week's UTC bounds (Monday 2026-11-02 00:00 local = 2026-11-01 23:00Z), for the peers.
FROM="${FROM:-2026-11-01T23:00:00Z}"
TO="${TO:-2026-11-08T23:00:00Z}"
POLYGONS="$(realpath ../shared/data/swedish_municipalities.geojson)"
WORK="$(realpath -m "$BUILD/bench-work/scale")"
CSV="$WORK/csv-$N"
mkdir -p "$WORK"

timed() {  # timed LABEL CMD...: runs CMD, prints "LABEL wall=S rss=MiB"
  local label="$1"; shift
  /usr/bin/time -f "%e %M" -o "$WORK/time.out" "$@" > "$WORK/last.out" 2> "$WORK/last.err" ||
    { echo "FAILED: $label"; tail -5 "$WORK/last.err"; exit 1; }
  read -r wall rss < "$WORK/time.out"
  printf '%-58s wall=%8.2f s  rss=%6.0f MiB\n' "$label" "$wall" "$(echo "$rss / 1024" | bc -l)"
}

if [ ! -f "$CSV/manifest.csv" ]; then
  echo "generating $N reports into $CSV"
  python3 bench/gen_national.py "$N" "$POLYGONS" "$CSV"
fi
mapfile -t CODES < <(tail -n +2 "$CSV/manifest.csv" | cut -d, -f1)
echo "scale: N=$N rows in ${#CODES[@]} files ($(du -sh "$CSV" | cut -f1)), week $WEEK; $(nproc) cores"

# One import per municipality, as each would send its own file (a script, so /usr/bin/time can
# measure the whole loop).
{
  echo 'set -e'
  for code in "${CODES[@]}"; do
    echo "'$BIN' import csv --db \"\$1\" --municipality $code '$CSV/$code.csv' > /dev/null"
  done
} > "$WORK/import_all.sh"

peer_sql_files() {  # the peers' scripts, written once
  {
    echo "CREATE TABLE report_raw (municipality TEXT, occurred_at TEXT, category TEXT,"
    echo "  organisation TEXT, lat TEXT, lon TEXT, count TEXT, severity TEXT, external_id TEXT);"
  } > "$WORK/raw_table.sql"
  { cat "$WORK/raw_table.sql"; for code in "${CODES[@]}"; do echo ".import --csv --skip 1 $CSV/$code.csv report_raw"; done; } > "$WORK/sqlite_import.sql"
  { cat "$WORK/raw_table.sql"; for code in "${CODES[@]}"; do echo "\\copy report_raw FROM '$CSV/$code.csv' CSV HEADER"; done; } > "$WORK/pg_import.sql"
  echo "CREATE INDEX report_raw_time ON report_raw (occurred_at);" > "$WORK/index.sql"
  echo "SELECT municipality, category, count(*), sum(CAST(count AS integer)) FROM report_raw WHERE occurred_at >= '$FROM' AND occurred_at < '$TO' GROUP BY 1, 2;" > "$WORK/week.sql"
}
peer_sql_files

for engine in $ENGINES; do
  echo "== $engine"
  if [ "$engine" = sqlite ]; then
    DB="$WORK/national.db"; RAW="$WORK/raw.db"
    rm -f "$DB"* "$RAW"*
  else
    PGDIR="$WORK/pg"
    BASEURL="$(bash scripts/pg.sh start "$PGDIR")"
    PSQL=(psql -q -v ON_ERROR_STOP=1 -X)
    for d in lb_scale lb_raw; do
      "${PSQL[@]}" "$BASEURL" -c "DROP DATABASE IF EXISTS $d" -c "CREATE DATABASE $d" > /dev/null
    done
    DB="${BASEURL%/*}/lb_scale"; RAW="${BASEURL%/*}/lb_raw"
  fi
  timed "setup: national init (290 municipalities + 0000)" \
    "$BIN" national init --db "$DB" --polygons "$POLYGONS"
  for code in "${CODES[@]}"; do
    "$BIN" organisation add --db "$DB" --municipality "$code" --name Polisen --kind police > /dev/null
  done
  timed "import: lagesbild, 290 files" bash "$WORK/import_all.sh" "$DB"
  if [ "$engine" = sqlite ]; then
    sqlite3 "$RAW" "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;" > /dev/null
    timed "import: peer sqlite3 .import, 290 files (raw TEXT)" sqlite3 "$RAW" ".read $WORK/sqlite_import.sql"
    timed "import: peer sqlite3 CREATE INDEX (occurred_at)" sqlite3 "$RAW" ".read $WORK/index.sql"
    echo "  sizes: lagesbild $(du -ch "$DB"* | tail -1 | cut -f1), peer $(du -ch "$RAW"* | tail -1 | cut -f1)"
    stored=$(sqlite3 "$DB" "SELECT count(*) FROM report")
    peer_rows=$(sqlite3 "$RAW" "SELECT count(*) FROM report_raw")
  else
    timed "import: peer psql \\copy, 290 files (raw TEXT)" "${PSQL[@]}" "$RAW" -f "$WORK/pg_import.sql"
    timed "import: peer psql CREATE INDEX (occurred_at)" "${PSQL[@]}" "$RAW" -f "$WORK/index.sql"
    "${PSQL[@]}" "$RAW" -c "VACUUM ANALYZE report_raw" > /dev/null
    "${PSQL[@]}" "$DB" -c "VACUUM ANALYZE" > /dev/null
    echo "  sizes: lagesbild $("${PSQL[@]}" -At "$DB" -c "SELECT pg_size_pretty(pg_database_size(current_database()))"), peer $("${PSQL[@]}" -At "$RAW" -c "SELECT pg_size_pretty(pg_database_size(current_database()))")"
    stored=$("${PSQL[@]}" -At "$DB" -c "SELECT count(*) FROM report")
    peer_rows=$("${PSQL[@]}" -At "$RAW" -c "SELECT count(*) FROM report_raw")
  fi
  echo "  rows: lagesbild $stored, peer $peer_rows"
  for rep in 1 2 3; do
    timed "national week $WEEK: analyse areas 0000 (counts+Gi*+Moran) #$rep" \
      "$BIN" analyse areas --db "$DB" --municipality 0000 --period "$WEEK" --format csv
    if [ "$engine" = sqlite ]; then
      timed "national week: peer sqlite3 GROUP BY municipality, category #$rep" \
        sqlite3 "$RAW" ".read $WORK/week.sql"
    else
      timed "national week: peer psql GROUP BY municipality, category #$rep" \
        "${PSQL[@]}" "$RAW" -f "$WORK/week.sql"
    fi
  done
  # The same numbers: the week's total over all municipalities, ours against the peer's.
  ours=$("$BIN" analyse areas --db "$DB" --municipality 0000 --period "$WEEK" --format csv |
    python3 -c 'import csv,sys; r=list(csv.DictReader(sys.stdin)); print(sum(float(x["value"]) for x in r))')
  if [ "$engine" = sqlite ]; then
    peer=$(sqlite3 "$RAW" "SELECT sum(CAST(count AS integer)) FROM report_raw WHERE occurred_at >= '$FROM' AND occurred_at < '$TO'")
  else
    peer=$("${PSQL[@]}" -At "$RAW" -c "SELECT sum(CAST(count AS integer)) FROM report_raw WHERE occurred_at >= '$FROM' AND occurred_at < '$TO'")
  fi
  echo "  week total (Σ count): lagesbild $ours, peer $peer"
  timed "national year 2025: analyse areas 0000" \
    "$BIN" analyse areas --db "$DB" --municipality 0000 --period 2025 --format csv
  for rep in 1 2 3; do
    timed "Stockholm (0180) week: situation json #$rep" \
      "$BIN" situation --db "$DB" --municipality 0180 --period "$WEEK"
  done
  if [ "$engine" = postgresql ]; then bash scripts/pg.sh stop "$PGDIR"; fi
done
