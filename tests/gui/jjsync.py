# jjsync.py — what the GUI tests that sync share: a real jiujin-county on loopback with the test
# certificates, stopped and started again on the same port, the terminal enrolled with it, and
# python-dbusmock's notification daemon standing in for the desktop's.

import os
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import urllib.request

import dbus

import jjgui

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def id_number(first17):
    """A valid resident ID number: @first17 and its check character."""
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, WEIGHTS)) % 11]


def run(*argv, env=None):
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        raise AssertionError("%s failed (%d): %s" % (" ".join(argv), done.returncode, done.stderr))
    return done.stdout


def screenshot(name, pid):
    """The screen where the main window of process @pid is, popovers included, written to
    $JIUJIN_SCREENSHOT_DIR/@name; nothing without that variable."""
    shots = os.environ.get("JIUJIN_SCREENSHOT_DIR")
    if not shots:
        return
    path = os.path.join(shots, name)
    ids = run("xdotool", "search", "--onlyvisible", "--pid", str(pid), "--class", "jiujin").split()
    shells = [dict(line.split("=") for line in run("xdotool", "getwindowgeometry", "--shell", i).split())
              for i in ids]
    main = max(shells, key=lambda g: int(g["WIDTH"]) * int(g["HEIGHT"]))
    crop = "%sx%s+%s+%s" % (main["WIDTH"], main["HEIGHT"], main["X"], main["Y"])
    subprocess.run(["import", "-window", "root", "-crop", crop, "+repage", path], check=True)
    jjgui.log("screenshot %s (%s)" % (path, crop))


class County:
    """jiujin-county serve on 127.0.0.1, a port chosen by the system, TLS with the test certs;
    its reasons in @language."""

    def __init__(self, language="en"):
        self.language = language
        self.folder = tempfile.mkdtemp(prefix="jiujin-gui-county-")
        self.data_dir = os.path.join(self.folder, "data")
        self.port = None
        self.process = None
        self.log = open(os.path.join(self.folder, "county.log"), "w")
        self.start()

    def start(self):
        """Serves again, on the port of the first start."""
        port_file = os.path.join(self.folder, "port")
        if os.path.exists(port_file):
            os.unlink(port_file)
        self.process = subprocess.Popen(
            [os.environ["JIUJIN_COUNTY"], "serve", "--data-dir", self.data_dir,
             "--listen", "127.0.0.1:%s" % (self.port or 0), "--tls-cert", os.environ["JIUJIN_TEST_CERT"],
             "--tls-key", os.environ["JIUJIN_TEST_KEY"], "--port-file", port_file],
            stderr=self.log, env=dict(os.environ, LANGUAGE=self.language))
        self.port = jjgui.wait_for("the county's port file", lambda: self._read(port_file))
        self.url = "https://127.0.0.1:%s/" % self.port
        context = ssl.create_default_context(cafile=os.environ["JIUJIN_TEST_CA"])
        jjgui.wait_for("the county's health", lambda: self._healthy(context))
        jjgui.log("jiujin-county serves " + self.url)

    def _read(self, path):
        if self.process.poll() is not None:
            raise AssertionError("jiujin-county exited with %d" % self.process.returncode)
        try:
            with open(path) as f:
                return f.read().strip() or None
        except FileNotFoundError:
            return None

    def _healthy(self, context):
        try:
            with urllib.request.urlopen(self.url + "v1/health", context=context, timeout=5) as r:
                return r.status == 200
        except (OSError, socket.timeout):
            return False

    def admin(self, *args):
        return run(os.environ["JIUJIN_COUNTY"], "admin", "--data-dir", self.data_dir, *args)

    def enroll(self, data_dir):
        """Enrolls the terminal of @data_dir with a one-time code of this county."""
        env = dict(os.environ, JIUJIN_DATA_DIR=data_dir, LANGUAGE="en")
        code = self.admin("issue-code", "--service-point", "白石村便民服务站").strip().split()[-1]
        run(os.environ["JIUJINCTL"], "enroll", self.url, code, "--ca-file",
            os.environ["JIUJIN_TEST_CA"], env=env)

    def stop(self):
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None
        jjgui.log("jiujin-county stopped")

    def close(self):
        self.stop()
        self.log.close()
        shutil.rmtree(self.folder, ignore_errors=True)


class Notifications:
    """python-dbusmock's notification daemon on the session bus, and the Notify calls it got."""

    def __init__(self):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "dbusmock", "--template", "notification_daemon",
             "-p", '{"capabilities": "body body-markup actions"}'],
            stdout=subprocess.DEVNULL)
        bus = dbus.SessionBus()
        self.mock = jjgui.wait_for("the mock notification daemon", lambda: self._proxy(bus))

    def _proxy(self, bus):
        try:
            proxy = bus.get_object("org.freedesktop.Notifications", "/org/freedesktop/Notifications")
            mock = dbus.Interface(proxy, "org.freedesktop.DBus.Mock")
            mock.GetCalls()
            return mock
        except dbus.exceptions.DBusException:
            return None

    def shown(self):
        """(summary, body) of every notification shown so far; the daemon numbers them from 1."""
        return [(str(args[3]), str(args[4])) for _, args in self.mock.GetMethodCalls("Notify")]

    def click(self, notification_id):
        """What the daemon says when the clerk clicks notification @notification_id."""
        self.mock.EmitSignal("org.freedesktop.Notifications", "ActionInvoked", "us",
                             [dbus.UInt32(notification_id), "default"])

    def close(self):
        self.process.terminate()
        self.process.wait(timeout=10)
