#!/usr/bin/env bash
# Runs the benchmarks of docs/BENCHMARKS.md against their peers in the same run and prints the
# figures. Usage: bench/run.sh [BUILD_DIR] [csv|http|situation|web|micro|all]
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
  # One wrk run; prints requests/s, latency percentiles and the server's CPU time per request
  # (user+system from /proc, in µs): the figure that noise from other processes moves least.
  load() {
    local name="$1"; shift
    local t0 t1 out n
    t0=$(awk '{print $14+$15}' /proc/$pid/stat)
    out=$(wrk -t2 -c64 -d"$dur" --latency "$@")
    t1=$(awk '{print $14+$15}' /proc/$pid/stat)
    n=$(echo "$out" | grep -oP '\d+(?= requests in)')
    python3 - "$name" "$t0" "$t1" "$n" "$(getconf CLK_TCK)" <<PY
import sys, re
name, t0, t1, n, tck = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
out = """$out"""
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
p = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", out, re.M))
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
print(f"{name}: {rps:,.0f} req/s  p50 {p.get('50')}  p99 {p.get('99')}  "
      f"server CPU {(t1 - t0) / tck * 1e6 / n:.0f} µs/req" + (f"  NON-2xx {non2xx.group(1)}" if non2xx else ""))
PY
  }
  load "GET /api/v1/health (the server's ceiling: no session, no store)" \
    http://127.0.0.1:18089/api/v1/health
  load "GET /api/v1/reports (one week, 100 reports, analyst)" -H "Authorization: Bearer $token" \
    "http://127.0.0.1:18089/api/v1/reports?municipality=2081&week=2026-W45&limit=100"
  TOKEN="$reporter" load "POST /api/v1/reports (durable: 201 after the group commit's fsync)" -s bench/post_report.lua \
    http://127.0.0.1:18089/api/v1/reports
  RATE=2000 TOKEN="$reporter" load "POST /api/v1/reports paced at 2,000/s (latency at the target rate)" \
    -s bench/post_report.lua http://127.0.0.1:18089/api/v1/reports
}

# Issue 3: compile one week's lägesbild for a municipality holding 1,000,000 reports over 10
# years (plus the demo's own), against the same counts as one SQL query in the sqlite3 CLI.
situation_db() {  # cached: the demo database plus YEARS_ROWS generated reports, imported
  local rows="${YEARS_ROWS:-1000000}"
  SITUATION_DB="$WORK/situation-$rows.db"
  [ -f "$SITUATION_DB" ] && return
  demo_db
  local csv="$WORK/reports-10y-$rows.csv"
  [ -f "$csv" ] || python3 bench/gen_csv.py "$rows" "$csv" --years 10
  rm -f "$SITUATION_DB.tmp"*
  cp "$WORK/demo.db" "$SITUATION_DB.tmp"
  "$BIN" import csv --db "$SITUATION_DB.tmp" "$csv" > "$WORK/situation-import.out"
  sqlite3 "$SITUATION_DB.tmp" "PRAGMA wal_checkpoint(TRUNCATE);" > /dev/null
  mv "$SITUATION_DB.tmp" "$SITUATION_DB"
  rm -f "$SITUATION_DB.tmp"*
}

bench_situation() {
  [ -x "$BUILD/bench/situation_bench" ] || { echo "build $BUILD/bench/situation_bench first"; exit 1; }
  situation_db
  local reps="${REPS:-10}"
  LB_SITUATION_DB="$SITUATION_DB" "$BUILD/bench/situation_bench" \
    --benchmark_repetitions="$reps" --benchmark_report_aggregates_only=true \
    --benchmark_out="$WORK/situation.json" --benchmark_out_format=json
  local peer
  peer=$(python3 bench/situation_sql.py "$SITUATION_DB" --week 2026-W45 --runs "$((reps * 2))")
  echo "$peer"
  python3 - "$WORK/situation.json" "$peer" <<'PY'
import json, re, sys
runs = json.load(open(sys.argv[1]))["benchmarks"]
med = {b["run_name"].removesuffix("/real_time"): b["real_time"] for b in runs
       if b.get("aggregate_name") == "median"}
ours = med["compile/week:2026-W45"]
peer = float(re.search(r"query_median_ms=([\d.]+)", sys.argv[2]).group(1))
proc = float(re.search(r"process_median_ms=([\d.]+)", sys.argv[2]).group(1))
print(f"situation week=2026-W45 lagesbild_compile_median={ours:.2f}ms "
      f"(store_read {med['store_read/week:2026-W45']:.2f}ms, "
      f"compile_situation {med['compile_situation/week:2026-W45']:.2f}ms) "
      f"sqlite3_query_median={peer:.2f}ms (whole process {proc:.2f}ms) "
      f"ratio={peer / ours:.2f} (peer/ours, >1: we are faster) target<50ms:"
      f"{'met' if ours < 50 else 'MISSED'}")
PY
}

case "$WHAT" in
  csv) bench_csv ;;
  http) bench_http ;;
  situation) bench_situation ;;
  # The web app's week view in Chromium with 100,000 reports (needs web/dist: `make web`).
  web) node bench/web/week_view.mjs "$BIN" "${WEB_REPORTS:-100000}" ;;
  micro) for b in "$BUILD"/bench/*_bench; do [ -x "$b" ] && "$b" --benchmark_min_time=0.5; done ;;
  all) bench_csv; bench_http; bench_situation ;;
esac
