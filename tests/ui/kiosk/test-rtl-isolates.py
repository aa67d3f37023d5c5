#!/usr/bin/python3
"""Inside right-to-left text, ticket codes, times, the address and Italian
office names stay left-to-right and in order: on the service page and the
ticket in Arabic, Persian and Urdu, each of them is either a label of its
own or wrapped in Unicode directional isolates (LRI ... PDI)."""
import configparser
import os
import re

from kiosklib import book_first_free, fail, go_to_service, run, translator

LRI, PDI = "\u2066", "\u2069"
MARKS = re.compile("[\u200e\u200f\u2066-\u2069]")
RTL_LETTER = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")


def desk_facts():
    desk = configparser.ConfigParser(interpolation=None)
    desk.read(os.path.join(os.environ["SPORTELLO_DATA"], "desk.ini"), encoding="utf-8")
    return [desk["Desk"]["Name"], desk["Desk"]["Address"]]


def ltr_runs(text, facts):
    """Spans of text that must read left to right: codes, times, facts."""
    spans = [m.span() for m in re.finditer(r"\b[A-Z]-\d+\b|\d{1,2}:\d{2}(?:\s*[–-]\s*\d{1,2}:\d{2})?", text)]
    for fact in facts:
        start = text.find(fact)
        if start >= 0:
            spans.append((start, start + len(fact)))
    return spans


def isolated(text, start, end):
    """Whether text[start:end] lies inside an LRI ... PDI pair."""
    opened = text.rfind(LRI, 0, start)
    return opened >= 0 and text.find(PDI, opened) >= end and text.rfind(PDI, opened, start) < 0


def check_page(k, where, facts):
    checked = 0
    for node in k.find_all("label"):
        text = node.name or ""
        bare = MARKS.sub("", text)
        if not RTL_LETTER.search(bare):
            continue   # a label of its own: nothing right-to-left around it
        for start, end in ltr_runs(text, facts):
            checked += 1
            if not isolated(text, start, end):
                fail("%s: %r is not isolated in the right-to-left label %r"
                     % (where, text[start:end], text))
    return checked


def main(k):
    facts = desk_facts()
    k.start()
    for language, endonym in (("ar", "العربية"), ("fa", "فارسی"), ("ur", "اردو")):
        tr = translator(language)
        go_to_service(k, tr, endonym, "Documents and permits",
                      "Residence permit: first request and renewal")
        on_service = check_page(k, "%s service page" % language, facts)
        code = book_first_free(k, tr, mediator=False)
        on_ticket = check_page(k, "%s ticket" % language, facts)
        # On the ticket they stand in labels of their own, in reading order.
        bare = [MARKS.sub("", n.name or "") for n in k.find_all("label")]
        if code not in bare:
            fail("%s ticket: the code %s is not a label of its own: %r" % (language, code, bare))
        if not any(re.fullmatch(r"\d{2}:\d{2}", b) for b in bare):
            fail("%s ticket: no label holding only the time: %r" % (language, bare))
        if not any(facts[1] in b and not RTL_LETTER.search(b) for b in bare):
            fail("%s ticket: the address is not a left-to-right label: %r" % (language, bare))
        k.screenshot("rtl-%s-ticket" % language)
        print("%s: %s booked; %d left-to-right runs checked on the service page, %d on the ticket"
              % (language, code, on_service, on_ticket))
        if on_service == 0:
            fail("%s: no time or address found inside right-to-left text on the service page" % language)
        k.press("push button", tr("Start again"))
        k.wait_for("push button", translator("it")("Touch the screen to start"), 15)


run(main)
