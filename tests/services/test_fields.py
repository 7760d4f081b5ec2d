from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from banshi.i18n import set_language
from banshi.identity.idnumber import make_id_number
from banshi.services import AnswerError, Question
from banshi.services.fields import display_value, parse_answer

from .conftest import TODAY, question, text

VALID_ID = make_id_number("110101", date(1949, 3, 7), 123)
CHOICES = [
    {"value": "long_term_residence", "label": text("异地长期居住", "Living there long term"),
     "synonyms": {"zh_CN": ["长住"], "en": ["long term"]}},
    {"value": "temporary_visit", "label": text("临时外出就医", "Going for treatment for a while")},
]


def make(qtype: str, **extra: Any) -> Question:
    return Question.model_validate(question("q", qtype, **extra))


def parse(q: Question, raw: str) -> str | None:
    return parse_answer(q, raw, TODAY)


def rejection(q: Question, raw: str, language: str = "zh_CN") -> str:
    with pytest.raises(AnswerError) as caught:
        parse(q, raw)
    assert caught.value.question_id == "q"
    set_language(language)
    return str(caught.value.user_message)


# ----- empty answers

def test_an_empty_answer_to_a_required_question_is_refused_kindly() -> None:
    assert rejection(make("text"), "  \u3000 ") == "这一项必须填写，请回答。"


def test_an_empty_answer_to_an_optional_question_is_skipped() -> None:
    assert parse(make("text", required=False), "   ") is None


# ----- text and address

def test_text_is_trimmed_and_inner_spaces_collapsed() -> None:
    assert parse(make("text"), "  王\u3000 秀英 ") == "王 秀英"


def test_text_longer_than_its_limit_is_refused_with_the_limit() -> None:
    assert rejection(make("text", max_length=4), "一二三四五", "en") == "Please keep this answer to 4 characters or fewer."


def test_an_address_too_short_to_find_is_refused() -> None:
    assert "省、市" in rejection(make("address"), "北京")


def test_a_full_address_is_accepted() -> None:
    assert parse(make("address"), "河北省保定市阜平县龙泉关镇骆驼湾村12号") == "河北省保定市阜平县龙泉关镇骆驼湾村12号"


# ----- numbers

@pytest.mark.parametrize(("raw", "expected"), [("3", "3"), ("３", "3"), (" 12 ", "12"), ("十二", "12"), ("三个", "3"), ("两", "2")])
def test_numbers_accept_ascii_full_width_and_spoken_chinese(raw: str, expected: str) -> None:
    assert parse(make("number", min=0, max=30), raw) == expected


def test_a_number_outside_its_range_names_the_range() -> None:
    assert rejection(make("number", min=1, max=5), "6") == "请填写1到5之间的数字。"


def test_a_word_is_not_a_number() -> None:
    assert rejection(make("number"), "很多", "en") == "Please enter a number using digits, for example 3."


# ----- dates

@pytest.mark.parametrize("raw", ["2024-03-05", "2024/3/5", "2024.03.05", "2024年3月5日", "2024年3月5号", "２０２４年３月５日", "20240305"])
def test_dates_accept_iso_and_common_chinese_forms(raw: str) -> None:
    assert parse(make("date"), raw) == "2024-03-05"


def test_an_impossible_date_is_refused_as_impossible() -> None:
    assert rejection(make("date"), "2023-02-30") == "没有2023年2月30日这一天，请检查一下月份和日子。"


def test_a_leap_day_is_a_real_day() -> None:
    assert parse(make("date"), "2024年2月29日") == "2024-02-29"


def test_a_date_that_is_not_a_date_shows_the_expected_format() -> None:
    assert "2024年3月5日" in rejection(make("date"), "下周三")


def test_a_future_date_is_refused_when_the_question_says_not_after_today() -> None:
    assert rejection(make("date", not_after="today"), "2025-06-03") == "请选择2025年6月2日或以前的日期。"


def test_relative_date_bounds_follow_today() -> None:
    q = make("date", not_before="today+1", not_after="today+30")
    assert parse(q, "2025-07-02") == "2025-07-02"
    assert rejection(q, "2025-07-03", "en") == "Please choose a date on or before 2 July 2025."
    assert rejection(q, "2025-06-02", "en") == "Please choose a date on or after 3 June 2025."


# ----- choices and yes/no

@pytest.mark.parametrize("raw", ["long_term_residence", "异地长期居住", "Living there long term", "living THERE long term", "长住", "long term"])
def test_a_choice_is_found_by_value_label_in_any_language_or_synonym(raw: str) -> None:
    assert parse(make("choice", choices=CHOICES), raw) == "long_term_residence"


def test_an_answer_that_matches_no_choice_is_refused() -> None:
    assert rejection(make("choice", choices=CHOICES), "出国") == "请从屏幕上的选项里选一个。"


@pytest.mark.parametrize(("raw", "expected"), [("是", "yes"), ("是的。", "yes"), ("Yes", "yes"), ("对", "yes"), ("否", "no"), ("没有", "no"), ("NO", "no")])
def test_yes_no_understands_everyday_words(raw: str, expected: str) -> None:
    assert parse(make("yes_no"), raw) == expected


def test_yes_no_refuses_anything_else() -> None:
    assert rejection(make("yes_no"), "也许", "en") == "Please answer yes or no."


# ----- phone numbers

@pytest.mark.parametrize("raw", ["13800138000", "138 0013 8000", "138-0013-8000", "+86 138 0013 8000", "１３８００１３８０００"])
def test_a_mainland_mobile_number_is_normalised_to_eleven_digits(raw: str) -> None:
    assert parse(make("phone"), raw) == "13800138000"


@pytest.mark.parametrize("raw", ["12800138000", "1380013800", "010-62345678", "138001380001", "phone"])
def test_anything_but_a_mainland_mobile_number_is_refused_with_an_example(raw: str) -> None:
    assert rejection(make("phone"), raw) == "请输入11位手机号码，例如 138 0013 8000。"


# ----- ID numbers (the rule itself lives in banshi.identity.idnumber)

def test_a_valid_id_number_is_accepted_with_spaces_and_a_lowercase_x() -> None:
    valid_x = make_id_number("110101", date(1950, 1, 1), 15)
    assert parse(make("id_number"), " ".join([valid_x[:6], valid_x[6:14], valid_x[14:].lower()])) == valid_x
    assert parse(make("id_number"), VALID_ID) == VALID_ID


def test_an_id_number_with_a_wrong_check_digit_is_refused() -> None:
    wrong = VALID_ID[:17] + ("0" if VALID_ID[17] != "0" else "1")
    with pytest.raises(AnswerError) as caught:
        parse(make("id_number"), wrong)
    assert caught.value.user_message.message.startswith("This ID number has a typing mistake")
    assert wrong not in str(caught.value), "the log message must not carry the ID number"


def test_an_id_number_of_the_wrong_length_is_refused() -> None:
    with pytest.raises(AnswerError):
        parse(make("id_number"), VALID_ID[:17])


# ----- display

def test_display_values_follow_the_current_language() -> None:
    choice, yes_no, when = make("choice", choices=CHOICES), make("yes_no"), make("date")
    assert (display_value(choice, "temporary_visit"), display_value(yes_no, "yes"), display_value(when, "2024-03-05")) == (
        "临时外出就医", "是", "2024年3月5日")
    set_language("en")
    assert (display_value(choice, "temporary_visit"), display_value(yes_no, "yes"), display_value(when, "2024-03-05")) == (
        "Going for treatment for a while", "Yes", "5 March 2024")


def test_a_phone_number_is_displayed_in_readable_groups() -> None:
    assert display_value(make("phone"), "13800138000") == "138 0013 8000"


def test_a_skipped_answer_is_displayed_as_not_answered() -> None:
    assert display_value(make("text", required=False), None) == "未填写"
