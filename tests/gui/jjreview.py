# jjreview.py — what the township review GUI tests share: applications queued from a paper
# ledger, the outbox and audit log read back, and patient lookups within the sync queue page and
# its reason dialog. Names are looked up in the interface's language (use_language()).

import gettext
import json
import os
import sqlite3
import subprocess

import jjgui
from jjsync import id_number, run

_ = gettext.NullTranslations().gettext
label_text = jjgui.label_text

# Residents of the ledger: the first ones are named, the rest made up.
APPLICANTS = [
    ("王秀英", "43010419380412002", "13907311234"),
    ("刘建国", "43010419560723001", "13807315678"),
    ("陈桂兰", "43010419470209003", "13607319876"),
]
SURNAMES = "张李王刘陈杨赵黄周吴"
GIVEN = ["秀兰", "建华", "桂英", "志强", "玉珍", "国平", "春梅", "德明"]


def use_language(language):
    """Looks names up as jiujin shows them in @language ("en": as written)."""
    global _
    _ = gettext.translation("jiujin", os.environ.get("JIUJIN_LOCALEDIR"), [language],
                            fallback=True).gettext
    return _


def applicants(n):
    """The residents of APPLICANTS, then made-up ones up to @n."""
    people = list(APPLICANTS[:n])
    for i in range(len(people), n):
        first17 = "430104%04d%02d%02d%03d" % (1940 + i % 50, 1 + i % 12, 1 + i % 28, 100 + i)
        people.append((SURNAMES[i % 10] + GIVEN[i % 8], first17, "139%08d" % (7310000 + i)))
    return people


def queue(data_dir, n=2, due=1):
    """Queues one application per resident from a paper ledger, the first @due of them due
    today (a yellow card); returns their receipt numbers in order."""
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
        receipts = [r for (r,) in db.execute("SELECT receipt_number FROM applications ORDER BY id")]
        for receipt in receipts[:due]:
            db.execute("UPDATE applications SET promised_date = date ('now', 'localtime')"
                       " WHERE receipt_number = ?", (receipt,))
        db.commit()
    finally:
        db.close()
    jjgui.log("queued %s" % ", ".join(receipts))
    return receipts


def outbox_states(data_dir):
    """{receipt number: state of its latest outbox entry}, or None while the database is busy."""
    db = sqlite3.connect(os.path.join(data_dir, "jiujin.db"))
    try:
        rows = db.execute("SELECT a.receipt_number, o.state FROM outbox o JOIN applications a"
                          " ON a.id = o.application_id ORDER BY o.id").fetchall()
    except sqlite3.OperationalError:
        return None
    finally:
        db.close()
    return dict(rows)


def delivered_but(data_dir, parked):
    states = outbox_states(data_dir) or {}
    return states.get(parked) == "parked" and all(
        state == "delivered" for receipt, state in states.items() if receipt != parked)


def audit_rows(data_dir):
    env = dict(os.environ, JIUJIN_DATA_DIR=data_dir, LANGUAGE="en")
    done = subprocess.run([os.environ["JIUJINCTL"], "audit", "list", "--json", "--as",
                           jjgui.TECHNICIAN[0], "--pin-stdin"], env=env,
                          input=jjgui.TECHNICIAN[1] + "\n", capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def audit_verify(data_dir):
    env = dict(os.environ, JIUJIN_DATA_DIR=data_dir, LANGUAGE="en")
    verified = subprocess.run([os.environ["JIUJINCTL"], "audit", "verify"], env=env,
                              capture_output=True, text=True, timeout=60)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    jjgui.log(verified.stdout.strip())


class Within:
    """Lookups below one accessible only: walking the whole window takes seconds."""

    def __init__(self, node):
        self.node = node

    def find(self, predicate):
        return next((n for n in jjgui.walk(self.node)
                     if n is not self.node and jjgui.matches(predicate, n)), None)


def queue_page(app):
    name = _("Sync Queue")
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


def shown_name(name):
    """@name as a button shows it in the interface's language: its msgid may carry a mnemonic
    (“Send _Back…”), which the accessible name drops, as it drops the translation's."""
    if _(name) != name:
        return _(name)
    for i in range(len(name)):
        msgid = name[:i] + "_" + name[i:]
        if _(msgid) != msgid:
            return _(msgid).replace("_", "")
    return name


def act_with_reason(app, action, dialog_button, receipt, reason):
    """Selects the row of @receipt, clicks @action (“Hold…”), types @reason and confirms with
    @dialog_button; the names as written in English."""
    page = queue_page(app)
    check = button(page, _("Select %s") % receipt, "check box")
    if not check.getState().contains(jjgui.pyatspi.STATE_CHECKED):
        app.click(check)
    app.wait_for("%s enabled" % action, lambda: button(page, shown_name(action)).getState()
                 .contains(jjgui.pyatspi.STATE_SENSITIVE))
    click(page, shown_name(action))
    window = dialog(app)
    entry = app.wait_for("the reason field", lambda: window.find(
        lambda n: n.name == _("Reason") and n.getRoleName() == "text"))
    entry.queryEditableText().setTextContents(reason)
    app.wait_for("%s enabled in the dialog" % dialog_button, lambda: button(
        window, shown_name(dialog_button)).getState().contains(jjgui.pyatspi.STATE_SENSITIVE))
    click(window, shown_name(dialog_button))
    jjgui.log("%s %s: %s" % (dialog_button, receipt, reason))
