#!/usr/bin/python3
# GUI test: jiujin stopped by a signal (SIGTERM when a session ends or a kiosk shuts down, SIGINT
# from a terminal, SIGHUP when its terminal goes) quits as the Quit action does: it exits 0, the
# logged-in clerk's logout is in the audit log after the login, and `jiujinctl audit verify`
# passes.

import os
import shutil
import signal
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import jjgui  # noqa: E402
from jjreview import audit_rows, audit_verify  # noqa: E402


def stop_with(signum):
    app = jjgui.Jiujin(role="clerk", keep_data=True)
    try:
        with app:
            app.wait_for("the search entry",
                         lambda: app.find(lambda n: n.getRoleName() == "entry"
                                          and n.name == "Search matters"))
            app.process.send_signal(signum)
            code = app.process.wait(timeout=30)
        name = signal.Signals(signum).name
        assert code == 0, "jiujin exited with %d after %s" % (code, name)
        rows = [row for row in audit_rows(app.data_dir) if row["operator"] == "clerk"]
        actions = [row["action"] for row in sorted(rows, key=lambda row: row["id"])]
        assert actions == ["login", "logout"], \
            "the clerk's audit rows after %s are %s" % (name, actions)
        audit_verify(app.data_dir)
        jjgui.log("%s: exit 0, the clerk's logout is on record" % name)
    finally:
        shutil.rmtree(app.data_dir, ignore_errors=True)


def main():
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        stop_with(signum)
    print("ok - a signal quits jiujin with the operator's logout on record")


if __name__ == "__main__":
    sys.exit(jjgui.run(main))
