"""Helpers for the desk UI tests: start the programs, read the AT-SPI tree,
click with real pointer events, take screenshots, look in the database."""

import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

import pyatspi

BUILD = os.environ["SPORTELLO_BUILD_ROOT"]
DESK = os.path.join(BUILD, "src", "desk", "sportello-desk")
ADMIN = os.path.join(BUILD, "src", "admin", "sportello-admin")
ARTEFACTS = os.environ.get("ARTEFACTS", os.path.join(BUILD, "artefacts"))
ISOLATES = dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069"), None)

os.makedirs(ARTEFACTS, exist_ok=True)


def log(*args):
    print(*args, flush=True)


def fail(message):
    log("FAIL:", message)
    raise SystemExit(1)


class Session:
    def __init__(self, name):
        self.name = name
        self.tmp = tempfile.TemporaryDirectory(prefix="desk-ui-")
        self.db = os.path.join(self.tmp.name, "desk.db")
        self.data = os.path.join(self.tmp.name, "data")
        self.procs = []
        self._open_all_day()

    def _open_all_day(self):
        """A copy of the demo data whose desk is open all day, every day, so
        the tests do not depend on the hour or the weekday they run at."""
        shutil.copytree(os.environ["SPORTELLO_DATA"], self.data)
        path = os.path.join(self.data, "desk.ini")
        with open(path, encoding="utf-8") as f:
            text = f.read()
        days = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
        hours = re.search(r"^\[Hours\]\n(.*?)(?=^\[)", text, re.M | re.S)
        open_hours = "".join("%s=00:00-23:59;\n" % d for d in days.split("|"))
        text = text[:hours.start(1)] + open_hours + "\n" + text[hours.end(1):]
        text = re.sub(r"^Dates=.*$", "Dates=", text, flags=re.M)
        text = re.sub(r"^Hours=.*$\n", "", text, flags=re.M)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)

    def admin(self, *args, stdin=None):
        result = subprocess.run([ADMIN, *args, "--db", self.db, "--data", self.data], input=stdin,
                                capture_output=True, text=True, timeout=20)
        if result.returncode != 0:
            fail("sportello-admin %s: %s" % (" ".join(args), result.stderr.strip()))
        return result.stdout.strip()

    def start(self, *args):
        env = dict(os.environ, GTK_A11Y="atspi", GSK_RENDERER="cairo",
                   G_DEBUG=os.environ.get("SPORTELLO_APP_G_DEBUG", "fatal-warnings"))
        if "ASAN_OPTIONS" in env:
            env.update(self._sanitizer_env(env))
        proc = subprocess.Popen([DESK, "--db", self.db, "--data", self.data, *args], env=env)
        self.procs.append(proc)
        return proc

    def app(self, proc, timeout=15):
        """The AT-SPI application of a started process."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                fail("sportello-desk exited with %d" % proc.returncode)
            desktop = pyatspi.Registry.getDesktop(0)
            for i in range(desktop.childCount):
                app = desktop.getChildAtIndex(i)
                try:
                    if app is not None and app.get_process_id() == proc.pid and app.childCount > 0:
                        return app
                except Exception:
                    pass
            time.sleep(0.1)
        fail("no accessible application for pid %d" % proc.pid)

    def _sanitizer_env(self, env):
        """Under ASan the programs exit cleanly, so leaks are checked.  GLib
        allocates its quark table in a library constructor for the whole
        process: suppress allocations made under _dl_init only, which needs
        exact stacks (GLib has no frame pointers for the fast unwinder), ten
        frames deep: enough to reach _dl_init, a third of the cost of full ones."""
        shared = None
        for item in env.get("LSAN_OPTIONS", "").split(":"):
            if item.startswith("suppressions="):
                shared = item.split("=", 1)[1]
        path = os.path.join(self.tmp.name, "lsan.supp")
        with open(path, "w") as out:
            if shared and os.path.exists(shared):
                with open(shared) as f:
                    out.write(f.read())
            out.write("\nleak:_dl_init\n")
        return {"ASAN_OPTIONS": env["ASAN_OPTIONS"] + ":fast_unwind_on_malloc=0:malloc_context_size=10",
                "LSAN_OPTIONS": "suppressions=" + path}

    def query(self, sql, *params):
        con = sqlite3.connect(self.db, timeout=5)
        try:
            return con.execute(sql, params).fetchall()
        finally:
            con.close()

    def screenshot(self, name):
        path = os.path.join(ARTEFACTS, "%s-%s.png" % (self.name, name))
        subprocess.run(["import", "-window", "root", path], check=True, timeout=20)
        log("screenshot:", path)
        return path

    def close(self):
        for proc in self.procs:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        for proc in self.procs:
            # SIGTERM quits the main loop: a clean exit, leak checks included.
            if proc.returncode != 0:
                fail("sportello-desk ended with %s" % proc.returncode)
        self.tmp.cleanup()


def extents(node):
    ext = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    return ext.x, ext.y, ext.width, ext.height


def walk(node, depth=0):
    """Objects on screen under node.  GTK 4.8 reports hidden stack pages as
    VISIBLE too, but gives them no size: prune empty boxes."""
    if node is None or depth > 60:
        return
    try:
        states = node.getState()
    except Exception:
        return
    if depth > 1:
        if not states.contains(pyatspi.STATE_VISIBLE):
            return
        try:
            _, _, width, height = extents(node)
        except Exception:  # stack pages have no component: look inside
            width = height = 1
        if width <= 0 or height <= 0:
            return
    yield node
    try:
        count = node.childCount
    except Exception:
        return
    for i in range(count):
        try:
            child = node.getChildAtIndex(i)
        except Exception:
            continue
        yield from walk(child, depth + 1)


def text_of(node):
    try:
        return (node.name or "").translate(ISOLATES)
    except Exception:
        return ""


def find_all(app, role=None, name=None, contains=None):
    found = []
    for node in walk(app):
        try:
            if role is not None and node.getRoleName() != role:
                continue
        except Exception:
            continue
        text = text_of(node)
        if name is not None and text != name:
            continue
        if contains is not None and contains not in text:
            continue
        found.append(node)
    return found


def wait_for(what, predicate, timeout=10.0, interval=0.05):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            fail("timed out waiting for " + what)
        time.sleep(interval)


def wait_node(app, what, timeout=10.0, **kwargs):
    return wait_for(what, lambda: (find_all(app, **kwargs) or [None])[0], timeout)


def button(app, label, timeout=10.0):
    """A push button by its label (GTK 4.8 names a mnemonic button
    "_Label Label", so match on the label shown)."""
    def find():
        for node in find_all(app, role="push button"):
            text = text_of(node)
            if text == label or text.endswith(" " + label):
                return node
        return None
    return wait_for("the button " + label, find, timeout)


def window_origin(app):
    """Screen position of the window's content: GTK reports positions
    relative to its toplevel, which sits inside the X window's shadow."""
    frame = app.getChildAtIndex(0)
    _, _, fw, fh = extents(frame)
    pid = str(app.get_process_id())
    ids = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", pid],
                         capture_output=True, text=True).stdout.split()
    best = None
    for wid in ids:
        out = subprocess.run(["xdotool", "getwindowgeometry", "--shell", wid],
                             capture_output=True, text=True).stdout
        geo = dict(line.split("=", 1) for line in out.split() if "=" in line)
        w, h = int(geo["WIDTH"]), int(geo["HEIGHT"])
        if best is None or w * h > best[2] * best[3]:
            best = (int(geo["X"]), int(geo["Y"]), w, h)
    if best is None:
        fail("no X window for pid " + pid)
    x, y, w, h = best
    return x + (w - fw) // 2, y + (h - fh) // 2


def click(app, node):
    ox, oy = window_origin(app)
    x, y, w, h = extents(node)
    _, _, fw, fh = extents(app.getChildAtIndex(0))
    if not (0 <= x + w // 2 < fw and 0 <= y + h // 2 < fh):
        fail("%r is outside the window (%d, %d) and cannot be clicked" % (text_of(node), x, y))
    subprocess.run(["xdotool", "mousemove", str(ox + x + w // 2), str(oy + y + h // 2),
                    "click", "1"], check=True)


def key(*keys):
    subprocess.run(["xdotool", "key", "--clearmodifiers", *keys], check=True)


def type_text(text):
    subprocess.run(["xdotool", "type", "--delay", "20", text], check=True)


def run(main):
    try:
        main()
    except SystemExit:
        raise
    except Exception as exc:  # report, fail the test
        import traceback
        traceback.print_exc()
        fail(repr(exc))
    log("PASS")
    sys.exit(0)


def sign_in(session, operator, pin):
    """Adds an operator with sportello-admin, starts the console and signs
    in by keyboard; returns the console's accessible application."""
    session.admin("operator", "add", operator, stdin=pin + "\n")
    proc = session.start("--operator", operator, "--windowed")
    app = session.app(proc)
    click(app, wait_node(app, "the PIN entry", role="password text"))
    type_text(pin)
    key("Return")
    click(app, button(app, "Open the Queue"))
    button(app, "Call Next")
    return app


def press(node):
    """Activates a button through AT-SPI (for dialogs, whose own window
    offsets xdotool cannot learn from the main window)."""
    node.queryAction().doAction(0)
