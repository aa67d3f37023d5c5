#!/bin/sh
# UI test of sportello-stats under its own Xvfb: a demo month recorded
# through the core, the window driven through AT-SPI and xdotool, exports
# through the Export menu and the file chooser, then the PDF checked with
# poppler's tools and rendered into $ARTEFACTS.
#
#   test-stats-window.sh SPORTELLO_STATS STATS_DEMO SOURCE_DIR
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

STATS=$1
DEMO=$2
SRC=$3

for tool in xvfb-run dbus-run-session matchbox-window-manager xdotool import pdfinfo pdftotext pdftoppm; do
  command -v "$tool" >/dev/null 2>&1 || { echo "SKIP: $tool missing"; exit 77; }
done

ARTEFACTS=${ARTEFACTS:-$(pwd)/artefacts}/stats
mkdir -p "$ARTEFACTS"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/stats-window-XXXXXX")
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$TMP/home"

# cairo 1.16 leaks one buffer when a PDF surface with embedded fonts is
# finished (inside cairo_surface_finish): a library leak, suppressed on top
# of the suite's own list when running under LeakSanitizer.
case "${LSAN_OPTIONS:-}" in
  *suppressions=*)
    base=$(printf '%s' "$LSAN_OPTIONS" | sed -n 's/.*suppressions=\([^:]*\).*/\1/p')
    { cat "$base" 2>/dev/null; echo "leak:cairo_surface_finish"; } > "$TMP/lsan.supp"
    LSAN_OPTIONS=$(printf '%s' "$LSAN_OPTIONS" | sed "s|suppressions=[^:]*|suppressions=$TMP/lsan.supp|")
    # Full stacks, so the suppression names the cairo function.
    ASAN_OPTIONS="${ASAN_OPTIONS:-}:fast_unwind_on_malloc=0"
    export LSAN_OPTIONS ASAN_OPTIONS
    ;;
esac

"$DEMO" "$TMP/demo.db" 2026-03 40

# The figures the window must show come from the same core, headless.
"$STATS" --db "$TMP/demo.db" --month 2026-03 --export-csv "$TMP/cli.csv" --export-pdf "$TMP/cli.pdf"
EXPECTED_TOTAL=$(sed -n 's/^total,sessions,,//p' "$TMP/cli.csv")
export EXPECTED_TOTAL
echo "demo month: $EXPECTED_TOTAL sessions"

export HOME="$TMP/home" XDG_CONFIG_HOME="$TMP/home/.config" XDG_DATA_HOME="$TMP/home/.local/share"
export TMP STATS SRC ARTEFACTS

xvfb-run -a -s '-screen 0 1600x1000x24' dbus-run-session sh -c '
  /usr/libexec/at-spi-bus-launcher --launch-immediately &
  matchbox-window-manager -use_titlebar no &
  sleep 0.5
  GTK_A11Y=atspi GSK_RENDERER=cairo "$STATS" --db "$TMP/demo.db" --month 2026-03 &
  app=$!
  xdotool search --sync --onlyvisible --name "Sportello Statistics" >/dev/null
  status=0
  /usr/bin/python3 "$SRC/test-stats-window.py" "$HOME" "$ARTEFACTS" || status=$?
  kill $app 2>/dev/null || true
  wait $app 2>/dev/null || true
  exit $status
'

PDF="$HOME/window-report.pdf"
CSV="$HOME/window-figures.csv"

# The window exported the same figures as the command line.
cmp "$CSV" "$TMP/cli.csv" || { echo "FAIL: window CSV differs from the CLI's"; exit 1; }

# Cover, 8 charts, figures, the hour table, method: 13 pages for this month.
pages=$(pdfinfo "$PDF" | sed -n 's/^Pages: *//p')
[ "$pages" -ge 12 ] || { echo "FAIL: $pages pages"; exit 1; }
last=$pages

page_has () {
  pdftotext -f "$1" -l "$1" -layout "$PDF" - | grep -q -- "$2" || { echo "FAIL: page $1 lacks '$2'"; exit 1; }
}
page_has 1 "Usage statistics of the kiosk"
page_has 1 "March 2026"
page_has 1 "Sessions: $EXPECTED_TOTAL"
page_has 2 "Sessions per day"
page_has 3 "Languages"
page_has 4 "Services consulted"
page_has 5 "Topics consulted"
page_has 6 "From session to appointment"
page_has 7 "How sessions ended"
page_has 8 "How people heard of the desk"
page_has 9 "Sessions by weekday and hour"
page_has 10 "Figures"
page_has "$last" "Method and privacy"
page_has "$last" "Secondary suppression"

# No figure between 1 and 4 in the tables of figures (pages 10 to the one
# before the method) nor in the CSV: counts stand alone as words there.
pdftotext -f 10 -l $((last - 1)) -layout "$PDF" "$TMP/figures.txt"
if grep -E '(^|[^<≥0-9:.-] *)\b[1-4]\b( |$)' "$TMP/figures.txt" | grep -v '^ *$' | grep -vE '< *5|≥ *5' ; then
  echo "FAIL: a figure below 5 is printed"; exit 1
fi
grep -q '< *5' "$TMP/figures.txt" || { echo "FAIL: no hidden figure in the tables"; exit 1; }
if grep -E ',[1-4]$' "$CSV"; then
  echo "FAIL: a figure below 5 in the CSV"; exit 1
fi

pdftoppm -r 60 -png "$PDF" "$ARTEFACTS/report"
echo "ok: $pages pages, artefacts in $ARTEFACTS"
