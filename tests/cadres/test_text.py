import unicodedata

from registry.text import nfc, search_key


def test_nfc_composes_decomposed_vietnamese():
    typed = unicodedata.normalize("NFD", "Nguyễn Thị Hường")
    assert typed != "Nguyễn Thị Hường"
    assert nfc(typed) == "Nguyễn Thị Hường"


def test_nfc_strips_surrounding_space_and_leaves_other_values():
    assert nfc("  Lộc Bình ") == "Lộc Bình"
    assert nfc(None) is None


def test_search_key_drops_diacritics_case_and_reads_d_stroke_as_d():
    assert search_key("Nguyễn Văn Đức") == "nguyen van duc"
    assert search_key("ĐỒNG BỤC") == "dong buc"


def test_search_key_is_the_same_for_nfc_and_nfd_input():
    text = "Hoàng Thị Huệ"
    assert search_key(unicodedata.normalize("NFD", text)) == search_key(text) == "hoang thi hue"


def test_search_key_folds_white_space():
    assert search_key("  Lăng   Văn\tSơn ") == "lang van son"
