#!/usr/bin/env bash
# Builds hedui.exe for 64-bit Windows on Debian, then smoke-tests it under wine.
#
#   scripts/build-windows.sh             build, then the smoke test (needs wine)
#   scripts/build-windows.sh --no-smoke  build only
#
# Result: target/x86_64-pc-windows-gnu/release/hedui.exe (stripped; the linker
# and the strip are set for that target only in .cargo/config.toml).
# Needs: apt-get install -y mingw-w64; rustup target add x86_64-pc-windows-gnu;
# for the smoke test apt-get install -y wine. Nothing is downloaded here.
#
# The smoke test runs the real hedui.exe as Windows would, on copies of the
# bundled fixtures in a temporary folder (paths given as Z:\… with Chinese
# names and a space, like Explorer passes them): check, fix, a dropped
# workbook, a dropped folder and the same folder dropped again, then a drop
# and a double click in a console (a pseudo-terminal, Enter pressed after 3 s);
# it checks exit codes, that each output is written and that the window waits
# for Enter. Not part of .ci/run (wine is slow to start and not on every machine).
set -euo pipefail
cd "$(dirname "$0")/.."

TARGET=x86_64-pc-windows-gnu
EXE="target/$TARGET/release/hedui.exe"
SMOKE=1
for arg in "$@"; do
    case "$arg" in
        --no-smoke) SMOKE=0 ;;
        *) echo "usage: $0 [--no-smoke]" >&2; exit 2 ;;
    esac
done

die() { echo "build-windows: $*" >&2; exit 1; }

command -v x86_64-w64-mingw32-gcc >/dev/null \
    || die "no mingw-w64 linker: apt-get install -y mingw-w64"
if command -v rustup >/dev/null && ! rustup target list --installed | grep -qx "$TARGET"; then
    die "no Rust target $TARGET: rustup target add $TARGET"
fi

# RUSTFLAGS from the environment would replace the target's flags of
# .cargo/config.toml (the strip among them).
env -u RUSTFLAGS -u CARGO_ENCODED_RUSTFLAGS \
    cargo build --release --locked --target "$TARGET" --bin hedui
echo "built $EXE ($(du -h "$EXE" | cut -f1))"

[ "$SMOKE" = 1 ] || exit 0

# --- smoke test under wine -------------------------------------------------

WINE=""
for candidate in wine64 /usr/lib/wine/wine64 wine; do
    if command -v "$candidate" >/dev/null; then WINE=$(command -v "$candidate"); break; fi
done
[ -n "$WINE" ] || die "no wine for the smoke test: apt-get install -y wine (or --no-smoke)"

# A prefix of our own under target/, so the user's ~/.wine is never touched.
export WINEPREFIX="$PWD/target/wine-prefix" WINEDEBUG=-all LC_ALL=C.UTF-8
export WINELOADER="$WINE"
if [ ! -d "$WINEPREFIX/drive_c/windows/system32" ]; then
    echo "creating the wine prefix $WINEPREFIX (once)"
    "$WINE" wineboot --init >/dev/null 2>&1 || true
fi
SYSTEM32="$WINEPREFIX/drive_c/windows/system32"
[ -d "$SYSTEM32" ] || die "wine could not create its prefix in $WINEPREFIX"
# Windows 10 and 11 have bcryptprimitives.dll (Rust's std takes random bytes
# from it); wine before 9 has not: give this test prefix a stand-in.
if [ ! -e "$SYSTEM32/bcryptprimitives.dll" ]; then
    x86_64-w64-mingw32-gcc -O2 -shared -o "$SYSTEM32/bcryptprimitives.dll" \
        scripts/wine/bcryptprimitives.c -lbcrypt
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
winpath() { local p="$1"; echo "Z:${p//\//\\}"; }
# Runs hedui.exe with stdin not a console (a drop would otherwise wait for Enter).
run() { "$WINE" "$EXE" "$@" </dev/null >"$WORK/stdout" 2>"$WORK/stderr"; }
fail() {
    echo "smoke test FAILED: $*" >&2
    echo "--- stdout" >&2; cat "$WORK/stdout" >&2
    echo "--- stderr" >&2; cat "$WORK/stderr" >&2
    exit 1
}
expect_code() { # expected, actual, what
    [ "$2" = "$1" ] || fail "$3: exit code $2, expected $1"
}
expect_xlsx() { # a written workbook: a zip file
    [ -s "$1" ] && [ "$(head -c 2 "$1")" = "PK" ] || fail "no workbook written at $1"
}

BOOK="$WORK/赤岗街 2024.xlsx"
cp fixtures/indicators/chigang_2024.xlsx "$BOOK"

# check: the fixture has planted errors, so exit 1 and a report naming it.
code=0; run --version || code=$?
expect_code 0 "$code" "hedui.exe --version"
code=0; run check "$(winpath "$BOOK")" || code=$?
expect_code 1 "$code" "hedui.exe check"
grep -q "赤岗街 2024.xlsx" "$WORK/stdout" || fail "check: the report does not name the file"
grep -q "错误" "$WORK/stdout" || fail "check: no error in the report"

# fix: the corrected workbook is written, the input untouched.
before=$(sha256sum "$BOOK" | cut -d' ' -f1)
code=0; run fix "$(winpath "$BOOK")" -o "$(winpath "$WORK/更正.xlsx")" || code=$?
expect_code 1 "$code" "hedui.exe fix"
expect_xlsx "$WORK/更正.xlsx"

# An error of ours is one Chinese line and exit 2.
code=0; run check "$(winpath "$WORK/无此文件.xlsx")" || code=$?
expect_code 2 "$code" "hedui.exe check on a missing file"
grep -q "^hedui: " "$WORK/stderr" || fail "missing file: no error line"

# A workbook dropped onto hedui.exe: fix, the copy beside it.
code=0; run "$(winpath "$BOOK")" || code=$?
expect_code 1 "$code" "workbook dropped on hedui.exe"
expect_xlsx "$WORK/赤岗街 2024.核对.xlsx"
[ "$(sha256sum "$BOOK" | cut -d' ' -f1)" = "$before" ] || fail "the input was changed"

# A folder dropped onto hedui.exe: each copy beside its workbook, the summary
# in the folder; dropped again, the outputs are skipped and nothing is added.
FOLDER="$WORK/赤岗街 月报"
mkdir -p "$FOLDER"
cp fixtures/periods/chigang/*.xlsx "$FOLDER/"
code=0; run "$(winpath "$FOLDER")" || code=$?
expect_code 1 "$code" "folder dropped on hedui.exe"
for month in 2024-03 2024-04 2024-05; do
    expect_xlsx "$FOLDER/$month.核对.xlsx"
done
expect_xlsx "$FOLDER/汇总.核对.xlsx"
files=$(ls "$FOLDER" | wc -l)
code=0; run "$(winpath "$FOLDER")" || code=$?
expect_code 1 "$code" "folder dropped again"
grep -q "已跳过 5 个" "$WORK/stderr" || fail "folder dropped again: the outputs were not skipped"
[ "$(ls "$FOLDER" | wc -l)" = "$files" ] || fail "folder dropped again: new files appeared"

# In a console window (a pseudo-terminal here), Enter is pressed after 3 s:
# the report, then the prompt, and hedui.exe exits only once Enter came.
if command -v script >/dev/null; then
    run_console() {
        local start cmd status=0
        cmd=$(printf '%q ' "$WINE" "$EXE" "$@")
        start=$(date +%s)
        # timeout: an Enter lost while wine starts its console fails, never hangs.
        (sleep 3; printf '\r\n') | SHELL=/bin/bash timeout 60 script -qec "$cmd" /dev/null \
            >"$WORK/stdout" 2>"$WORK/stderr" || status=$?
        waited=$(( $(date +%s) - start ))
        return "$status"
    }
    rm "$WORK/赤岗街 2024.核对.xlsx"
    code=0; run_console "$(winpath "$BOOK")" || code=$?
    expect_code 1 "$code" "workbook dropped, in a console"
    expect_xlsx "$WORK/赤岗街 2024.核对.xlsx"
    grep -q "按回车键关闭窗口" "$WORK/stdout" || fail "dropped in a console: no prompt"
    [ "$waited" -ge 3 ] || fail "dropped in a console: closed after ${waited}s, before Enter"
    # Double-clicked: no argument; how to use it, and the same wait.
    code=0; run_console || code=$?
    expect_code 2 "$code" "hedui.exe double-clicked"
    grep -q "拖到 hedui.exe 上" "$WORK/stdout" || fail "double-clicked: no hint"
    grep -q "按回车键关闭窗口" "$WORK/stdout" || fail "double-clicked: no prompt"
    [ "$waited" -ge 3 ] || fail "double-clicked: closed after ${waited}s, before Enter"
else
    echo "no script(1): the console wait for Enter was not tried"
fi

echo "smoke test passed under $("$WINE" --version): check, fix, a dropped workbook and folder, the console wait"
