"""Spreadsheet import and export: what every kind of record shares.

One code path for the admin (upload, preview, confirm) and `manage.py import_records`.
Every row runs inside one transaction, each in its own savepoint (unless its importer writes
nothing a row could leave half-done: `Importer.row_savepoint`), through the same validation
as the forms; a preview is the same run rolled back, so it reports exactly what confirming
would do. If any row fails nothing is saved. Each app defines its importers
(`cadres/imports.py`, `postings/imports.py`); an admin names its own with `importer`.

The files use fixed Vietnamese headers and values (the spreadsheets offices keep), matched
without regard to case, diacritics, punctuation or surrounding spaces.
"""

import contextlib
import time
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from registry.dates import birth_from_year, in_bounds
from registry.scopes import NATIONAL, scope_unit
from registry.spreadsheets import (
    SpreadsheetError,
    cell_text,
    header_key,
    parse_date,
    read_sheet,
    write_sheet,
)
from registry.text import nfc

YES, NO = "Có", "Không"
YES_WORDS = {"co", "x", "1", "yes", "true", "c", "v"}
NO_WORDS = {"khong", "0", "no", "false", "k", ""}


@dataclass
class Column:
    """One column of a kind's file: its header, what the import accepts, what the export writes.

    One definition gives the import's header row, the template and the export.
    """

    key: str
    header: str
    required: bool = False
    values: dict = None  # allowed values, code → Vietnamese word
    kind: str = "text"  # text, date, flag, choice
    # Where the export reads the value: a dotted path from the record (default: `key`).
    source: str = ""

    @property
    def path(self):
        return (self.source or self.key).split(".")

    def export(self, obj):
        """The cell for this record, as the import reads it back."""
        value = obj
        for name in self.path:
            if value is None:
                return ""  # an empty link, e.g. no parent unit
            value = getattr(value, name)
        if self.kind == "flag":
            return self.values[bool(value)]
        if self.kind == "choice":
            return self.values.get(value, value) if value else ""
        return value


class RowFailed(Exception):
    """The row has errors; its savepoint is rolled back."""


class Row:
    """One spreadsheet row being read: typed values, and the errors and notes it collects."""

    def __init__(self, importer, number, values):
        self.importer, self.number, self.values = importer, number, values
        self.errors, self.notes = [], []
        # The id of a record saved with rule warnings (and their reasons), for the message.
        self.warned = None

    def has(self, key):
        return key in self.values

    def error(self, key, message):
        self.errors.append((self.importer.header(key), str(message)))

    def check(self):
        if self.errors:
            raise RowFailed

    def text(self, key, required=False):
        value = cell_text(self.values.get(key))
        if required and not value:
            self.error(key, _("This column must not be empty."))
        return value

    def date(self, key, required=False):
        raw = self.values.get(key)
        if raw is None or cell_text(raw) == "":
            if required:
                self.error(key, _("Enter the date as dd/mm/yyyy, e.g. 12/08/2012."))
            return None
        try:
            return parse_date(raw)
        except ValueError as error:
            self.error(key, error.args[0])
            return None

    def birth_date(self, key, required=False):
        """A date of birth; a year alone stands for 01/01 of it (Decree 135/2020 Art. 4)."""
        day = year_only(self.values.get(key))
        if day:
            self.notes.append(
                _("Only the year of birth is known: %(day)s is used, as Decree 135/2020 says.")
                % {"day": f"{day:%d/%m/%Y}"}
            )
            return day
        return self.date(key, required)

    def choice(self, key, words, required=False, default="", aliases=None):
        """The code of the word written; `aliases` maps older words to codes."""
        text = self.text(key)
        if not text:
            if required:
                allowed = ", ".join(words.values())
                self.error(key, _("Choose one of: %(values)s.") % {"values": allowed})
            return default
        wanted = header_key(text)
        for code, word in [*words.items(), *((c, w) for w, c in (aliases or {}).items())]:
            if wanted in (header_key(word), header_key(code)):
                return code
        self.error(
            key,
            _("“%(value)s” is not allowed here. Write one of: %(values)s.")
            % {"value": text, "values": ", ".join(words.values())},
        )
        return default

    def flag(self, key):
        text = header_key(self.text(key))
        if text in YES_WORDS:
            return True
        if text not in NO_WORDS:
            self.error(key, _("Write “Có” or “Không”."))
        return False


def year_only(value):
    """01/01 of the year when a cell holds a year alone (1961), else None."""
    text = cell_text(value)
    if text.isdigit() and len(text) == 4 and in_bounds(birth_from_year(int(text))):
        return birth_from_year(int(text))
    return None


@dataclass
class RowResult:
    number: int
    status: str
    label: str = ""
    errors: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    warned: int | None = None

    def as_json(self):
        return {
            "number": self.number,
            "status": self.status,
            "label": self.label,
            "errors": [list(error) for error in self.errors],
            "notes": list(self.notes),
            "warned": self.warned,
        }


@dataclass
class ImportResult:
    kind: str
    file_name: str
    rows: list = field(default_factory=list)
    refused: str = ""
    saved: bool = False
    seconds: float = 0.0

    STATUSES = ("new", "updated", "unchanged", "error")

    @classmethod
    def of_batch(cls, batch):
        """The result a finished run kept on its batch (`ImportBatch.record`)."""
        rows = [RowResult(**row) for row in batch.report]
        refused = batch.errors[0] if batch.errors and not rows else ""
        result = cls(kind=batch.kind, file_name=batch.file_name, rows=rows, refused=refused)
        result.saved, result.seconds = batch.status == batch.Status.IMPORTED, batch.seconds
        return result

    @property
    def counts(self):
        counts = dict.fromkeys(self.STATUSES, 0)
        for row in self.rows:
            counts[row.status] += 1
        return counts

    @property
    def warned(self):
        """The ids of the records saved with rule warnings (each with its recorded reason)."""
        return [row.warned for row in self.rows if row.warned]

    @property
    def ok(self):
        return not self.refused and bool(self.rows) and self.counts["error"] == 0

    def error_lines(self):
        """Every error as one sentence naming the row and the column."""
        lines = [self.refused] if self.refused else []
        for row in self.rows:
            for column, message in row.errors:
                lines.append(
                    _("Row %(row)s, column “%(column)s”: %(message)s")
                    % {"row": row.number, "column": column or "—", "message": message}
                )
        return lines


class Importer:
    """What every kind shares: header matching, duplicates, applying values, saving with history."""

    kind = ""
    title = ""
    columns = []
    field_columns = {}
    # The export's row order (default: the model's ordering).
    export_order = ()
    # What the rows look up (units, titles, cadres…), loaded once per file.
    lookups_class = None
    # Each row in a savepoint of its own, so that a refused row's writes are undone. An
    # importer whose rows keep what they create for `finish`, and write only through
    # functions that hold a savepoint of their own, turns it off: two statements a row less.
    row_savepoint = True

    def __init__(self, *, user, file_name=""):
        self.user = user
        self.file_name = file_name
        self.lookups = self.lookups_class(user) if self.lookups_class else None
        self.seen = {}
        self.national = user is not None and scope_unit(user) is NATIONAL
        self.pending = []

    def header(self, key):
        for column in self.columns:
            if column.key == key:
                return column.header
        return ""

    def map_headers(self, headers):
        """Column index → key; refuse a file whose required headers are missing."""
        by_key = {header_key(column.header): column.key for column in self.columns}
        mapping = {}
        for index, header in enumerate(headers):
            key = by_key.get(header_key(header))
            if key and key not in mapping.values():
                mapping[index] = key
        missing = [c.header for c in self.columns if c.required and c.key not in mapping.values()]
        if missing:
            raise SpreadsheetError(
                _(
                    "The header row (the first row) lacks the columns: %(missing)s. Download the "
                    "template for %(kind)s and copy your data under its headers."
                )
                % {"missing": ", ".join(missing), "kind": self.title}
            )
        return mapping

    def prepare(self, rows):
        """Load in bulk what the rows will look up."""

    def check_duplicate(self, row, identity, what):
        earlier = self.seen.get(identity)
        if earlier:
            row.error(
                "",
                _("This row repeats row %(row)s (the same %(what)s). Delete one of them.")
                % {"row": earlier, "what": what},
            )
            raise RowFailed
        self.seen[identity] = row.number

    def apply(self, obj, values):
        """Set the values; return True when any differs from what is stored."""
        changed = False
        for name, value in values.items():
            model_field = obj._meta.get_field(name)
            if model_field.is_relation:
                current = getattr(obj, model_field.attname)
                new = value.pk if value is not None else None
                if value is not None and current == new:
                    # The same row, as looked up: the checks read it without a query.
                    setattr(obj, name, value)
            else:
                current, new = getattr(obj, name), nfc(value)
                if isinstance(new, str) and current is None:
                    current = ""
            if current != new:
                changed = True
                setattr(obj, name, value)
        return changed

    def save(self, obj):
        obj._history_user = self.user
        obj._change_reason = self.change_reason()
        obj.full_clean()
        obj.save()

    def change_reason(self):
        return (_("Imported from %(file)s") % {"file": self.file_name})[:100]

    def process(self, row):
        """Validate and save one row; return (status, label)."""
        raise NotImplementedError

    def store(self, obj, values, *, identity, label, add):
        """Save a row's record: new, updated, or unchanged when no value differs.

        An existing record keeps its `identity` field as spelled on record; a new one joins
        the look-ups through `add` once its row's savepoint is kept.
        """
        status = "new" if obj.pk is None else "updated"
        if obj.pk:
            del values[identity]
        if not self.apply(obj, values):
            return "unchanged", label
        self.save(obj)
        if status == "new":
            self.pending.append((add, obj))
        return status, label

    def batch(self):
        """A context around the whole run: work an importer does once per file at its end."""
        return contextlib.nullcontext()

    def finish(self, result):
        """Every row of the file passed: write what was kept for one write (bulk inserts).

        Runs in the import's transaction, for a preview too (rolled back with it), so the
        preview reports what confirming would do.
        """

    def on_saved(self):
        """The row's savepoint was kept: its new objects join the look-ups."""
        for add, obj in self.pending:
            add(obj)
        self.pending = []

    def export_queryset(self, queryset):
        """The records to export, with the related rows the columns read, in file order."""
        related = {".".join(c.path[:-1]) for c in self.columns if len(c.path) > 1}
        if related:
            queryset = queryset.select_related(*sorted(related))
        return queryset.order_by(*self.export_order) if self.export_order else queryset

    def export_row(self, obj):
        return [column.export(obj) for column in self.columns]

    def optional(self, row, values, key, value):
        """Set a value only when the file has its column, so absent columns keep stored data."""
        if row.has(key):
            values[key] = value


def import_records(*, importer, data, file_name, user, commit, progress=None, on_saved=None):
    """Read a spreadsheet and save its rows, all or none; with commit=False, only preview.

    `progress(done, total, errors)` is called after each row; `on_saved(result)` inside the
    transaction that saves, so what it writes is saved with the rows or not at all.
    """
    began = time.monotonic()
    kind = importer.kind
    importer = importer(user=user, file_name=file_name)
    result = ImportResult(kind=kind, file_name=file_name)
    try:
        sheet = read_sheet(data=data, file_name=file_name)
        mapping = importer.map_headers(sheet.headers)
    except SpreadsheetError as error:
        result.refused = error.message
        return result
    if not sheet.rows:
        result.refused = _("The file has a header row but no data. Add rows under the headers.")
        return result
    rows = [
        (number, {key: values[index] for index, key in mapping.items() if index < len(values)})
        for number, values in sheet.rows
    ]
    errors = 0
    with transaction.atomic(), importer.batch():
        importer.prepare(rows)
        for done, (number, values) in enumerate(rows, start=1):
            result.rows.append(run_row(importer, number, values))
            errors += result.rows[-1].status == "error"
            if progress:
                progress(done, len(rows), errors)
        if result.ok:
            finish(importer, result)
        result.saved = commit and result.ok
        result.seconds = time.monotonic() - began
        if result.saved and on_saved:
            on_saved(result)
        if not result.saved:
            transaction.set_rollback(True)
    result.seconds = time.monotonic() - began
    return result


def finish(importer, result):
    """Every row passed: the importer writes what it kept for the whole file (in bulk)."""
    try:
        with transaction.atomic():
            importer.finish(result)
    except DatabaseError as error:
        result.refused = _("The rows could not be saved: %(error)s") % {"error": error}


def run_row(importer, number, values):
    """One row in its own savepoint: kept when it succeeds, rolled back with its errors."""
    row = Row(importer, number, values)
    importer.pending = []
    savepoint = transaction.atomic() if importer.row_savepoint else contextlib.nullcontext()
    try:
        with savepoint:
            status, label = importer.process(row)
            row.check()
    except RowFailed:
        return RowResult(number, "error", errors=row.errors, notes=row.notes)
    except ValidationError as error:
        for name, messages in getattr(error, "message_dict", {"": error.messages}).items():
            column = importer.header(importer.field_columns.get(name, ""))
            for message in messages:
                row.errors.append((column, message))
        return RowResult(number, "error", errors=row.errors, notes=row.notes)
    except DatabaseError as error:
        row.errors.append(("", _("The row could not be saved: %(error)s") % {"error": error}))
        return RowResult(number, "error", errors=row.errors, notes=row.notes)
    importer.on_saved()
    return RowResult(number, status, label=label, notes=row.notes, warned=row.warned)


def export_records(*, importer, queryset, file_format):
    """The rows of this queryset as a spreadsheet with the import template's headers."""
    importer = importer(user=None)
    headers = [column.header for column in importer.columns]
    rows = (importer.export_row(obj) for obj in importer.export_queryset(queryset).iterator(2000))
    title = str(importer.title)
    return write_sheet(headers=headers, rows=rows, file_format=file_format, title=title)


def template_file(*, importer, file_format):
    """An empty spreadsheet with the headers, and in Excel a guide sheet of allowed values."""
    importer = importer(user=None)
    headers = [column.header for column in importer.columns]
    notes = [(_("Column"), _("Required"), _("What to write"))]
    hints = {
        "date": _("A date: dd/mm/yyyy, e.g. 12/08/2012"),
        "flag": _("Có or Không"),
        "text": "",
    }
    for column in importer.columns:
        hint = hints.get(column.kind, "")
        if column.values and column.kind == "choice":
            hint = ", ".join(column.values.values())
        notes.append((column.header, YES if column.required else "", hint))
    return write_sheet(
        headers=headers, rows=[], file_format=file_format, title=str(importer.title), notes=notes
    )
