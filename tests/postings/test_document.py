"""The Party document form of the summary's print and Word file (HD 36-HD/VPTW)."""

import datetime

from postings.reports.document import document_header


def test_document_header_of_the_whole_country_is_the_central_boards():
    header = document_header(None, datetime.date(2012, 8, 12))
    assert (header["issuer"], header["board"]) == ("BAN CHẤP HÀNH TRUNG ƯƠNG", "BAN TỔ CHỨC")
    assert header["number"].endswith("-BC/BTCTW")
    assert header["date_line"] == "Hà Nội, ngày 12 tháng 8 năm 2012"
    assert header["signature"] == ["TRƯỞNG BAN"]
    assert header["recipients"][-1] == "- Lưu BTCTW."


def test_document_header_of_a_province_reports_to_the_central_board(register):
    header = document_header(register.province, datetime.date(2012, 8, 12))
    assert (header["issuer"], header["board"]) == ("TỈNH ỦY LẠNG SƠN", "BAN TỔ CHỨC")
    assert header["recipients"][:2] == [
        "- Ban Tổ chức Trung ương (để báo cáo),",
        "- Thường trực Tỉnh ủy (để báo cáo),",
    ]


def test_document_date_line_gives_small_days_and_months_a_leading_zero(register):
    # Decree 30/2020 Art. 9: days below 10 and months below 3.
    lines = [
        document_header(register.district, datetime.date(2012, month, day))["date_line"]
        for day, month in ((5, 2), (5, 3), (12, 11))
    ]
    assert lines == [
        "Lộc Bình, ngày 05 tháng 02 năm 2012",
        "Lộc Bình, ngày 05 tháng 3 năm 2012",
        "Lộc Bình, ngày 12 tháng 11 năm 2012",
    ]
