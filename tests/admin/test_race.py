#!/usr/bin/env python3
# Race: 8 processes released together book the last 3 places of a slot,
# 10 rounds: exactly the capacity is booked, the others exit 3, every code
# is distinct.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import subprocess
import time

from adminlib import (CODE_RE, check, command, date_in, expect, main, make_data,
                      make_workdir, queue_codes, run, slot_counts)

PROCESSES = 8
ROUNDS = 10
CAPACITY = 4
PREBOOKED = 1


def test():
    work = make_workdir('race')
    data = make_data(work, places={'residence-permit': CAPACITY})
    db = os.path.join(work, 'race.db')
    day = date_in(3)
    times = sorted(slot_counts(db, data, 'residence-permit', day))
    check(len(times) >= ROUNDS, f'enough slots: {times}')
    all_codes = []

    for round_ in range(ROUNDS):
        slot = times[round_]
        for _ in range(PREBOOKED):
            out = expect(run(db, data, 'book', 'residence-permit', day, '--time', slot),
                         0, 'pre-booking').stdout.strip()
            all_codes.append(out)

        # Every process blocks opening the FIFO for reading until it is
        # opened for writing: one open() releases them all at once.
        fifo = os.path.join(work, f'barrier-{round_}')
        os.mkfifo(fifo)
        argv = command(db, data, 'book', 'residence-permit', day, '--time', slot)
        processes = [subprocess.Popen(['sh', '-c', 'exec 3<"$0"; exec 3<&-; exec "$@"', fifo] + argv,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                     for _ in range(PROCESSES)]
        time.sleep(0.3)
        barrier = open(fifo, 'w')
        results = [(p.communicate(timeout=60), p.returncode) for p in processes]
        barrier.close()

        won = [out.strip() for (out, err), status in results if status == 0]
        lost = [(status, err) for (out, err), status in results if status != 0]
        check(len(won) == CAPACITY - PREBOOKED,
              f'round {round_}: {len(won)} bookings won, expected {CAPACITY - PREBOOKED}; '
              f'others: {lost}')
        check(all(status == 3 for status, err in lost),
              f'round {round_}: the others exit 3: {lost}')
        check(all(CODE_RE.match(c) for c in won), f'round {round_}: codes {won}')
        check(all(out == '' for (out, err), status in results if status != 0),
              f'round {round_}: a refused booking printed something')
        all_codes.extend(won)
        check(slot_counts(db, data, 'residence-permit', day)[slot] == (CAPACITY, CAPACITY),
              f'round {round_}: slot {slot} holds exactly {CAPACITY}')

    check(len(set(all_codes)) == len(all_codes), f'codes are distinct: {all_codes}')
    stored = queue_codes(db, data, day)
    check(sorted(stored) == sorted(all_codes),
          f'the database holds exactly the printed codes: {sorted(stored)} vs {sorted(all_codes)}')


main(test)
