#!/usr/bin/python3
"""Idle: with short timeouts the countdown appears, one touch extends it,
and at zero everything typed and the language are gone and a summary with
end reason "idle" is recorded."""
from kiosklib import fail, run, translator, wait_until


def main(k):
    # Short, but with room for a slow (sanitizer) build to answer a touch
    # before the countdown runs out.
    k.start(env={"SPORTELLO_IDLE_TIMEOUT": "8", "SPORTELLO_IDLE_COUNTDOWN": "12"})
    it = translator("it")
    tr = translator("ar")
    k.press("push button", it("Touch the screen to start"))
    k.press("push button", "العربية")
    k.press("push button", tr("I have an appointment"))
    for digit in ("1", "2"):
        k.press("push button", digit)
    typed = k.wait_for("label", lambda n: n.endswith("12"))
    if tr("Ticket code") not in typed.name:
        fail("the keypad display is named %r" % typed.name)

    # The countdown comes; one touch sends it away.
    k.wait_for("label", tr("Still there? Touch to continue"), 20)
    k.press("push button", lambda n: n.startswith(tr("Still there? Touch to continue")))
    wait_until(lambda: not k.find_all("label", tr("Still there? Touch to continue")), 3, "the countdown to go")
    if not k.find_all("label", lambda n: n.endswith("12")):
        fail("a touch on the countdown lost what was typed")

    # Untouched, it comes back and resets everything.
    k.wait_for("label", tr("Still there? Touch to continue"), 20)
    k.screenshot("idle-countdown")
    k.wait_for("push button", it("Touch the screen to start"), 25)
    sessions = wait_until(lambda: k.db_rows("SELECT language, end_reason FROM sessions"), 10, "the idle summary")
    if sessions != [("ar", 1)]:
        fail("session summaries: %r" % sessions)

    # Nothing typed survives, and the language is the default again.
    k.press("push button", it("Touch the screen to start"))
    k.press("push button", "Italiano")
    k.press("push button", it("I have an appointment"))
    display = k.wait_for("label", it("Ticket code"))
    if display.name != it("Ticket code"):
        fail("typed digits survived the reset: %r" % display.name)


run(main)
