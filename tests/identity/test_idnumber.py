from datetime import date

import pytest

from banshi.i18n import LazyText
from banshi.identity.idnumber import (
    IdNumber,
    InvalidIdNumberError,
    check_character,
    make_id_number,
    validate_id_number,
)

# A widely published sample number whose check digit is X.
KNOWN_VALID_WITH_X = "11010519491231002X"


def test_a_generated_number_validates_and_reads_back_its_parts() -> None:
    number = make_id_number("440305", date(1985, 6, 1), 37)
    parsed = validate_id_number(number)
    assert parsed == IdNumber(value=number, region_code="440305", birth_date=date(1985, 6, 1), sex="male")


def test_an_even_sequence_means_female() -> None:
    assert validate_id_number(make_id_number("110101", date(1990, 3, 7), 124)).sex == "female"


def test_a_published_sample_with_check_character_x_is_valid() -> None:
    assert validate_id_number(KNOWN_VALID_WITH_X).birth_date == date(1949, 12, 31)


def test_a_lowercase_x_is_accepted_and_normalised() -> None:
    assert validate_id_number(KNOWN_VALID_WITH_X.lower()).value == KNOWN_VALID_WITH_X


def test_surrounding_spaces_and_full_width_digits_are_normalised() -> None:
    number = make_id_number("310101", date(2001, 1, 31), 5)
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in number)
    assert validate_id_number(f"  {full_width} ").value == number


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "format"),
        ("1101011990030712", "format"),
        ("11010119900307123Y", "format"),
        ("99" + make_id_number("110101", date(1990, 3, 7), 1)[2:], "region"),
        ("110101199002301230", "birth_date"),
        ("110101189912311230", "birth_date"),
    ],
)
def test_invalid_numbers_are_rejected_with_the_rule_they_break(text: str, reason: str) -> None:
    with pytest.raises(InvalidIdNumberError) as caught:
        validate_id_number(text)
    assert caught.value.reason == reason
    assert isinstance(caught.value.user_message, LazyText)


def test_february_30th_is_not_a_birth_date_even_with_a_correct_check_digit() -> None:
    first17 = "11010119900230123"
    with pytest.raises(InvalidIdNumberError, match="birth_date"):
        validate_id_number(first17 + check_character(first17))


def test_a_birth_date_in_the_future_is_rejected() -> None:
    first17 = "11010120990101123"
    with pytest.raises(InvalidIdNumberError) as caught:
        validate_id_number(first17 + check_character(first17))
    assert caught.value.reason == "birth_date"


def test_the_future_is_judged_against_the_given_day() -> None:
    number = make_id_number("110101", date(2020, 5, 5), 1)
    with pytest.raises(InvalidIdNumberError):
        validate_id_number(number, today=date(2020, 5, 4))
    assert validate_id_number(number, today=date(2020, 5, 5))


def test_a_wrong_check_digit_is_rejected() -> None:
    number = make_id_number("110101", date(1990, 3, 7), 123)
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    with pytest.raises(InvalidIdNumberError) as caught:
        validate_id_number(wrong)
    assert caught.value.reason == "check_digit"


def test_a_single_changed_digit_is_caught_by_the_check_digit() -> None:
    number = make_id_number("110101", date(1990, 3, 7), 123)
    changed = number[:15] + str((int(number[15]) + 1) % 10) + number[16:]
    with pytest.raises(InvalidIdNumberError, match="check_digit"):
        validate_id_number(changed)


def test_making_a_number_refuses_an_unknown_province_or_a_bad_sequence() -> None:
    with pytest.raises(ValueError):
        make_id_number("990101", date(1990, 1, 1), 1)
    with pytest.raises(ValueError):
        make_id_number("110101", date(1990, 1, 1), 1000)
