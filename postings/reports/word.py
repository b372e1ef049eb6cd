"""The summary as an editable Word file, in the layout of its A4 print (static/css/print.css).

Boards finish, sign and file their reports in Word. The file holds what the page holds, in
the page's order and number format: the Party document header (`document.document_header`),
the title, the headline figures, every table of `Summary.tables` and every list of
`Summary.lists` (so a section added to the summary appears here too), the signature block
and the recipients; A4 with the print's margins, "Trang N/M" in the footer as Word fields.
"""

import io

from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from postings.templatetags.summary import day, number, percent

FONT = "Times New Roman"
# A4 and the margins of static/css/print.css (Decree 30/2020/NĐ-CP, Appendix I: top and
# bottom 20–25 mm, left 30–35 mm, right 15–20 mm).
PAGE = {"width": 210, "height": 297, "top": 20, "bottom": 20, "left": 30, "right": 15}
TEXT_WIDTH = PAGE["width"] - PAGE["left"] - PAGE["right"]
CENTER, RIGHT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT


def summary_docx(summary, header, scope_name):
    """The .docx file's bytes: `summary` (a `reports.Summary`) under `header`."""
    document = Document()
    page_setup(document)
    header_block(document, header)
    title_block(document, summary, header, scope_name)
    heading(document, _("Headline figures"), level=2)
    figures_block(document, summary.figures)
    heading(document, _("Breakdowns"), level=2)
    for table in summary.tables:
        table_block(document, table)
    later_sections(document, summary)
    heading(document, _("Rotations to follow up"), level=2)
    for listing in summary.lists:
        listing_block(document, listing)
    closing_block(document, header)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- the page -----------------------------------------------------------------------------


def page_setup(document):
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(13)
    # East Asian and complex-script text in the same font (Word otherwise picks its own).
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:eastAsia", "w:cs", "w:hAnsi"):
        fonts.set(qn(attribute), FONT)
    style.paragraph_format.space_after = Pt(3)
    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE["width"]), Mm(PAGE["height"])
    section.top_margin, section.bottom_margin = Mm(PAGE["top"]), Mm(PAGE["bottom"])
    section.left_margin, section.right_margin = Mm(PAGE["left"]), Mm(PAGE["right"])
    footer = section.footer.paragraphs[0]
    footer.alignment = CENTER
    write(footer, "Trang ", size=10)
    field(footer, "PAGE", "1")
    write(footer, "/", size=10)
    field(footer, "NUMPAGES", "1")


def field(paragraph, instruction, shown):
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays the pages out."""
    parts = [("begin", None), ("instr", f" {instruction} "), ("separate", None)]
    parts += [("text", shown), ("end", None)]
    for kind, text in parts:
        run = paragraph.add_run()
        run.font.size = Pt(10)
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        elif kind == "text":
            run.text = text
            continue
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)


def write(paragraph, text, *, size=None, bold=False, italic=False, underline=False):
    run = paragraph.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    if size:
        run.font.size = Pt(size)
    return run


def line(container, text="", *, align=None, space_after=0, **style):
    """A paragraph of one run in `container` (the document or a table cell)."""
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(space_after)
    if text:
        write(paragraph, text, **style)
    return paragraph


def heading(document, text, *, level):
    paragraph = line(document, text, bold=True, size=14 if level == 2 else 13, space_after=4)
    paragraph.paragraph_format.space_before = Pt(10 if level == 2 else 6)
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


# --- header, title, closing -------------------------------------------------------------------


def set_widths(table, widths):
    """Column widths in mm, in the grid too (LibreOffice reads the grid, Word the cells)."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)


def borderless(document, widths):
    """A layout table with no borders (the header's and the signature's two columns)."""
    table = document.add_table(rows=1, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    set_widths(table, widths)
    for cell, width in zip(table.rows[0].cells, widths, strict=True):
        cell.width = Mm(width)
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    return table.rows[0].cells


def header_block(document, header):
    left, right = borderless(document, (70, TEXT_WIDTH - 70))
    line(left, header["issuer"], align=CENTER)
    if header["board"]:
        line(left, header["board"], align=CENTER, bold=True)
    line(left, "*", align=CENTER)
    line(left, header["number"], align=CENTER)
    line(right, header["party"], align=CENTER, bold=True, underline=True)
    date = line(right, header["date_line"], align=RIGHT, italic=True)
    date.paragraph_format.space_before = Pt(8)


def title_block(document, summary, header, scope_name):
    params = summary.params
    kind = line(document, header["kind"], align=CENTER, bold=True, size=15)
    kind.paragraph_format.space_before = Pt(12)
    # Upper case, as the print writes the title (static/css/print.css).
    title = _("Summary of cadre rotations under Resolution 11-NQ/TW").upper()
    line(document, title, align=CENTER, bold=True, size=14, space_after=4)
    lead = _("%(scope)s: rotations starting from %(start)s to %(end)s, as of %(as_of)s.") % {
        "scope": scope_name,
        "start": day(params.start),
        "end": day(params.end),
        "as_of": day(params.as_of),
    }
    line(document, lead, align=CENTER, italic=True, space_after=6)


def closing_block(document, header):
    """ "Nơi nhận" on the left, the signature block on the right (HD 36-HD/VPTW)."""
    line(document, space_after=6)
    left, right = borderless(document, (80, TEXT_WIDTH - 80))
    line(left, header["recipients_heading"], bold=True, italic=True, size=12)
    for recipient in header["recipients"]:
        line(left, recipient, size=11)
    for signer in header["signature"]:
        line(right, signer, align=CENTER, bold=True)
    for _blank in range(4):
        line(right)


# --- figures, tables, lists -------------------------------------------------------------------


def figures_block(document, figures, columns=3):
    """The headline figures three a row, each its label over its value, as the print shows."""
    rows = [figures[i : i + columns] for i in range(0, len(figures), columns)]
    table = document.add_table(rows=len(rows), cols=columns, style="Table Grid")
    for row, chunk in zip(table.rows, rows, strict=True):
        keep_together(row)
        for cell, figure in zip(row.cells, chunk, strict=False):
            cell.paragraphs[0].text = ""
            write(cell.paragraphs[0], figure.label, size=10)
            value = percent(figure.value) if figure.is_pct else number(figure.value)
            line(cell, value, bold=True, size=13)


def keep_together(row, *, header=False):
    """A row never split across pages; a header row repeated on each page."""
    properties = row._tr.get_or_add_trPr()
    for name in ("w:cantSplit", *(["w:tblHeader"] if header else [])):
        element = OxmlElement(name)
        element.set(qn("w:val"), "true")
        properties.append(element)


def grid(document, header, rows, widths, *, size, numeric=(), bold_last=False):
    """A bordered table: a repeated header row, then `rows` (lists of cells, each a text or a
    list of lines). Columns in `numeric` are right-aligned, as on the page."""
    table = document.add_table(rows=1 + len(rows), cols=len(header), style="Table Grid")
    set_widths(table, widths)
    for index, row in enumerate(table.rows):
        keep_together(row, header=index == 0)
        cells = header if index == 0 else rows[index - 1]
        bold = index == 0 or (bold_last and index == len(rows))
        for column, (cell, content) in enumerate(zip(row.cells, cells, strict=True)):
            cell.width = Mm(widths[column])
            lines = content if isinstance(content, list) else [content]
            cell.paragraphs[0].text = ""
            align = RIGHT if column in numeric and index else None
            for number_, text in enumerate(lines):
                paragraph = cell.paragraphs[0] if number_ == 0 else cell.add_paragraph()
                paragraph.alignment = CENTER if index == 0 else align
                paragraph.paragraph_format.space_after = Pt(0)
                write(paragraph, str(text), size=size, bold=bold)
    return table


def table_block(document, table):
    """One table of the summary, cell for cell as templates/postings/includes/table.html."""
    heading(document, table.title, level=3)
    header = [table.heading, *([table.note_heading] if table.note_heading else [])]
    header += [str(heading) for heading in table.headings]
    rows = []
    for row in [*table.rows, table.total]:
        cells = [row.label, *([row.note] if table.note_heading else [])]
        rows.append([*cells, number(row.rotations), number(row.persons)])
    if table.note_heading:
        widths = (TEXT_WIDTH - 115, 45, 35, 35)
        rows[-1][1] = ""
    else:
        widths = (TEXT_WIDTH - 70, 35, 35)
    if not table.rows:  # the page's one row across the table
        rows.insert(0, [_("No rotations."), *[""] * (len(header) - 1)])
    numeric = {len(header) - 2, len(header) - 1}
    built = grid(document, header, rows, widths, size=11, numeric=numeric, bold_last=True)
    if not table.rows:
        built.rows[1].cells[0].merge(built.rows[1].cells[-1])
    for row, source in zip(built.rows[1:], table.rows, strict=False):
        if source.indent:
            row.cells[0].paragraphs[0].paragraph_format.left_indent = Mm(4 * source.indent)
    notes(document, table)


def notes(document, table):
    if table.footnote:
        line(document, table.footnote, italic=True, size=11, space_after=2)
    if table.row_count:
        text = ngettext(
            "The first %(shown)s of %(counter)s row are shown; the download holds them all.",
            "The first %(shown)s of %(counter)s rows are shown; the download holds them all.",
            table.row_count,
        ) % {"shown": table.shown, "counter": table.row_count}
        line(document, text, italic=True, size=11, space_after=2)


def listing_header(listing):
    header = [
        _("Cadre"),
        pgettext("place", "From"),
        pgettext("place", "To"),
        _("Start"),
        _("Planned end"),
        _("Decision"),
    ]
    if listing.slug == "exceptions":
        header.append(_("Rules broken and recorded reason"))
    return header


def listing_row(listing, row):
    """A rotation's cells as `{% listing_rows %}` writes them (postings/templatetags)."""
    to = [row.to_unit, *([row.to_position] if row.to_position else [])]
    to += [row.closed_note] if row.closed_note else []
    decision = (row.decision_number or "—") + (
        f", {day(row.decision_date)}" if row.decision_date else ""
    )
    cells = [row.cadre, row.from_unit, to, day(row.start), day(row.planned_end), decision]
    if listing.slug == "exceptions":
        reason = row.exception_reason or _("No reason recorded.")
        cells.append([*row.warning_labels, reason])
    return cells


def listing_block(document, listing):
    """One of the summary's lists, as templates/postings/includes/listing.html."""
    heading(document, f"{listing.title} ({number(listing.count)})", level=3)
    if not listing.postings:
        line(document, _("None."), italic=True, space_after=4)
        return
    header = listing_header(listing)
    if len(header) == 7:
        widths = (22, 22, 26, 19, 19, 22, TEXT_WIDTH - 130)
    else:
        widths = (27, 27, 33, 21, 21, TEXT_WIDTH - 129)
    rows = [listing_row(listing, row) for row in listing.postings]
    grid(document, header, rows, widths, size=10)
    if listing.capped:
        text = _("The first %(shown)s of %(total)s are shown.") % {
            "shown": len(listing.postings),
            "total": listing.count,
        }
        line(document, text, italic=True, size=11, space_after=2)


# --- the sections after the breakdowns (plan against done, what followed the rotations) ----


def later_sections(document, summary):
    """Plan against done, then each of `Summary.sections`, as templates/postings/summary.html."""
    heading(document, _("Plan against done"), level=2)
    for table in summary.plans:
        plan_table_block(document, table)
    plan_open_block(document, summary.plan_open)
    for section in summary.sections:
        heading(document, section.title, level=2)
        for table in section.tables:
            table_block(document, table)
        if section.slug == "danh-gia-kiem-tra":
            findings_block(document, section)


def plan_table_block(document, table):
    """A plan table, as templates/postings/includes/plan_table.html."""
    heading(document, table.title, level=3)
    header = [table.heading, *(str(label) for label in table.column_labels())]
    rows = [
        [row.label, *(number(cell) for cell in row.cells()), percent(row.share_done)]
        for row in [*table.rows, table.total]
    ]
    if not table.rows:
        rows.insert(0, [_("No rotation plan in this scope."), *[""] * (len(header) - 1)])
    widths = (TEXT_WIDTH - 120, 20, 20, 20, 20, 20, 20)
    built = grid(document, header, rows, widths, size=10, numeric=set(range(1, 7)), bold_last=True)
    if not table.rows:
        built.rows[1].cells[0].merge(built.rows[1].cells[-1])
    if table.footnote:
        line(document, table.footnote, italic=True, size=11, space_after=2)


def plan_open_block(document, plan_open):
    """The named plan items not yet decided, as templates/postings/includes/plan_open.html."""
    title = _("Named plan items not yet decided")
    heading(document, f"{title} ({number(plan_open.count)})", level=3)
    if not plan_open.rows:
        line(document, _("None."), italic=True, space_after=4)
        return
    header = [_("Cadre"), _("Year"), _("Intended title and unit"), _("Plan")]
    rows = [[row.cadre, str(row.year), row.target or "—", row.plan] for row in plan_open.rows]
    grid(document, header, rows, (40, 20, 55, TEXT_WIDTH - 115), size=10)
    if plan_open.count > len(plan_open.rows):
        text = _("The first %(shown)s of %(total)s are shown.") % {
            "shown": len(plan_open.rows),
            "total": plan_open.count,
        }
        line(document, text, italic=True, size=11, space_after=2)


def findings_block(document, section):
    """The open inspection findings, as templates/postings/includes/open_findings.html."""
    heading(document, f"{_('Open inspection findings')} ({section.open_count})", level=3)
    if not section.open_findings:
        line(document, _("None."), italic=True, space_after=4)
        return
    header = [
        _("Inspected unit"),
        _("Inspection date"),
        _("Kind of finding"),
        _("What was found wrong"),
        _("Correct by"),
    ]
    rows = [
        [
            finding.unit.name,
            day(finding.date),
            str(finding.get_kind_display()),
            Truncator(finding.finding).words(30),
            day(finding.deadline) or "—",
        ]
        for finding in section.open_findings
    ]
    grid(document, header, rows, (35, 22, 30, TEXT_WIDTH - 109, 22), size=10)
