#!/usr/bin/env bash
# Long runs for the reliability promises (issue 13), timed with /usr/bin/time:
#
#   1. a 3,000-file city batch (gen_city: STATIONS × MONTHS workbooks), checked
#      and fixed: every file read once, no temporary file left, exit < 2;
#   2. 1,000 indicator tables + 1,000 rosters of one station and period: X001
#      pairs each table with its roster once, so the findings are 4 per table
#      (not 4 per table per roster) and the time and memory grow with the files;
#      the same at 500 + 500 shows it is linear;
#   3. `fix` of a 2,000,000-cell sheet: peak memory (the long form 规范化数据 is
#      written in constant memory).
#
# Usage: tests/soak.sh   (env: DATA=target/soak BIN=target/release/hedui
#                         STATIONS=250 MONTHS=12 PAIRS=1000 BIG=2000000 KEEP=1 keeps DATA)
# Not part of `cargo test`: it takes minutes. Prints one line per run:
#   name  wall seconds  peak RSS (MB)  exit code  and what was checked.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${DATA:-target/soak}
STATIONS=${STATIONS:-250}
MONTHS=${MONTHS:-12}
PAIRS=${PAIRS:-1000}
BIG=${BIG:-2000000}

command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time; }
if [ -z "${BIN:-}" ]; then
  cargo build --release -q --bin hedui --example gen_city
  BIN=target/release/hedui
  GEN=target/release/examples/gen_city
else
  cargo build -q --example gen_city
  GEN=target/debug/examples/gen_city
fi
rm -rf "$DATA"
mkdir -p "$DATA"
[ -n "${KEEP:-}" ] || trap 'rm -rf "$DATA"' EXIT

# The report goes to fd 3, the terminal, whatever a timed command's output is redirected to.
exec 3>&1

# timed NAME CMD...: runs CMD, prints wall seconds, peak RSS and exit code.
timed() {
  local name=$1; shift
  local log="$DATA/$name.time"
  set +e
  /usr/bin/time -v -o "$log" "$@"
  local code=$?
  set -e
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log" |
    awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$log")
  printf '%-28s %8.1f s %7s MB  exit %s\n' "$name" "$wall" "$rss" "$code" >&3
  LAST_CODE=$code
}

no_temp_files() {
  local left
  left=$(find "$1" -name '.hedui-*.tmp' | wc -l)
  [ "$left" -eq 0 ] || { echo "FAIL: $left temporary files left under $1"; exit 1; }
}

echo "machine: $(nproc) cores; load average: $(cut -d' ' -f1-3 /proc/loadavg); binary: $BIN"

# 1. The city batch.
mkdir -p "$DATA/gen"
"$GEN" "$DATA/gen" "$STATIONS" "$MONTHS" 0 >/dev/null
files=$(find "$DATA/gen/city" -name '*.xlsx' | wc -l)
timed "check ${files} files" "$BIN" check "$DATA/gen/city" -q --format json \
  >"$DATA/city.json" 2>/dev/null
[ "$LAST_CODE" -lt 2 ] || { echo "FAIL: exit $LAST_CODE"; exit 1; }
read_files=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['files']))" "$DATA/city.json")
[ "$read_files" -eq "$files" ] || { echo "FAIL: $read_files of $files files reported"; exit 1; }
timed "fix ${files} files" "$BIN" fix "$DATA/gen/city" -o "$DATA/city-out" -q >/dev/null 2>&1
[ "$LAST_CODE" -lt 2 ] || { echo "FAIL: exit $LAST_CODE"; exit 1; }
no_temp_files "$DATA/city-out"
written=$(find "$DATA/city-out" -name '*.xlsx' ! -name '汇总*' | wc -l)
[ "$written" -eq "$files" ] || { echo "FAIL: $written of $files corrected workbooks"; exit 1; }
echo "  every file reported once, $written corrected workbooks, no temporary file left"

# 2. Tables and rosters of one station and period.
pairs() {
  local n=$1 dir="$DATA/pairs$1/赤岗街"
  mkdir -p "$dir"
  for i in $(seq -w 1 "$n"); do
    cp fixtures/indicators/chigang_2024.xlsx "$dir/指标-$i.xlsx"
    cp fixtures/roster/clean_chigang_roster_2024.xlsx "$dir/到岗-$i.xlsx"
  done
  timed "check $n + $n pairs" "$BIN" check "$DATA/pairs$n" -q --format json \
    >"$DATA/pairs$n.json" 2>/dev/null
  local x001
  x001=$(python3 -c "
import json,sys
d=json.load(open(sys.argv[1]))
print(sum(1 for f in d['files'] for x in f['findings'] if x['rule']=='X001'))" "$DATA/pairs$n.json")
  # The 赤岗 table states 5 and 18 staff twice each where its roster has 6 and 19.
  [ "$x001" -eq $((4 * n)) ] || { echo "FAIL: $x001 X001 findings, expected $((4 * n))"; exit 1; }
  echo "  $x001 X001 findings: 4 per table"
}
pairs $((PAIRS / 2))
pairs "$PAIRS"

# 3. The 2,000,000-cell sheet.
if [ "$BIG" -gt 0 ]; then
  mkdir -p "$DATA/big"
  "$GEN" "$DATA/big" 0 0 "$BIG" >/dev/null
  timed "fix ${BIG}-cell sheet" "$BIN" fix "$DATA/big/big/big.xlsx" -o "$DATA/big-out.xlsx" \
    --min-severity error >/dev/null 2>&1
  [ "$LAST_CODE" -lt 2 ] || { echo "FAIL: exit $LAST_CODE"; exit 1; }
  no_temp_files "$DATA"
fi
