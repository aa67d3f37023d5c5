#!/usr/bin/env python3
# Exit codes and outputs of every sportello-admin command, usage errors
# included.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import re

from adminlib import (check, date_in, expect, expect_error_line, main, make_data,
                      make_workdir, queue_codes, run, slot_counts, CODE_RE)

COMMANDS = ['catalog', 'services', 'today', 'slots', 'book', 'walk-in', 'check-in',
            'queue', 'set-state', 'call-next', 'close-day', 'stats', 'purge', 'operator']


def test():
    work = make_workdir('cli')
    data = make_data(work)
    db = os.path.join(work, 'cli.db')
    day = date_in(2)

    def ok(*args, **kw):
        return expect(run(db, data, *args, **kw), 0, ' '.join(map(str, args)))

    def refused(status, *args, **kw):
        result = expect(run(db, data, *args, **kw), status, ' '.join(map(str, args)))
        expect_error_line(result, ' '.join(map(str, args)))
        check(result.stdout == '', f'{args}: nothing on stdout, got {result.stdout!r}')
        return result

    # Usage: no command, unknown command, unknown option, --help everywhere.
    refused(2)
    refused(2, 'no-such-command')
    refused(2, 'book', '--no-such-option')
    check('Commands' in ok('--help').stdout, 'global --help lists the commands')
    for name in COMMANDS:
        out = ok(name, '--help').stdout
        check('Usage:' in out and name in out, f'{name} --help: {out!r}')

    # services: id, mode, letter, title.
    services = {}
    for line in ok('services').stdout.splitlines():
        fields = line.split('\t')
        check(len(fields) == 4 and fields[1] in ('info', 'booked', 'walk-in', 'both'),
              f'services line {line!r}')
        services[fields[0]] = fields
    check(len(services) >= 12, f'at least 12 services, got {len(services)}')
    check(services['residence-permit'][2] == 'A', 'residence-permit has letter A')
    info = [s for s, f in services.items() if f[1] == 'info']
    refused(2, 'services', 'extra')

    # today: the demo view.
    out = ok('today').stdout
    check('Today:' in out and 'free slots' in out and 'walk-in queue' in out, f'today: {out!r}')

    # slots.
    slots = slot_counts(db, data, 'residence-permit', day)
    check(len(slots) > 10 and all(v == (0, 2) for v in slots.values()), f'slots: {slots}')
    check(slot_counts(db, data, 'residence-permit', 'tomorrow'), 'slots for tomorrow')
    refused(1, 'slots', 'no-such-service', day)
    refused(1, 'slots', 'residence-permit', '2026-02-30')
    refused(1, 'slots', 'residence-permit', 'someday')
    refused(2, 'slots', 'residence-permit')
    refused(2, 'slots', 'residence-permit', day, 'extra')

    # book: only the code on stdout; the slot fills; exit 3 when full.
    first = min(slots)
    codes = []
    for _ in range(2):
        out = ok('book', 'residence-permit', day, '--time', first, '--language', 'ar',
                 '--mediator', '--phone', '+39 333 123 4567', '--kiosk', 'kiosk-1').stdout
        check(re.fullmatch(r'[A-Z]-\d+\n', out) and CODE_RE.match(out.strip()),
              f'book prints only a code, got {out!r}')
        codes.append(out.strip())
    check(len(set(codes)) == 2 and all(c.startswith('A-') for c in codes), f'codes {codes}')
    check(slot_counts(db, data, 'residence-permit', day)[first] == (2, 2), 'slot shows 2/2')
    refused(3, 'book', 'residence-permit', day, '--time', first)
    later = sorted(slots)[1]
    out = ok('book', 'residence-permit', day).stdout.strip()
    check(slot_counts(db, data, 'residence-permit', day)[later] == (1, 2),
          'without --time the first free slot is taken')
    codes.append(out)
    refused(1, 'book', 'no-such-service', day)
    refused(1, 'book', 'residence-permit', day, '--time', '08:07')
    refused(1, 'book', 'residence-permit', day, '--time', '25:00')
    refused(1, 'book', 'residence-permit', day, '--language', 'xx-nope')
    refused(1, 'book', 'residence-permit', day, '--phone', 'call me')
    refused(1, 'book', 'residence-permit', date_in(-3))
    if info:
        refused(1, 'book', info[0], day)
    refused(2, 'book', 'residence-permit')
    refused(2, 'book', 'residence-permit', day, '--time')

    # walk-in.
    walk = ok('walk-in', 'employment-centre', '--language', 'fr').stdout.strip()
    check(CODE_RE.match(walk) and walk.startswith('D-'), f'walk-in code {walk!r}')
    walk2 = ok('walk-in', 'employment-centre').stdout.strip()
    check(walk2 != walk, 'walk-in numbers differ')
    refused(1, 'walk-in', 'residence-permit')
    refused(1, 'walk-in', 'no-such-service')
    refused(2, 'walk-in')

    # queue in three formats.
    out = ok('queue').stdout
    check(walk in out and walk2 in out, f'queue text lists walk-ins: {out!r}')
    check(set(codes) <= set(queue_codes(db, data, day)), 'queue csv lists the bookings')
    parsed = json.loads(ok('queue', '--date', day, '--format', 'json').stdout)
    check(parsed['date'] == day and {t['code'] for t in parsed['tickets']} == set(codes),
          f'queue json: {parsed}')
    mediated = [t for t in parsed['tickets'] if t['code'] == codes[0]][0]
    check(mediated['needs_mediator'] is True and mediated['language'] == 'ar'
          and mediated['time'] == first, f'json ticket: {mediated}')
    check('phone' not in json.dumps(parsed) and '333' not in json.dumps(parsed),
          'queue does not show phone numbers')
    only = json.loads(ok('queue', '--service', 'employment-centre', '--format', 'json').stdout)
    check({t['code'] for t in only['tickets']} == {walk, walk2}, f'queue --service: {only}')
    refused(2, 'queue', '--format', 'xml')
    refused(1, 'queue', '--service', 'no-such-service')
    refused(1, 'queue', '--date', '31/12/2026')

    # check-in: a booking of today.
    today_code = run(db, data, 'book', 'residence-permit', 'today')
    if today_code.returncode == 0:
        code = today_code.stdout.strip()
        out = ok('check-in', code.lower().replace('-', '')).stdout
        check(out == f'{code}\tarrived\n', f'check-in: {out!r}')
        refused(1, 'check-in', code)
    refused(1, 'check-in', 'not a code')
    refused(1, 'check-in', 'Z-999')
    refused(2, 'check-in')

    # call-next, set-state.
    called = ok('call-next', '--operator', 'op1', '--counter', '2',
                '--service', 'employment-centre').stdout.strip()
    check(called == walk, f'call-next calls the first walk-in: {called!r} vs {walk!r}')
    check(ok('call-next', '--operator', 'op1', '--counter', '2',
             '--service', 'employment-centre').stdout.strip() == walk2, 'then the second')
    result = refused(1, 'call-next', '--operator', 'op1', '--counter', '2',
                     '--service', 'employment-centre')
    check('nobody' in result.stderr, 'call-next says nobody waits')
    refused(2, 'call-next', '--operator', 'op1')
    refused(2, 'call-next', '--counter', '1')
    refused(1, 'call-next', '--operator', 'op1', '--counter', '99')
    refused(1, 'call-next', '--operator', 'op1', '--counter', '1', '--service', 'nope')

    check(ok('set-state', walk, 'serving', '--operator', 'op1').stdout == f'{walk}\tserving\n',
          'set-state serving')
    check(ok('set-state', walk, 'done', '--operator', 'op1').stdout == f'{walk}\tdone\n',
          'set-state done')
    refused(1, 'set-state', walk, 'serving', '--operator', 'op1')
    ok('set-state', walk2, 'serving', '--operator', 'op2')
    refused(1, 'set-state', walk2, 'referred', '--operator', 'op2')
    ok('set-state', walk2, 'referred', '--operator', 'op2', '--professional', 'social-worker',
       '--note', 'housing')
    ok('set-state', codes[2], 'cancelled', '--date', day, '--operator', 'op1')
    refused(1, 'set-state', codes[0], 'no-such-state', '--date', day, '--operator', 'op1')
    refused(1, 'set-state', codes[0], 'called', '--date', day, '--operator', 'op1',
            '--counter', '99')
    refused(1, 'set-state', 'Z-999', 'cancelled', '--operator', 'op1')
    refused(2, 'set-state', codes[0], 'cancelled', '--date', day)
    refused(2, 'set-state', codes[0])

    # close-day prints the day's counts.
    out = ok('close-day', '--operator', 'op1').stdout
    counts = dict(line.split('\t') for line in out.splitlines())
    check(counts.get('served') == '1' and counts.get('referred') == '1', f'close-day: {out!r}')
    refused(2, 'close-day')

    # stats: header only on an empty statistics table, suppression options.
    out = ok('stats').stdout
    check(len(out.splitlines()) == 1 and out.startswith('dimension,'), f'stats empty: {out!r}')
    parsed = json.loads(ok('stats', '--by', 'language', '--format', 'json').stdout)
    check(parsed['rows'] == [] and parsed['threshold'] == 5, f'stats json: {parsed}')
    ok('stats', '--from', '2026-01-01', '--to', 'today', '--kiosk', 'kiosk-1', '--threshold', '3')
    refused(2, 'stats', '--by', 'nonsense')
    refused(2, 'stats', '--format', 'xml')
    refused(2, 'stats', '--threshold', 'many')
    refused(1, 'stats', '--threshold', '0')
    refused(1, 'stats', '--from', '2026-05-02', '--to', '2026-05-01')

    # purge.
    check(re.fullmatch(r'\d+\n', ok('purge').stdout), 'purge prints a number')
    check(re.fullmatch(r'\d+\n', ok('purge', '--older-than', '0').stdout), 'purge 0')
    refused(1, 'purge', '--older-than', '-1')
    refused(2, 'purge', '--older-than', 'soon')

    # A database that cannot be created.
    blocker = os.path.join(work, 'a-file')
    open(blocker, 'w').close()
    result = run(os.path.join(blocker, 'sub', 'x.db'), data, 'queue')
    check(result.returncode in (1, 4), f'impossible db path: exit {result.returncode}')
    expect_error_line(result, 'impossible db path')


main(test)
