"""The DOCX's package: the logo, honest properties (core and application), fields Word
updates when it opens the file, no thumbnail, and the same bytes for the same report."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from tdsplan.files import stable_zip
from tdsplan.i18n import _
from tdsplan.render import RenderError, logo_png, usable_logo

if TYPE_CHECKING:
    from docx.document import Document

    from tdsplan.report import Report

#: The logo's height on the cover (cm), as in the PDF.
LOGO_HEIGHT = 2.2
#: What python-docx's blank document brings that does not belong to a report: the
#: preview of an empty page.
_DROPPED = ("docProps/thumbnail.jpeg",)
_THUMBNAIL_REL = "relationships/metadata/thumbnail"


def logo_picture(
    document: Document, template_dirs: list[Path], description: str, warnings: list[str]
) -> None:
    """The organisation's logo (``logo.svg``, drawn as a PNG by Typst, or ``logo.png``)
    at the top of the cover, described for screen readers; a warning instead when the
    file cannot be read as an image."""
    from docx.image.exceptions import UnrecognizedImageError
    from docx.oxml.ns import qn
    from docx.shared import Cm

    logo = usable_logo(template_dirs, warnings)
    if logo is None:
        return
    picture = logo_png(logo) if logo.suffix == ".svg" else logo.read_bytes()
    try:
        document.add_picture(io.BytesIO(picture or b""), height=Cm(LOGO_HEIGHT))
    except (UnrecognizedImageError, ValueError, OSError):  # a PNG's signature, and no more
        warnings.append(
            _("logo {file} illisible : le rapport est fait sans logo").format(file=logo)
        )
        return
    for properties in document.element.body.iter(qn("wp:docPr")):
        properties.set("descr", description)
        properties.set("name", logo.name)


def metadata(document: Document, title: str, report: Report, built: dt.datetime) -> None:
    """The file's properties: the report's title, the organisation as its author, the
    plan's last commit as its dates, its language; and contents and page numbers that
    Word brings up to date when it opens the file."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    props = document.core_properties
    props.title, props.subject = title, str(report.plan.titre)
    props.author = props.last_modified_by = str(report.plan.organisation)
    props.comments = props.keywords = props.category = ""
    props.language = (
        document.styles.element.find(qn("w:docDefaults"))
        .find(qn("w:rPrDefault"))
        .find(qn("w:rPr"))
        .find(qn("w:lang"))
        .get(qn("w:val"))
    )
    utc = built.astimezone(dt.UTC).replace(tzinfo=None)
    props.created = props.modified = utc
    props.revision = 1
    settings = document.settings.element
    preview = settings.find(qn("w:savePreviewPicture"))
    if preview is not None:  # the template's: Word would save a thumbnail
        settings.remove(preview)
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    # (its place in the schema: after w:zoom ... w:proofState, before w:defaultTabStop)
    settings.find(qn("w:defaultTabStop")).addprevious(update)


def _application(organisation: str) -> bytes:
    """docProps/app.xml: the program that made the file, and for whom."""
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
        '2006/docPropsVTypes"><Application>tdsplan</Application>'
        f"<Company>{escape(organisation)}</Company><DocSecurity>0</DocSecurity>"
        "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc></Properties>"
    ).encode()


def saved(document: Document, built: dt.datetime) -> bytes:
    """The document's bytes, every entry of the archive dated ``built``, without the
    template's thumbnail and with honest application properties."""
    buffer = io.BytesIO()
    try:
        document.save(buffer)
    except (OSError, ValueError) as error:  # pragma: no cover - python-docx's own failure
        raise RenderError(str(error)) from None
    organisation = str(document.core_properties.author)

    def rewrite(name: str, content: bytes) -> bytes:
        if name == "docProps/app.xml":
            return _application(organisation)
        if name == "_rels/.rels":
            return _without_thumbnail(content)
        return content

    utc = built.astimezone(dt.UTC)
    stamp = (utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second)
    return stable_zip(_dropped(buffer.getvalue()), stamp, rewrite)


def _without_thumbnail(rels: bytes) -> bytes:
    """The package's relationships, but the one to the thumbnail."""
    from xml.etree import ElementTree

    ns = "http://schemas.openxmlformats.org/package/2006/relationships"
    ElementTree.register_namespace("", ns)
    root = ElementTree.fromstring(rels)
    for rel in list(root):
        if rel.get("Type", "").endswith(_THUMBNAIL_REL):
            root.remove(rel)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


def _dropped(data: bytes) -> bytes:
    """The archive without the entries of :data:`_DROPPED`."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            if item.filename not in _DROPPED:
                target.writestr(item, source.read(item.filename))
    return out.getvalue()
