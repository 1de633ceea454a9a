"""The report as an editable Word document (DOCX), for committees that rework its text.

This is the only package that imports python-docx, and only when a DOCX is asked for.
It lays out the same :class:`~tdsplan.report.Report` as the templates, with the
same phrases (the macros of ``_macros.j2`` and the filters of :mod:`tdsplan.render`),
in Word's own styles: Title, Heading 1-3 (« Titre 1-3 » in a French Word), a table
style, page numbers in the footer. The same plan gives the same bytes.
:mod:`.sections` lays out the report's parts, :mod:`.story` the year's words (the « Mot »,
highlights, narratives, reasons, corrections, thanks), :mod:`.brief` a meeting's « État de
situation »; :mod:`.writer` writes paragraphs, tables and Word fields, :mod:`.words` gives
the templates' phrases typed.
"""

from __future__ import annotations

from tdsplan.word.sections import render_docx
from tdsplan.word.writer import TABLE_STYLE

__all__ = ["TABLE_STYLE", "render_docx"]
