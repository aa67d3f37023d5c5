#!/usr/bin/python3
"""Live language switch on a service page, as a person would: Italian ->
Arabic -> Chinese -> Italian through Back and the language grid.  After
each switch the layout direction follows the language (Back and Start
again change sides) and every visible label is in the chosen language,
judged from the accessibility tree against po/LANG.po.  Then every shipped
language (po/LINGUAS, read now) plus English, with an argument I/N (part I of N of those languages), leaves a screenshot of the
language grid and of the service page in $ARTEFACTS/kiosk."""
import configparser
import os
import re
import unicodedata

import subprocess
import sys
import time

from kiosklib import ARTEFACTS, fail, go_to_service, kiosk_languages, run, translator

SOURCE = os.environ.get("SPORTELLO_SOURCE_ROOT",
                        os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
DATA = os.environ.get("SPORTELLO_DATA", os.path.join(SOURCE, "data"))
TOPIC = "Documents and permits"
SERVICE = "Residence permit: first request and renewal"

BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Scripts by a letter's Unicode name; Latin-script languages are judged
# against their catalogue only.
SCRIPTS = {"ar": "ARABIC", "fa": "ARABIC", "ur": "ARABIC", "ps": "ARABIC",
           "zh_CN": "CJK", "ru": "CYRILLIC", "uk": "CYRILLIC",
           "bn": "BENGALI", "pa": "GURMUKHI", "ti": "ETHIOPIC",
           "ta": "TAMIL", "si": "SINHALA"}


# po files ------------------------------------------------------------------
def unquote(text):
    out = []
    i = 0
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            out.append(escapes.get(text[i + 1], text[i + 1]))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def load_po(path):
    """msgid -> msgstr of the entries a compiled catalogue keeps (not fuzzy,
    translated); plural entries by their singular and first form."""
    entries = {}
    current = {}
    key = None
    fuzzy = False

    def flush():
        msgid = current.get("msgid")
        msgstr = current.get("msgstr", current.get("msgstr[0]"))
        if msgid and msgstr and not fuzzy and "msgctxt" not in current:
            entries[msgid] = msgstr

    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.strip()
            if not line:
                flush()
                current, key, fuzzy = {}, None, False
                continue
            if line.startswith("#~"):
                continue
            if line.startswith("#,"):
                fuzzy = fuzzy or "fuzzy" in line
                continue
            if line.startswith("#"):
                continue
            match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+"(.*)"$', line)
            if match:
                if match.group(1) in ("msgid", "msgctxt") and "msgstr" in "".join(current):
                    flush()
                    current, fuzzy = {}, False
                key = match.group(1)
                current[key] = unquote(match.group(2))
            elif line.startswith('"') and key is not None:
                current[key] += unquote(line[1:-1])
            else:
                fail("%s: cannot parse %r" % (path, line))
    flush()
    return entries


def shipped_languages():
    with open(os.path.join(SOURCE, "po", "LINGUAS"), encoding="utf-8") as f:
        languages = []
        for line in f:
            languages += line.split("#", 1)[0].split()
    return languages


def desk_facts():
    ini = configparser.ConfigParser(interpolation=None)
    ini.optionxform = str
    ini.read(os.path.join(DATA, "desk.ini"), encoding="utf-8")
    return ini["Desk"]["Name"], ini["Desk"]["Address"]


# the screen ----------------------------------------------------------------
def clean(text):
    return BIDI.sub("", text or "").strip()


def visible_texts(k):
    texts = []
    for role in ("label", "push button", "toggle button", "check box"):
        for node in k.find_all(role):
            text = clean(node.name)
            if text:
                texts.append((role, text))
    return texts


def has_script(text, script):
    for c in text:
        if c.isalpha():
            name = unicodedata.name(c, "")
            if script == "CJK" and ("CJK" in name or "IDEOGRAPH" in name):
                return True
            if name.startswith(script):
                return True
    return False


class Judge:
    """Whether a page's labels are in one language."""

    def __init__(self, catalogues):
        self.catalogues = catalogues
        name, address = desk_facts()
        self.allowed = [re.compile("^%s$" % re.escape(name)),
                        re.compile("^%s$" % re.escape(address)),
                        re.compile(r"^Sportello( [0-9]+)?$"),
                        re.compile(r"^[A-Z]-[0-9]+$"),
                        re.compile(r"^[0-9:.,–\- ]+$")]

    def allowed_as_is(self, text):
        return any(p.match(text) for p in self.allowed)

    def check(self, k, language, where):
        texts = visible_texts(k)
        if len(texts) < 10:
            fail("%s: only %d labels visible: %r" % (where, len(texts), texts))
        wrong = []
        catalogue = self.catalogues.get(language)
        if catalogue is not None:
            # No English source string is on screen where the language
            # translates it differently.
            for role, text in texts:
                translated = catalogue.get(text)
                if translated is not None and clean(translated) != text and not self.allowed_as_is(text):
                    wrong.append("%s %r is English (should be %r)" % (role, text, translated))
        script = SCRIPTS.get(language)
        if script is not None:
            for role, text in texts:
                if not any(c.isalpha() for c in text) or self.allowed_as_is(text):
                    continue
                if not has_script(text, script):
                    wrong.append("%s %r has no %s letters" % (role, text, script))
        if wrong:
            fail("%s in %s: %s" % (where, language, "; ".join(wrong)))
        return texts


def direction(k, tr):
    """'rtl' or 'ltr' from where Back and Start again sit, checked against
    the title row (pictogram before the title) and the accessibility
    buttons, which all mirror together."""
    back = k.wait_for("push button", tr("Back"))
    home = k.wait_for("push button", tr("Start again"))
    contrast = k.wait_for("push button", tr("High contrast"))
    bx = k.extents(back)[0]
    hx = k.extents(home)[0]
    cx = k.extents(contrast)[0]
    title = k.wait_for("label", tr(SERVICE))
    tx = k.extents(title)[0]
    row = title.parent
    images = [c for c in row if c is not None and c.getRoleName() == "image"]
    if not images:
        fail("no pictogram next to the service title")
    ix = k.extents(images[0])[0]
    votes = {"ltr" if bx < hx else "rtl",
             "ltr" if hx < cx else "rtl",
             "ltr" if ix < tx else "rtl"}
    if len(votes) != 1:
        fail("the page is half mirrored: Back x=%d, Start again x=%d, High contrast x=%d, "
             "pictogram x=%d, title x=%d" % (bx, hx, cx, ix, tx))
    return votes.pop()


def wait(k, role, name, timeout=10):
    """kiosklib's wait_for, polling faster: this test walks many screens."""
    return k.wait_for(role, name, timeout, interval=0.05)


def page_signature(k):
    return frozenset(visible_texts(k))


def tap(k, role, name):
    """A real click at the centre of the control, once it shows."""
    node = wait(k, role, name)
    before = page_signature(k)
    x, y, w, h = k.extents(node)
    subprocess.check_call(["xdotool", "mousemove", str(x + w // 2), str(y + h // 2), "click", "1"])
    # Wait until the screen changed.
    deadline = time.time() + 10
    while time.time() < deadline:
        if page_signature(k) != before:
            return
        time.sleep(0.05)
    fail("nothing changed after pressing %r" % name)


def back_to_grid(k, tr, endonym):
    """Back, as often as it takes, until the language grid shows."""
    for _ in range(5):
        if k.find_all("push button", endonym):
            return
        tap(k, "push button", tr("Back"))
    wait(k, "push button", endonym)


def open_service(k, tr, endonym):
    tap(k, "push button", endonym)
    tap(k, "push button", tr(TOPIC))
    tap(k, "push button", tr(SERVICE))
    wait(k, "label", tr("What to bring"))


def screenshot(name):
    time.sleep(0.15)  # the frame after the accessibility tree changed
    subprocess.check_call(["import", "-window", "root", os.path.join(ARTEFACTS, name + ".png")])


def main(k):
    shipped = shipped_languages()
    offered = kiosk_languages()
    missing = [code for code in shipped if code not in offered]
    if missing:
        fail("po/LINGUAS ships %s but data/languages.ini does not offer them" % missing)
    catalogues = {code: load_po(os.path.join(SOURCE, "po", code + ".po")) for code in shipped}
    for code in ("it", "ar", "zh_CN"):
        if code not in shipped:
            fail("%s is not in po/LINGUAS" % code)
        if not catalogues[code].get(SERVICE):
            fail("po/%s.po does not translate %r" % (code, SERVICE))
    judge = Judge(catalogues)
    expected_dir = {code: offered[code].get("Direction", "ltr") for code in offered}

    k.start()
    it = translator("it")
    go_to_service(k, it, offered["it"]["Endonym"], TOPIC, SERVICE)
    part = [a for a in sys.argv[1:] if re.match(r"^[0-9]+/[0-9]+$", a)]
    if part:
        # Part i of n of the languages, so that each run stays short.
        i, n = (int(x) for x in part[0].split("/"))
        every_language(k, (shipped + ["en"])[i::n], offered, judge, expected_dir)
        return

    # Italian -> Arabic -> Chinese -> Italian, on the same service page.
    previous = "it"
    for code in ("it", "ar", "zh_CN", "it"):
        tr = translator(code)
        if code != previous:
            back_to_grid(k, translator(previous), offered[code]["Endonym"])
            open_service(k, tr, offered[code]["Endonym"])
        # The build's catalogue and po/ agree on the page title.
        if clean(tr(SERVICE)) != clean(catalogues[code][SERVICE]):
            fail("compiled catalogue for %s differs from po/%s.po" % (code, code))
        where = "service page after switching to %s" % code
        got = direction(k, tr)
        if got != expected_dir[code]:
            fail("%s: layout is %s, %s is %s" % (where, got, code, expected_dir[code]))
        texts = judge.check(k, code, where)
        if code == "it":
            for must in ("Back", "Start again", SERVICE, "What to bring"):
                if ("label", clean(catalogues["it"][must])) not in texts and \
                   ("push button", clean(catalogues["it"][must])) not in texts:
                    fail("%s: no %r" % (where, catalogues["it"][must]))
        print("%s: %s, %d labels in the language" % (code, got, len(texts)))
        previous = code


def every_language(k, languages, offered, judge, expected_dir):
    """Every shipped language and English: the grid and the service page."""
    previous = "it"
    for code in languages:
        started = time.time()
        tr = translator(code)
        endonym = offered[code]["Endonym"]
        back_to_grid(k, translator(previous), endonym)
        open_service(k, tr, endonym)
        previous = code
        where = "service page in %s" % code
        got = direction(k, tr)
        if got != expected_dir[code]:
            fail("%s: layout is %s, %s is %s" % (where, got, code, expected_dir[code]))
        if code != "en":
            judge.check(k, code, where)
        screenshot("lang-%s-service" % code)
        back_to_grid(k, tr, endonym)
        wait(k, "label", tr("Choose your language"))
        screenshot("lang-%s-grid" % code)
        print("%s: %s, screenshots in %.1f s" % (code, got, time.time() - started))
    print("screenshots of %d languages" % len(languages))


run(main)
