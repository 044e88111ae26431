#!/usr/bin/env bash
# Runs the benchmarks of docs/BENCHMARKS.md against their peers in the same run and prints the
# figures. Usage: bench/run.sh [BUILD_DIR] [csv|http|micro|all]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD="${1:-build}"
WHAT="${2:-all}"
BIN="$BUILD/lagesbild"
WORK="$BUILD/bench-work"
mkdir -p "$WORK"
ROWS="${ROWS:-1000000}"

demo_db() {  # a fresh demo database as the reference data for every benchmark
  if [ ! -f "$WORK/demo.db" ]; then "$BIN" demo --db "$WORK/demo.db" --seed 1 > /dev/null; fi
}

bench_csv() {
  demo_db
  local csv="$WORK/reports-$ROWS.csv"
  [ -f "$csv" ] || python3 bench/gen_csv.py "$ROWS" "$csv"
  rm -f "$WORK/import.db"* "$WORK/raw.db"*
  cp "$WORK/demo.db" "$WORK/import.db"
  sync
  local t0 t1 t2
  t0=$(date +%s.%N)
  "$BIN" import csv --db "$WORK/import.db" "$csv" > "$WORK/import.out"
  t1=$(date +%s.%N)
  # The peer: sqlite3's own CSV import of the same file, raw (no validation, no projection, no
  # area assignment, every column TEXT), into a new database with the same journal settings.
  sqlite3 "$WORK/raw.db" "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;" > /dev/null
  sqlite3 "$WORK/raw.db" -cmd ".mode csv" ".import $csv report_raw"
  t2=$(date +%s.%N)
  python3 - "$ROWS" "$t0" "$t1" "$t2" <<'PY'
import sys
rows, t0, t1, t2 = int(sys.argv[1]), *map(float, sys.argv[2:])
ours, peer = rows / (t1 - t0), rows / (t2 - t1)
print(f"csv_import rows={rows} lagesbild={t1-t0:.2f}s ({ours:,.0f} rows/s) "
      f"sqlite3_import={t2-t1:.2f}s ({peer:,.0f} rows/s) ratio={ours/peer:.2f}")
PY
  cat "$WORK/import.out"
}

bench_http() {
  command -v wrk > /dev/null || { echo "wrk is missing (scripts/setup.sh installs it)"; exit 1; }
  demo_db
  rm -f "$WORK/http.db"*
  cp "$WORK/demo.db" "$WORK/http.db"
  "$BIN" serve --db "$WORK/http.db" --port 18089 --threads 128 > "$WORK/serve.out" 2>&1 &
  local pid=$!
  trap 'kill $pid 2>/dev/null || true' RETURN
  for _ in $(seq 50); do curl -sf http://127.0.0.1:18089/api/v1/health > /dev/null && break; sleep 0.2; done
  local token
  token=$(curl -sf -X POST http://127.0.0.1:18089/api/v1/login -H 'Content-Type: application/json' \
    -d '{"username":"analytiker","password":"demo-lagesbild"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
  local reporter
  reporter=$(curl -sf -X POST http://127.0.0.1:18089/api/v1/login -H 'Content-Type: application/json' \
    -d '{"username":"polisen","password":"demo-lagesbild"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
  local dur="${DURATION:-20s}"
  echo "== GET /api/v1/health (the server's ceiling: no session, no store)"
  wrk -t2 -c64 -d"$dur" --latency http://127.0.0.1:18089/api/v1/health | grep -E 'Requests/sec|99%|Latency  '
  echo "== GET /api/v1/reports?week=2026-W45 (one week, one municipality; analyst session)"
  wrk -t2 -c64 -d"$dur" --latency -H "Authorization: Bearer $token" \
    "http://127.0.0.1:18089/api/v1/reports?municipality=2081&week=2026-W45&limit=100" | grep -E 'Requests/sec|99%|Latency  |Non-2xx'
  echo "== POST /api/v1/reports (durable: each 201 is after fsync of its group commit)"
  TOKEN="$reporter" wrk -t2 -c64 -d"$dur" --latency -s bench/post_report.lua \
    http://127.0.0.1:18089/api/v1/reports | grep -E 'Requests/sec|99%|Latency  |Non-2xx'
}

case "$WHAT" in
  csv) bench_csv ;;
  http) bench_http ;;
  micro) for b in "$BUILD"/bench/*_bench; do [ -x "$b" ] && "$b" --benchmark_min_time=0.5; done ;;
  all) bench_csv; bench_http ;;
esac
