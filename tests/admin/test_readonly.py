#!/usr/bin/env python3
# A database the process cannot write: booking exits 4 with one clear line,
# reading the queue still works, the file is intact and unchanged.
#
# Root ignores file permissions, so as root the CLI runs as user nobody on a
# database in a folder nobody cannot write; otherwise the files are chmodded.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import hashlib
import os
import shutil
import stat

import adminlib

from adminlib import (check, date_in, expect, expect_error_line, integrity, main,
                      make_data, make_workdir, run)


def digest(path):
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


def test():
    work = make_workdir('readonly')
    data = make_data(work)
    folder = os.path.join(work, 'db')
    os.mkdir(folder)
    db = os.path.join(folder, 'readonly.db')
    day = date_in(2)
    code = expect(run(db, data, 'book', 'residence-permit', day), 0, 'booking').stdout.strip()
    check(not os.path.exists(db + '-wal') or os.path.getsize(db + '-wal') == 0,
          'the last close checkpointed the WAL')

    prefix = None
    if os.geteuid() == 0:
        setpriv = shutil.which('setpriv')
        check(setpriv, 'setpriv is needed to drop root')
        prefix = [setpriv, '--reuid=65534', '--regid=65534', '--clear-groups']
        # The build folder may sit where nobody cannot reach (/root): run a
        # copy of the binary from the test's own folder.
        binary = os.path.join(work, 'sportello-admin')
        shutil.copy2(adminlib.ADMIN, binary)
        os.chmod(binary, 0o755)
        adminlib.ADMIN = binary
        os.chmod(folder, 0o755)  # owned by root: nobody may read, not write
        os.chmod(db, 0o644)
    else:
        os.chmod(db, 0o444)
        os.chmod(folder, 0o555)
    before = digest(db)

    try:
        result = expect(run(db, data, 'book', 'residence-permit', day, prefix=prefix), 4,
                        'booking into a read-only database')
        expect_error_line(result, 'read-only booking')
        check(result.stdout == '', f'no code printed: {result.stdout!r}')

        result = expect(run(db, data, 'walk-in', 'employment-centre', prefix=prefix), 4,
                        'walk-in into a read-only database')
        expect_error_line(result, 'read-only walk-in')

        result = expect(run(db, data, 'queue', '--date', day, '--format', 'csv', prefix=prefix),
                        0, 'queue of a read-only database')
        check(code in result.stdout, f'the queue shows {code}: {result.stdout!r}')
        expect(run(db, data, 'slots', 'residence-permit', day, prefix=prefix), 0,
               'slots of a read-only database')
        expect(run(db, data, 'stats', prefix=prefix), 0, 'stats of a read-only database')
    finally:
        os.chmod(folder, stat.S_IRWXU | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH)
        os.chmod(db, 0o644)

    check(digest(db) == before, 'the database file is unchanged')
    check(integrity(db) == 'ok', 'integrity_check is ok')


main(test)
