"""Reading the HTML the registry sends: form fields as a browser would submit them."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.data, self._select, self._textarea, self._option = {}, None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "image", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            self.data.setdefault(name, []).append(attrs.get("value") or default)
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.data.setdefault(self._select, []).append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data.setdefault(name, []).append("")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][-1] += data.removeprefix("\n")


def form_data(html):
    """The fields of the page's forms as {name: value or [values]}, as a browser sends them."""
    reader = _FormReader()
    reader.feed(html)
    return {
        name: values[0] if len(values) == 1 or name == "csrfmiddlewaretoken" else values
        for name, values in reader.data.items()
    }


class _TableReader(HTMLParser):
    """Every <table> with its attributes and its rows' cell texts (thead, tbody, tfoot in order).

    A cell's text is its words with single spaces, its lines (<br>, <p>, <li>) apart by one
    space, as a reader sees them; a cell spanning columns is one cell.
    """

    BREAKS = {"br", "p", "li", "ul", "div"}

    def __init__(self):
        super().__init__()
        self.tables, self._stack = [], []

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            table = {"attrs": dict(attrs), "rows": []}
            self.tables.append(table)
            self._stack.append(table)
        elif not self._stack:
            return
        elif tag == "tr":
            self._stack[-1]["rows"].append([])
        elif tag in ("th", "td"):
            self._stack[-1]["rows"][-1].append([])
        elif tag in self.BREAKS:
            self.handle_data(" ")

    def handle_endtag(self, tag):
        if tag == "table" and self._stack:
            self._stack.pop()
        elif self._stack and tag in self.BREAKS:
            self.handle_data(" ")

    def handle_data(self, data):
        rows = self._stack[-1]["rows"] if self._stack else None
        if rows and rows[-1]:
            rows[-1][-1].append(data)


def cell_text(text):
    """Words with single spaces: how the tests compare a page's cell with a file's."""
    return " ".join(text.split())


def tables(html):
    """The page's tables as [{"attrs": {...}, "rows": [[cell text, ...], ...]}] in page order."""
    reader = _TableReader()
    reader.feed(html)
    for table in reader.tables:
        table["rows"] = [[cell_text("".join(cell)) for cell in row] for row in table["rows"]]
    return reader.tables
