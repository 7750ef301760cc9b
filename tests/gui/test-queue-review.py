#!/usr/bin/python3
# GUI test: township review of the sync queue against a real jiujin-county on loopback.
#
# A terminal is enrolled and the county stopped; two applications are queued from a paper
# ledger, one of them due today (a yellow card). Logged in as a township reviewer, the queue page
# lists both as not sent, with the connection problem. The county comes back refusing one item
# with 422 (its fault table): after Sync Now the queue shows that item parked with the county's
# reason and the other delivered today. The reviewer holds the parked item and releases it, each
# with a reason typed in the dialog; the county refuses it once more, then no longer ("after
# correction"), and Retry Now delivers it. `jiujinctl audit verify` passes and the audit log
# holds the hold, the release and the retry with their reasons. A clerk, on the same terminal, has
# the queue page with Retry Now but no Hold, Release or Send Back button, and no Show ID Number.
# The yellow card is told once in a desktop notification (python-dbusmock's daemon), with the
# other cases due at the same time, and not again the same day when jiujin starts again.
#
# With JIUJIN_SCREENSHOT_DIR set, docs/screenshots/queue.png and statistics.png are made in
# zh_CN instead: the parked item with its card, then the statistics page over sixty applications
# whose matters, dates, states and 帮代办 are spread across a year with SQL, for the picture only.

import os
import random
import re
import sqlite3
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import jjgui  # noqa: E402
import jjreview  # noqa: E402
from jjreview import (act_with_reason, audit_rows, button, click, delivered_but,  # noqa: E402
                      find_label, named, outbox_states, queue, queue_page, sync_now)
from jjsync import County, Notifications, screenshot  # noqa: E402

label_text = jjgui.label_text
SHOTS = os.environ.get("JIUJIN_SCREENSHOT_DIR")
LANGUAGE = "zh_CN" if SHOTS else "en"
COUNTY_REASON = "Injected by the county's fault table"
HOLD_REASON = "核对户口簿复印件后再报送"
RELEASE_REASON = "已电话核实，可以报送"
RETRY_REASON = "县级平台已修正，重新报送"


YELLOW_SUMMARY = "Yellow card: a case is due within a working day"


def card_notices(notifications, receipt):
    """The notices that name the card of @receipt: the only case due, it has one of its own."""
    return [body for summary, body in notifications.shown()
            if receipt in body and summary == YELLOW_SUMMARY]


def review():
    notifications = Notifications()
    county = County(LANGUAGE)
    # For the pictures, cycles every 2 s count the header's cards again after the spread.
    app = jjgui.Jiujin(language=LANGUAGE, role="reviewer", keep_data=True,
                       env={"JIUJIN_SYNC_INTERVAL": "2"} if SHOTS else None)
    try:
        county.enroll(app.data_dir)
        county.stop()
        parked = queue(app.data_dir, 60 if SHOTS else 2)[0]

        with app:
            subprocess.run(["xdotool", "key", "ctrl+j"], check=True)
            if not SHOTS:
                button(queue_page(app), "Not Sent Yet 2")
                jjgui.log("the queue lists both as not sent, the county being down")

            # Back, refusing the first item it is sent once, then the batch split into items.
            county.admin("fault", "add", "--route", "/v1/submissions", "--kind", "status",
                         "--status", "422", "--count", "2")
            county.start()
            sync_now()
            app.wait_for("one parked and the others delivered", lambda: delivered_but(
                app.data_dir, parked), timeout=60)
            if SHOTS:
                return screens(app, parked)

            page = queue_page(app)
            click(page, "Needs Attention 1")
            app.wait_for("the county's reason in the queue", lambda: find_label(
                page, lambda t: t.startswith("The county’s reason: ") and COUNTY_REASON in t))
            app.wait_for("the yellow card on the parked item", lambda: page.find(
                lambda n: n.getRoleName() == "label" and label_text(n) == "Yellow card"
                and n.description == "Yellow card: Due today"))
            app.wait_for("the header's card count", lambda: find_label(
                app, lambda t: re.fullmatch("Red cards 0 · Yellow cards [1-9][0-9]*", t)))
            jjgui.log("parked with the county's reason and a yellow card")
            assert app.find(lambda n: named(n, "Show ID Number")) is not None, "a reviewer may reveal"
            body = app.wait_for("the yellow card's notification",
                                lambda: card_notices(notifications, parked))[0]
            assert re.search(re.escape(parked) + r"\)(\n| — )Due today", body), body
            jjgui.log("notified: %r" % body)

            act_with_reason(app, "Hold…", "Hold", parked, HOLD_REASON)
            app.wait_for("held", lambda: outbox_states(app.data_dir)[parked] == "held")
            click(page, "On Hold 1")
            app.wait_for("the row on hold", lambda: find_label(page, lambda t: t == "On hold"))

            # The county still refuses it once when it is released.
            county.admin("fault", "add", "--route", "/v1/submissions", "--kind", "status",
                         "--status", "422", "--count", "1")
            act_with_reason(app, "Release…", "Release", parked, RELEASE_REASON)
            app.wait_for("parked again", lambda: outbox_states(app.data_dir)[parked] == "parked",
                         timeout=60)
            jjgui.log("released, and refused once more")

            # Corrected at the county: the fault is used up. Retry Now delivers it.
            click(page, "Needs Attention 1")
            act_with_reason(app, "Retry Now…", "Retry Now", parked, RETRY_REASON)
            app.wait_for("delivered", lambda: outbox_states(app.data_dir)[parked] == "delivered",
                         timeout=60)
            click(page, "Delivered Today 2")
            jjgui.log("retried after the correction: delivered")

        env = dict(os.environ, JIUJIN_DATA_DIR=app.data_dir, LANGUAGE="en")
        verified = subprocess.run([os.environ["JIUJINCTL"], "audit", "verify"], env=env,
                                  capture_output=True, text=True, timeout=60)
        assert verified.returncode == 0, verified.stdout + verified.stderr
        jjgui.log(verified.stdout.strip())
        rows = audit_rows(app.data_dir)
        actions = [(r["action"], r["operator"], (r["detail"] or {}).get("reason")) for r in rows]
        for action, reason in (("queue-hold", HOLD_REASON), ("queue-release", RELEASE_REASON),
                               ("queue-retry", RETRY_REASON)):
            assert (action, "reviewer", reason) in actions, "%s not audited: %r" % (action, actions)
        jjgui.log("audited: hold, release and retry by the reviewer with their reasons")

        clerk_has_no_hold(app.data_dir)
        assert len(card_notices(notifications, parked)) == 1, notifications.shown()
        jjgui.log("the card was not told again the same day")
    finally:
        notifications.close()
        county.close()
        jjgui.shutil.rmtree(app.data_dir, ignore_errors=True)
    print("ok - parked with the county's reason, held, released and retried with reasons; "
          "the audit log verifies and records them; a clerk has no Hold")


def clerk_has_no_hold(data_dir):
    """The same terminal with a clerk logged in: the queue, Retry Now, and no Hold or Release."""
    operator = jjgui.add_operator(data_dir, "clerk")
    clerk = jjgui.Jiujin(env={"JIUJIN_OPERATOR": operator}, role=None, keep_data=True)
    jjgui.shutil.rmtree(clerk.data_dir, ignore_errors=True)
    clerk.data_dir = data_dir
    with clerk:
        subprocess.run(["xdotool", "key", "ctrl+j"], check=True)
        button(queue_page(clerk), "Retry Now…")
        # One walk of the whole window for what must not be anywhere in it.
        absent = ("Hold…", "Release…", "Send Back…", "Show ID Number", "Statistics", "Audit Log",
                  "Operators")
        found = clerk.find(lambda n: any(named(n, name) for name in absent))
        assert found is None, "a clerk sees " + found.name
        jjgui.log("a clerk's queue has Retry Now and no Hold or Release; no Show ID Number")


def spread_for_statistics(data_dir):
    """Gives the applications after the first two other matters, days of the last year, states
    and 帮代办, as a year at a service point would: the statistics page has something to draw."""
    rng = random.Random(20261129)
    db = sqlite3.connect(os.path.join(data_dir, "jiujin.db"))
    matters = db.execute("SELECT id, name FROM matters WHERE code IN ('XZ-0057', 'XZ-0001', "
                         "'XZ-0004', 'XZ-0012', 'XZ-0021', 'XZ-0033', 'XZ-0045', 'XZ-0060')"
                         " ORDER BY code").fetchall()
    weights = [9, 7, 6, 5, 4, 3, 2, 2][:len(matters)]
    now = int(time.time())
    for (app_id,) in db.execute("SELECT id FROM applications ORDER BY id LIMIT -1 OFFSET 2").fetchall():
        matter_id, name = rng.choices(matters, weights)[0]
        state = rng.choices(["completed", "accepted", "sent", "returned", "rejected"],
                            [12, 4, 2, 2, 1])[0]
        # Open cases are recent, a few of them late: the header's red and yellow cards.
        days_ago = rng.randint(0, 330) if state not in ("accepted", "sent") else rng.randint(3, 16)
        submitted = now - days_ago * 86400 - rng.randint(0, 28800)
        status_at = submitted + rng.randint(1, 12) * 86400 if state != "sent" else None
        promised = time.strftime("%Y-%m-%d", time.localtime(submitted + 14 * 86400))
        db.execute("UPDATE application_matters SET matter_id = ? WHERE application_id = ?",
                   (matter_id, app_id))
        db.execute("UPDATE applications SET title = ?, submitted_at = ?, created_at = ?, state = ?,"
                   " status_at = ?, agent_kind = ?, promised_date = ? WHERE id = ?",
                   (name, submitted, submitted, state, status_at,
                    rng.choices(["none", "clerk", "agent"], [6, 3, 1])[0], promised, app_id))
    db.commit()
    db.close()


def screens(app, parked):
    """docs/screenshots/queue.png and statistics.png, in the language of the interface."""
    _ = jjreview.use_language(LANGUAGE)
    subprocess.run(["xdotool", "key", "alt+5"], check=True)
    # The year's applications first: the header counts their cards at the next cycle.
    spread_for_statistics(app.data_dir)
    page = queue_page(app)
    app.wait_for("the county's reason", lambda: find_label(page, lambda t: _(COUNTY_REASON) in t))
    app.click(button(page, _("Select %s") % parked, "check box"))
    subprocess.run(["xdotool", "mousemove", "640", "500"], check=True)   # no tooltip
    time.sleep(4)
    screenshot("queue.png", app.process.pid)

    subprocess.run(["xdotool", "key", "F10"], check=True)
    item = app.wait_for("the Statistics menu item", lambda: app.find(
        lambda n: n.getRoleName() == "menu item" and n.name == _("Statistics")))
    item.queryAction().doAction(0)
    app.wait_for("the chart of months", lambda: app.find(
        lambda n: n.name == _("By Month") and n.description.count(":") >= 6))
    time.sleep(1.5)
    screenshot("statistics.png", app.process.pid)


def main():
    review()


if __name__ == "__main__":
    sys.exit(jjgui.run(main))
