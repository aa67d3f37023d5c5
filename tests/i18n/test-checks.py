#!/usr/bin/env python3
# po/check-potfiles and check-po.py fail on the faults they exist for:
# each case builds a small source tree in a temporary folder.
#
# SPDX-License-Identifier: GPL-3.0-or-later
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = sys.argv[1] if len(sys.argv) > 1 else '.'
HERE = os.path.dirname(os.path.abspath(__file__))
CHECK_POTFILES = os.path.join(ROOT, 'po', 'check-potfiles')
CHECK_PO = os.path.join(HERE, 'check-po.py')
failures = []


def tree(files):
    tmp = tempfile.mkdtemp(prefix='sportello-i18n-')
    shutil.copytree(os.path.join(ROOT, 'po', 'its'), os.path.join(tmp, 'po', 'its'))
    for rel, text in files.items():
        path = os.path.join(tmp, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, 'w', encoding='utf-8') as f:
            f.write(text)
    return tmp


def expect(name, script, files, ok, mention=None):
    tmp = tree(files)
    try:
        result = subprocess.run([sys.executable, script, tmp],
                                capture_output=True, text=True)
    finally:
        shutil.rmtree(tmp)
    output = result.stdout + result.stderr
    if (result.returncode == 0) != ok:
        failures.append(f'{name}: expected {"success" if ok else "failure"}, got:\n{output}')
    elif mention and mention not in output:
        failures.append(f'{name}: output does not name {mention}:\n{output}')
    else:
        print(f'ok {name}')


A = 'src/a.c'
B = 'src/b.c'
C_SRC = '#include <glib/gi18n.h>\nconst char *f (void) { return _("Hello"); }\n'
PLAIN = 'int g (void) { return 0; } /* _("not a string") */\n'
UI = ('<interface><object class="GtkLabel"><property name="label" '
      'translatable="yes">Hi</property></object></interface>\n')

expect('potfiles complete', CHECK_POTFILES,
       {A: C_SRC, B: PLAIN, 'ui/w.ui': UI, 'po/POTFILES.in': 'src/a.c\nui/w.ui\n'}, True)
expect('potfiles missing C file', CHECK_POTFILES,
       {A: C_SRC, 'ui/w.ui': UI, 'po/POTFILES.in': 'ui/w.ui\n'}, False, 'src/a.c')
expect('potfiles missing .ui file', CHECK_POTFILES,
       {A: C_SRC, 'ui/w.ui': UI, 'po/POTFILES.in': 'src/a.c\n'}, False, 'ui/w.ui')
expect('potfiles missing catalogue', CHECK_POTFILES,
       {'data/services/x.xml': '<?xml version="1.0"?>\n<catalog><service id="x"><title>T</title></service></catalog>\n',
        'po/POTFILES.in': '\n'}, False, 'data/services/x.xml')
expect('potfiles unsorted', CHECK_POTFILES,
       {A: C_SRC, 'ui/w.ui': UI, 'po/POTFILES.in': 'ui/w.ui\nsrc/a.c\n'}, False, 'not sorted')
expect('potfiles lists a missing file', CHECK_POTFILES,
       {A: C_SRC, 'po/POTFILES.in': 'src/a.c\nsrc/gone.c\n'}, False, 'src/gone.c')

HEADER = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
          '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n')
BASE = {A: C_SRC, 'po/POTFILES.in': 'src/a.c\n'}

expect('po none', CHECK_PO, dict(BASE, **{'po/LINGUAS': '# none yet\n'}), True)
expect('po complete', CHECK_PO, dict(BASE, **{
    'po/LINGUAS': 'it\n',
    'po/it.po': HEADER + 'msgid "Hello"\nmsgstr "Ciao"\n'}), True)
expect('po untranslated', CHECK_PO, dict(BASE, **{
    'po/LINGUAS': 'it\n',
    'po/it.po': HEADER + 'msgid "Hello"\nmsgstr ""\n'}), False, 'it.po')
expect('po fuzzy', CHECK_PO, dict(BASE, **{
    'po/LINGUAS': 'it\n',
    'po/it.po': HEADER + '#, fuzzy\nmsgid "Hello"\nmsgstr "Ciao"\n'}), False, 'fuzzy')
expect('po stale', CHECK_PO, dict(BASE, **{
    'po/LINGUAS': 'it\n',
    'po/it.po': HEADER + 'msgid "Hello there"\nmsgstr "Ciao a tutti"\n'}), False, 'it.po')
expect('po invalid format', CHECK_PO, {
    A: '#include <glib/gi18n.h>\nvoid f (int n) { g_print (_("%d tickets"), n); }\n',
    'po/POTFILES.in': 'src/a.c\n', 'po/LINGUAS': 'it\n',
    'po/it.po': HEADER + '#, c-format\nmsgid "%d tickets"\nmsgstr "%s biglietti"\n'}, False, 'it.po')
expect('po listed but missing', CHECK_PO, dict(BASE, **{'po/LINGUAS': 'it\n'}), False, 'it.po')

for failure in failures:
    print(failure, file=sys.stderr)
sys.exit(1 if failures else 0)
