"""Drives the real kiosk under its own headless display, as a person would.

Each test script calls run(main): outside a display it re-runs itself under
xvfb-run and dbus-run-session; inside, it starts the AT-SPI bus and a kiosk
window manager, then main(k) gets a Kiosk to start and drive.
"""
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

SCREEN = (1080, 1920)
INNER = "SPORTELLO_KIOSK_TEST_INNER"
BUILD = os.environ.get("SPORTELLO_BUILD_ROOT", "")
BINARY = os.environ.get("SPORTELLO_KIOSK_BINARY",
                        os.path.join(BUILD, "src", "kiosk", "sportello"))
SOURCE = os.environ.get("SPORTELLO_SOURCE_ROOT",
                        os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
ARTEFACTS = os.path.join(os.environ.get("ARTEFACTS", tempfile.gettempdir()), "kiosk")


def fail(message):
    print("FAIL: " + message, file=sys.stderr)
    sys.exit(1)


def run(main):
    if os.environ.get(INNER) is None:
        env = dict(os.environ, **{INNER: "1"})
        # Fatal warnings are for the kiosk, not for pyatspi in this driver.
        env["SPORTELLO_KIOSK_G_DEBUG"] = env.pop("G_DEBUG", "")
        # Kiosk tests run side by side: each looks for a free display from
        # its own starting point, so two never race for the same one.
        command = ["xvfb-run", "-a", "-n", str(100 + os.getpid() % 800),
                   "-s", "-screen 0 %dx%dx24" % SCREEN,
                   "dbus-run-session", "--", "/usr/bin/python3", os.path.abspath(sys.argv[0])]
        sys.exit(subprocess.call(command + sys.argv[1:], env=env))

    os.makedirs(ARTEFACTS, exist_ok=True)
    helpers = [subprocess.Popen(["/usr/libexec/at-spi-bus-launcher", "--launch-immediately"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
               subprocess.Popen(["matchbox-window-manager", "-use_titlebar", "no"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    time.sleep(0.5)
    tmp = tempfile.mkdtemp(prefix="sportello-kiosk-")
    k = Kiosk(tmp)
    code = 1
    try:
        main(k)
        code = 0
    except BaseException:
        # Leave what was on screen and what the kiosk said for the log.
        name = os.path.splitext(os.path.basename(sys.argv[0]))[0]
        subprocess.call(["import", "-window", "root", os.path.join(ARTEFACTS, "failed-" + name + ".png")])
        print("--- kiosk output ---\n" + k.output(), file=sys.stderr)
        raise
    finally:
        try:
            k.stop()
        except SystemExit:
            code = 1
        for helper in helpers:
            helper.terminate()
        shutil.rmtree(tmp, ignore_errors=True)
    sys.exit(code)


class Kiosk:
    def __init__(self, tmp):
        self.tmp = tmp
        self.db = os.path.join(tmp, "kiosk.db")
        self.process = None
        self.app = None
        self.log = None

    # process ---------------------------------------------------------------
    def start(self, args=(), env=None, db=None, prefix=()):
        environment = dict(os.environ, GTK_A11Y="atspi", GSK_RENDERER="cairo",
                           G_DEBUG=os.environ.get("SPORTELLO_KIOSK_G_DEBUG", ""))
        environment.update(env or {})
        environment["LSAN_OPTIONS"] = self.lsan_options(environment.get("LSAN_OPTIONS", ""))
        if environment.get("ASAN_OPTIONS"):
            # Exact stacks, so that lsan-kiosk.supp can see that GLib's
            # one-time block comes from _dl_init (GLib has no frame pointers
            # for the fast unwinder); ten frames reach it and cost a third
            # of a full stack.
            environment["ASAN_OPTIONS"] += ":fast_unwind_on_malloc=0:malloc_context_size=10"
        self.log = open(os.path.join(self.tmp, "kiosk.log"), "w+")
        command = list(prefix) + [BINARY, "--db", db or self.db] + list(args)
        self.process = subprocess.Popen(command, env=environment,
                                        stdout=self.log, stderr=subprocess.STDOUT)
        import pyatspi
        self.pyatspi = pyatspi
        deadline = time.time() + 20
        while time.time() < deadline:
            if self.process.poll() is not None:
                fail("the kiosk exited with %d:\n%s" % (self.process.returncode, self.output()))
            desktop = pyatspi.Registry.getDesktop(0)
            for app in desktop:
                if app is not None and app.name == "sportello":
                    self.app = app
                    if self.find_all("push button", visible_only=True):
                        time.sleep(0.3)
                        return self
            time.sleep(0.2)
        fail("the kiosk did not show up on the accessibility bus:\n" + self.output())

    def lsan_options(self, options):
        """The suite's suppressions plus the kiosk's own (lsan-kiosk.supp)."""
        parts = [p for p in options.split(":") if p and not p.startswith("suppressions=")]
        given = [p[len("suppressions="):] for p in options.split(":") if p.startswith("suppressions=")]
        joined = os.path.join(self.tmp, "lsan.supp")
        with open(joined, "w") as out:
            for path in given + [os.path.join(os.path.dirname(os.path.abspath(__file__)), "lsan-kiosk.supp")]:
                if os.path.exists(path):
                    with open(path) as f:
                        out.write(f.read() + "\n")
        return ":".join(parts + ["suppressions=" + joined])

    def output(self):
        if self.log is None:
            return ""
        self.log.flush()
        self.log.seek(0)
        return self.log.read()

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        code = self.process.returncode if self.process is not None else 0
        self.process = None
        # The kiosk leaves cleanly on SIGTERM, so sanitizers see the whole run.
        if code != 0:
            fail("kiosk exit status %s:\n%s" % (code, self.output()))

    def alive(self):
        return self.process is not None and self.process.poll() is None

    # the accessibility tree ----------------------------------------------
    def walk(self, node=None, visible_only=True):
        pyatspi = self.pyatspi
        node = node or self.app
        stack = [node]
        while stack:
            current = stack.pop()
            try:
                states = current.getState()
                if visible_only and current is not self.app and not states.contains(pyatspi.STATE_VISIBLE):
                    continue
                yield current
                stack.extend(reversed([c for c in current if c is not None]))
            except Exception:
                continue

    def find_all(self, role=None, name=None, visible_only=True):
        found = []
        for node in self.walk(visible_only=visible_only):
            try:
                if role is not None and node.getRoleName() != role:
                    continue
                if name is not None:
                    text = node.name or ""
                    if callable(name):
                        if not name(text):
                            continue
                    elif text != name:
                        continue
                found.append(node)
            except Exception:
                continue
        return found

    def wait_for(self, role=None, name=None, timeout=10, interval=0.2):
        deadline = time.time() + timeout
        while time.time() < deadline:
            found = self.find_all(role, name)
            if found:
                return found[0]
            if not self.alive():
                fail("the kiosk died:\n" + self.output())
            time.sleep(interval)
        names = sorted({(n.getRoleName(), n.name) for n in self.find_all() if n.name})
        fail("nothing with role %r and name %r; visible now: %r" % (role, name, names))

    def extents(self, node):
        box = node.queryComponent().getExtents(self.pyatspi.WINDOW_COORDS)  # the window is fullscreen at 0,0
        return box.x, box.y, box.width, box.height

    def click(self, node, real=True):
        """A real pointer click when the control is on screen, else its action."""
        x, y, w, h = self.extents(node)
        cx, cy = x + w // 2, y + h // 2
        if real and w > 0 and h > 0 and 0 <= cx < SCREEN[0] and 140 <= cy < SCREEN[1] - 10:
            subprocess.check_call(["xdotool", "mousemove", str(cx), str(cy), "click", "1"])
        else:
            node.queryAction().doAction(0)
        time.sleep(0.3)

    def key(self, name):
        """The one on-screen keypad key with this accessible name (the top
        bar, above y 140, has buttons of its own)."""
        keys = [n for n in self.find_all("push button", name) if self.extents(n)[1] >= 140]
        if len(keys) != 1:
            fail("expected one key %r on the keypad, found %d" % (name, len(keys)))
        return keys[0]

    def press(self, role, name, timeout=10):
        node = self.wait_for(role, name, timeout)
        self.click(node)
        return node

    def screenshot(self, name):
        path = os.path.join(ARTEFACTS, name + ".png")
        time.sleep(0.4)
        subprocess.check_call(["import", "-window", "root", path])
        return path

    def check_targets(self, where):
        """Every visible button is at least 64 px both ways."""
        small = []
        for role in ("push button", "toggle button", "check box"):
            for node in self.find_all(role):
                x, y, w, h = self.extents(node)
                if w == 0 and h == 0:
                    continue
                if w < 64 or h < 64:
                    small.append("%s %r %dx%d" % (role, node.name, w, h))
                if not node.name:
                    small.append("%s without an accessible name at %d,%d" % (role, x, y))
        if small:
            fail("%s: %s" % (where, "; ".join(small)))

    def db_rows(self, sql, args=(), db=None):
        connection = sqlite3.connect("file:%s?mode=ro" % (db or self.db), uri=True, timeout=10)
        try:
            return connection.execute(sql, args).fetchall()
        finally:
            connection.close()


def wait_until(predicate, timeout, what):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    fail("timed out waiting for " + what)


CODE = re.compile(r"^[A-Z]-[0-9]+$")


def is_code(text):
    return bool(CODE.match((text or "").strip("\u2066\u2069")))


def kiosk_languages(data=None):
    """data/languages.ini: code -> its keys (Endonym, Greeting, ...), in order."""
    import configparser
    data = data or os.environ.get("SPORTELLO_DATA", os.path.join(SOURCE, "data"))
    ini = configparser.ConfigParser(interpolation=None)
    ini.optionxform = str
    ini.read(os.path.join(data, "languages.ini"), encoding="utf-8")
    return {code: dict(ini[code]) for code in ini.sections()}


def translator(language):
    """_() of the kiosk's domain for a language, from the build's catalogues."""
    import gettext
    localedir = os.path.join(BUILD, "po")
    return gettext.translation("sportello", localedir=localedir,
                               languages=[language], fallback=True).gettext


def ntranslator(language):
    """ngettext() of the kiosk's domain for a language."""
    import gettext
    localedir = os.path.join(BUILD, "po")
    return gettext.translation("sportello", localedir=localedir,
                               languages=[language], fallback=True).ngettext


def go_to_service(k, tr, language_endonym, topic, service, shots=None):
    """Start, pick a language, a topic and a service; checks every screen's
    touch targets and saves screenshots named shots + screen."""
    k.press("push button", translator("it")("Touch the screen to start"))
    k.wait_for("push button", language_endonym)
    k.check_targets("language grid")
    if shots:
        k.screenshot(shots + "-2-languages")
    k.press("push button", language_endonym)
    k.wait_for("push button", tr(topic))
    k.check_targets("topics")
    if shots:
        k.screenshot(shots + "-3-topics")
    k.press("push button", tr(topic))
    k.wait_for("push button", tr(service))
    k.check_targets("services")
    k.press("push button", tr(service))
    k.wait_for("label", tr("What to bring"))
    k.check_targets("service page")
    if shots:
        k.screenshot(shots + "-4-service")


def book_first_free(k, tr, mediator, shots=None):
    """On a service page: book the first free time of the last free day."""
    k.press("push button", tr("Book an appointment"))
    # GTK 4.8 reports toggle buttons as push buttons; days and times carry
    # a description saying which they are.
    def described(what):
        return [b for b in k.find_all("push button") if b.description == tr(what)]
    days = wait_until(lambda: described("Day"), 15, "free days")
    k.click(days[-1])
    slots = wait_until(lambda: described("Time"), 15, "free times")
    k.click(slots[0])
    if mediator:
        k.press("push button", tr("I need a mediator who speaks my language"))
    k.check_targets("booking")
    if shots:
        k.screenshot(shots + "-5-booking")
    confirm = k.wait_for("push button", tr("Confirm"))
    wait_until(lambda: confirm.getState().contains(k.pyatspi.STATE_SENSITIVE), 5, "Confirm to be enabled")
    k.click(confirm)
    code = k.wait_for("label", is_code, 15)
    k.check_targets("ticket")
    if shots:
        k.screenshot(shots + "-6-ticket")
    return code.name.strip("\u2066\u2069")
