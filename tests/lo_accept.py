"""Accept a DOCX's tracked changes one by one in LibreOffice, as a reviewer clicks through them.

Run with the system Python that has LibreOffice's UNO bridge (Debian's python3-uno), not the
project's virtual environment: ``/usr/bin/python3 tests/lo_accept.py IN.docx OUT.docx PROFILE_DIR``.
It starts LibreOffice headless on a private pipe, opens IN, and repeats "next tracked change"
then "accept tracked change" (the commands behind Edit ▸ Track Changes ▸ Next / Accept) until
none is left, then saves OUT as Word. It prints one JSON object: how many changes there were,
how many were left after each acceptance, and the document's paragraphs at the end.
"""

import json
import os
import subprocess
import sys
import time
import uuid

import uno  # type: ignore[import-not-found]  # Debian's python3-uno
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(pipe):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(120):
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except NoConnectException:
            time.sleep(0.5)
    raise SystemExit("LibreOffice did not answer on its pipe")


def paragraphs(doc):
    """Every paragraph's text in reading order, table cells included (row by row, cell by cell)."""
    out = []

    def walk(text):
        enum = text.createEnumeration()
        while enum.hasMoreElements():
            part = enum.nextElement()
            if part.supportsService("com.sun.star.text.Paragraph"):
                label = part.getPropertyValue("ListLabelString") if part.getPropertyValue("NumberingIsNumber") else ""
                out.append(f"{label}|{part.getString()}" if label else part.getString())
            elif part.supportsService("com.sun.star.text.TextTable"):
                for name in part.getCellNames():
                    walk(part.getCellByName(name).getText())

    walk(doc.getText())
    return out


def main(source, target, profile):
    pipe = f"ab{uuid.uuid4().hex}"
    office = subprocess.Popen(
        [
            "soffice",
            f"-env:UserInstallation=file://{os.path.abspath(profile)}",
            "--headless",
            "--invisible",
            "--norestore",
            f"--accept=pipe,name={pipe};urp;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        ctx = connect(pipe)
        smgr = ctx.ServiceManager
        desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(source)), "_blank", 0, ())
        frame = doc.getCurrentController().getFrame()
        start = doc.getRedlines().getCount()
        left = []
        for _ in range(start + 5):
            if doc.getRedlines().getCount() == 0:
                break
            dispatcher.executeDispatch(frame, ".uno:NextTrackedChange", "", 0, ())
            dispatcher.executeDispatch(frame, ".uno:AcceptTrackedChange", "", 0, ())
            left.append(doc.getRedlines().getCount())
        doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(target)), (prop("FilterName", "MS Word 2007 XML"),))
        result = {"changes": start, "left_after_each": left, "paragraphs": paragraphs(doc)}
        doc.close(True)
        print(json.dumps(result, ensure_ascii=False))
    finally:
        office.terminate()
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main(*sys.argv[1:4])
