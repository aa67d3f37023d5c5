#!/usr/bin/python3
"""Check-in by keypad, as a person would: today's appointment is booked
with sportello-admin; on the kiosk "I have an appointment", the code typed
with real clicks on the on-screen keys, "Check in"; the welcome appears and
the ticket is arrived in the database.  An unknown code and a second
check-in of the same code get a clear message and change nothing, and
"Start again" forgets what was typed."""
import os
import subprocess
import sys

from kiosklib import BUILD, fail, run, translator, wait_until

sys.path.insert(0, os.path.join(os.environ.get("SPORTELLO_SOURCE_ROOT", "."), "tests", "admin"))
import adminlib  # noqa: E402  (its copy of data/ with every day open)

ADMIN = os.path.join(BUILD, "src", "admin", "sportello-admin")
BOOKED, ARRIVED = 0, 1  # SportelloState, as stored

it = translator("it")  # the kiosk starts in Italian, its default


def strip_isolates(text):
    return (text or "").replace("\u2066", "").replace("\u2069", "")


def admin(k, data, *args):
    result = subprocess.run([ADMIN, "--db", k.db, "--data", data] + list(args),
                            capture_output=True, text=True, timeout=30)
    if result.returncode != 0:
        fail("sportello-admin %s: exit %d\n%s%s" % (" ".join(args), result.returncode,
                                                     result.stdout, result.stderr))
    return result.stdout


def open_check_in(k):
    """From the start screen to the check-in keypad, in Italian."""
    k.press("push button", it("Touch the screen to start"))
    k.press("push button", "Italiano")
    k.press("push button", it("I have an appointment"))
    k.wait_for("push button", it("Check in"))
    k.check_targets("check-in")


def type_code(k, code):
    """A code like A-12 is typed as its letter and digits (no hyphen key)."""
    for ch in code.replace("-", ""):
        k.click(k.key(ch))


def display(k):
    """What the keypad's display says to a screen reader."""
    prefix = it("Ticket code")
    labels = k.find_all("label", lambda t: t == prefix or t.startswith(prefix + ": "))
    if len(labels) != 1:
        fail("expected one keypad display named %r, found %r" % (prefix, [l.name for l in labels]))
    return labels[0].name


def message(k, msgid, timeout=10):
    text = it(msgid)
    return k.wait_for("label", lambda t: strip_isolates(t) == text, timeout)


def tickets(k):
    return k.db_rows("SELECT id, date, code, service, minute, state, changed_at FROM tickets ORDER BY id")


def state_of(k, code):
    rows = k.db_rows("SELECT state FROM tickets WHERE code = ?", (code,))
    if len(rows) != 1:
        fail("ticket %s in the database: %r" % (code, rows))
    return rows[0][0]


def main(k):
    data = adminlib.make_data(k.tmp)
    code = admin(k, data, "book", "residence-permit", "today").strip()
    if not adminlib.CODE_RE.match(code):
        fail("sportello-admin book printed %r, not a code" % code)
    if state_of(k, code) != BOOKED:
        fail("the new booking %s is not booked" % code)
    # A code that is not booked today: same letter, a number far away.
    letter, number = code.split("-")
    unknown = "%s-%d" % (letter, int(number) + 900)

    k.start(args=["--data", data])

    # Typed digits are gone after "Start again".
    open_check_in(k)
    type_code(k, unknown)
    shown = display(k)
    if shown != "%s: %s" % (it("Ticket code"), unknown.replace("-", "")):
        fail("the keypad display says %r after typing %s" % (shown, unknown))
    k.press("push button", it("Start again"))
    k.wait_for("push button", it("Touch the screen to start"))
    open_check_in(k)
    if display(k) != it("Ticket code"):
        fail("after Start again the keypad still holds %r" % display(k))

    # An unknown code: a clear message, nothing changes.
    before = tickets(k)
    type_code(k, unknown)
    k.press("push button", it("Check in"))
    message(k, "We cannot find this code for today. Please check it, or ask at the desk.")
    k.screenshot("check-in-unknown")
    if tickets(k) != before:
        fail("an unknown code changed the tickets:\n%r\n%r" % (before, tickets(k)))
    if k.find_all("push button", it("Done")):
        fail("an unknown code was welcomed")

    # Rub it out with the backspace key and type the real code.
    for _ in unknown.replace("-", ""):
        k.click(k.key(it("Delete the last character")))
    if display(k) != it("Ticket code"):
        fail("backspace left %r" % display(k))
    type_code(k, code)
    k.press("push button", it("Check in"))
    welcome = it("Welcome. You are checked in with the code %s for “%s” at %s. "
                 "Please take a seat: you will be called to %s.").split("%s")[0]
    label = k.wait_for("label", lambda t: strip_isolates(t).startswith(welcome + code + " "), 15)
    k.check_targets("check-in confirmation")
    k.screenshot("check-in-welcome")
    if "Sportello 1" not in label.name:
        fail("the welcome does not say where to go: %r" % label.name)
    wait_until(lambda: state_of(k, code) == ARRIVED, 5, "%s to be arrived in the database" % code)
    others = [r for r in tickets(k) if r[2] != code]
    if others != [r for r in before if r[2] != code]:
        fail("check-in touched other tickets")

    # The same code again is refused and stays arrived.
    k.press("push button", it("Done"))
    k.press("push button", it("Skip"))
    k.wait_for("push button", it("Touch the screen to start"))
    after = tickets(k)
    open_check_in(k)
    type_code(k, code)
    k.press("push button", it("Check in"))
    message(k, "This code is already checked in or has been used. Please ask at the desk.")
    k.screenshot("check-in-twice")
    if tickets(k) != after or state_of(k, code) != ARRIVED:
        fail("a second check-in changed the ticket: %r" % tickets(k))
    print("checked in %s; unknown %s and a second check-in refused" % (code, unknown))


run(main)
