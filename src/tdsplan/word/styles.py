"""The DOCX report's own template, made from code: the PDF's fonts and colours as Word styles
(paragraph, character and table styles), headings numbered by their style, no theme font."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tdsplan.render import STATUS_COLORS
from tdsplan.vocabulary import Statut, status_label

if TYPE_CHECKING:
    from docx.document import Document
    from docx.oxml.xmlchemy import BaseOxmlElement

#: The PDF's colours: its accent (headings, figures), « en retard », the grey of notes.
ACCENT = "1D3C5A"
LATE = "B00020"
GREY = "5A5A5A"
#: The PDF's typeface; Word shows its own serif where it is not installed.
FONT = "Libertinus Serif"
TABLE_STYLE = "Tableau du rapport"
FIGURES_STYLE = "Chiffres clés"
#: Paragraph styles of the report's own (beside Word's Normal, Title, Heading 1-3...).
TABLE_TEXT = "Texte de tableau"
TABLE_TEXT_SMALL = "Texte de tableau serré"
FIGURE = "Chiffre clé"
FIGURE_LABEL = "Libellé de chiffre"
ORGANISATION = "Organisation"
SUBHEADING = "Intertitre"
NOTE = "Note"
#: A part of the report outside the numbered sections (the « Mot », the thanks), listed
#: in the contents as the headings are.
UNNUMBERED = "Titre sans numéro"
#: Who signs the « Mot », set on the right.
SIGNATURE = "Signature du mot"
#: The title of a meeting's brief: one page, no cover, a smaller title.
BRIEF_TITLE = "Titre de l’état"
#: The cover's « Adopté par … le … », in the accent colour.
ADOPTION = "Adoption"
#: The contents' first level (Word's « toc 1 », « TM 1 » in a French Word).
CONTENTS = "toc 1"
#: Character styles: an ordinal's letters (« 1er »), a lateness, each status's colour.
ORDINAL = "Ordinal"
LATE_TEXT = "Retard"
STRONG = "Strong"

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
#: The number of the heading list in numbering.xml (any number Word's template leaves free).
HEADING_NUMBERING = 90


def status_style(statut: Statut) -> str:
    """The character style of a status's coloured square (« Statut Réalisée »)."""
    return f"Statut {status_label(statut, 'fr')}"


def _fonts(size: float, *, color: str | None = None, bold: bool = False) -> str:
    """A run's properties: the PDF's font at ``size`` points, explicit (no theme font)."""
    return (
        f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}" w:eastAsia="{FONT}"/>'
        + ("<w:b/><w:bCs/>" if bold else "")
        + (f'<w:color w:val="{color}"/>' if color else "")
        + f'<w:sz w:val="{round(size * 2)}"/><w:szCs w:val="{round(size * 2)}"/>'
    )


def _define(
    document: Document,
    kind: str,
    name: str,
    *,
    based_on: str | None = None,
    ppr: str = "",
    rpr: str = "",
    extra: str = "",
) -> None:
    """The style ``name`` (of ``kind``: paragraph, character, table), replacing Word's own."""
    from docx.oxml import parse_xml

    styles = document.styles.element
    style_id = _style_id(name)
    for old in styles.findall(f"{{{styles.nsmap['w']}}}style"):
        if old.get(f"{{{styles.nsmap['w']}}}styleId") == style_id:
            styles.remove(old)
    base = f'<w:basedOn w:val="{_style_id(based_on)}"/>' if based_on else ""
    xml = (
        f'<w:style {_W} w:type="{kind}" w:customStyle="{int(name not in _BUILT_IN)}"'
        + (' w:default="1" ' if name == "Normal" else " ")
        + f'w:styleId="{style_id}"><w:name w:val="{_internal(name)}"/>{base}<w:qFormat/>'
        + (f"<w:pPr>{ppr}</w:pPr>" if ppr else "")
        + (f"<w:rPr>{rpr}</w:rPr>" if rpr else "")
        + extra
        + "</w:style>"
    )
    styles.append(parse_xml(xml))


def _style_id(name: str) -> str:
    """A style's identifier in the file: its name in ASCII letters, without spaces."""
    import unicodedata

    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "".join(c for c in ascii_name if c.isalnum())


def _internal(name: str) -> str:
    """The name Word writes for a style: its built-in headings, header, footer and contents
    levels in lower case (« heading 1 »), whatever the language it shows them in."""
    lower = name.startswith(("Heading ", "TOC ")) or name in ("Header", "Footer")
    return name.lower() if lower else name


_BUILT_IN = {"Normal", "Title", "Subtitle", "Header", "Footer", "Strong", "Intense Quote"}
_BUILT_IN |= {f"Heading {level}" for level in (1, 2, 3)}
_BUILT_IN |= {f"TOC {level}" for level in (1, 2, 3)}


def apply_template(document: Document, lang_tag: str) -> None:
    """Make ``document`` (python-docx's blank one) the report's template: its styles, its
    heading numbering, its language."""
    _defaults(document, lang_tag)
    _paragraph_styles(document)
    _report_styles(document)
    _story_styles(document)
    _character_styles(document)
    _table_styles(document)
    _heading_numbering(document)
    _remember_style_ids(document)


def _remember_style_ids(document: Document) -> None:
    """Find each style's ID by its name once: python-docx reads every style of the document
    to find it, for each paragraph, run and cell given a style by name (three quarters of
    the time of a large report). The styles are final once the template is applied."""
    part = document.part
    find = part.get_style_id
    found: dict[tuple[str, object], str | None] = {}

    def get_style_id(style_or_name: object, style_type: object) -> str | None:
        if not isinstance(style_or_name, str):
            return find(style_or_name, style_type)
        key = (style_or_name, style_type)
        if key not in found:
            found[key] = find(style_or_name, style_type)
        return found[key]

    part.get_style_id = get_style_id  # type: ignore[method-assign]  # this document only


def _defaults(document: Document, lang_tag: str) -> None:
    """The document's default font, size and language (spelling, hyphenation)."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault"))
    rpr.getparent().replace(
        rpr,
        parse_xml(
            f"<w:rPrDefault {_W}><w:rPr>{_fonts(10.5)}"
            f'<w:lang w:val="{lang_tag}" w:eastAsia="{lang_tag}" w:bidi="ar-SA"/>'
            "</w:rPr></w:rPrDefault>"
        ),
    )


def _heading(level: int, size: float, before: int, after: int) -> tuple[str, str]:
    """A heading's paragraph and run properties: the PDF's sizes, kept with what follows."""
    return (
        f'<w:keepNext/><w:keepLines/><w:spacing w:before="{before}" w:after="{after}"/>'
        f'<w:jc w:val="left"/><w:outlineLvl w:val="{level - 1}"/>',
        _fonts(size, color=ACCENT, bold=True),
    )


def _paragraph_styles(document: Document) -> None:
    """Normal, the title, the headings, the header and the footer."""
    justify = '<w:jc w:val="both"/>'
    _define(
        document,
        "paragraph",
        "Normal",
        ppr=f'<w:spacing w:after="120" w:line="264" w:lineRule="auto"/>{justify}',
        rpr=_fonts(10.5, color="222222"),
    )
    for level, size, before, after in ((1, 16, 480, 160), (2, 12.5, 320, 120), (3, 11, 240, 100)):
        ppr, rpr = _heading(level, size, before, after)
        _define(document, "paragraph", f"Heading {level}", based_on="Normal", ppr=ppr, rpr=rpr)
    _define(
        document,
        "paragraph",
        "Title",
        based_on="Normal",
        ppr='<w:spacing w:before="720" w:after="80"/><w:jc w:val="left"/>',
        rpr=_fonts(28, color=ACCENT, bold=True),
    )
    _define(
        document,
        "paragraph",
        "Subtitle",
        based_on="Normal",
        ppr='<w:spacing w:after="240"/><w:jc w:val="left"/>',
        rpr=_fonts(15),
    )
    small = _fonts(8, color=GREY)
    _define(
        document, "paragraph", "Header", based_on="Normal", ppr='<w:jc w:val="left"/>', rpr=small
    )
    _define(
        document, "paragraph", "Footer", based_on="Normal", ppr='<w:jc w:val="center"/>', rpr=small
    )


def _report_styles(document: Document) -> None:
    """The report's own paragraph styles: the cover's, the tables' text, the warning, the
    key figures, the notes and the contents."""
    _define(
        document,
        "paragraph",
        ORGANISATION,
        based_on="Normal",
        ppr='<w:pBdr><w:bottom w:val="single" w:sz="10" w:space="6" w:color="1D3C5A"/></w:pBdr>'
        '<w:jc w:val="left"/>',
        rpr=_fonts(12, color=ACCENT, bold=True),
    )
    _define(
        document,
        "paragraph",
        SUBHEADING,
        based_on="Normal",
        ppr='<w:keepNext/><w:spacing w:before="240" w:after="60"/><w:jc w:val="left"/>',
        rpr=_fonts(10, color=GREY, bold=True),
    )
    _define(
        document,
        "paragraph",
        TABLE_TEXT,
        based_on="Normal",
        ppr='<w:spacing w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="left"/>',
        rpr=_fonts(9),
    )
    _define(
        document,
        "paragraph",
        TABLE_TEXT_SMALL,
        based_on=TABLE_TEXT,
        rpr=_fonts(8),
    )
    _define(
        document,
        "paragraph",
        "Intense Quote",
        based_on="Normal",
        ppr='<w:pBdr><w:left w:val="single" w:sz="24" w:space="8" w:color="B00020"/></w:pBdr>'
        '<w:shd w:val="clear" w:color="auto" w:fill="FBEEEE"/>'
        '<w:spacing w:before="120" w:after="120"/><w:ind w:left="200" w:right="0"/>',
        rpr=_fonts(10.5, color="222222"),
    )
    _define(
        document,
        "paragraph",
        FIGURE,
        based_on=TABLE_TEXT,
        rpr=_fonts(20, color=ACCENT, bold=True),
    )
    _define(document, "paragraph", FIGURE_LABEL, based_on=TABLE_TEXT)
    _define(document, "paragraph", NOTE, based_on="Normal", rpr=_fonts(9, color=GREY))
    for level in (1, 2, 3):
        _define(
            document,
            "paragraph",
            f"TOC {level}",
            based_on="Normal",
            ppr='<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="9350"/></w:tabs>'
            f'<w:spacing w:after="40"/><w:ind w:left="{(level - 1) * 240}"/><w:jc w:val="left"/>',
        )


def _story_styles(document: Document) -> None:
    """The styles of the year's words: the unnumbered parts (the « Mot », the thanks), the
    cover's adoption line, the « Mot »'s signature; lists set ragged, as in the PDF (a
    justified line of a long bullet stretches its spaces)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    for name in ("List Bullet", "List Number", "List Number 2"):
        document.styles[name].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _define(
        document,
        "paragraph",
        UNNUMBERED,
        based_on="Heading 1",
        ppr='<w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr>',
    )
    _define(
        document,
        "paragraph",
        BRIEF_TITLE,
        based_on="Title",
        ppr='<w:spacing w:before="240" w:after="60"/><w:jc w:val="left"/>',
        rpr=_fonts(20, color=ACCENT, bold=True),
    )
    _define(
        document,
        "paragraph",
        ADOPTION,
        based_on="Normal",
        ppr='<w:spacing w:before="120" w:after="120"/><w:jc w:val="left"/>',
        rpr=_fonts(11, color=ACCENT, bold=True),
    )
    _define(
        document,
        "paragraph",
        SIGNATURE,
        based_on="Normal",
        ppr='<w:spacing w:before="120"/><w:jc w:val="right"/>',
        rpr="<w:i/><w:iCs/>",
    )


def _character_styles(document: Document) -> None:
    """Ordinals in superscript, « en retard » in red, bold, and each status's colour."""
    _define(document, "character", ORDINAL, rpr='<w:vertAlign w:val="superscript"/>')
    _define(document, "character", STRONG, rpr="<w:b/><w:bCs/>")
    _define(document, "character", LATE_TEXT, rpr=f'<w:b/><w:bCs/><w:color w:val="{LATE}"/>')
    for statut in Statut:
        color = STATUS_COLORS[statut.value].lstrip("#").upper()
        _define(document, "character", status_style(statut), rpr=f'<w:color w:val="{color}"/>')


def _border(edge: str, size: int, color: str) -> str:
    return f'<w:{edge} w:val="single" w:sz="{size}" w:space="0" w:color="{color}"/>'


def _table_styles(document: Document) -> None:
    """The PDF's tables: a bold header over an accent rule, thin grey rules between rows;
    the cover's key figures on light grey under an accent rule."""
    cell_margins = (
        '<w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
        '<w:bottom w:w="57" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>'
    )
    _define(
        document,
        "table",
        TABLE_STYLE,
        ppr='<w:spacing w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="left"/>',
        rpr=_fonts(9),
        extra=f"<w:tblPr><w:tblBorders>{_border('bottom', 3, 'C8C8C8')}"
        f"{_border('insideH', 3, 'C8C8C8')}</w:tblBorders>{cell_margins}</w:tblPr>"
        '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/></w:rPr>'
        f"<w:tcPr><w:tcBorders>{_border('bottom', 6, ACCENT)}</w:tcBorders></w:tcPr>"
        "</w:tblStylePr>",
    )
    _define(
        document,
        "table",
        FIGURES_STYLE,
        extra=f"<w:tblPr><w:tblBorders>{_border('top', 16, ACCENT)}"
        f"{_border('insideV', 24, 'FFFFFF')}</w:tblBorders>{cell_margins}</w:tblPr>"
        '<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="F6F6F6"/></w:tcPr>',
    )


def _heading_numbering(document: Document) -> None:
    """Headings 1-3 numbered « 1 », « 1.1 », « 1.1.1 » by their style, as in the PDF:
    a number no one types, that Word renumbers when a part moves."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    numbering = document.part.numbering_part.element
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        f'<w:pStyle w:val="Heading{i + 1}"/>'
        f'<w:lvlText w:val="{".".join(f"%{k + 1}" for k in range(i + 1))}"/>'
        '<w:lvlJc w:val="left"/><w:suff w:val="space"/>'
        '<w:pPr><w:ind w:left="0" w:firstLine="0"/></w:pPr></w:lvl>'
        for i in range(3)
    )
    abstract = parse_xml(
        f'<w:abstractNum {_W} w:abstractNumId="{HEADING_NUMBERING}">'
        f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>'
    )
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:  # pragma: no cover - python-docx's template has lists
        numbering.append(abstract)
    numbering.append(
        parse_xml(
            f'<w:num {_W} w:numId="{HEADING_NUMBERING}">'
            f'<w:abstractNumId w:val="{HEADING_NUMBERING}"/></w:num>'
        )
    )
    for level in (1, 2, 3):
        style: BaseOxmlElement = document.styles[f"Heading {level}"].element
        ppr = style.find(qn("w:pPr"))
        ppr.insert(
            2,
            parse_xml(
                f'<w:numPr {_W}><w:ilvl w:val="{level - 1}"/>'
                f'<w:numId w:val="{HEADING_NUMBERING}"/></w:numPr>'
            ),
        )
