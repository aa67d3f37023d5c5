#!/usr/bin/env python3
# Every language of po/LINGUAS (citizens) and po/staff/LINGUAS (staff):
# msgfmt -c accepts its .po with no untranslated or fuzzy entry, and its
# msgids are exactly those of the template xgettext makes now from the
# domain's POTFILES.in (a stale .po fails).
#
# SPDX-License-Identifier: GPL-3.0-or-later
import os
import re
import subprocess
import sys
import tempfile

# The arguments of i18n.gettext (preset: 'glib') in po/meson.build.
XGETTEXT_ARGS = [
    '--from-code=UTF-8', '--add-comments=Translators',
    '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2', '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2', '--keyword=g_dngettext:2,3',
    '--keyword=g_dpgettext2:2c,3',
    '--flag=N_:1:pass-c-format', '--flag=C_:2:pass-c-format',
    '--flag=NC_:2:pass-c-format', '--flag=g_dngettext:2:pass-c-format',
    '--flag=g_strdup_printf:1:c-format', '--flag=g_string_printf:2:c-format',
    '--flag=g_string_append_printf:2:c-format', '--flag=g_error_new:3:c-format',
    '--flag=g_set_error:4:c-format', '--flag=g_markup_printf_escaped:1:c-format',
]
STATS = re.compile(r'(\d+) translated messages?'
                   r'(?:, (\d+) fuzzy translations?)?'
                   r'(?:, (\d+) untranslated messages?)?')


def languages(root, domain='po'):
    path = os.path.join(root, domain, 'LINGUAS')
    if domain != 'po' and not os.path.isfile(path):
        return []
    with open(path, encoding='utf-8') as f:
        text = re.sub(r'#[^\n]*', ' ', f.read())
    return text.split()


def make_template(root, pot, domain='po'):
    env = dict(os.environ, GETTEXTDATADIRS=os.path.join(root, 'po'))
    result = subprocess.run(
        ['xgettext', f'--files-from={domain}/POTFILES.in', '--package-name=sportello',
         '-o', pot] + XGETTEXT_ARGS,
        cwd=root, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        print('xgettext cannot build the template:\n' + result.stderr, file=sys.stderr)
        return False
    return True


def check_language(root, lang, pot, domain='po'):
    po = os.path.join(root, domain, lang + '.po')
    problems = []
    if not os.path.isfile(po):
        return [f'{domain}/{lang}.po: listed in {domain}/LINGUAS but missing']
    result = subprocess.run(['msgfmt', '-c', '--statistics', '-o', os.devnull, po],
                            capture_output=True, text=True,
                            env=dict(os.environ, LC_ALL='C'))
    stats = STATS.search(result.stderr)
    if result.returncode != 0:
        problems.append(f'{domain}/{lang}.po: msgfmt -c fails:\n{result.stderr.strip()}')
    elif stats is None:
        problems.append(f'{domain}/{lang}.po: no statistics from msgfmt: {result.stderr.strip()}')
    else:
        fuzzy = int(stats.group(2) or 0)
        untranslated = int(stats.group(3) or 0)
        if fuzzy or untranslated:
            problems.append(f'{domain}/{lang}.po: {fuzzy} fuzzy, {untranslated} untranslated '
                            f'({result.stderr.strip()})')
        print(f'{domain}/{lang}: {result.stderr.strip()}')
    # Every msgid of the template is in the .po ...
    result = subprocess.run(['msgcmp', po, pot], capture_output=True, text=True)
    if result.returncode != 0:
        problems.append(f'{domain}/{lang}.po: does not match the current template '
                        f'(run meson compile sportello-update-po):\n{result.stderr.strip()}')
    # ... and the .po has no msgid the template lost.
    result = subprocess.run(['msgcmp', '--use-untranslated', pot, po],
                            capture_output=True, text=True)
    if result.returncode != 0:
        problems.append(f'{domain}/{lang}.po: has messages no longer in the sources '
                        f'(run meson compile sportello-update-po):\n{result.stderr.strip()}')
    return problems


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.environ.get('SPORTELLO_SOURCE_ROOT', '.')
    problems = []
    for domain in ('po', 'po/staff'):
        with tempfile.TemporaryDirectory() as tmp:
            pot = os.path.join(tmp, 'template.pot')
            if domain != 'po' and not os.path.isfile(os.path.join(root, domain, 'POTFILES.in')):
                continue
            if not make_template(root, pot, domain):
                return 1
            langs = languages(root, domain)
            if not langs:
                print(f'{domain}/LINGUAS lists no language yet: no translation to check '
                      '(the template builds)')
                continue
            for lang in langs:
                problems += check_language(root, lang, pot, domain)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
