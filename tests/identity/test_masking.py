import pytest

from banshi.identity.masking import mask_id_number, mask_name, mask_phone


def test_an_id_number_keeps_only_its_first_three_and_last_four_characters() -> None:
    assert mask_id_number("110101199003071234") == "110***********1234"


def test_a_mobile_number_keeps_its_first_three_and_last_four_digits() -> None:
    assert mask_phone("13800131234") == "138****1234"


def test_a_phone_with_country_prefix_and_dashes_is_masked_the_same_way() -> None:
    assert mask_phone("+86 138-0013-1234") == "138****1234"


@pytest.mark.parametrize(
    ("name", "masked"),
    [("张三华", "张*华"), ("张三", "张*"), ("欧阳娜娜", "欧**娜"), ("李", "*"), ("买买提·艾力", "买**")],
)
def test_chinese_names_keep_the_surname_and_at_most_the_last_character(name: str, masked: str) -> None:
    assert mask_name(name) == masked


def test_latin_names_keep_each_initial_and_hide_the_length() -> None:
    assert mask_name("Wang Fang") == "W*** F***"
    assert mask_name("  Li ") == "L***"


def test_too_short_values_are_entirely_masked() -> None:
    assert mask_id_number("1234") == "****"
    assert mask_name("") == ""
