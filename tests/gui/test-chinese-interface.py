#!/usr/bin/python3
# GUI test: under a zh_CN locale the window speaks Chinese — its controls' accessible names,
# labels and the result summary come from po/zh_CN.po — and Chinese text is typed and found.

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import jjgui  # noqa: E402


def main():
    with jjgui.Jiujin(language="zh_CN") as app:
        entry = app.wait_for("the search entry, named in Chinese",
                             lambda: app.find(lambda n: n.getRoleName() == "entry" and n.name == "搜索事项"))
        app.wait_for("the level buttons in Chinese",
                     lambda: app.find(lambda n: n.getRoleName() in ("push button", "toggle button")
                                      and n.name == "村（社区）"))
        app.wait_for("the main menu named in Chinese",
                     lambda: app.find(lambda n: n.name == "主菜单"))
        categories = app.wait_for("the category list in Chinese",
                                  lambda: app.find(lambda n: n.getRoleName() == "list" and n.name == "事项类别"))
        first = [c for c in categories if c is not None][0]
        jjgui.log("first category row: " + first.name)
        assert first.name.startswith("全部类别"), "the first category row is not 全部类别: " + first.name

        entry.queryEditableText().setTextContents("低保")
        summary = app.wait_for("the result summary in Chinese",
                               lambda: app.find(lambda n: n.getRoleName() == "label"
                                                and "匹配“低保”" in jjgui.label_text(n)))
        jjgui.log("summary: " + jjgui.label_text(summary))
    print("ok - the interface is in Chinese under zh_CN")


if __name__ == "__main__":
    sys.exit(jjgui.run(main))
