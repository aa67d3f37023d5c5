#!/bin/sh
# Runs one desk UI test script under its own headless X server, session bus,
# AT-SPI bus and window manager.  Usage: run-under-xvfb.sh SCRIPT.py
set -eu
script="$1"
exec xvfb-run -a -s '-screen 0 1920x1080x24' dbus-run-session -- sh -c '
  /usr/libexec/at-spi-bus-launcher --launch-immediately &
  bus=$!
  matchbox-window-manager -use_titlebar no &
  wm=$!
  sleep 0.5
  status=0
  # pyatspi is GLib too: the fatal warnings are for the program under test.
  SPORTELLO_APP_G_DEBUG="${G_DEBUG-}" G_DEBUG= /usr/bin/python3 "$0" || status=$?
  kill $wm $bus 2>/dev/null || true
  exit $status
' "$script"
