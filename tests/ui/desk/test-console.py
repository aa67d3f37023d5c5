"""The desk console as an operator uses it: sign in (a wrong PIN is refused),
see a walk-in taken in another process appear within 2 s, call it, start,
finish, undo; the board in a second process shows the call."""

import os
import time

from deskui import (Session, button, click, fail, find_all, key, log, run,
                    type_text, wait_for, wait_node)

OPERATOR = "op1"
PIN = "2468"


def state_of(s, code):
    rows = s.query("SELECT state, counter, operator FROM tickets WHERE code = ?", code)
    return rows[0] if rows else None


def wait_state(s, code, state, what):
    return wait_for("%s (state %d of %s)" % (what, state, code),
                    lambda: (state_of(s, code) or (None,))[0] == state, timeout=5)


def translation(lang, msgid):
    import gettext
    build = os.environ["SPORTELLO_BUILD_ROOT"]
    return gettext.translation("sportello", localedir=os.path.join(build, "po"),
                               languages=[lang]).gettext(msgid)


def main():
    s = Session("console")
    try:
        s.admin("operator", "add", OPERATOR, "--name", "Anna Rossi", stdin=PIN + "\n")
        console = s.start("--operator", OPERATOR, "--windowed")
        app = s.app(console)

        pin = wait_node(app, "the PIN entry", role="password text")
        click(app, pin)
        type_text("1357")
        key("Return")
        wait_node(app, "the wrong-PIN message", contains="Wrong operator id or PIN")
        log("wrong PIN refused")
        s.screenshot("wrong-pin")

        click(app, pin)
        type_text(PIN)
        key("Return")
        click(app, button(app, "Open the Queue"))
        call_next = button(app, "Call Next")
        wait_node(app, "the empty queue", contains="Nobody is waiting")
        # Poll only the queue's subtree: a walk of the whole window over the
        # accessibility bus would blur the latency measured.
        queue = wait_node(app, "the queue list", role="list", name="Queue")

        # Another process takes a number; the console must show it within 2 s.
        code = s.admin("walk-in", "employment-centre", "--language", "ar", "--mediator").split()[0]
        started = time.monotonic()
        wait_for("%s in the queue" % code,
                 lambda: find_all(queue, role="label", name=code), timeout=2.0, interval=0.02)
        latency = time.monotonic() - started
        log("walk-in %s appeared in the console after %.2f s" % (code, latency))
        wait_node(app, "the mediator mark", role="label", name="Needs a mediator")
        wait_node(app, "the endonym", role="label", name="العربية")

        click(app, call_next)
        wait_state(s, code, 3, "call next")
        row = state_of(s, code)
        if row[1] != "1" or row[2] != OPERATOR:
            fail("called with counter %r by %r, expected counter 1 by %s" % (row[1], row[2], OPERATOR))
        button(app, "Undo")
        log("%s called to counter 1" % code)
        s.screenshot("called")

        # The board, a second process on the same database, shows the call.
        board = s.start("--board")
        board_app = s.app(board)
        # The board's Italian line, as the translators wrote it.
        counter_phrase = translation("it", "Counter %s").replace("%s", "")
        wait_node(board_app, "the code on the board", role="label", name=code)
        wait_node(board_app, "the counter phrase on the board", role="label",
                  contains="%s → %s1" % (code, counter_phrase))
        s.screenshot("board")
        board.terminate()
        board.wait(timeout=5)
        if board.returncode != 0:
            fail("the board ended with %s" % board.returncode)
        log("the board showed %s" % code)

        click(app, button(app, "Start Serving"))
        wait_state(s, code, 4, "start serving")
        # Done through its keyboard shortcut.
        time.sleep(0.3)
        key("ctrl+d")
        wait_state(s, code, 5, "done")
        log("%s served" % code)
        s.screenshot("done")

        click(app, button(app, "Undo"))
        wait_state(s, code, 4, "undo")
        log("undo brought %s back to serving" % code)
        wait_for("%s back in the queue" % code, lambda: find_all(app, role="label", name=code))

        click(app, button(app, "Done"))
        wait_state(s, code, 5, "done again")
        s.screenshot("final")

    finally:
        s.close()


run(main)
