#!/usr/bin/python3
# GUI test: the desktop side of sync against a real jiujin-county on loopback. A terminal is
# enrolled with jiujinctl and a paper-ledger application queued; jiujin starts, delivers it and
# shows Online with nothing waiting. The county returns the case for correction; Sync Now
# (Ctrl+Shift+S) brings the status back, and a desktop notification says so — caught by
# python-dbusmock's notification daemon on this test's private session bus. Clicking it opens the
# application: 退回补正 and the county's reason under the county's case number.
#
# With JIUJIN_SCREENSHOT_DIR set, screenshots of the indicator's popover and of the returned
# application are written there (docs/screenshots/sync-*.png are made this way, in zh_CN).

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

import pyatspi

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import jjgui  # noqa: E402
import jjsync  # noqa: E402

label_text = jjgui.label_text
County = jjsync.County
Notifications = jjsync.Notifications
id_number = jjsync.id_number
run = jjsync.run
screenshot = jjsync.screenshot
REASON = "户口簿复印件不清晰，请重新提交。"
TITLE = "高龄津贴申请"
SHOTS = os.environ.get("JIUJIN_SCREENSHOT_DIR")
LANGUAGE = "zh_CN" if SHOTS else "en"


def find_label(app, predicate):
    return app.find(lambda n: n.getRoleName() == "label" and predicate(label_text(n)))


def enroll_and_queue(county, data_dir):
    """Enrolls @data_dir with @county and queues one application from a paper ledger."""
    env = dict(os.environ, JIUJIN_DATA_DIR=data_dir, LANGUAGE="en")
    county.enroll(data_dir)
    ledger = os.path.join(data_dir, "ledger.jsonl")
    with open(ledger, "w") as f:
        f.write('{"matters": ["XZ-0057"], "applicant": {"name": "王秀英", "id_number": "%s",'
                ' "phone": "13907311234", "address": "白石村三组 12 号"}, "values":'
                ' {"bank_name": "示范农村商业银行城关支行", "bank_account": "6217002920101234567"}}\n'
                % id_number("43010419380412002"))
    run(os.environ["JIUJINCTL"], "applications", "import", ledger, env=env)
    jjgui.log("enrolled with the county and queued one application")


def delivered(data_dir):
    """(state, case number, receipt number) of the one application once it has a case number."""
    db = sqlite3.connect(os.path.join(data_dir, "jiujin.db"))
    try:
        rows = db.execute("SELECT state, case_number, receipt_number FROM applications").fetchall()
    except sqlite3.OperationalError:   # busy, or not created yet
        return None
    finally:
        db.close()
    return rows[0] if len(rows) == 1 and rows[0][1] else None


def sync_status():
    notifications = Notifications()
    county = County()
    app = jjgui.Jiujin(language=LANGUAGE)
    try:
        enroll_and_queue(county, app.data_dir)

        with app:
            online = "在线" if SHOTS else "Sync status: Online"
            waiting = "0" if SHOTS else "0 waiting to send"
            indicator = app.wait_for("the indicator to say Online with nothing waiting", lambda: app.find(
                lambda n: n.name.endswith(online) and n.description.startswith(waiting)), timeout=60)
            jjgui.log("indicator: %s (%s)" % (indicator.name, indicator.description))

            state, case_number, receipt = app.wait_for("the case number stored", lambda: delivered(app.data_dir))
            jjgui.log("delivered: %s is county case %s (%s)" % (receipt, case_number, state))

            if SHOTS:
                # GtkMenuButton: the button that acts is the one inside.
                inner = next(n for n in jjgui.walk(indicator) if n is not indicator
                             and n.getRoleName() == "push button")
                inner.queryAction().doAction(0)
                app.wait_for("the popover's Sync Now", lambda: app.find(
                    lambda n: n.getRoleName() == "push button" and "同步" in n.name))
                time.sleep(1)
                screenshot("sync-indicator.png", app.process.pid)
                subprocess.run(["xdotool", "key", "Escape"], check=True)

            county.admin("case", "return", case_number, "--reason", REASON)
            subprocess.run(["xdotool", "key", "ctrl+shift+s"], check=True)
            jjgui.log("returned at the county; Sync Now")

            # Sooner than the engine's own next cycle (a minute after the last): Sync Now did it.
            app.wait_for("the notification of the return", lambda: any(
                REASON in body for _, body in notifications.shown()), timeout=25)
            shown = notifications.shown()
            jjgui.log("notifications: %r" % shown)
            summary, body = next((s, b) for s, b in shown if REASON in b)
            if not SHOTS:
                assert summary == "Application returned for correction", summary
                assert body == "%s (王秀英, %s)\n%s" % (TITLE, case_number, REASON), body

            # The clerk clicks the notification: the daemon says so, and the detail opens.
            notifications.click(next(i for i, (_, b) in enumerate(shown) if REASON in b) + 1)
            app.wait_for("the county's reason in the detail",
                         lambda: find_label(app, lambda t: t == REASON))
            returned = "退回补正" if SHOTS else "Returned for correction"
            app.wait_for("the returned state", lambda: find_label(app, lambda t: t == returned))
            app.wait_for("the case number leading the detail",
                         lambda: find_label(app, lambda t: t == case_number))
            app.wait_for("the provisional receipt number beside it",
                         lambda: find_label(app, lambda t: t == receipt))
            jjgui.log("the detail shows %s, %s and the reason" % (returned, case_number))
            time.sleep(1)
            screenshot("sync-returned-application.png", app.process.pid)
    finally:
        county.close()
        notifications.close()
        shutil.rmtree(app.data_dir, ignore_errors=True)
    print("ok - delivered and Online; returned at the county, synced now: a notification and the "
          "detail tell why")


def background():
    """jiujin --background delivers and notifies with no window; jiujin then opens one in it."""
    notifications = Notifications()
    county = County()
    data_dir = tempfile.mkdtemp(prefix="jiujin-gui-")
    # The engine's own cycles, not Sync Now, bring the county's answer back here.
    env = dict(os.environ, JIUJIN_DATA_DIR=data_dir, LANGUAGE="en", LANG="C.UTF-8",
               JIUJIN_SYNC_INTERVAL="2")
    process = None
    try:
        enroll_and_queue(county, data_dir)
        pyatspi.Registry.getDesktop(0)
        process = subprocess.Popen([os.environ["JIUJIN"], "--background"], env=env)

        _, case_number, _ = jjgui.wait_for("delivery with no window", lambda: delivered(data_dir))
        # A window takes a moment to show up on the accessibility bus: give it the chance.
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            windows = [w.name for a in pyatspi.Registry.getDesktop(0)
                       if a is not None and a.get_process_id() == process.pid for w in a]
            assert windows == [], "jiujin --background shows %r" % windows
            time.sleep(0.2)
        jjgui.log("jiujin --background delivered %s with no window" % case_number)

        county.admin("case", "accept", case_number)
        jjgui.wait_for("the notification of the acceptance", lambda: (
            "Application accepted", "%s (王秀英, %s)" % (TITLE, case_number)) in notifications.shown())
        jjgui.log("notified with no window: %r" % notifications.shown())

        # Launched again, jiujin hands over to the running one and leaves.
        again = subprocess.run([os.environ["JIUJIN"]], env=env, timeout=30)
        assert again.returncode == 0, "jiujin exited with %d" % again.returncode
        window = jjgui.wait_for("a window in the background process", lambda: next(
            (w for a in pyatspi.Registry.getDesktop(0)
             if a is not None and a.get_process_id() == process.pid for w in a
             if w is not None and w.getRoleName() == "frame"), None))
        jjgui.log("the window opened in the background process: " + window.name)
        assert process.poll() is None, "the background process ended"
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=10)
        county.close()
        notifications.close()
        shutil.rmtree(data_dir, ignore_errors=True)
    print("ok - jiujin --background delivers and notifies with no window; jiujin opens one in it")


def main():
    sync_status()
    background()


if __name__ == "__main__":
    sys.exit(jjgui.run(main))
