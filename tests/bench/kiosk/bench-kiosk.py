#!/usr/bin/python3
"""Kiosk benchmark: cold start to first frame, tap to next page painted, and
PSS memory, each the median over RUNS fresh processes; beside the same
figures for Chromium --kiosk showing an equivalent page, measured in the
same run when /usr/bin/chromium is installed.

Both run under the same Xvfb (1080x1920) on the CPU renderer: GTK with
GSK_RENDERER=cairo, Chromium with --disable-gpu.

- first frame: from just before the process is started to the end of its
  first painted frame (the kiosk's after-paint; for Chromium, a beacon sent
  after the first animation frame of the loaded page has been painted);
- page change on screen: from the tap (XTest press and release, flushed
  together, so no frame shows the pressed state alone) to the first change
  of the screen's pixels, read back from the X server every few
  milliseconds; the same measure for both;
- for the kiosk also the in-app figure: from the tap's release reaching GTK
  to the end of the frame that shows the next page (its after-paint);
- PSS: proportional set size after the walk (for Chromium, summed over all
  of its processes).

Usage: bench-kiosk.py [RUNS]  (default 5)."""
import configparser
import ctypes
import http.server
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.environ.get("SPORTELLO_SOURCE_ROOT", os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, os.path.join(SOURCE, "tests", "ui", "kiosk"))

from kiosklib import SCREEN, fail, run, translator, wait_until  # noqa: E402

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
CHROMIUM = shutil.which("chromium")
TOPIC = "Documents and permits"
SERVICE = "Residence permit: first request and renewal"


def now_us():
    return time.clock_gettime_ns(time.CLOCK_MONOTONIC) // 1000


def pss_kib(pids):
    total = 0
    for pid in pids:
        try:
            with open("/proc/%d/smaps_rollup" % pid) as f:
                for line in f:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
        except OSError:
            pass  # a helper process that has just gone
    return total


def descendants(root):
    children = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % name) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(name))
        except OSError:
            pass
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, []))
    return found


# The X server, through Xlib and XTest ------------------------------------
class Screen:
    """Taps and pixel rows of the display, without spawning a process."""

    def __init__(self):
        self.x11 = ctypes.CDLL("libX11.so.6")
        self.xtst = ctypes.CDLL("libXtst.so.6")
        self.x11.XOpenDisplay.restype = ctypes.c_void_p
        self.x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        self.x11.XDefaultRootWindow.restype = ctypes.c_ulong
        self.x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        self.x11.XGetImage.restype = ctypes.c_void_p
        self.x11.XGetImage.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int,
                                       ctypes.c_uint, ctypes.c_uint, ctypes.c_ulong, ctypes.c_int]
        self.x11.XFree.argtypes = [ctypes.c_void_p]
        self.x11.XFlush.argtypes = [ctypes.c_void_p]
        self.x11.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
        self.xtst.XTestFakeMotionEvent.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int,
                                                   ctypes.c_int, ctypes.c_ulong]
        self.xtst.XTestFakeButtonEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int,
                                                   ctypes.c_ulong]
        self.display = self.x11.XOpenDisplay(None)
        if not self.display:
            fail("cannot open the X display")
        self.root = self.x11.XDefaultRootWindow(self.display)

    def row(self, y):
        """One row of the screen as bytes (ZPixmap)."""
        image = self.x11.XGetImage(self.display, self.root, 0, y, SCREEN[0], 1, 0xFFFFFFFF, 2)
        if not image:
            fail("XGetImage failed")
        data = ctypes.c_void_p.from_address(image + 16).value      # XImage.data
        per_line = ctypes.c_int.from_address(image + 44).value     # XImage.bytes_per_line
        pixels = ctypes.string_at(data, per_line)
        self.x11.XFree(data)
        self.x11.XFree(ctypes.c_void_p(image))
        return pixels

    def move(self, x, y):
        self.xtst.XTestFakeMotionEvent(self.display, -1, x, y, 0)
        self.x11.XSync(self.display, 0)

    def tap_until_changed(self, timeout=10.0):
        """µs from a tap where the pointer is to the first change of any
        sampled row."""
        rows = list(range(150, SCREEN[1] - 10, 60))
        before = [self.row(r) for r in rows]
        self.xtst.XTestFakeButtonEvent(self.display, 1, 1, 0)
        self.xtst.XTestFakeButtonEvent(self.display, 1, 0, 0)
        self.x11.XSync(self.display, 0)
        tapped = now_us()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for r, old in zip(rows, before):
                if self.row(r) != old:
                    return now_us() - tapped
        fail("the screen did not change after a tap")


def median_ms(values):
    return statistics.median(values) / 1000.0


# The kiosk ---------------------------------------------------------------
def trace_lines(k):
    return [line.split()[1:] for line in k.output().splitlines()
            if line.startswith("sportello-trace ")]


def painted_page(k, page, after):
    """µs from tap to paint of the trace line for PAGE after line AFTER."""
    def find():
        lines = trace_lines(k)[after:]
        for fields in lines:
            if fields[0] == "page" and fields[1] == page and int(fields[3]) > 0:
                return int(fields[5]) - int(fields[3])
        return None
    return wait_until(find, 20, "page %s painted" % page)


# The walk through the kiosk: what to tap, and the page it leads to.
WALK = [("push button", "Touch the screen to start", "languages"),
        ("push button", "Italiano", "topics"),
        ("push button", TOPIC, "services"),
        ("push button", SERVICE, "service"),
        ("push button", "Back", "services"),
        ("push button", SERVICE, "service"),
        ("push button", "Back", "services"),
        ("push button", "Back", "topics"),
        ("push button", TOPIC, "services"),
        ("push button", SERVICE, "service")]


def kiosk_run(k, tr, screen):
    start = now_us()
    k.start(env={"SPORTELLO_KIOSK_TRACE": "1", "GSK_RENDERER": "cairo"})
    first = wait_until(lambda: [int(f[1]) for f in trace_lines(k) if f[0] == "first-frame"],
                       20, "the first frame")[0]
    changes = []
    on_screen = []
    for role, name, page in WALK:
        node = k.wait_for(role, name if name == "Italiano" else tr(name))
        x, y, w, h = k.extents(node)
        # A real tap, also on the top bar (kiosklib acts on it through AT-SPI);
        # the pointer arrives first, so hover does not count as the change.
        screen.move(x + w // 2, y + h // 2)
        time.sleep(0.4)
        seen = len(trace_lines(k))
        on_screen.append(screen.tap_until_changed())
        changes.append(painted_page(k, page, seen))
    pss = pss_kib([k.process.pid])
    k.stop()
    return first - start, on_screen, pss, changes


# Chromium ----------------------------------------------------------------
PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><style>
body { margin: 0; font: 28px sans-serif; background: #f6f5f4; color: #241f31; }
header { height: 120px; background: #1c71d8; color: white; padding: 24px; box-sizing: border-box; }
main { padding: 32px; display: grid; grid-template-columns: repeat(3, 1fr); gap: 16px; }
.tile { min-height: 160px; border-radius: 16px; background: white; padding: 16px;
        box-shadow: 0 1px 3px #0003; display: flex; align-items: center; justify-content: center;
        text-align: center; font-size: 34px; }
p { grid-column: 1 / -1; margin: 0 0 16px 0; line-height: 1.4; }
</style></head><body><header>Sportello</header><main id="main"></main>
<script>
const pages = %s;
let index = 0;
function beacon(path) { new Image().src = path + "&r=" + Math.random(); }
function show(i) {
  const main = document.getElementById("main");
  main.textContent = "";
  for (const item of pages[i].tiles) {
    const tile = document.createElement("div"); tile.className = "tile"; tile.textContent = item;
    main.appendChild(tile);
  }
  for (const text of pages[i].paragraphs) {
    const p = document.createElement("p"); p.textContent = text; main.appendChild(p);
  }
}
/* After the next frame has been painted: a task queued from rAF runs once
   that frame is done. */
function afterPaint(callback) { requestAnimationFrame(() => setTimeout(callback, 0)); }
document.addEventListener("pointerup", (event) => {
  const tapped = performance.now();
  index = (index + 1) %% pages.length;
  show(index);
  afterPaint(() => beacon("/page?us=" + Math.round((performance.now() - tapped) * 1000)));
});
show(0);
afterPaint(() => beacon("/first?"));
</script></body></html>"""


def reference_pages():
    """The kiosk's walk as plain pages: languages, topics, services, a service."""
    languages = configparser.ConfigParser(interpolation=None)
    languages.read(os.path.join(SOURCE, "data", "languages.ini"), encoding="utf-8")
    endonyms = [languages[s]["Endonym"] for s in languages.sections()]
    topics = ["Documents and permits", "Work", "Italian courses and school", "Health",
              "Housing", "Family", "Legal help", "Talk to a mediator"]
    services = ["Residence permit: first request and renewal", "EU long-term residence permit",
                "Family reunification", "Registration at the registry office"]
    service = ["What it is", "Who can use it", "What to bring", "How it works", "Where and when"]
    lorem = ("You need a residence permit to live in Italy for more than three months. "
             "You ask for it at the post office with the kit, then go to the Questura.")
    import json
    return json.dumps([
        {"tiles": endonyms, "paragraphs": []},
        {"tiles": topics, "paragraphs": []},
        {"tiles": services, "paragraphs": []},
        {"tiles": [], "paragraphs": [h + ". " + lorem for h in service]},
    ])


class Beacons(http.server.BaseHTTPRequestHandler):
    page = b""
    received = []
    lock = threading.Lock()

    def do_GET(self):
        at = now_us()
        if self.path.startswith("/index.html"):
            body, kind = self.page, "text/html; charset=utf-8"
        else:
            with self.lock:
                self.received.append((at, self.path))
            body, kind = b"", "image/gif"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def chromium_run(port, profile_root, steps, screen):
    Beacons.received.clear()
    profile = tempfile.mkdtemp(dir=profile_root)
    command = [CHROMIUM, "--kiosk", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--no-default-browser-check", "--disable-extensions", "--disable-sync",
               "--disable-features=Translate,MediaRouter", "--password-store=basic",
               "--noerrdialogs", "--user-data-dir=" + profile,
               "--window-size=%d,%d" % SCREEN, "--window-position=0,0",
               "http://127.0.0.1:%d/index.html" % port]
    start = now_us()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        def beacon(prefix, count):
            with Beacons.lock:
                found = [(at, path) for at, path in Beacons.received if path.startswith(prefix)]
            return found if len(found) >= count else None
        first = wait_until(lambda: beacon("/first", 1), 60, "Chromium's first frame")[0][0]
        time.sleep(1.0)  # let the browser settle, as the kiosk has while AT-SPI finds it
        on_screen = []
        screen.move(SCREEN[0] // 2, SCREEN[1] // 2)
        for i in range(steps):
            time.sleep(0.4)
            on_screen.append(screen.tap_until_changed())
            wait_until(lambda: beacon("/page", i + 1), 20, "Chromium's page %d" % (i + 1))
        changes = [int(path.split("us=")[1].split("&")[0]) for _, path in beacon("/page", steps)]
        pss = pss_kib(descendants(process.pid))
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return first - start, on_screen, pss, changes


# -------------------------------------------------------------------------
def report(name, runs, in_app):
    firsts = [r[0] for r in runs]
    changes = [c for r in runs for c in r[1]]
    per_run_change = [statistics.median(r[1]) for r in runs]
    pss = [r[2] for r in runs]
    app = [c for r in runs for c in r[3]]
    print("%-10s first frame %7.1f ms   page change on screen %6.1f ms (p90 %6.1f)   PSS %6.1f MB"
          % (name, median_ms(firsts), median_ms(changes),
             sorted(changes)[int(len(changes) * 0.9) - 1] / 1000.0,
             statistics.median(pss) / 1024.0))
    print("%-10s   %s %.1f ms" % ("", in_app, median_ms(app)))
    print("%-10s   per run: first frame %s ms; median page change %s ms; PSS %s MB"
          % ("", " ".join("%.0f" % (f / 1000) for f in firsts),
             " ".join("%.1f" % (c / 1000) for c in per_run_change),
             " ".join("%.0f" % (p / 1024) for p in pss)))
    return median_ms(firsts), median_ms(changes), statistics.median(pss) / 1024.0


def main(k):
    tr = translator("it")
    print("%d runs each, Xvfb %dx%d, CPU renderers; medians" % (RUNS, SCREEN[0], SCREEN[1]))
    screen = Screen()
    kiosk = []
    for i in range(RUNS):
        kiosk.append(kiosk_run(k, tr, screen))
        time.sleep(0.5)
    ours = report("sportello", kiosk, "in the app, tap released to after-paint:")
    pages = {}
    for run_ in kiosk:
        for (_, _, page), shown in zip(WALK, run_[1]):
            pages.setdefault(page, []).append(shown)
    print("%-10s   on screen by page: %s" % ("", ", ".join(
        "%s %.1f ms" % (page, median_ms(values)) for page, values in pages.items())))
    print("targets: first frame <= 500 ms, page change <= 50 ms, PSS <= 120 MB: %s"
          % ("met" if ours[0] <= 500 and ours[1] <= 50 and ours[2] <= 120 else "NOT met"))

    if CHROMIUM is None:
        print("chromium is not installed: no reference (apt-get install chromium)")
        return
    Beacons.page = (PAGE % reference_pages()).encode("utf-8")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Beacons)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    profiles = tempfile.mkdtemp(prefix="sportello-bench-chromium-")
    try:
        reference = []
        for i in range(RUNS):
            reference.append(chromium_run(server.server_address[1], profiles, len(kiosk[0][3]), screen))
            time.sleep(0.5)
    finally:
        server.shutdown()
        shutil.rmtree(profiles, ignore_errors=True)
    theirs = report("chromium", reference, "in the page, pointerup to the task after the next frame:")
    print("ratio sportello/chromium: first frame %.2f, page change %.2f, PSS %.2f"
          % (ours[0] / theirs[0], ours[1] / theirs[1], ours[2] / theirs[2]))


run(main)
