#!/usr/bin/python3
# GUI test: a correction whose case the county decides while the clerk prepares it, against a
# real jiujin-county on loopback.
#
# One application is delivered; the county returns it with a reason, and after Sync Now the
# clerk opens it and presses “Correct and Resubmit”: the intake page shows the correction
# banner.
# The county then accepts the case; after Sync Now the correction, opened again from the
# applications list, says in its banner that the county has decided it (Accepted) and cannot be
# resubmitted; Resubmit is refused with the core's reason and nothing new is queued. Discarded,
# the application's detail shows the county's state, Accepted.

import os
import sqlite3
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import jjgui  # noqa: E402
import jjreview  # noqa: E402
from jjreview import Within, click, dialog, queue, sync_now  # noqa: E402
from jjsync import County  # noqa: E402

_ = jjreview.use_language("en")
COUNTY_REASON = "缺少银行卡复印件，请补齐后重新提交"


def query(data_dir, sql, *args):
    """The rows of @sql, or None while the database is busy."""
    db = sqlite3.connect(os.path.join(data_dir, "jiujin.db"))
    try:
        return db.execute(sql, args).fetchall()
    except sqlite3.OperationalError:
        return None
    finally:
        db.close()


def application(data_dir, receipt):
    """(state, case number) of @receipt, or None while the database is busy."""
    rows = query(data_dir, "SELECT state, case_number FROM applications WHERE receipt_number = ?",
                 receipt)
    return rows[0] if rows else None


def open_from_list(app, receipt):
    """The applications list (Ctrl+L), searched for @receipt; Return opens it: the detail, or
    the intake page for a draft."""
    subprocess.run(["xdotool", "key", "ctrl+l"], check=True)
    search = app.wait_for("the applications' search", lambda: app.find(
        lambda n: n.getRoleName() == "entry" and n.name == _("Search applications")))
    app.click(search)
    search.queryEditableText().setTextContents(receipt)
    time.sleep(0.5)
    subprocess.run(["xdotool", "key", "Return"], check=True)


def label(app, text, what):
    return app.wait_for(what, lambda: app.find(
        lambda n: n.getRoleName() == "label" and jjgui.label_text(n) == text))


def main():
    county = County("en")
    app = jjgui.Jiujin(language="en", role="clerk")
    try:
        county.enroll(app.data_dir)
        receipt, = queue(app.data_dir, 1, due=0)
        with app:
            sync_now()
            state, case_number = app.wait_for("delivered with a case number", lambda: (
                lambda row: row if row and row[1] else None)(application(app.data_dir, receipt)),
                timeout=60)
            jjgui.log("delivered: %s is case %s (%s)" % (receipt, case_number, state))

            county.admin("case", "return", case_number, "--reason", COUNTY_REASON)
            sync_now()
            app.wait_for("returned by the county", lambda: (
                application(app.data_dir, receipt) or ("",))[0] == "returned", timeout=60)
            open_from_list(app, receipt)
            detail = Within(label(app, COUNTY_REASON, "the county's reason in the detail").parent)
            click(detail, _("Correct and Resubmit"))
            label(app, _("Correction of %s (revision %d): %s") % (receipt, 2, COUNTY_REASON),
                  "the correction banner")
            jjgui.log("correcting %s, returned by the county: %s" % (receipt, COUNTY_REASON))

            # The county decides while the correction is a draft; the clerk leaves it to sync.
            county.admin("case", "accept", case_number)
            subprocess.run(["xdotool", "key", "ctrl+l"], check=True)
            sync_now()
            app.wait_for("the acceptance recorded", lambda: query(
                app.data_dir, "SELECT 1 FROM status_events WHERE state = 'accepted'"), timeout=60)
            assert (application(app.data_dir, receipt) or ("",))[0] == "draft", \
                "the acceptance ended the correction being prepared"
            jjgui.log("accepted at the county while corrected; synced")

            open_from_list(app, receipt)
            accepted = _("Accepted")
            banner = _("The county has decided %s since it was returned (%s): this correction "
                       "cannot be resubmitted. Discard it to see the decision.") % (receipt,
                                                                                   accepted)
            label(app, banner, "the banner saying the county has decided it")
            jjgui.log("banner: " + banner)

            resubmit = app.wait_for("Resubmit to become available", lambda: app.find(
                lambda n: n.getRoleName() == "push button" and "Resubmit Application" in n.name
                and n.getState().contains(jjgui.pyatspi.STATE_SENSITIVE)))
            resubmit.queryAction().doAction(0)
            refusal = _("The county has already acted on %s since it was returned (%s): it cannot "
                        "be resubmitted. Discard the correction to see the county's decision.") % (
                            receipt, accepted)
            # The page's banner is an alert to accessibility.
            app.wait_for("Resubmit refused in the page's banner", lambda: app.find(
                lambda n: n.getRoleName() == "alert" and jjgui.label_text(n) == refusal))
            revisions = query(app.data_dir, "SELECT o.revision, o.state FROM outbox o"
                              " JOIN applications a ON a.id = o.application_id"
                              " WHERE a.receipt_number = ?", receipt)
            assert revisions == [(1, "delivered")], revisions
            jjgui.log("Resubmit refused, nothing queued: " + refusal)

            click(Within(app.app), _("Discard Draft…"))
            click(dialog(app), _("Discard"))
            app.wait_for("the county's state stored", lambda: (
                application(app.data_dir, receipt) or ("",))[0] == "accepted")
            open_from_list(app, receipt)
            label(app, case_number, "the detail")
            label(app, accepted, "the county's state in the detail")
            jjgui.log("discarded: the detail of %s shows %s" % (case_number, accepted))
    finally:
        county.close()
        jjgui.shutil.rmtree(app.data_dir, ignore_errors=True)
    print("ok - a correction the county accepted meanwhile says so, Resubmit is refused, and "
          "discarded the application is Accepted")


if __name__ == "__main__":
    sys.exit(jjgui.run(main))
