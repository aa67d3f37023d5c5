#!/usr/bin/python3
"""Read-aloud on a service page, as a person would use it.

Italian has an espeak-ng voice: "Listen" shows, and pressing it makes the
kiosk's speaker push speech audio to its sink.  The kiosk has no option to
render to a file, so the audio is observed from outside through
GStreamer's log tracer: every buffer pushed from the espeak element and
into the sink is logged with its duration.  Going Back while it speaks must
stop the flow.  A language without a voice (Tigrinya or Somali, or any in
data/languages.ini without Voice=) shows no "Listen" at all."""
import os
import re
import subprocess
import time

from kiosklib import fail, go_to_service, kiosk_languages, run, translator, wait_until

SOURCE = os.environ.get("SPORTELLO_SOURCE_ROOT",
                        os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
TOPIC = "Documents and permits"
SERVICE = "Residence permit: first request and renewal"
PUSH = re.compile(r"do_push_buffer_pre:<(?P<element>[a-z]+)[0-9]*:src>.*?"
                  r"dur (?P<h>[0-9]+):(?P<m>[0-9]+):(?P<s>[0-9.]+), size (?P<size>[0-9]+)")


class Audio:
    """What the kiosk's GStreamer pipelines pushed, from the tracer log."""

    def __init__(self, path):
        self.path = path

    def pushed(self):
        """{element kind: (buffers, seconds, bytes)} pushed so far."""
        totals = {}
        try:
            with open(self.path, errors="replace") as f:
                for line in f:
                    match = PUSH.search(line)
                    if not match:
                        continue
                    seconds = int(match["h"]) * 3600 + int(match["m"]) * 60 + float(match["s"])
                    count, total, size = totals.get(match["element"], (0, 0.0, 0))
                    totals[match["element"]] = (count + 1, total + seconds, size + int(match["size"]))
        except FileNotFoundError:
            pass
        return totals

    def seconds(self, element):
        return self.pushed().get(element, (0, 0.0, 0))[1]


def shipped():
    with open(os.path.join(SOURCE, "po", "LINGUAS"), encoding="utf-8") as f:
        return [w for line in f for w in line.split("#", 1)[0].split()]


def espeak_has(voice):
    out = subprocess.run(["espeak-ng", "--voices=" + voice], capture_output=True, text=True).stdout
    return any(line.split()[1:2] == [voice] for line in out.splitlines()[1:])


def silent_language(offered):
    """A shipped language the kiosk offers with no voice and no clips."""
    candidates = ["ti", "so"] + sorted(offered)
    for code in candidates:
        if code in offered and code in shipped() and not offered[code].get("Voice") \
           and not os.path.isdir(os.path.join(SOURCE, "assets", "audio", code)):
            return code
    fail("every shipped language has a voice or clips: nothing to check hiding against")


def main(k):
    offered = kiosk_languages()
    if offered["it"].get("Voice") != "it" or not espeak_has("it"):
        fail("the Italian espeak-ng voice is missing (espeak-ng-data)")
    silent = silent_language(offered)

    log = os.path.join(k.tmp, "gst.log")
    audio = Audio(log)
    k.start(env={"GST_TRACERS": "log", "GST_DEBUG": "GST_BUFFER:7",
                 "GST_DEBUG_NO_COLOR": "1", "GST_DEBUG_FILE": log})
    it = translator("it")
    go_to_service(k, it, offered["it"]["Endonym"], TOPIC, SERVICE)
    if audio.pushed():
        fail("audio before anyone pressed Listen: %r" % audio.pushed())

    # Listen: speech from the espeak element reaches the sink; Start again
    # (the reset) stops it.
    listen_until_audio(k, it, audio)
    k.press("push button", it("Start again"))
    k.wait_for("push button", it("Touch the screen to start"))
    expect_silence(audio, "Start again")

    # A language without a voice: no Listen on the same page.
    tr = translator(silent)
    go_to_service(k, tr, offered[silent]["Endonym"], TOPIC, SERVICE)
    listen = [n.name for n in k.find_all("push button")
              if n.name in (tr("Listen"), it("Listen"), "Listen")]
    if listen:
        fail("%s has no voice but the service page shows %r" % (silent, listen))
    k.screenshot("read-aloud-%s-service" % silent)
    expect_silence(audio, "the %s page" % silent)
    print("no Listen in %s" % silent)

    # Back while it speaks: the page changes and the speech stops.
    for _ in range(3):
        k.press("push button", tr("Back"))
    k.press("push button", offered["it"]["Endonym"])
    k.press("push button", it(TOPIC))
    k.press("push button", it(SERVICE))
    listen_until_audio(k, it, audio)
    k.press("push button", it("Back"))
    k.wait_for("push button", it(SERVICE))
    expect_silence(audio, "Back")


def listen_until_audio(k, it, audio):
    before = audio.seconds("volume")
    k.press("push button", it("Listen"))
    wait_until(lambda: audio.seconds("volume") >= before + 1.0, 15, "a second of speech into the sink")
    if audio.seconds("espeak") < 1.0:
        fail("the audio did not come from the espeak element: %r" % audio.pushed())
    print("Listen in Italian: %r" % audio.pushed())
    time.sleep(0.5)


def expect_silence(audio, after_what):
    time.sleep(1.0)  # what was already queued drains
    before = audio.seconds("volume")
    time.sleep(2.5)
    more = audio.seconds("volume") - before
    if more > 0.3:
        fail("speech went on after %s: %.1f s more audio into the sink in 2.5 s"
             % (after_what, more))
    print("silent after %s (%.1f s of audio so far)" % (after_what, before))


run(main)
