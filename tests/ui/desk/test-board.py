"""The waiting-room board: calls made by other processes appear large with
their counter, a right-to-left (Arabic) ticket among them; each new call
chimes and is announced without an audio device, and the board keeps up."""

import os
import time

from deskui import Session, fail, find_all, log, run, wait_for, wait_node

SOURCE = os.environ.get("SPORTELLO_SOURCE_ROOT", os.path.join(os.path.dirname(__file__), "..", "..", ".."))


def tr(lang, msgid):
    """The msgstr of msgid in po/LANG.po: the board must show the real
    translation, in the ticket's language and in Italian."""
    with open(os.path.join(SOURCE, "po", lang + ".po"), encoding="utf-8") as f:
        lines = f.read().splitlines()
    for i, line in enumerate(lines):
        if line == 'msgid "%s"' % msgid and lines[i + 1].startswith('msgstr "'):
            return lines[i + 1][len('msgstr "'):-1]
    fail("%s has no translation of %r" % (lang, msgid))


def main():
    s = Session("board")
    try:
        s.admin("operator", "add", "op2", stdin="8642\n")
        arabic = s.admin("walk-in", "employment-centre", "--language", "ar").split()[0]
        french = s.admin("walk-in", "health-registration", "--language", "fr").split()[0]
        italian = s.admin("walk-in", "housing-help", "--language", "it").split()[0]
        called = s.admin("call-next", "--operator", "op2", "--counter", "3",
                         "--service", "employment-centre").split()[0]
        if called != arabic:
            fail("call-next called %s, expected %s" % (called, arabic))

        audio = os.path.join(s.tmp.name, "board.wav")
        board = s.start("--board", "--audio-file", audio)
        app = s.app(board)
        wait_node(app, "the Arabic ticket's code", role="label", name=arabic)
        counter_it = tr("it", "Counter %s").replace("%s", "")
        wait_node(app, "the Italian line", role="label", contains="%s → %s3" % (arabic, counter_it))
        # The line in the ticket's language is laid out right to left.
        ticket_ar = tr("ar", "Ticket %s").replace("%s", "").strip()
        rtl = wait_node(app, "the Arabic line", role="label", contains=ticket_ar)
        log("Arabic line: %r" % rtl.name)
        s.screenshot("arabic")

        # New calls while the board runs: each appears (and is announced).
        for code, service, counter in ((french, "health-registration", "2"),
                                       (italian, "housing-help", "4")):
            s.admin("call-next", "--operator", "op2", "--counter", counter, "--service", service)
            started = time.monotonic()
            wait_for("%s on the board" % code,
                     lambda: find_all(app, role="label", contains="%s → %s%s" % (code, counter_it, counter)),
                     timeout=3.0)
            log("%s appeared on the board after %.2f s" % (code, time.monotonic() - started))

        # Each new call chimes (and is spoken where a voice exists): with no
        # sound card the board renders to the WAV file instead.
        def rendered():
            try:
                with open(audio, "rb") as f:
                    head = f.read(12)
                return head[:4] == b"RIFF" and head[8:12] == b"WAVE" and os.path.getsize(audio) > 1000
            except OSError:
                return False
        wait_for("the chime in %s" % audio, rendered, timeout=15.0, interval=0.2)
        log("announcement rendered: %d bytes" % os.path.getsize(audio))

        # A recall is a new call too; the board must not stall on audio.
        s.admin("set-state", arabic, "called", "--operator", "op2", "--counter", "3")
        time.sleep(1.0)
        wait_node(app, "the recalled ticket", role="label", name=arabic)
        s.admin("set-state", french, "serving", "--operator", "op2")
        wait_for("%s among the recent calls" % french,
                 lambda: find_all(app, role="label", name="%s → 2" % french), timeout=3.0)
        s.screenshot("three-calls")
        if board.poll() is not None:
            fail("the board exited with %s" % board.returncode)
    finally:
        s.close()


run(main)
