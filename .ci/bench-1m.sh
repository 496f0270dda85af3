#!/usr/bin/env bash
# bench-1m.sh: measures the clientrisk command itself on Excel-like
# workbooks (shared strings for every text cell, distinct invoice numbers,
# 10k clients, date-styled serials: benchdata.WriteExcelLike) of 100k and
# 1M rows and on the same 1M rows as CSV, each step a new process under
# /usr/bin/time -v (wall time, maximum resident set size), beside the
# baseline measured in the same run: `unzip -p` of the sheet and shared
# strings. Usage: .ci/bench-1m.sh [ROWS ...]   (default: 100000 1000000)
# Sizes over a worksheet's 1,048,576 rows are measured as CSV only (into a
# new ledger, from it, and --no-ledger).
# pandas' read_csv+groupby on the CSV (.ci/pandas_baseline.py), the issue's
# baseline for CSV, is measured when the system Python has pandas
# (apt-get install python3-pandas); the CSV row then shows x pandas.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=("$@")
[ ${#ROWS[@]} -gt 0 ] || ROWS=(100000 1000000)
GO=${GO:-go}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/clientrisk-bench-1m.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

$GO build -trimpath -o "$TMP/clientrisk" ./cmd/clientrisk
$GO build -o "$TMP/benchgen" ./internal/benchdata/cmd/benchgen
cat >"$TMP/bench.yaml" <<YAML
company: Bench srl
language: en
currency: EUR
timezone: Europe/Rome
ledger: $TMP/ledger.db
output_dir: $TMP/out
input:
  limits:              # a 2M-row workbook unzips to 733 MB, over the 512 MB default
    max_unzipped_mb: 4096
    max_rows: 5000000
YAML

# measure NAME CMD...: runs CMD under /usr/bin/time -v (output thrown away;
# a failure stops the script) and appends "NAME seconds maxrss_kb" to $TMP/res.
measure() {
  local name=$1; shift
  if ! /usr/bin/time -v -o "$TMP/time.txt" "$@" >"$TMP/cmd.out" 2>&1; then
    echo "bench-1m: $name failed:" >&2; tail -20 "$TMP/cmd.out" >&2; exit 1
  fi
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$TMP/time.txt")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$TMP/time.txt")
  echo "$name $wall $rss" >>"$TMP/res"
  printf '  %-28s %8.2f s %8.0f MB\n' "$name" "$wall" "$(echo "$rss/1024" | bc -l)" >&2
}

: >"$TMP/res"
for n in "${ROWS[@]}"; do
  echo "bench-1m: $n rows" >&2
  if [ "$n" -le 1048575 ]; then
    "$TMP/benchgen" -rows "$n" -xlsx "$TMP/inv_$n.xlsx" -csv "$TMP/inv_$n.csv"
    ls -l "$TMP/inv_$n.xlsx" "$TMP/inv_$n.csv" | awk '{printf "  %s %.1f MB\n", $NF, $5/1e6}' >&2
    measure "unzip_$n" sh -c "unzip -p '$TMP/inv_$n.xlsx' xl/worksheets/sheet1.xml xl/sharedStrings.xml >/dev/null"
    measure "check_$n" "$TMP/clientrisk" check --log-level error --config "$TMP/bench.yaml" "$TMP/inv_$n.xlsx"
    rm -rf "$TMP/out"
    measure "noledger_$n" "$TMP/clientrisk" report --log-level error --config "$TMP/bench.yaml" --month 2025-12 --no-ledger --in "$TMP/inv_$n.xlsx"
    rm -f "$TMP"/ledger.db*
    measure "ledger_$n" "$TMP/clientrisk" report --log-level error --config "$TMP/bench.yaml" --month 2025-12 --in "$TMP/inv_$n.xlsx"
  else
    # A worksheet holds at most 1,048,576 rows (Excel's limit; the reader
    # refuses more): beyond it, the same rows as CSV only.
    "$TMP/benchgen" -rows "$n" -csv "$TMP/inv_$n.csv"
    ls -l "$TMP/inv_$n.csv" | awk '{printf "  %s %.1f MB\n", $NF, $5/1e6}' >&2
    rm -f "$TMP"/ledger.db*
    measure "csvledger_$n" "$TMP/clientrisk" report --log-level error --config "$TMP/bench.yaml" --month 2025-12 --in "$TMP/inv_$n.csv"
  fi
  measure "fromledger_$n" "$TMP/clientrisk" report --log-level error --config "$TMP/bench.yaml" --month 2025-12
  measure "csv_$n" "$TMP/clientrisk" report --log-level error --config "$TMP/bench.yaml" --month 2025-12 --no-ledger --in "$TMP/inv_$n.csv"
  if /usr/bin/python3 -c 'import pandas' 2>/dev/null; then
    measure "pandas_$n" /usr/bin/python3 .ci/pandas_baseline.py "$TMP/inv_$n.csv"
  fi
  rm -f "$TMP"/ledger.db* "$TMP/inv_$n.xlsx" "$TMP/inv_$n.csv"
done

# The table: each step's wall time, its ratio to the unzip of the same
# workbook, microseconds per row, peak RSS.
echo
echo "| rows | step | wall s | x unzip | µs/row | peak RSS MB |"
echo "|---:|---|---:|---:|---:|---:|"
awk '
  { split($1, p, "_"); step[NR]=p[1]; rows[NR]=p[2]; wall[NR]=$2; rss[NR]=$3
    if (p[1]=="unzip") base[p[2]]=$2
    if (p[1]=="pandas") pbase[p[2]]=$2 }
  END {
    names["unzip"]="unzip -p sheet + shared strings (baseline)"
    names["check"]="clientrisk check"
    names["noledger"]="report --no-ledger"
    names["ledger"]="report into a new ledger"
    names["fromledger"]="report from that ledger (no --in)"
    names["csv"]="same rows as CSV: report --no-ledger"
    names["csvledger"]="same rows as CSV: report into a new ledger"
    names["pandas"]="pandas read_csv + groupby on the CSV (baseline)"
    for (i=1; i<=NR; i++) {
      x = (rows[i] in base) ? sprintf("%.1fx", wall[i]/base[rows[i]]) : "-"
      if (step[i]=="csv" && (rows[i] in pbase)) x = x sprintf(" (%.1fx pandas)", wall[i]/pbase[rows[i]])
      printf "| %d | %s | %.2f | %s | %.2f | %.0f |\n", rows[i], names[step[i]], wall[i], x, wall[i]*1e6/rows[i], rss[i]/1024
    }
  }' "$TMP/res"
