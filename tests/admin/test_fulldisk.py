#!/usr/bin/env python3
# A full disk: booking exits 4 with one clear line, prints no code, and the
# database stays intact.  Always with a file-size limit (RLIMIT_FSIZE); also
# on a real, full tmpfs when the test may mount one (root).
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import resource
import sqlite3
import subprocess

from adminlib import (check, date_in, expect, expect_error_line, integrity, main,
                      make_data, make_workdir, queue_codes, run)

LIMIT = 4096  # smaller than the database: no file may grow, no WAL frame fits


def limit_file_size():
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


def grow(db, data, day, n):
    codes = []
    for _ in range(n):
        codes.append(expect(run(db, data, 'book', 'residence-permit', day), 0,
                            'growing the database').stdout.strip())
    return codes


def refused_while_full(db, data, day, what, preexec_fn=None):
    result = expect(run(db, data, 'book', 'residence-permit', day, preexec_fn=preexec_fn), 4, what)
    expect_error_line(result, what)
    check(result.stdout == '', f'{what}: no code printed, got {result.stdout!r}')
    result = expect(run(db, data, 'walk-in', 'employment-centre', preexec_fn=preexec_fn), 4,
                    what + ' (walk-in)')
    expect_error_line(result, what + ' (walk-in)')


def with_file_size_limit(work, data, day):
    db = os.path.join(work, 'fsize.db')
    codes = grow(db, data, day, 12)
    check(os.path.getsize(db) > LIMIT, 'the database is already past the limit')

    # Another process keeps the database open, as a kiosk would: the
    # booking then opens fine and fails writing its transaction.
    holder = sqlite3.connect(db)
    holder.execute('SELECT count(*) FROM sqlite_master').fetchone()
    try:
        refused_while_full(db, data, day, 'fsize limit, database open elsewhere', limit_file_size)
    finally:
        holder.close()
    # Alone, it cannot even set up the WAL index.
    refused_while_full(db, data, day, 'fsize limit, database closed', limit_file_size)

    check(integrity(db) == 'ok', 'integrity_check after the fsize limit')
    check(sorted(queue_codes(db, data, day)) == sorted(codes), 'no ticket was added')
    expect(run(db, data, 'book', 'residence-permit', day), 0, 'booking works again')


def try_mount_tmpfs(mountpoint):
    if os.geteuid() != 0:
        return False
    os.mkdir(mountpoint)
    result = subprocess.run(['mount', '-t', 'tmpfs', '-o', 'size=512k,mode=0755', 'tmpfs',
                             mountpoint], capture_output=True)
    return result.returncode == 0


def with_full_tmpfs(work, data, day):
    mountpoint = os.path.join(work, 'small')
    if not try_mount_tmpfs(mountpoint):
        print('no tmpfs (not root, or mounting is not allowed): RLIMIT_FSIZE only')
        return
    try:
        db = os.path.join(mountpoint, 'full.db')
        codes = grow(db, data, day, 4)
        holder = sqlite3.connect(db)
        holder.execute('SELECT count(*) FROM sqlite_master').fetchone()
        filler = os.path.join(mountpoint, 'filler')
        try:
            with open(filler, 'wb', buffering=0) as f:
                try:
                    while True:
                        f.write(b'\0' * 4096)
                except OSError:
                    pass
            refused_while_full(db, data, day, 'full tmpfs')
            check(integrity(db) == 'ok', 'integrity_check on the full tmpfs')
            check(sorted(queue_codes(db, data, day)) == sorted(codes), 'no ticket was added')
        finally:
            holder.close()
            if os.path.exists(filler):
                os.unlink(filler)
        expect(run(db, data, 'book', 'residence-permit', day), 0, 'booking once space is back')
        check(integrity(db) == 'ok', 'integrity_check after space is back')
    finally:
        subprocess.run(['umount', mountpoint])


def test():
    work = make_workdir('fulldisk')
    data = make_data(work, places={'residence-permit': 100})
    day = date_in(2)
    with_file_size_limit(work, data, day)
    with_full_tmpfs(work, data, day)


main(test)
