#!/usr/bin/env python3
# catalog validate: 0 on the shipped data, 1 with FILE:LINE: lines on a copy
# with a broken service file and a broken desk.ini; the valid rest loads.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re

from adminlib import SOURCE_DATA, check, expect, main, make_data, make_workdir, run


def test():
    work = make_workdir('validate')
    db = os.path.join(work, 'validate.db')

    result = expect(run(db, SOURCE_DATA, 'catalog', 'validate'), 0, 'validate shipped data')
    check(result.stderr == '', f'no problems on the shipped data: {result.stderr!r}')
    check('valid' in result.stdout, f'validate says valid: {result.stdout!r}')

    data = make_data(work)
    expect(run(db, data, 'catalog', 'validate'), 0, 'validate the test copy')

    # A service file cut in the middle, and a desk.ini with a wrong type.
    service = os.path.join(data, 'services', 'residence-permit.xml')
    with open(service, encoding='utf-8') as f:
        text = f.read()
    with open(service, 'w', encoding='utf-8') as f:
        f.write(text[: len(text) // 2])
    desk = os.path.join(data, 'desk.ini')
    with open(desk, encoding='utf-8') as f:
        text = f.read()
    text = text.replace('[Service legal-advice]\n', '[Service legal-advice]\nPlacesPerSlot=many\n', 1)
    with open(desk, 'w', encoding='utf-8') as f:
        f.write(text)

    result = expect(run(db, data, 'catalog', 'validate'), 1, 'validate broken data')
    lines = result.stderr.splitlines()
    check(any(re.match(r'.*services/residence-permit\.xml:[1-9]\d*: \S', l) for l in lines),
          f'FILE:LINE for the service file: {result.stderr!r}')
    check(any(re.match(r'.*desk\.ini:[1-9]\d*: \S', l) for l in lines),
          f'FILE:LINE for desk.ini: {result.stderr!r}')
    check(all(re.match(r'\S+:(\d+: )?\S', l) for l in lines), f'every line is FILE:LINE: {lines}')

    # The rest still serves.
    out = expect(run(db, data, 'services'), 0, 'services with broken data').stdout
    ids = [l.split('\t')[0] for l in out.splitlines()]
    check('residence-permit' not in ids and 'employment-centre' in ids and len(ids) >= 11,
          f'valid services still load: {ids}')

    # A missing folder.
    result = expect(run(db, os.path.join(work, 'missing'), 'catalog', 'validate'), 1,
                    'validate a missing folder')
    check(result.stderr.strip(), 'a missing folder is reported')


main(test)
