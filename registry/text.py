"""Text normalisation for Vietnamese input.

Vietnamese arrives as NFC or NFD depending on the input method (Unikey, macOS, phones).
Everything is stored as NFC; names also get a search key without diacritics so that
"nguyen van a" finds "Nguyễn Văn A" on SQLite and PostgreSQL alike.
"""

import unicodedata


def nfc(value):
    """Return the text in NFC form with surrounding white space removed; leave non-text alone."""
    if not isinstance(value, str):
        return value
    return unicodedata.normalize("NFC", value).strip()


def search_key(value):
    """Return lower-case text without diacritics, with đ read as d and spaces folded."""
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFD", value.casefold().replace("đ", "d"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.split())
