#!/usr/bin/python3
"""Lockdown: the keys that close, leave or disturb a window do nothing."""
import subprocess
import time

from kiosklib import fail, run, translator


def main(k):
    k.start()
    it = translator("it")
    k.press("push button", it("Touch the screen to start"))
    k.wait_for("push button", "Italiano")
    for keys in ("alt+F4", "ctrl+q", "ctrl+w", "F11", "Escape", "super", "ctrl+shift+i", "alt+Tab"):
        subprocess.call(["xdotool", "key", keys])
        time.sleep(0.3)
        if not k.alive():
            fail("the kiosk went away after %s:\n%s" % (keys, k.output()))
    time.sleep(0.5)
    if not k.alive():
        fail("the kiosk closed")
    k.wait_for("push button", "Italiano")
    # A right click opens nothing.
    subprocess.call(["xdotool", "mousemove", "540", "600", "click", "3"])
    time.sleep(0.3)
    if k.find_all("menu") or k.find_all("popup menu"):
        fail("a right click opened a menu")
    k.screenshot("lockdown")


run(main)
