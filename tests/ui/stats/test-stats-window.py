#!/usr/bin/python3
# Drives sportello-stats through AT-SPI and real pointer events, as staff
# would: step the period, switch to a week, raise the threshold, and export
# the report (PDF) and the figures (CSV) through the Export menu and the
# file chooser.
#
#   test-stats-window.py OUT_DIR ARTEFACTS_DIR
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import subprocess
import sys
import time

import pyatspi

OUT, ARTEFACTS = sys.argv[1], sys.argv[2]
DESKTOP = pyatspi.Registry.getDesktop(0)


def fail(message):
    print("FAIL: " + message, flush=True)
    shot("failure")
    sys.exit(1)


def shot(name):
    subprocess.run(["import", "-window", "root", os.path.join(ARTEFACTS, name + ".png")])


def app():
    for a in DESKTOP:
        if a is not None and a.name == "sportello-stats":
            return a
    return None


def walk(node):
    yield node
    for i in range(node.childCount):
        child = node.getChildAtIndex(i)
        if child is not None:
            yield from walk(child)


def visible(node):
    try:
        return node.getState().contains(pyatspi.STATE_VISIBLE)
    except Exception:
        return False


def find(role=None, name=None, prefix=None, timeout=30.0):
    """First visible object of that role whose name matches, waiting for it."""
    end = time.time() + timeout
    while time.time() < end:
        a = app()
        if a is not None:
            for node in walk(a):
                try:
                    if role is not None and node.getRoleName() != role:
                        continue
                    n = node.name or ""
                    if name is not None and n != name:
                        continue
                    if prefix is not None and not n.startswith(prefix):
                        continue
                except Exception:
                    continue
                if visible(node):
                    return node
        time.sleep(0.1)
    fail("no %s %r%s" % (role, name or prefix, " (prefix)" if prefix else ""))


def window_id(title):
    out = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", title],
                         capture_output=True, text=True).stdout.split()
    if not out:
        fail("no X window named " + title)
    return out[-1]


def click(node, title="Sportello Statistics"):
    """A real pointer click at the centre of the object."""
    ext = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    x, y = ext.x + ext.width // 2, ext.y + ext.height // 2
    subprocess.run(["xdotool", "mousemove", "--window", window_id(title), str(x), str(y),
                    "click", "1"], check=True)


def press(node):
    """Activates an object through its accessible action.  A slow
    application (sanitizers) may answer after the bus timeout while still
    doing the action: the caller checks the effect."""
    try:
        node.queryAction().doAction(0)
    except Exception as error:
        if "reply" not in str(error):
            raise
        print("slow reply:", error, flush=True)


def wait_total(not_text=None):
    end = time.time() + 30
    while time.time() < end:
        label = find("label", prefix="Sessions: ")
        if label.name != not_text and "…" not in label.name:
            return label.name
        time.sleep(0.1)
    fail("the total did not change from " + str(not_text))


def wait_period(text):
    find("label", name=text)


def choose(dropdown_name, item):
    """Opens a drop-down with the pointer, then goes to the item with Home and
    the arrow keys and takes it with Return, as a keyboard user would."""
    combo = find("combo box", prefix=dropdown_name)
    shown = [n.name for n in walk(combo) if n.getRoleName() == "label" and n.name]
    click(combo)
    end = time.time() + 30
    items = []
    while time.time() < end and not items:
        for node in walk(app()):
            try:
                if node.getRoleName() == "list item" and visible(node):
                    items.append([c.name for c in walk(node) if c.getRoleName() == "label"][0])
            except Exception:
                continue
        time.sleep(0.1)
    current = next((name for name in shown if name in items), None)
    if item not in items or current is None:
        fail("drop-down %s lists %r" % (dropdown_name, items))
    time.sleep(0.3)
    subprocess.run(["xdotool", "key", "Home"], check=True)
    for _ in range(items.index(item)):
        subprocess.run(["xdotool", "key", "Down"], check=True)
        time.sleep(0.1)
    subprocess.run(["xdotool", "key", "Return"], check=True)


def export(menu_item, dialog_title, file_name):
    path = os.path.join(OUT, file_name)
    press(find("push button", name="Export"))
    item = find("menu item", name=menu_item)
    # Menu items live in a popover surface whose reported position is not
    # the one on screen: activate them through their accessible action.
    try:
        press(item)
    except NotImplementedError:
        fail("menu item %r has no action" % menu_item)
    # The file chooser opens in $HOME (OUT): type the name and save.
    end = time.time() + 30
    while time.time() < end:
        ids = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", dialog_title],
                             capture_output=True, text=True).stdout.split()
        if ids:
            break
        time.sleep(0.1)
    else:
        fail("no file chooser " + dialog_title)
    time.sleep(0.5)
    subprocess.run(["xdotool", "key", "--window", ids[-1], "ctrl+a"], check=True)
    subprocess.run(["xdotool", "type", "--delay", "20", file_name], check=True)
    shot("chooser-" + file_name.replace(".", "-"))
    subprocess.run(["xdotool", "key", "Return"], check=True)
    end = time.time() + 60
    while time.time() < end and not os.path.exists(path):
        time.sleep(0.1)
    if not os.path.exists(path):
        fail("the export did not write " + path)
    find("label", prefix="Report saved to" if path.endswith(".pdf") else "Figures saved to",
         timeout=60)
    print("exported", path, flush=True)


def main():
    total = wait_total()
    print("start:", total, flush=True)
    if total != "Sessions: " + os.environ["EXPECTED_TOTAL"]:
        fail("March shows %r" % total)
    wait_period("March 2026")
    time.sleep(0.5)
    shot("window-month")

    # Next and previous period, as buttons.
    press(find("push button", name="Next period"))
    wait_period("April 2026")
    if wait_total(total) != "Sessions: 0":
        fail("April is not empty")
    shot("window-empty-month")
    click(find("push button", name="Previous period"))
    wait_period("March 2026")
    if wait_total("Sessions: 0") != total:
        fail("back to March does not show March")

    # A week through the period drop-down, then the next week.
    choose("Period", "Week")
    wait_period("Week of 23 February 2026")
    press(find("push button", name="Next period"))
    wait_period("Week of 2 March 2026")
    week_total = wait_total(total)
    print("week:", week_total, flush=True)
    time.sleep(0.5)
    shot("window-week")

    # A higher threshold hides more: the languages chart reads "< 50".
    spin = find("spin button", prefix="Hide figures below")
    spin.queryValue().currentValue = 50
    end = time.time() + 30
    while time.time() < end:
        chart = find("filler", name="Languages")
        if "< 50" in (chart.description or ""):
            break
        time.sleep(0.1)
    else:
        fail("threshold 50 not applied: " + str(chart.description))
    time.sleep(0.3)
    shot("window-threshold-50")
    spin.queryValue().currentValue = 5

    choose("Period", "Month")
    wait_period("March 2026")
    wait_total()
    time.sleep(0.5)

    export("Save report as PDF…", "Save Report", "window-report.pdf")
    export("Export figures as CSV…", "Export Figures", "window-figures.csv")
    time.sleep(0.3)
    shot("window-after-export")
    print("ok", flush=True)


main()
