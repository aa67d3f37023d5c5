"""The console's referral dialog and the day view: refer a person to the
second level with a note, by keyboard; close the day and see the counts."""

import time

from deskui import (Session, button, click, fail, find_all, key, log, press,
                    run, sign_in, type_text, wait_for, wait_node)


def state_of(s, code):
    rows = s.query("SELECT state, counter, operator FROM tickets WHERE code = ?", code)
    return rows[0] if rows else None


def wait_state(s, code, state, what):
    return wait_for("%s (state %d of %s)" % (what, state, code),
                    lambda: (state_of(s, code) or (None,))[0] == state, timeout=5)


def main():
    s = Session("day")
    try:
        app = sign_in(s, "op3", "97531")
        # Refer a person to the second level, by keyboard.
        second = s.admin("walk-in", "social-services", "--language", "fr").split()[0]
        third = s.admin("walk-in", "social-services", "--language", "uk").split()[0]
        wait_for("%s in the queue" % third, lambda: find_all(app, role="label", name=third), timeout=5.0)
        key("ctrl+n")
        wait_state(s, second, 3, "call next by Ctrl+N")
        time.sleep(0.3)
        key("ctrl+s")
        wait_state(s, second, 4, "start by Ctrl+S")
        time.sleep(0.3)
        key("ctrl+e")
        button(app, "Refer")
        wait_node(app, "the note entry", role="text", name="Note")
        time.sleep(0.3)
        type_text("housing and work")
        s.screenshot("refer")
        key("Return")
        wait_state(s, second, 8, "refer")
        row = s.query("SELECT professional, note FROM tickets WHERE code = ?", second)[0]
        if row != (1, "housing and work"):
            fail("referral stored as %r" % (row,))
        log("%s referred to a social worker" % second)

        # The day view and its close.
        click(app, wait_node(app, "the Day tab", role="page tab", name="Day"))
        wait_node(app, "the referral count", role="label", name="1 referral this day")
        press(button(app, "Close Day…"))
        press(button(app, "Close Day"))
        wait_node(app, "the day's counts", contains="Not served: 1")
        if state_of(s, third)[0] != 9:
            fail("%s was not marked as not served" % third)
        s.screenshot("day-closed")
        log("day closed: %s not served" % third)

        # The keyboard shortcuts window (GNOME convention: Ctrl+?).
        key("Escape")
        time.sleep(0.3)
        key("ctrl+question")
        wait_node(app, "the shortcuts window", role="label", name="Call the next person")
        s.screenshot("shortcuts")
    finally:
        s.close()


run(main)
