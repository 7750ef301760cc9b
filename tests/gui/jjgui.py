# jjgui.py — what the GUI tests share: the real jiujin in a private data folder, found on the
# accessibility bus, logged in as an operator of the role the test needs, and patient lookups in
# its accessible tree.

import os
import shutil
import subprocess
import tempfile
import time

import pyatspi

TIMEOUT = 30

# The operators the tests log in as: the first technician, who adds the others.
TECHNICIAN = ("tech", "246810")
PINS = {"clerk": "135790", "reviewer": "975310", "technician": TECHNICIAN[1]}


def log(message):
    print("# " + message, flush=True)


def label_text(node):
    # GTK 4.8: getText (0, -1) returns nothing; ask for the exact count.
    text = node.queryText()
    return text.getText(0, text.characterCount)


def walk(root):
    """Every accessible below root, skipping the ones that vanish while we look."""
    stack = [root]
    while stack:
        node = stack.pop()
        if node is None:
            continue
        yield node
        try:
            stack.extend(reversed([child for child in node]))
        except Exception:
            continue


def matches(predicate, node):
    try:
        return predicate(node)
    except Exception:  # the tree changes under us while GTK updates it
        return False


def wait_for(what, predicate, timeout=TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = matches(lambda _: predicate(), None)
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError("timed out waiting for " + what)


def add_operator(data_dir, role, login=None):
    """Adds an operator of @role (clerk, reviewer, technician) to @data_dir with jiujinctl, the
    first technician too if there is none yet; returns "login:PIN" for JIUJIN_OPERATOR."""
    jiujinctl = os.environ["JIUJINCTL"]
    env = dict(os.environ, JIUJIN_DATA_DIR=data_dir, LANGUAGE="en")
    listed = subprocess.run([jiujinctl, "operators", "list"], env=env, capture_output=True,
                            text=True, timeout=60)
    if not any(line.split("\t")[0] == TECHNICIAN[0] for line in listed.stdout.splitlines()):
        subprocess.run([jiujinctl, "operators", "add", TECHNICIAN[0], "--name", "李明",
                        "--role", "technician", "--pin-stdin"], env=env, check=True,
                       input=TECHNICIAN[1] + "\n", text=True, timeout=60)
    if role == "technician" and login is None:
        return "%s:%s" % TECHNICIAN
    login = login or role
    names = {"clerk": "王芳", "reviewer": "张伟", "technician": "赵强"}
    subprocess.run([jiujinctl, "operators", "add", login, "--name", names[role], "--role", role,
                    "--as", TECHNICIAN[0], "--pin-stdin"], env=env, check=True,
                   input="%s\n%s\n" % (TECHNICIAN[1], PINS[role]), text=True, timeout=60)
    log("operator %s (%s) added" % (login, role))
    return "%s:%s" % (login, PINS[role])


class Jiujin:
    """The jiujin binary from $JIUJIN, started with a fresh data folder in @language, with
    @args and the variables of @env added, logged in as an operator of @role (JIUJIN_OPERATOR;
    None: nobody, the login page shows)."""

    def __init__(self, language="en", args=(), env=None, role="clerk", keep_data=False):
        self.language = language
        self.keep_data = keep_data
        self.args = list(args)
        self.extra_env = dict(env or {})
        self.role = role
        self.data_dir = tempfile.mkdtemp(prefix="jiujin-gui-")
        self.process = None
        self.app = None

    def __enter__(self):
        if self.role is not None and "JIUJIN_OPERATOR" not in self.extra_env:
            self.extra_env["JIUJIN_OPERATOR"] = add_operator(self.data_dir, self.role)
        # Bring the accessibility bus up before GTK looks for it: a GTK that starts first finds
        # no bus and never shows up on it.
        pyatspi.Registry.getDesktop(0)
        env = dict(os.environ, JIUJIN_DATA_DIR=self.data_dir, LANGUAGE=self.language, LANG="C.UTF-8",
                   **self.extra_env)
        self.process = subprocess.Popen([os.environ["JIUJIN"]] + self.args, env=env)
        self.app = wait_for("the jiujin application on the accessibility bus", self._lookup)
        log("jiujin (%s) is on the accessibility bus" % self.language)
        return self

    def _lookup(self):
        for app in pyatspi.Registry.getDesktop(0):
            if app is not None and app.name == "jiujin" and app.get_process_id() == self.process.pid:
                return app
        return None

    def __exit__(self, kind, value, traceback):
        if kind is not None:
            shot = os.environ.get("JIUJIN_GUI_FAILURE_SHOT")
            if shot:
                subprocess.run(["import", "-window", "root", shot])
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        if not self.keep_data:
            shutil.rmtree(self.data_dir, ignore_errors=True)
        return False

    def find(self, predicate):
        return next((n for n in walk(self.app) if n is not self.app and matches(predicate, n)), None)

    def find_all(self, predicate):
        return [n for n in walk(self.app) if n is not self.app and matches(predicate, n)]

    def wait_for(self, what, predicate, timeout=TIMEOUT):
        return wait_for(what, predicate, timeout)

    def click(self, node):
        """Clicks the middle of @node with the pointer, for what has no accessible action (GTK
        4.8's check boxes). GTK on X11 tells positions within its window: the window's own
        position is added."""
        windows = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(self.process.pid),
                                  "--class", "jiujin"], capture_output=True, text=True).stdout.split()
        shells = [dict(line.split("=") for line in subprocess.run(
            ["xdotool", "getwindowgeometry", "--shell", w], capture_output=True, text=True).stdout.split())
            for w in windows]
        main = max(shells, key=lambda g: int(g["WIDTH"]) * int(g["HEIGHT"]))
        extents = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        subprocess.run(["xdotool", "mousemove", str(int(main["X"]) + extents.x + extents.width // 2),
                        str(int(main["Y"]) + extents.y + extents.height // 2), "click", "1"], check=True)


def run(main):
    """Runs one test function; prints TAP-ish lines and the closing count; returns the exit code."""
    try:
        main()
    except AssertionError as error:
        print("not ok - " + str(error))
        print("0 passed, 1 failed")
        return 1
    print("1 passed, 0 failed")
    return 0
