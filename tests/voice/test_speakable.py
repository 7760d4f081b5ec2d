"""What the voice is given to say: numbers, dates, ID and phone numbers, references and letters, per language."""

from __future__ import annotations

import pytest

from banshi.voice.reading_zh import cardinal
from banshi.voice.speakable import Reading, SpeechLanguage, said, shown, speakable

MANDARIN, CANTONESE, ENGLISH = SpeechLanguage.MANDARIN, SpeechLanguage.CANTONESE, SpeechLanguage.ENGLISH


@pytest.mark.parametrize(("number", "han"), [
    (0, "零"), (2, "二"), (10, "十"), (12, "十二"), (20, "二十"), (105, "一百零五"), (110, "一百一十"),
    (1005, "一千零五"), (1010, "一千零一十"), (2026, "二千零二十六"), (10000, "一万"), (100005, "十万零五"),
    (120000, "十二万"), (100000001, "一亿零一"), (-3, "负三"),
])
def test_numbers_are_written_out_in_han_numerals_with_every_zero_espeak_would_drop(number: int, han: str) -> None:
    assert cardinal(number) == han


@pytest.mark.parametrize(("text", "mandarin"), [
    ("2026年12月8日", "二零二六年十二月八日"),
    ("请在2026-12-08前办理", "请在二零二六年十二月八日前办理"),
    ("说一个1到30之间的数。", "说一个一到三十之间的数。"),
    ("3号窗口", "三号窗口"),
    ("2个工作日", "两个工作日"),
    ("9:05开门", "九点零五分开门"),
    ("3.5元", "三点五元"),
    ("50%", "百分之五十"),
    ("¥120", "一百二十元"),
    ("10000元", "一万元"),
    ("１２３", "一百二十三"),  # full-width digits: espeak says nothing at all for them
    ("导出到U盘", "导出到 U 盘"),
    ("PIN码", "P I N 码"),  # spelled: as a word the pinyin voice would read it as "pin"
    ("锁定 (Ctrl+L)", "锁定 C T R L 加 L"),
    ("A012号", "A 零 幺 二 号"),
    ("请拨13800138000", "请拨幺 三 八，零 零 幺 三，八 零 零 零"),
    ("身份证110101199003071234", "身份证幺 幺 零 幺 零 幺，幺 九 九 零 零 三 零 七，幺 二 三 四"),
    ("138****1234", "幺 三 八，幺 二 三 四"),
])
def test_mandarin_text_is_given_to_the_voice_in_forms_it_reads_in_mandarin(text: str, mandarin: str) -> None:
    assert speakable(text, MANDARIN) == mandarin


@pytest.mark.parametrize(("value", "reading", "mandarin"), [
    ("13800138000", Reading.PHONE, "幺 三 八，零 零 幺 三，八 零 零 零"),
    ("0571-88886666", Reading.PHONE, "零 五 七 幺，八 八 八 八，六 六 六 六"),
    ("11010119900307123X", Reading.ID_NUMBER, "幺 幺 零 幺 零 幺，幺 九 九 零 零 三 零 七，幺 二 三 X"),
    ("BS-7K3M-9QXD", Reading.REFERENCE, "B S，七 K 三 M，九 Q X D"),
    ("2026-12-08", Reading.DATE, "二零二六年十二月八日"),
    ("30", Reading.NUMBER, "三十"),
    ("12345678", Reading.DIGITS, "幺 二 三 四，五 六 七 八"),
])
def test_a_value_marked_with_its_kind_is_read_the_way_people_say_that_kind(
    value: str, reading: Reading, mandarin: str
) -> None:
    assert speakable(said(value, reading), MANDARIN) == mandarin


def test_cantonese_gets_han_numerals_a_plain_one_and_jyutping_letter_names() -> None:
    assert speakable(said("BS-7K3M-9QXD", Reading.REFERENCE), CANTONESE) == (
        "bi1 e1 si2，七 kei1 三 em1，九 kiu1 ek1 si2 di1")
    assert speakable("2026年12月8日，3号窗口", CANTONESE) == "二零二六年十二月八日,三号窗口"
    assert speakable(said("13800138000", Reading.PHONE), CANTONESE) == "一 三 八，零 零 一 三，八 零 零 零"


@pytest.mark.parametrize(("text", "english"), [
    ("Saved. Your reference number is BS-7K3M-9QXD.", "Saved. Your reference number is B S, 7 K 3 M, 9 Q X D."),
    ("Apply before 2026-12-08.", "Apply before 8 December 2026."),
    ("Call 13800138000.", "Call 1 3 8, 0 0 1 3, 8 0 0 0."),
    ("Say a number from 1-30.", "Say a number from 1 to 30."),
    ("Wi-Fi and a follow-up on the 2nd", "Wi-Fi and a follow-up on the 2nd"),
    ("Tap 中文 to switch", "Tap to switch"),  # an English voice would say "Chinese letter" for each character
])
def test_english_keeps_words_and_quantities_and_spells_out_codes(text: str, english: str) -> None:
    assert speakable(text, ENGLISH) == english


def test_a_marked_value_survives_formatting_and_shows_without_its_mark() -> None:
    text = "您的编号是{reference}。".format(reference=said("BS-7K3M-9QXD", Reading.REFERENCE))
    assert shown(text) == "您的编号是BS-7K3M-9QXD。"
    assert speakable(text, MANDARIN) == "您的编号是B S，七 K 三 M，九 Q X D。"


def test_a_typed_value_cannot_forge_a_mark_or_an_espeak_command() -> None:
    forged = said("\ue000phone\ue001138\ue002\x01450S", Reading.TEXT)
    assert "\x01" not in speakable(forged, MANDARIN) and "\ue000" not in speakable(forged, MANDARIN)
    assert speakable("Wang \x01450S Sun", None) == "Wang  450S Sun"


def test_characters_the_voice_cannot_say_become_pauses_not_code_points() -> None:
    assert speakable("𠮷祥", MANDARIN) == "，祥"  # outside the BMP espeak reads "u20bb7" aloud
    assert speakable("a@b", MANDARIN) == "A ， B"  # "@" would switch to English
