#!/usr/bin/python3
"""Screens in the start language (Italian), with a walk-in number taken and
the text size and contrast switches used; every target is big enough."""
from kiosklib import book_first_free, fail, go_to_service, ntranslator, run, translator, is_code


def main(k):
    k.start()
    k.screenshot("it-1-start")
    tr = translator("it")
    go_to_service(k, tr, "Italiano", "Documents and permits",
                  "Residence permit: first request and renewal", shots="it")
    code = book_first_free(k, tr, mediator=False, shots="it")
    rows = k.db_rows("SELECT language, needs_mediator FROM tickets WHERE code = ?", (code,))
    if rows != [("it", 0)]:
        fail("ticket %s: %r" % (code, rows))

    # High contrast and the largest text on the campaign question.
    k.press("push button", tr("Done"))
    k.press("push button", tr("High contrast"))
    k.press("push button", tr("Text size"))
    k.press("push button", tr("Text size"))
    k.check_targets("campaign question, large text")
    k.screenshot("it-7-campaign-contrast")
    k.press("push button", tr("Friend or family") if False else tr("Skip"))

    # A walk-in number, with the people waiting shown.
    k.press("push button", tr("Touch the screen to start"))
    k.press("push button", "Italiano")
    k.press("push button", tr("Work"))
    k.press("push button", tr("Registration at the employment centre"))
    waiting = ntranslator("it")("%d person is waiting now", "%d people are waiting now", 0) % 0
    k.wait_for("label", waiting, 10)
    k.press("push button", tr("Take a number now"))
    code = k.wait_for("label", is_code, 10).name
    rows = k.db_rows("SELECT minute, state FROM tickets WHERE code = ?", (code,))
    if rows != [(-1, 2)]:
        fail("walk-in %s: %r" % (code, rows))
    k.screenshot("it-8-walk-in")


run(main)
