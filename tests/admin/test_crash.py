#!/usr/bin/env python3
# Crash: booking processes are killed with SIGKILL at random moments; the
# database stays intact and every code any process printed is in it.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import random
import signal
import subprocess
import time

from adminlib import (CODE_RE, check, command, date_in, main, make_data, make_workdir,
                      integrity, queue_codes, slot_counts)

ROUNDS = 50
PER_ROUND = 3
BUDGET_SECONDS = 20


def test():
    work = make_workdir('crash')
    data = make_data(work, places={'residence-permit': 100})
    db = os.path.join(work, 'crash.db')
    day = date_in(4)
    slot_counts(db, data, 'residence-permit', day)  # creates the database
    argv = command(db, data, 'book', 'residence-permit', day)

    # Kill moments spread over the life of a booking process, however slow
    # this build is (sanitizers make start-up several times slower).
    lifetime = time.monotonic()
    printed = [subprocess.run(argv, capture_output=True, text=True, check=True).stdout.strip()]
    lifetime = time.monotonic() - lifetime
    rng = random.Random(os.getpid())
    killed = completed = 0
    started = time.monotonic()

    for round_ in range(ROUNDS):
        if time.monotonic() - started > BUDGET_SECONDS:
            break
        processes = [subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
                     for _ in range(PER_ROUND)]
        time.sleep(rng.uniform(0.0, 2.5 * lifetime))
        for p in processes:
            if p.poll() is None:
                p.send_signal(signal.SIGKILL)
                killed += 1
        for p in processes:
            out, _ = p.communicate(timeout=30)
            for line in out.decode().splitlines():
                check(CODE_RE.match(line), f'round {round_}: printed {line!r}')
                printed.append(line)
            if p.returncode == 0:
                completed += 1
            else:
                check(p.returncode == -signal.SIGKILL,
                      f'round {round_}: a booking failed with exit {p.returncode}')

    print(f'{round_ + 1} rounds, {killed} processes killed, {completed} completed, '
          f'{len(printed)} codes printed')
    check(completed or len(printed) > 1, 'at least one booking completed under the loop')
    check(killed, 'at least one process was killed')
    check(integrity(db) == 'ok', 'PRAGMA integrity_check is ok')
    stored = queue_codes(db, data, day)
    missing = set(printed) - set(stored)
    check(not missing, f'printed codes missing from the database: {sorted(missing)}')
    check(len(set(stored)) == len(stored), 'stored codes are distinct')
    booked = sum(b for b, c in slot_counts(db, data, 'residence-permit', day).values())
    check(booked == len(stored), f'slots count {booked} bookings, the queue {len(stored)}')


main(test)
