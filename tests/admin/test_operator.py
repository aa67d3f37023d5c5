#!/usr/bin/env python3
# operator add/remove/reset-pin/list: the PIN comes from stdin, only an
# Argon2id hash is stored, reset-pin changes it.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import sqlite3

from adminlib import check, expect, expect_error_line, main, make_data, make_workdir, run


def stored_hashes(db):
    """Every text value in the database that looks like a PIN hash, found
    without knowing the schema."""
    connection = sqlite3.connect(db)
    found = []
    try:
        tables = [r[0] for r in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            columns = [r[1] for r in connection.execute(f'PRAGMA table_info("{table}")')]
            for column in columns:
                for (value,) in connection.execute(f'SELECT "{column}" FROM "{table}"'):
                    if isinstance(value, str) and value.startswith('$argon2'):
                        found.append(value)
    finally:
        connection.close()
    return found


def file_bytes(db):
    content = b''
    for suffix in ('', '-wal'):
        if os.path.exists(db + suffix):
            with open(db + suffix, 'rb') as f:
                content += f.read()
    return content


def test():
    work = make_workdir('operator')
    data = make_data(work)
    db = os.path.join(work, 'operator.db')
    pin, new_pin = '482913', '771530'

    def ok(*args, **kw):
        return expect(run(db, data, *args, **kw), 0, ' '.join(args))

    def refused(status, *args, **kw):
        result = expect(run(db, data, *args, **kw), status, ' '.join(args))
        expect_error_line(result, ' '.join(args))

    ok('operator', 'add', 'mrossi', '--name', 'Maria Rossi', stdin=pin + '\n')
    check(ok('operator', 'list').stdout.splitlines() == ['mrossi'], 'list shows mrossi')
    hashes = stored_hashes(db)
    check(len(hashes) == 1 and hashes[0].startswith('$argon2id$'), f'one Argon2id hash: {hashes}')
    check(pin not in hashes[0], 'the hash does not contain the PIN')
    check(pin.encode() not in file_bytes(db), 'the PIN is nowhere in the database file')

    ok('operator', 'reset-pin', 'mrossi', stdin=new_pin + '\n')
    after = stored_hashes(db)
    check(len(after) == 1 and after[0] != hashes[0] and after[0].startswith('$argon2id$'),
          'reset-pin stores a new hash')
    check(new_pin.encode() not in file_bytes(db), 'the new PIN is not stored either')

    # Bad PINs and the PIN on the command line are refused.
    refused(1, 'operator', 'add', 'short', stdin='12\n')
    refused(1, 'operator', 'add', 'letters', stdin='abcd\n')
    refused(1, 'operator', 'add', 'nothing', stdin='')
    refused(2, 'operator', 'add', 'argv', '1234')
    refused(1, 'operator', 'add', 'mrossi', stdin='5555\n')   # exists already
    refused(1, 'operator', 'reset-pin', 'ghost', stdin='5555\n')
    refused(1, 'operator', 'add', 'with space', stdin='5555\n')
    refused(2, 'operator', 'frobnicate', 'x')
    refused(2, 'operator')

    ok('operator', 'add', 'gbianchi', stdin='9090\n')
    check(sorted(ok('operator', 'list').stdout.splitlines()) == ['gbianchi', 'mrossi'],
          'two operators')
    ok('operator', 'remove', 'mrossi')
    check(ok('operator', 'list').stdout.splitlines() == ['gbianchi'], 'mrossi removed')
    refused(1, 'operator', 'remove', 'mrossi')


main(test)
