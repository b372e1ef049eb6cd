"""The Party document form around the summary (HD 36-HD/VPTW): the header, the signature
block and the recipients, for its print (templates/postings/includes/print_header.html,
print_close.html) and its Word file (`postings.reports.word`) alike.

These lines follow the prescribed Vietnamese form, so they stay in Vietnamese in every
interface language. The report is the Organisation Board's ("-BC/BTC…"), signed by its head
("TRƯỞNG BAN"); a commune's Party committee has no board, so its Standing Board reports,
signed on its behalf by the secretary ("T/M BAN THƯỜNG VỤ" over "BÍ THƯ").
"""

from cadres.models import Level

PLACE_PREFIXES = (
    "Thành phố ",
    "Thị trấn ",
    "Thị xã ",
    "Huyện ",
    "Tỉnh ",
    "Phường ",
    "Quận ",
    "Xã ",
)

# The Party committee of a territorial unit, by the word its name starts with (HD 36-HD/VPTW),
# and the short name of its Organisation Board in document numbers.
PARTY_COMMITTEES = [
    ("Tỉnh ", "TỈNH ỦY", "BTCTU"),
    ("Thành phố ", "THÀNH ỦY", "BTCTU"),
    ("Huyện ", "HUYỆN ỦY", "BTCHU"),
    ("Quận ", "QUẬN ỦY", "BTCQU"),
    ("Thị xã ", "THỊ ỦY", "BTCTU"),
]

NUMBER_BLANK = "\u00a0" * 8
CENTRAL = "BAN CHẤP HÀNH TRUNG ƯƠNG"


def place_name(unit):
    name = unit.name
    for prefix in PLACE_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def party_committee(scope):
    """(the Party committee's name in capitals, its board's line, the number's suffix)."""
    place = place_name(scope).upper()
    if scope.level == Level.COMMUNE:
        return f"ĐẢNG ỦY {scope.name.upper()}", "", "ĐU"
    for prefix, committee, board in PARTY_COMMITTEES:
        if scope.name.startswith(prefix):
            return f"{committee} {place}", "BAN TỔ CHỨC", board
    committee = "TỈNH ỦY" if scope.level == Level.PROVINCE else "HUYỆN ỦY"
    return f"{committee} {place}", "BAN TỔ CHỨC", "BTCTU" if committee == "TỈNH ỦY" else "BTCHU"


def date_line(place, as_of):
    """ "Lộc Bình, ngày 12 tháng 8 năm 2012": Decree 30/2020 Art. 9 gives days below 10 and
    months below 3 a leading zero."""
    day = f"{as_of.day:02d}" if as_of.day < 10 else str(as_of.day)
    month = f"{as_of.month:02d}" if as_of.month < 3 else str(as_of.month)
    return f"{place}, ngày {day} tháng {month} năm {as_of.year}"


def signature(board):
    """The signature block's lines over the space left to sign: the Board's head, or the
    Standing Board of a Party committee without one."""
    if board:
        return ["TRƯỞNG BAN"]
    return ["T/M BAN THƯỜNG VỤ", "BÍ THƯ"]


def recipients(scope, issuer, board):
    """ "Nơi nhận": the level above and the committee itself, to report to; the file copy."""
    if scope is None:
        return ["- Bộ Chính trị, Ban Bí thư (để báo cáo),", "- Lưu BTCTW."]
    if not board:
        return ["- Ban Tổ chức cấp ủy cấp trên (để báo cáo),", "- Lưu Văn phòng Đảng ủy."]
    above = "Trung ương" if scope.level == Level.PROVINCE else "Tỉnh ủy"
    committee = issuer.split(" ", 2)
    standing = f"{committee[0]} {committee[1]}".capitalize()
    return [
        f"- Ban Tổ chức {above} (để báo cáo),",
        f"- Thường trực {standing} (để báo cáo),",
        "- Lưu BTC.",
    ]


def document_header(scope, as_of):
    """The Party document form for a scope and as-of date: the Party committee over its
    Organisation Board and the star line, the document number, place and date, the kind of
    document, the signature block and the recipients."""
    if scope is None:
        issuer, board, suffix, place = CENTRAL, "BAN TỔ CHỨC", "BTCTW", "Hà Nội"
    else:
        (issuer, board, suffix), place = party_committee(scope), place_name(scope)
    return {
        "issuer": issuer,
        "board": board,
        # The number is left blank, to be written in when the report is registered.
        "number": f"Số{NUMBER_BLANK}-BC/{suffix}",
        "party": "ĐẢNG CỘNG SẢN VIỆT NAM",
        "date_line": date_line(place, as_of),
        "kind": "BÁO CÁO",
        "signature": signature(board),
        "recipients_heading": "Nơi nhận:",
        "recipients": recipients(scope, issuer, board),
    }
