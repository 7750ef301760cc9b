#!/usr/bin/python3
# GUI test: a clerk types a pinyin query in the real jiujin window, opens the first result and
# reads its guide. Runs under xvfb-run + dbus-run-session (see tests/gui/run-gui-test.sh) and
# drives the window through the accessibility bus, as a screen reader would.

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

import pyatspi

JIUJIN = os.environ["JIUJIN"]
TIMEOUT = 30


def log(message):
    print("# " + message, flush=True)


def wait_for(what, predicate, timeout=TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            found = predicate()
        except Exception:  # the tree changes under us while GTK updates it
            found = None
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError("timed out waiting for " + what)


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
    except Exception:
        return False


def find(root, predicate):
    return next((n for n in walk(root) if n is not root and matches(predicate, n)), None)


def find_all(root, predicate):
    return [n for n in walk(root) if n is not root and matches(predicate, n)]


def label_text(node):
    text = node.queryText()
    return text.getText(0, text.characterCount)


def find_app(process):
    def lookup():
        for app in pyatspi.Registry.getDesktop(0):
            if app is not None and app.name == "jiujin" and app.get_process_id() == process.pid:
                return app
        return None
    return wait_for("the jiujin application on the accessibility bus", lookup)


def main():
    data_dir = tempfile.mkdtemp(prefix="jiujin-gui-")
    env = dict(os.environ, JIUJIN_DATA_DIR=data_dir, LANGUAGE="en", LANG="C.UTF-8")
    process = subprocess.Popen([JIUJIN], env=env)
    failures = 0
    try:
        app = find_app(process)
        log("jiujin is on the accessibility bus")

        entry = wait_for("the search entry",
                         lambda: find(app, lambda n: n.getRoleName() == "entry" and n.name == "Search matters"))
        matters = wait_for("the matter list with rows",
                           lambda: find(app, lambda n: n.getRoleName() == "list" and n.name == "Matters"
                                        and n.childCount > 0))
        initial = matters.childCount
        log("catalogue shows %d rows" % initial)

        entry.queryEditableText().setTextContents("ylbx")
        summary = wait_for("the result summary for ylbx",
                           lambda: find(app, lambda n: n.getRoleName() == "label"
                                        and re.search("match(es)? “ylbx”", label_text(n))))
        log("summary: " + label_text(summary))

        def first_row_is_pension():
            rows = [r for r in matters if r is not None]
            if not rows:
                return None
            labels = find_all(rows[0], lambda n: n.getRoleName() == "label")
            texts = [label_text(l) for l in labels]
            return texts if any("养老保险" in t for t in texts) else None

        texts = wait_for("the pension matter as the first result of ylbx", first_row_is_pension)
        log("first result: " + " | ".join(texts))

        # Enter in the search entry opens the first result, as a clerk does from the keyboard.
        # The window focuses the search entry when the catalogue is ready.
        wait_for("focus in the search entry", lambda: find(app, lambda n: n.getState().contains(pyatspi.STATE_FOCUSED)
                                                            and n.getRoleName() in ("entry", "text")))
        subprocess.run(["xdotool", "key", "Return"], check=True)

        def guide_heading():
            # GTK 4.8 does not report STATE_SHOWING; the code label is empty until a guide opens.
            return find(app, lambda n: n.getRoleName() == "label"
                        and label_text(n).startswith("Matter code "))

        code_label = wait_for("the guide page", guide_heading)
        code = label_text(code_label)[len("Matter code "):]
        log("guide page opened for " + code)

        with open(os.environ["JIUJIN_CATALOG"], encoding="utf-8") as f:
            matter = next(m for m in json.load(f)["matters"] if m["code"] == code)
        assert "养老保险" in matter["name"], "ylbx opened %s, not a pension matter" % matter["name"]
        texts = {label_text(l) for l in find_all(app, lambda n: n.getRoleName() == "label")}
        assert matter["name"] in texts, "guide page does not show the matter name"
        for material in matter["materials"]:
            assert material["name"] in texts, "guide page lacks the material " + material["name"]
        for step in matter["steps"]:
            assert step["title"] in texts, "guide page lacks the step " + step["title"]
        for condition in matter["conditions"]:
            assert condition in texts, "guide page lacks the condition " + condition
        qr = find(app, lambda n: n.getRoleName() == "image" and n.name.startswith("QR code of "))
        assert qr is not None and qr.name == "QR code of " + matter["guide_url"], \
            "guide page has no QR code of " + matter["guide_url"]
        log("guide of %s shows its %d materials, %d steps, %d conditions and a QR code of %s"
            % (matter["name"], len(matter["materials"]), len(matter["steps"]), len(matter["conditions"]),
               matter["guide_url"]))

        back = find(app, lambda n: n.getRoleName() == "push button" and n.name == "Back to the catalogue")
        back.queryAction().doAction(0)
        wait_for("the catalogue again, with the search entry focused",
                 lambda: entry.getState().contains(pyatspi.STATE_FOCUSED))
        log("back on the catalogue")
    except AssertionError as error:
        print("not ok - " + str(error))
        shot = os.environ.get("JIUJIN_GUI_FAILURE_SHOT")
        if shot:
            subprocess.run(["import", "-window", "root", shot])
        failures += 1
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(data_dir, ignore_errors=True)
    if failures == 0:
        print("ok - type ylbx, open the first result, read its guide, go back")
        print("1 passed, 0 failed")
    else:
        print("0 passed, 1 failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
