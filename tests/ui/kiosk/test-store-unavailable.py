#!/usr/bin/python3
"""Store unavailable: the database cannot be created (its folder is a plain
file), so booking is disabled with a message while the service information
stays; once the folder can be made, booking comes back by itself.

Tests may run as root, which ignores file permissions; a path through a
regular file fails for every user."""
import os

from kiosklib import fail, go_to_service, run, translator, wait_until


def main(k):
    blocker = os.path.join(k.tmp, "blocked")
    with open(blocker, "w") as f:
        f.write("not a folder\n")
    db = os.path.join(blocker, "kiosk.db")
    k.start(db=db)
    tr = translator("en")
    go_to_service(k, tr, "English", "Documents and permits",
                  "Residence permit: first request and renewal")
    message = tr("Booking is not possible right now. The information on these screens is still "
                 "correct. Please try again in a few minutes, or ask at the desk.")
    k.wait_for("label", message, 10)
    book = k.wait_for("push button", tr("Book an appointment"))
    if book.getState().contains(k.pyatspi.STATE_SENSITIVE):
        fail("booking is enabled without a database")
    k.wait_for("label", tr("Who can use it"))
    k.screenshot("store-unavailable")

    # The disk is fixed: booking comes back without a restart.
    os.unlink(blocker)
    wait_until(lambda: [b for b in k.find_all("push button", tr("Book an appointment"))
                        if b.getState().contains(k.pyatspi.STATE_SENSITIVE)],
               15, "booking to come back")
    if k.find_all("label", message):
        fail("the message stayed after the store came back")
    if not os.path.exists(db):
        fail("the database was not created")


run(main)
