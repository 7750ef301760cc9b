#!/usr/bin/python3
# GUI test: a clerk takes an application for 高龄津贴申请 in the real window. The name typed
# finds the two residents of that name who applied before, offered by masked ID number, the
# last digits of their phone and their address, no full ID number anywhere on screen. A wrong
# ID number shows an inline message beside the field; corrected, it goes away. The clerk then
# chooses one of the namesakes: the applicant is filled from the records, the ID number masked.
# A scan is attached through the file chooser, required materials are ticked, Submit becomes
# available and is pressed; the application is then queued in SQLite with its outbox entry, its
# scan and the chosen resident's ID number.

import os
import sqlite3
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import jjgui  # noqa: E402
import pyatspi  # noqa: E402

label_text = jjgui.label_text
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def id_number(first17):
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, WEIGHTS)) % 11]


def click(node):
    node.queryAction().doAction(0)


def mask(number):
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def seed_residents(data_dir, residents):
    """Residents who applied before, as the applicants table keeps them after a submit."""
    db = sqlite3.connect(os.path.join(data_dir, "jiujin.db"))
    db.executemany("INSERT INTO applicants (id_number, name, phone, address, updated_at)"
                   " VALUES (?, ?, ?, ?, ?)",
                   [resident + (1764400000 + i,) for i, resident in enumerate(residents)])
    db.commit()
    db.close()


def text_of(node):
    try:
        return (node.name or "") + " " + label_text(node)
    except Exception:
        return node.name or ""


def main():
    good_id = id_number("43012219400315002")
    wrong_id = good_id[:-1] + ("1" if good_id[-1] != "1" else "2")
    scan = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "scan-id-card.png")

    namesake_id = id_number("43012219520101003")
    namesake = (namesake_id, "王秀英", "13912345678", "示范市城关镇和平村1组")
    app = jjgui.Jiujin()
    # The database exists once the clerk is added: the residents go in before the window opens.
    app.extra_env["JIUJIN_OPERATOR"] = jjgui.add_operator(app.data_dir, "clerk")
    seed_residents(app.data_dir, [(good_id, "王秀英", "13800138000", "示范市城关镇幸福村3组"),
                                  namesake, ("43012219600606001X", "王秀", "13800138000", "示范村")])

    with app:
        search = app.wait_for("the search entry",
                              lambda: app.find(lambda n: n.getRoleName() == "entry" and n.name == "Search matters"))
        search.queryEditableText().setTextContents("gljt")
        app.wait_for("the 高龄津贴 result", lambda: app.find(lambda n: n.getRoleName() == "label"
                                                             and "“gljt”" in label_text(n)))
        subprocess.run(["xdotool", "key", "Return"], check=True)
        start = app.wait_for("Start Application on the guide",
                             lambda: app.find(lambda n: n.getRoleName() == "push button"
                                              and "Start Application" in n.name))
        click(start)

        def field(name):
            return app.wait_for("the field " + name,
                                lambda: app.find(lambda n: n.getRoleName() == "text" and n.name == name))

        field("Name").queryEditableText().setTextContents("王秀英")
        app.wait_for("the two residents named 王秀英", lambda: app.find(
            lambda n: n.getRoleName() == "label" and "2 residents named 王秀英" in label_text(n)))
        for number, ending in ((good_id, "8000"), (namesake_id, "5678")):
            app.wait_for("the resident " + mask(number), lambda: app.find(
                lambda n: n.getRoleName() == "push button" and n.name.startswith("Use the resident " + mask(number))))
            app.wait_for("the phone ending " + ending, lambda: app.find(
                lambda n: "Mobile ending in " + ending in text_of(n)))
        shown = [text_of(n) for n in app.find_all(lambda n: True)]
        assert not any(good_id in t or namesake_id in t for t in shown), "a full ID number is on screen"
        jjgui.log("offered both namesakes, ID numbers masked")
        field("Resident ID Number").queryEditableText().setTextContents(wrong_id)
        error = app.wait_for("the inline message about the check character",
                             lambda: app.find(lambda n: n.getRoleName() == "label"
                                              and "check character" in label_text(n)))
        jjgui.log("inline error: " + label_text(error))

        field("Resident ID Number").queryEditableText().setTextContents(good_id)
        app.wait_for("the inline message to go",
                     lambda: not app.find(lambda n: n.getRoleName() == "label"
                                          and "check character" in label_text(n)))
        jjgui.log("corrected the ID number")

        click(app.wait_for("the namesake's Use button", lambda: app.find(
            lambda n: n.getRoleName() == "push button"
            and n.name.startswith("Use the resident " + mask(namesake_id)))))
        app.wait_for("the namesake's details filled in, the ID number masked", lambda: (
            label_text(field("Resident ID Number")) == mask(namesake_id)
            and label_text(field("Mobile Number")) == namesake[2]
            and label_text(field("Address")) == namesake[3]))
        shown = [text_of(n) for n in app.find_all(lambda n: True)]
        assert not any(namesake_id in t for t in shown), "the chosen ID number is on screen"
        jjgui.log("chose the namesake: filled in, ID number masked")
        field("开户银行").queryEditableText().setTextContents("示范农村商业银行城关支行")
        field("银行账号").queryEditableText().setTextContents("6228480012345678901")

        attach = app.wait_for("the attach button of the ID card material",
                              lambda: app.find(lambda n: n.getRoleName() == "push button"
                                               and "Attach a scan of 老年人居民身份证" in n.name))
        click(attach)
        app.wait_for("the file chooser", lambda: any(
            w.name.startswith("Attach a Scan of") for a in pyatspi.Registry.getDesktop(0)
            if a is not None and a.name == "jiujin" for w in a if w is not None))
        time.sleep(0.5)
        subprocess.run(["xdotool", "key", "ctrl+l"], check=True)
        time.sleep(0.3)
        subprocess.run(["xdotool", "type", os.path.realpath(scan)], check=True)
        time.sleep(0.5)
        dialog = next(w for a in pyatspi.Registry.getDesktop(0) if a is not None and a.name == "jiujin"
                      for w in a if w is not None and w.name.startswith("Attach a Scan of"))
        accept = jjgui.wait_for("the dialog's Attach button", lambda: next(
            (n for n in jjgui.walk(dialog) if n.getRoleName() == "push button" and n.name.endswith("Attach")),
            None))
        click(accept)
        app.wait_for("the scan's thumbnail", lambda: app.find(lambda n: n.getRoleName() == "push button"
                                                              and "Remove scan scan-id-card.png" in n.name))
        jjgui.log("attached scan-id-card.png")

        for button in app.find_all(lambda n: n.getRoleName() == "push button" and n.name == "Received"):
            click(button)

        submit = app.wait_for("Submit to become available", lambda: app.find(
            lambda n: n.getRoleName() == "push button" and "Submit Application" in n.name
            and n.getState().contains(pyatspi.STATE_SENSITIVE)))
        click(submit)
        receipt = app.wait_for("the receipt number after submitting", lambda: app.find(
            lambda n: n.getRoleName() == "label" and label_text(n).startswith("JJ01-")))
        jjgui.log("submitted: receipt " + label_text(receipt))

        db = sqlite3.connect(os.path.join(app.data_dir, "jiujin.db"))
        rows = db.execute("SELECT a.state, a.receipt_number, a.applicant_id_number || ' ' || p.phone,"
                          " (SELECT count(*) FROM outbox o WHERE o.application_id = a.id),"
                          " (SELECT count(*) FROM application_attachments t WHERE t.application_id = a.id)"
                          " FROM applications a JOIN applicants p ON p.id = a.applicant_id"
                          " WHERE a.state != 'draft'").fetchall()
        db.close()
        assert len(rows) == 1, "expected one submitted application, found %r" % rows
        state, number, stored_id, outbox, scans = rows[0]
        assert state == "queued", "the application is " + state
        assert number == label_text(receipt), "the receipt shown is not the one stored"
        assert stored_id == namesake_id + " " + namesake[2], "stored " + stored_id
        assert outbox == 1 and scans == 1, "outbox rows %d, scans %d" % (outbox, scans)
        jjgui.log("queued in SQLite with one outbox entry, its scan and the chosen resident")
    print("ok - find namesakes by name, see and correct an inline error, choose one, attach a scan,"
          " submit, find it queued")


if __name__ == "__main__":
    sys.exit(jjgui.run(main))
