#!/usr/bin/env bash
# Run every fuzz target for a bounded time, two at a time (the machines have
# two cores). Not part of `cargo test`.
#
#   fuzz/run.sh              # 600 s per target
#   fuzz/run.sh 60           # 60 s per target
#   fuzz/run.sh 600 import   # only the named targets
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). No nightly toolchain is
# needed: libFuzzer's coverage instrumentation works on stable once
# RUSTC_BOOTSTRAP=1 lets cargo-fuzz pass its flags, and the sanitizers, which
# need nightly's runtime, are off (`--sanitizer none`). A panic is still a
# crash: cargo-fuzz builds with debug assertions and overflow checks.
set -euo pipefail

secs="${1:-600}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(values headers names import)
fi

cd "$(dirname "${BASH_SOURCE[0]}")"
fixtures=../fixtures
export RUSTC_BOOTSTRAP=1

# Seed corpora from the fixtures: whole files for import; for the text
# targets every field of the CSV fixtures (headers, labels, figures, rates)
# and of the gazetteers, one seed a field.
seed_text() {
    local dir="$1"
    mkdir -p "$dir"
    cat "$fixtures"/broken/csv_utf8.csv "$fixtures"/gazetteers/* 2>/dev/null |
        tr ',"=[]' '\n\n\n\n\n' |
        while IFS= read -r field; do
            [ -n "$field" ] || continue
            printf '%s' "$field" >"$dir/seed-$(printf '%s' "$field" | sha1sum | cut -c1-16)"
        done
}
for target in values headers names; do
    seed_text "corpus/$target"
done
mkdir -p corpus/import
find "$fixtures" -type f \( -name '*.xlsx' -o -name '*.xls' -o -name '*.ods' -o -name '*.csv' \) \
    -size -64k -exec cp {} corpus/import/ \;

cargo fuzz build --sanitizer none

mkdir -p logs artifacts
run_one() {
    local target="$1" max_len=4096
    [ "$target" = import ] && max_len=65536
    echo "fuzzing $target for ${secs}s (log: fuzz/logs/$target.log)"
    # The binary built above, run directly: `cargo fuzz run` would rebuild
    # from whatever the sources are by then. Crashes go to artifacts/TARGET/.
    mkdir -p "artifacts/$target"
    "target/x86_64-unknown-linux-gnu/release/$target" "corpus/$target" \
        -artifact_prefix="artifacts/$target/" \
        -max_total_time="$secs" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 >"logs/$target.log" 2>&1
}

status=0
pids=()
for target in "${targets[@]}"; do
    run_one "$target" &
    pids+=($!)
    if [ ${#pids[@]} -eq 2 ]; then
        wait "${pids[0]}" || status=1
        wait "${pids[1]}" || status=1
        pids=()
    fi
done
for pid in "${pids[@]}"; do
    wait "$pid" || status=1
done

for target in "${targets[@]}"; do
    printf '%-8s ' "$target"
    grep -E 'stat::number_of_executed_units|Done [0-9]+ runs' "logs/$target.log" | tail -1 || true
done
if [ "$status" -ne 0 ]; then
    echo "a target crashed: see fuzz/logs/ and fuzz/artifacts/" >&2
fi
exit "$status"
