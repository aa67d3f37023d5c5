#!/usr/bin/python3
"""Staff exit: five taps on the top-left corner of the status bar open the
staff PIN keypad; a wrong PIN keeps the kiosk running with a message, the
desk's PIN (its Argon2id hash in desk.ini, made by sportello-admin) closes
it with status 0.  Alt+F4 and Escape close nothing."""
import os
import subprocess
import sys
import time

from kiosklib import BUILD, fail, run, translator

sys.path.insert(0, os.path.join(os.environ.get("SPORTELLO_SOURCE_ROOT", "."), "tests", "admin"))
import adminlib  # noqa: E402  (its copy of data/ with every day open)

ADMIN = os.path.join(BUILD, "src", "admin", "sportello-admin")
PIN = "246813"
WRONG_PIN = "135792"
CORNER = (20, 12)  # inside the status bar, left of x = 120

it = translator("it")


def pin_hash(tmp, data):
    """The PIN hashed by the build's own code: sportello-admin stores an
    operator's PIN hash in a scratch database, where we read it."""
    scratch = os.path.join(tmp, "hash.db")
    result = subprocess.run([ADMIN, "--db", scratch, "--data", data, "operator", "add", "staff"],
                            input=PIN + "\n", capture_output=True, text=True, timeout=30)
    if result.returncode != 0:
        fail("sportello-admin operator add: exit %d\n%s%s" % (result.returncode, result.stdout, result.stderr))
    import sqlite3
    connection = sqlite3.connect(scratch)
    try:
        (value,), = connection.execute("SELECT pin_hash FROM operators WHERE id = 'staff'").fetchall()
    finally:
        connection.close()
    if not value.startswith("$argon2id$"):
        fail("not an Argon2id hash: %r" % value)
    return value


def set_staff_pin_hash(data, value):
    path = os.path.join(data, "desk.ini")
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    out = []
    for line in lines:
        if line.strip().startswith("StaffPinHash="):
            continue
        out.append(line)
        if line.strip() == "[Desk]":
            out.append("StaffPinHash=" + value)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


def tap(x, y, times=1):
    for _ in range(times):
        subprocess.check_call(["xdotool", "mousemove", str(x), str(y), "click", "1"])
        time.sleep(0.15)


def staff_page_shown(k):
    return bool(k.find_all("label", it("Staff: close the kiosk")))


def send_keys(k, where):
    for keys in ("alt+F4", "Escape"):
        subprocess.call(["xdotool", "key", keys])
        time.sleep(0.4)
        if not k.alive():
            fail("%s closed the kiosk on the %s:\n%s" % (keys, where, k.output()))


def type_pin(k, pin):
    for ch in pin:
        k.click(k.key(ch))
    # The display shows dots and never tells a screen reader the digits.
    display = k.find_all("label", lambda t: t.startswith(it("Staff PIN")))
    if len(display) != 1 or display[0].name != it("Staff PIN"):
        fail("the PIN display's accessible name: %r" % [d.name for d in display])
    text = display[0].queryText()
    dots = text.getText(0, text.characterCount)
    if dots != "●" * len(pin):
        fail("the PIN display shows %r" % dots)


def main(k):
    data = adminlib.make_data(k.tmp)
    set_staff_pin_hash(data, pin_hash(k.tmp, data))
    k.start(args=["--data", data])
    start = it("Touch the screen to start")

    # The keyboard cannot close it.
    send_keys(k, "start screen")
    k.wait_for("push button", start)

    # Four taps are not enough, and a tap elsewhere starts the count again.
    tap(*CORNER, times=4)
    tap(600, CORNER[1])
    tap(*CORNER)
    time.sleep(0.5)
    if staff_page_shown(k):
        fail("the staff page opened without five taps in the corner")

    tap(*CORNER, times=5)
    k.wait_for("label", it("Staff: close the kiosk"))
    k.check_targets("staff PIN")
    send_keys(k, "staff page")
    k.wait_for("label", it("Staff: close the kiosk"))

    # A wrong PIN: a message, the kiosk stays.
    type_pin(k, WRONG_PIN)
    k.press("push button", it("Close the kiosk"))
    k.wait_for("label", it("Wrong PIN."), 15)
    k.screenshot("staff-wrong-pin")
    time.sleep(0.5)
    if not k.alive():
        fail("a wrong PIN closed the kiosk:\n" + k.output())

    # The desk's PIN: the kiosk leaves, cleanly.
    type_pin(k, PIN)
    k.press("push button", it("Close the kiosk"))
    try:
        status = k.process.wait(15)
    except subprocess.TimeoutExpired:
        fail("the right PIN did not close the kiosk:\n" + k.output())
    if status != 0:
        fail("the kiosk closed with status %d:\n%s" % (status, k.output()))
    # Also without G_DEBUG=fatal-warnings: leaving must be clean.
    if "CRITICAL" in k.output() or "WARNING" in k.output():
        fail("the kiosk complained while closing:\n" + k.output())
    if "staff exit" not in k.output():
        fail("the kiosk did not say it was a staff exit:\n" + k.output())
    print("staff exit with the desk's PIN; wrong PIN, Alt+F4 and Escape refused")


run(main)
