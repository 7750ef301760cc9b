#!/usr/bin/python3
# GUI test: a clerk types a pinyin query in the real jiujin window, opens the first result with
# Enter and reads its guide, then goes back. The window is driven through the accessibility
# bus, as a screen reader would, and with real key presses (xdotool).

import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import jjgui  # noqa: E402
import pyatspi  # noqa: E402

label_text = jjgui.label_text


def main():
    with jjgui.Jiujin() as app:
        entry = app.wait_for("the search entry",
                             lambda: app.find(lambda n: n.getRoleName() == "entry" and n.name == "Search matters"))
        matters = app.wait_for("the matter list with rows",
                               lambda: app.find(lambda n: n.getRoleName() == "list" and n.name == "Matters"
                                                and n.childCount > 0))
        jjgui.log("catalogue shows %d rows" % matters.childCount)

        entry.queryEditableText().setTextContents("ylbx")
        summary = app.wait_for("the result summary for ylbx",
                               lambda: app.find(lambda n: n.getRoleName() == "label"
                                                and re.search("match(es)? “ylbx”", label_text(n))))
        jjgui.log("summary: " + label_text(summary))

        def first_row_is_pension():
            rows = [r for r in matters if r is not None]
            texts = [label_text(l) for l in jjgui.walk(rows[0]) if l.getRoleName() == "label"]
            return texts if any("养老保险" in t for t in texts) else None

        texts = app.wait_for("the pension matter as the first result of ylbx", first_row_is_pension)
        jjgui.log("first result: " + " | ".join(texts))

        # The window focuses the search entry when the catalogue is ready; Enter there opens
        # the first result, as a clerk does from the keyboard.
        app.wait_for("focus in the search entry", lambda: entry.getState().contains(pyatspi.STATE_FOCUSED))
        subprocess.run(["xdotool", "key", "Return"], check=True)

        # GTK 4.8 does not report STATE_SHOWING; the code label is empty until a guide opens.
        code_label = app.wait_for("the guide page",
                                  lambda: app.find(lambda n: n.getRoleName() == "label"
                                                   and label_text(n).startswith("Matter code ")))
        code = label_text(code_label)[len("Matter code "):]
        jjgui.log("guide page opened for " + code)

        with open(os.environ["JIUJIN_CATALOG"], encoding="utf-8") as f:
            matter = next(m for m in json.load(f)["matters"] if m["code"] == code)
        assert "养老保险" in matter["name"], "ylbx opened %s, not a pension matter" % matter["name"]
        texts = {label_text(l) for l in app.find_all(lambda n: n.getRoleName() == "label")}
        assert matter["name"] in texts, "guide page does not show the matter name"
        for material in matter["materials"]:
            assert material["name"] in texts, "guide page lacks the material " + material["name"]
        for step in matter["steps"]:
            assert step["title"] in texts, "guide page lacks the step " + step["title"]
        for condition in matter["conditions"]:
            assert condition in texts, "guide page lacks the condition " + condition
        assert matter["department"] in texts, "guide page lacks the department"
        qr = app.find(lambda n: n.getRoleName() == "image" and n.name.startswith("QR code of "))
        assert qr is not None and qr.name == "QR code of " + matter["guide_url"], \
            "guide page has no QR code of " + matter["guide_url"]
        jjgui.log("guide of %s shows its %d materials, %d steps, %d conditions and a QR code of %s"
                  % (matter["name"], len(matter["materials"]), len(matter["steps"]),
                     len(matter["conditions"]), matter["guide_url"]))

        back = app.find(lambda n: n.getRoleName() == "push button" and n.name == "Back to the catalogue")
        back.queryAction().doAction(0)
        app.wait_for("the catalogue again, with the search entry focused",
                     lambda: entry.getState().contains(pyatspi.STATE_FOCUSED))
        jjgui.log("back on the catalogue")
    print("ok - type ylbx, open the first result, read its guide, go back")


if __name__ == "__main__":
    sys.exit(jjgui.run(main))
