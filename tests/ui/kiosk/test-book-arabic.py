#!/usr/bin/python3
"""End to end, as a person would: Arabic, a topic, a service, a slot, a
mediator, confirm; the code on the ticket screen is the booking in the
database, in Arabic and with the mediator flag; the session is recorded."""
from kiosklib import (fail, go_to_service, book_first_free, run, translator,
                      wait_until)


def main(k):
    k.start()
    k.screenshot("ar-1-start")
    tr = translator("ar")
    go_to_service(k, tr, "العربية", "Documents and permits",
                  "Residence permit: first request and renewal", shots="ar")
    code = book_first_free(k, tr, mediator=True, shots="ar")

    rows = k.db_rows("SELECT service, language, needs_mediator, kiosk_id FROM tickets WHERE code = ?", (code,))
    if rows != [("residence-permit", "ar", 1, "kiosk-1")]:
        fail("ticket %s in the database: %r" % (code, rows))

    # Done, then skip the campaign question: the session ends as finished.
    k.press("push button", tr("Done"))
    k.press("push button", tr("Skip"))
    k.wait_for("push button", translator("it")("Touch the screen to start"))
    sessions = wait_until(lambda: k.db_rows("SELECT language, booked, viewed_service, end_reason, campaign FROM sessions"),
                          10, "the session summary")
    if sessions != [("ar", 1, 1, 0, 7)]:
        fail("session summary: %r" % sessions)
    print("booked %s in Arabic with a mediator" % code)


run(main)
