"""Type into a follow-up workbook with LibreOffice Calc as a lead would, then save it as
xlsx and as CSV. Run by the system's python3 (the one that imports ``uno``), not the
tests' environment:

    python3 tests/sheets/office.py IN.xlsx OUT.xlsx OUT.csv ENCODING TYPING.json
    TDSPLAN_OFFICE_LOCALE=en-US python3 tests/sheets/office.py ...

TYPING.json maps an action's ID to {column header: text typed}. LibreOffice is started
headless with its own profile set to French (Canada), on a free local port, and stopped
at the end. Each text goes through « enter string », the path of a key typed in a cell:
the locale reads « 23,5 » as a number, « 50 % » as a percentage, and the sheet's
protection and checks apply. Prints, as JSON, what each typed cell holds afterwards.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]

#: The locale LibreOffice runs in (``TDSPLAN_OFFICE_LOCALE``; French, Canada, unless told).
LOCALE = os.environ.get("TDSPLAN_OFFICE_LOCALE", "fr-CA")
#: Calc's CSV filter options: « ; », « " », the encoding, from row 1, French (Canada)
#: (3084); each cell as shown.
ENCODINGS = {"utf-8": "76", "cp1252": "1"}


def props(**values):
    return tuple(PropertyValue(Name=k, Value=v) for k, v in values.items())


def profile(folder: Path) -> str:
    """A fresh LibreOffice profile whose locale is French (Canada)."""
    user = folder / "user"
    user.mkdir(parents=True)
    (user / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        '<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" '
        f'oor:op="fuse"><value>{LOCALE}</value></prop></item>\n'
        '<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooLocale" '
        f'oor:op="fuse"><value>{LOCALE}</value></prop></item>\n'
        # No spell checking nor word completion as one types: their idle timers abort
        # a headless LibreOffice 7.4 now and then while it saves.
        '<item oor:path="/org.openoffice.Office.Linguistic/SpellChecking"><prop '
        'oor:name="IsSpellAuto" oor:op="fuse"><value>false</value></prop></item>\n'
        '<item oor:path="/org.openoffice.Office.Calc/Input"><prop oor:name="AutoInput" '
        'oor:op="fuse"><value>false</value></prop></item>\n'
        "</oor:items>\n",
        encoding="utf-8",
    )
    return folder.as_uri()


def connect(port: int, deadline: float):
    resolver = uno.getComponentContext().ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", uno.getComponentContext()
    )
    while True:
        try:
            return resolver.resolve(
                f"uno:socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext"
            )
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def main() -> None:
    source, xlsx, csv, encoding, typing = sys.argv[1:6]
    typed = json.loads(Path(typing).read_text("utf-8"))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    work = Path(tempfile.mkdtemp(prefix="tdsplan-office-"))
    office = subprocess.Popen(
        [
            "soffice",
            f"-env:UserInstallation={profile(work)}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            f"--accept=socket,host=127.0.0.1,port={port};urp;",
        ],
        env={**os.environ, "LANG": "fr_CA.UTF-8", "LC_ALL": "C.UTF-8"},
        stdout=subprocess.DEVNULL,
        stderr=(work / "office.log").open("wb"),
    )
    try:
        context = connect(port, time.monotonic() + 60)
        manager = context.ServiceManager
        desktop = manager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        dispatcher = manager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", context)
        document = desktop.loadComponentFromURL(
            Path(source).resolve().as_uri(), "_blank", 0, props(Hidden=True)
        )
        sheet = document.Sheets.getByName("Actions")
        controller = document.CurrentController
        controller.setActiveSheet(sheet)
        headers = {sheet.getCellByPosition(c, 0).String: c for c in range(40)}
        rows = {sheet.getCellByPosition(0, r).String: r for r in range(1, 2000)}
        held = {}
        for identifier, cells in typed.items():
            for header, text in cells.items():
                cell = sheet.getCellByPosition(headers[header], rows[identifier])
                controller.select(cell)
                dispatcher.executeDispatch(
                    controller.Frame, ".uno:EnterString", "", 0, props(StringName=text)
                )
                held[f"{identifier} {header}"] = {"string": cell.String, "value": cell.Value}
        options = f"59,34,{ENCODINGS[encoding]},1,,3084"
        document.storeToURL(
            Path(csv).resolve().as_uri(),
            props(FilterName="Text - txt - csv (StarCalc)", FilterOptions=options),
        )
        document.storeToURL(
            Path(xlsx).resolve().as_uri(), props(FilterName="Calc MS Excel 2007 XML")
        )
        print(json.dumps(held, ensure_ascii=False))
        with contextlib.suppress(Exception):  # saved: one that dies closing did its work
            document.close(True)
    finally:
        with contextlib.suppress(Exception):
            desktop.terminate()
        try:
            office.wait(timeout=20)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main()
