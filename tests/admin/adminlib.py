# Shared helpers of the sportello-admin tests: a private copy of the demo
# data (every day open, so tests do not depend on the weekday they run on),
# a private database, and a way to run the CLI.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import datetime
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile

ADMIN = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.environ.get('SPORTELLO_ADMIN')
SOURCE_DATA = os.environ.get('SPORTELLO_DATA') or os.path.join(
    os.environ.get('SPORTELLO_SOURCE_ROOT', '.'), 'data')

CODE_RE = re.compile(r'^[A-HJ-NP-Z]-[1-9][0-9]*$')
DAYS = ('Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday')


_workdirs = []


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def make_workdir(prefix):
    path = tempfile.mkdtemp(prefix='sportello-' + prefix + '-',
                            dir=os.environ.get('TMPDIR'))
    os.chmod(path, 0o755)
    _workdirs.append(path)
    return path


def make_data(workdir, places=None, hours='00:00-23:59;'):
    """Copies data/ into workdir/data with every day open and no closed
    dates.  places: {service_id: places_per_slot} overrides."""
    data = os.path.join(workdir, 'data')
    shutil.copytree(SOURCE_DATA, data, ignore=shutil.ignore_patterns('meson.build'))
    places = places or {}
    out = []
    group = None
    with open(os.path.join(data, 'desk.ini'), encoding='utf-8') as f:
        lines = f.read().splitlines()
    for line in lines:
        stripped = line.strip()
        if stripped.startswith('['):
            group = stripped[1:-1]
            out.append(line)
            if group == 'Hours':
                out.extend(f'{day}={hours}' for day in DAYS)
            continue
        key = stripped.split('=', 1)[0].strip() if '=' in stripped and not stripped.startswith('#') else None
        if group == 'Hours' and key in DAYS:
            continue
        if group == 'Closed' and key == 'Dates':
            out.append('Dates=')
            continue
        if group and group.startswith('Service ') and key == 'Hours':
            continue
        if group and group.startswith('Service ') and key == 'PlacesPerSlot':
            service = group[len('Service '):]
            if service in places:
                out.append(f'PlacesPerSlot={places[service]}')
                continue
        out.append(line)
    with open(os.path.join(data, 'desk.ini'), 'w', encoding='utf-8') as f:
        f.write('\n'.join(out) + '\n')
    for root, dirs, files in os.walk(workdir):
        for d in dirs:
            os.chmod(os.path.join(root, d), 0o755)
        for name in files:
            os.chmod(os.path.join(root, name), 0o644)
    return data


def date_in(days):
    return (datetime.date.today() + datetime.timedelta(days=days)).isoformat()


def command(db, data, *args):
    return [ADMIN, '--db', db, '--data', data] + [str(a) for a in args]


def run(db, data, *args, stdin=None, preexec_fn=None, prefix=None, timeout=60):
    argv = (prefix or []) + command(db, data, *args)
    return subprocess.run(argv, input=stdin, capture_output=True, text=True,
                          preexec_fn=preexec_fn, timeout=timeout)


def expect(result, status, what):
    if result.returncode != status:
        raise Failure(f'{what}: exit {result.returncode}, expected {status}\n'
                      f'stdout: {result.stdout!r}\nstderr: {result.stderr!r}')
    return result


def expect_error_line(result, what):
    """Exactly one non-empty line on stderr, prefixed with the program name."""
    lines = result.stderr.splitlines()
    check(len(lines) == 1 and lines[0].startswith('sportello-admin: ') and len(lines[0]) > 20,
          f'{what}: expected one clear error line, got {result.stderr!r}')
    check('AddressSanitizer' not in result.stderr and 'runtime error' not in result.stderr,
          f'{what}: sanitizer report: {result.stderr!r}')


def queue_codes(db, data, date):
    result = expect(run(db, data, 'queue', '--date', date, '--format', 'csv'), 0, 'queue csv')
    lines = result.stdout.splitlines()
    check(lines and lines[0].startswith('code,'), f'queue csv header: {result.stdout!r}')
    return [line.split(',', 1)[0] for line in lines[1:]]


def slot_counts(db, data, service, date):
    result = expect(run(db, data, 'slots', service, date), 0, 'slots')
    counts = {}
    for line in result.stdout.splitlines():
        m = re.fullmatch(r'(\d\d:\d\d)\t(\d+)/(\d+)', line)
        check(m, f'slots line {line!r}')
        counts[m.group(1)] = (int(m.group(2)), int(m.group(3)))
    return counts


def integrity(db):
    connection = sqlite3.connect(db, timeout=30)
    try:
        return connection.execute('PRAGMA integrity_check').fetchone()[0]
    finally:
        connection.close()


def main(test):
    """Runs test() and reports a failure as one message and exit 1."""
    check_admin = ADMIN and os.access(ADMIN, os.X_OK)
    if not check_admin:
        print('usage: TEST SPORTELLO-ADMIN', file=sys.stderr)
        sys.exit(2)
    try:
        test()
    except Failure as failure:
        print(f'FAIL: {failure}', file=sys.stderr)
        sys.exit(1)
    for path in _workdirs:  # kept after a failure, to look at
        shutil.rmtree(path, ignore_errors=True)
    print('ok')
