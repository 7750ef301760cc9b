#!/usr/bin/python3
# GUI test: send back to the clerk for correction, resubmitted as a new revision of the same case,
# against a real jiujin-county on loopback.
#
# A terminal is enrolled; three applications are queued from a paper ledger, all due today, and
# the county refuses the first with 422 (its fault table). Logged in as the township reviewer,
# the three yellow cards (more than two at once) come in ONE desktop notification that counts
# them; after Sync Now the queue shows the refused item parked with the county's reason, and the
# reviewer sends it back to the clerk with a reason typed in the dialog: it is listed under Sent
# Back with that reason.
# Logged in as the clerk, the application shows the reason and “Correct and Resubmit”, with one
# way back (the header's back button is gone); the intake page opens with the banner
# “Correction of … (revision 2): …” and a Resubmit button; the clerk corrects the address and
# resubmits. After Sync Now the county has it: revision 2 under the same receipt number, the
# first revision superseded, and the detail's History lists both. `jiujinctl audit verify`
# passes, with the reviewer's `queue-send-back` and the clerk's `correction-open` rows.
#
# With JIUJIN_SCREENSHOT_DIR set, send-back-queue.png, send-back-detail.png,
# send-back-correction.png and send-back-history.png are written there, in zh_CN, at those
# moments.

import os
import sqlite3
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import jjgui  # noqa: E402
import jjreview  # noqa: E402
from jjreview import (Within, act_with_reason, audit_rows, audit_verify,  # noqa: E402
                      click, delivered_but, find_label, outbox_states, queue, queue_page,
                      sync_now)
from jjsync import County, Notifications, screenshot  # noqa: E402

label_text = jjgui.label_text
SHOTS = os.environ.get("JIUJIN_SCREENSHOT_DIR")
LANGUAGE = "zh_CN" if SHOTS else "en"
_ = jjreview.use_language(LANGUAGE)
COUNTY_REASON = "Injected by the county's fault table"
SEND_BACK_REASON = "地址应写到门牌号，请与户口簿核对后更正"
CORRECTED_ADDRESS = "白石村三组 12 号附 1 号"
GROUPED_SUMMARY = "3 cases are past or near their promised date"
YELLOW_SUMMARY = "Yellow card: a case is due within a working day"


def revisions(data_dir, receipt):
    """[(revision, state, supersedes is set)] of the outbox entries of @receipt, oldest first."""
    db = sqlite3.connect(os.path.join(data_dir, "jiujin.db"))
    try:
        return db.execute("SELECT o.revision, o.state, o.supersedes IS NOT NULL FROM outbox o"
                          " JOIN applications a ON a.id = o.application_id"
                          " WHERE a.receipt_number = ? ORDER BY o.id", (receipt,)).fetchall()
    except sqlite3.OperationalError:
        return None
    finally:
        db.close()


def showing(node):
    return node.getState().contains(jjgui.pyatspi.STATE_SHOWING)


def review(app, notifications, receipts):
    """The reviewer: one grouped card notice; the refused item parked, then sent back."""
    parked = receipts[0]
    data_dir = app.data_dir
    with app:
        if not SHOTS:
            shown = app.wait_for("the grouped card notification", lambda: [
                body for summary, body in notifications.shown() if summary == GROUPED_SUMMARY])
            body = shown[0]
            assert body.startswith("Red cards 0 · Yellow cards 3\n"), body
            assert all(r in body for r in receipts), body
            assert not [s for s, _b in notifications.shown() if s == YELLOW_SUMMARY], \
                "a card was also notified on its own"
            jjgui.log("one notification for three yellow cards: %r" % body)

        subprocess.run(["xdotool", "key", "ctrl+j"], check=True)
        sync_now()
        app.wait_for("one parked and the others delivered",
                     lambda: delivered_but(data_dir, parked), timeout=60)
        page = queue_page(app)
        click(page, _("Needs Attention") + " 1")
        app.wait_for("the county's reason in the queue", lambda: find_label(
            page, lambda t: _(COUNTY_REASON) in t))
        if not SHOTS:
            click(page, _("Delivered Today") + " 2")
            click(page, _("Needs Attention") + " 1")
        jjgui.log("parked with the county's reason")

        act_with_reason(app, "Send Back…", "Send Back", parked, SEND_BACK_REASON)
        app.wait_for("returned", lambda: (outbox_states(data_dir) or {}).get(parked) == "returned")
        click(page, _("Sent Back") + " 1")
        app.wait_for("the reviewer's reason under Sent Back", lambda: find_label(
            page, lambda t: t == _("Sent back: %s") % SEND_BACK_REASON))
        # No longer open: its card goes from the header at once.
        counts = _("Red cards %u · Yellow cards %u") % (0, 2)
        app.wait_for("the header's card count without it", lambda: find_label(
            app, lambda t: t == counts))
        jjgui.log("sent back with the reason; listed under Sent Back, no longer carded")
        if SHOTS:
            subprocess.run(["xdotool", "mousemove", "640", "500"], check=True)   # no tooltip
            time.sleep(1.5)
            screenshot("send-back-queue.png", app.process.pid)
    return parked


def correct(data_dir, receipt):
    """The clerk: the reason and Correct and Resubmit; the banner; the address corrected and
    resubmitted; delivered as revision 2 after Sync Now, with both revisions in the History."""
    operator = jjgui.add_operator(data_dir, "clerk")
    clerk = jjgui.Jiujin(language=LANGUAGE, env={"JIUJIN_OPERATOR": operator}, role=None,
                         keep_data=True)
    jjgui.shutil.rmtree(clerk.data_dir, ignore_errors=True)
    clerk.data_dir = data_dir
    with clerk:
        subprocess.run(["xdotool", "key", "ctrl+l"], check=True)
        search = clerk.wait_for("the applications' search", lambda: clerk.find(
            lambda n: n.getRoleName() == "entry" and n.name == _("Search applications")))
        clerk.click(search)
        search.queryEditableText().setTextContents(receipt)
        time.sleep(0.5)
        subprocess.run(["xdotool", "key", "Return"], check=True)
        # The reason's box holds its caption and the button.
        detail = Within(clerk.wait_for("the detail with the reviewer's reason", lambda: clerk.find(
            lambda n: n.getRoleName() == "label" and label_text(n) == SEND_BACK_REASON)).parent)
        clerk.wait_for("the reviewer's caption", lambda: find_label(
            detail, lambda t: t.startswith(_("The township reviewer’s reason"))))
        back = clerk.find(lambda n: n.name == _("Back to the catalogue"))
        assert back is None or not showing(back), "two ways back from the detail"
        jjgui.log("the detail shows the reviewer's reason, one way back")
        if SHOTS:
            time.sleep(1.5)
            screenshot("send-back-detail.png", clerk.process.pid)

        click(detail, _("Correct and Resubmit"))
        banner = _("Correction of %s (revision %d): %s") % (receipt, 2, SEND_BACK_REASON)
        clerk.wait_for("the correction banner", lambda: clerk.find(
            lambda n: n.getRoleName() == "label" and label_text(n) == banner))
        jjgui.log("the intake page: " + banner)
        address = clerk.wait_for("the address field", lambda: clerk.find(
            lambda n: n.getRoleName() == "text" and n.name == _("Address")))
        address.queryEditableText().setTextContents(CORRECTED_ADDRESS)
        if SHOTS:
            subprocess.run(["xdotool", "mousemove", "640", "500"], check=True)
            time.sleep(1.5)
            screenshot("send-back-correction.png", clerk.process.pid)
        resubmit = clerk.wait_for("Resubmit to become available", lambda: clerk.find(
            lambda n: n.getRoleName() == "push button" and "Resubmit Application" in n.name
            and n.getState().contains(jjgui.pyatspi.STATE_SENSITIVE)))
        assert clerk.find(lambda n: n.getRoleName() == "push button" and n.name == "Resubmit"), \
            "the action bar's button does not say Resubmit"
        resubmit.queryAction().doAction(0)
        clerk.wait_for("revision 2 queued", lambda: revisions(data_dir, receipt) == [
            (1, "superseded", 0), (2, "pending", 1)])
        jjgui.log("resubmitted: revision 2 pending, revision 1 superseded")

        sync_now()
        clerk.wait_for("revision 2 delivered", lambda: revisions(data_dir, receipt) == [
            (1, "superseded", 0), (2, "delivered", 1)], timeout=60)
        clerk.wait_for("the History with both revisions", lambda: {
            label_text(n) for n in clerk.find_all(lambda n: n.getRoleName() == "label" and
                                                  label_text(n).startswith("Revision "))}
            >= {"Revision 1", "Revision 2"})
        jjgui.log("delivered as revision 2; the History lists both revisions")
        if SHOTS:
            # The History is the detail's last group.
            subprocess.run(["xdotool", "mousemove", "640", "400", "click", "--repeat", "40", "5"],
                           check=True)
            time.sleep(1.5)
            screenshot("send-back-history.png", clerk.process.pid)

    db = sqlite3.connect(os.path.join(data_dir, "jiujin.db"))
    try:
        (address, state, case_number), = db.execute(
            "SELECT json_extract (draft, '$.applicant.address'), state, case_number"
            " FROM applications WHERE receipt_number = ?", (receipt,)).fetchall()
    finally:
        db.close()
    assert address == CORRECTED_ADDRESS, address
    assert state == "sent" and case_number, (state, case_number)
    jjgui.log("the corrected address was sent under %s; case %s" % (receipt, case_number))


def main():
    notifications = Notifications()
    county = County(LANGUAGE)
    app = jjgui.Jiujin(language=LANGUAGE, role="reviewer", keep_data=True)
    try:
        county.enroll(app.data_dir)
        # The first item it is sent is refused, in the batch and again alone.
        county.admin("fault", "add", "--route", "/v1/submissions", "--kind", "status",
                     "--status", "422", "--count", "2")
        receipts = queue(app.data_dir, 3, due=3)
        parked = review(app, notifications, receipts)
        correct(app.data_dir, parked)
        if SHOTS:
            return

        audit_verify(app.data_dir)
        rows = audit_rows(app.data_dir)
        actions = [(r["action"], r["operator"], (r["detail"] or {}).get("reason")) for r in rows]
        assert ("queue-send-back", "reviewer", SEND_BACK_REASON) in actions, actions
        assert any(a == "correction-open" and o == "clerk" for a, o, _r in actions), actions
        jjgui.log("audited: the reviewer's send-back with its reason, the clerk's correction")
    finally:
        notifications.close()
        county.close()
        jjgui.shutil.rmtree(app.data_dir, ignore_errors=True)
    print("ok - refused, sent back with a reason, corrected and resubmitted as revision 2 of the "
          "same receipt, delivered; the audit log verifies and records both")


if __name__ == "__main__":
    sys.exit(jjgui.run(main))
