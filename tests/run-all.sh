#!/bin/bash
# Builds Sportello and runs the whole test suite headless, then the same
# suite again built with AddressSanitizer and UndefinedBehaviorSanitizer.
# UI tests start their own Xvfb; nothing here needs a display.
set -euo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C.UTF-8
unset DISPLAY WAYLAND_DISPLAY

results=()
run_suite () {
  local dir=$1; shift
  local test_args=$1; shift
  if [ -d "$dir" ]; then
    meson setup --reconfigure "$dir" "$@" >/dev/null
  else
    meson setup "$dir" "$@" >/dev/null
  fi
  meson compile -C "$dir"
  local rc=0
  meson test -C "$dir" --print-errorlogs --num-processes 2 $test_args || rc=$?
  results+=("$dir $rc")
  return 0
}

run_suite _build-tests ""
# Instrumented code runs a few times slower: give each test more time. The
# per-language screenshot runs are left to the plain pass.
run_suite _build-sanitize "--timeout-multiplier 3 --no-suite screenshots" \
  -Db_sanitize=address,undefined -Db_lundef=false --buildtype=debug

# One closing line for both runs, counted from meson's own logs.
python3 - "${results[@]}" <<'PY'
import json, sys
passed = failed = skipped = 0
for arg in sys.argv[1:]:
    d, rc = arg.rsplit(' ', 1)
    with open(f'{d}/meson-logs/testlog.json') as f:
        for line in f:
            r = json.loads(line)['result']
            if r in ('OK', 'EXPECTEDFAIL'): passed += 1
            elif r == 'SKIP': skipped += 1
            else: failed += 1
print(f'{passed} passed, {failed} failed, {skipped} skipped')
sys.exit(1 if failed else 0)
PY
