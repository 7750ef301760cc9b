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
# the queue page with Retry Now but no Hold or Release button, and no Show ID Number. The yellow
# card is told once in a desktop notification (python-dbusmock's daemon), and not again the same
# day when jiujin starts again.
#
# With JIUJIN_SCREENSHOT_DIR set, docs/screenshots/queue.png and statistics.png are made in
# zh_CN instead: the parked item with its card, then the statistics page over sixty applications
# whose matters, dates, states and 帮代办 are spread across a year with SQL, for the picture only.

import gettext
import json
import os
import random
import re
import sqlite3
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import jjgui  # noqa: E402
from jjsync import County, Notifications, id_number, run, screenshot  # noqa: E402

label_text = jjgui.label_text
SHOTS = os.environ.get("JIUJIN_SCREENSHOT_DIR")
LANGUAGE = "zh_CN" if SHOTS else "en"
COUNTY_REASON = "Injected by the county's fault table"
HOLD_REASON = "核对户口簿复印件后再报送"
RELEASE_REASON = "已电话核实，可以报送"
RETRY_REASON = "县级平台已修正，重新报送"

APPLICANTS = [
    ("王秀英", "43010419380412002", "13907311234"),
    ("刘建国", "43010419560723001", "13807315678"),
]
# More residents for the statistics picture.
SURNAMES = "张李王刘陈杨赵黄周吴"
GIVEN = ["秀兰", "建华", "桂英", "志强", "玉珍", "国平", "春梅", "德明"]


def applicants(n):
    """The two of APPLICANTS, then made-up residents up to @n."""
    people = list(APPLICANTS)
    for i in range(len(people), n):
        first17 = "430104%04d%02d%02d%03d" % (1940 + i % 50, 1 + i % 12, 1 + i % 28, 100 + i)
        people.append((SURNAMES[i % 10] + GIVEN[i % 8], first17, "139%08d" % (7310000 + i)))
    return people


def queue(data_dir, n=2):
    """Queues one application per resident from a paper ledger; returns the first two receipt
    numbers, the first one due today."""
    ledger = os.path.join(data_dir, "ledger.jsonl")
    with open(ledger, "w") as f:
        for name, first17, phone in applicants(n):
            f.write(json.dumps({
                "matters": ["XZ-0057"],
                "applicant": {"name": name, "id_number": id_number(first17), "phone": phone,
                              "address": "白石村三组 12 号"},
                "values": {"bank_name": "示范农村商业银行城关支行",
                           "bank_account": "6217002920101234567"}}, ensure_ascii=False) + "\n")
    env = dict(os.environ, JIUJIN_DATA_DIR=data_dir, LANGUAGE="en")
    run(os.environ["JIUJINCTL"], "applications", "import", ledger, env=env)
    db = sqlite3.connect(os.path.join(data_dir, "jiujin.db"))
    try:
        receipts = [r for (r,) in db.execute("SELECT receipt_number FROM applications ORDER BY id")][:2]
        # Due today: a yellow card (红黄牌) on the queue and in the header.
        db.execute("UPDATE applications SET promised_date = date ('now', 'localtime') WHERE receipt_number = ?",
                   (receipts[0],))
        db.commit()
    finally:
        db.close()
    jjgui.log("queued %s and %s" % tuple(receipts))
    return receipts


def delivered_but(data_dir, parked):
    states = outbox_states(data_dir) or {}
    return states.get(parked) == "parked" and all(
        state == "delivered" for receipt, state in states.items() if receipt != parked)


def outbox_states(data_dir):
    """{receipt number: outbox state}, or None while the database is busy."""
    db = sqlite3.connect(os.path.join(data_dir, "jiujin.db"))
    try:
        rows = db.execute("SELECT a.receipt_number, o.state FROM outbox o"
                          " JOIN applications a ON a.id = o.application_id").fetchall()
    except sqlite3.OperationalError:
        return None
    finally:
        db.close()
    return dict(rows)


class Within:
    """Lookups below one accessible only: walking the whole window takes seconds."""

    def __init__(self, node):
        self.node = node

    def find(self, predicate):
        return next((n for n in jjgui.walk(self.node)
                     if n is not self.node and jjgui.matches(predicate, n)), None)


def queue_page(app, name="Sync Queue"):
    return Within(app.wait_for("the queue page", lambda: app.find(
        lambda n: n.name == name and n.getRoleName() != "label")))


def dialog(app):
    """The window of the dialog open over the main window."""
    return Within(app.wait_for("the dialog", lambda: next(
        (w for w in app.app if w is not None and w.getRoleName() != "frame"), None)))


def find_label(where, predicate):
    return where.find(lambda n: n.getRoleName() == "label" and predicate(label_text(n)))


def named(node, name):
    """GTK 4.8 names a button with a mnemonic “_Hold… Hold…”: the label twice."""
    return node.name == name or node.name.endswith(" " + name)


def button(where, name, role="push button"):
    """A button (toggle buttons are push buttons to GTK 4.8's accessibility) or a check box."""
    return jjgui.wait_for("the %s “%s”" % (role, name), lambda: where.find(
        lambda n: n.getRoleName() == role and named(n, name)))


def click(where, name, role="push button"):
    button(where, name, role).queryAction().doAction(0)


def sync_now():
    subprocess.run(["xdotool", "key", "ctrl+shift+s"], check=True)


def act_with_reason(app, action, dialog_button, receipt, reason):
    """Selects the row of @receipt, clicks @action (“Hold…”), types @reason and confirms."""
    page = queue_page(app)
    check = button(page, "Select " + receipt, "check box")
    if not check.getState().contains(jjgui.pyatspi.STATE_CHECKED):
        app.click(check)
    app.wait_for("%s enabled" % action, lambda: button(page, action).getState().contains(
        jjgui.pyatspi.STATE_SENSITIVE))
    click(page, action)
    window = dialog(app)
    entry = app.wait_for("the reason field", lambda: window.find(
        lambda n: n.name == "Reason" and n.getRoleName() == "text"))
    entry.queryEditableText().setTextContents(reason)
    app.wait_for("%s enabled in the dialog" % dialog_button, lambda: button(window, dialog_button)
                 .getState().contains(jjgui.pyatspi.STATE_SENSITIVE))
    click(window, dialog_button)
    jjgui.log("%s %s: %s" % (dialog_button, receipt, reason))


def audit_rows(data_dir):
    env = dict(os.environ, JIUJIN_DATA_DIR=data_dir, LANGUAGE="en")
    done = subprocess.run([os.environ["JIUJINCTL"], "audit", "list", "--json", "--as",
                           jjgui.TECHNICIAN[0], "--pin-stdin"], env=env, input=jjgui.TECHNICIAN[1] + "\n",
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


YELLOW_SUMMARY = "Yellow card: a case is due within a working day"


def card_notices(notifications, receipt):
    return [body for summary, body in notifications.shown()
            if summary == YELLOW_SUMMARY and receipt in body]


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
            assert body.endswith("\nDue today"), body
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
        absent = ("Hold…", "Release…", "Show ID Number", "Statistics", "Audit Log", "Operators")
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
    zh = gettext.translation("jiujin", os.environ.get("JIUJIN_LOCALEDIR"), [LANGUAGE], fallback=True)
    _ = zh.gettext
    subprocess.run(["xdotool", "key", "alt+5"], check=True)
    # The year's applications first: the header counts their cards at the next cycle.
    spread_for_statistics(app.data_dir)
    page = queue_page(app, _("Sync Queue"))
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
