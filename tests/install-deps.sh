#!/bin/sh
# Installs, from Debian 12's archive, everything needed to build Sportello,
# run it and run its whole test suite headless.  Run as root (or with sudo).
set -eu
if [ "$(id -u)" -ne 0 ]; then
  exec sudo "$0" "$@"
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends \
  build-essential meson ninja-build pkg-config gettext \
  libglib2.0-dev libglib2.0-bin libsqlite3-dev sqlite3 libjson-glib-dev libsodium-dev \
  libgtk-4-dev libadwaita-1-dev libqrencode-dev \
  libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev \
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad \
  gstreamer1.0-espeak gstreamer1.0-tools espeak-ng \
  locales-all fonts-noto-core fonts-noto-cjk fonts-sil-abyssinica \
  xvfb xauth dbus-x11 at-spi2-core python3 python3-pyatspi python3-gi xdotool \
  imagemagick matchbox-window-manager \
  desktop-file-utils appstream poppler-utils libclang-rt-14-dev
