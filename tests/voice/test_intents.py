from __future__ import annotations

import pytest

from banshi.voice.errors import TemplateError
from banshi.voice.intents import grammar, load_intents, match, match_choice
from banshi.voice.templates import Slot, expand

SERVICES = {
    "pension_certification": ["养老认证", "养老金认证", "pension certification", "pension check"],
    "id_card": ["补办身份证", "身份证", "id card"],
}


def test_a_template_expands_alternatives_optionals_and_slots() -> None:
    assert expand("[我] (办|办理) {service}") == [
        ("我", "办", Slot("service")), ("我", "办理", Slot("service")), ("办", Slot("service")), ("办理", Slot("service"))
    ]


@pytest.mark.parametrize("broken", ["(是|对", "是]", "{service", "[]"])
def test_a_broken_template_is_an_error_naming_it(broken: str) -> None:
    with pytest.raises(TemplateError):
        expand(broken)


@pytest.mark.parametrize(
    ("heard", "intent"),
    [("是 的", "yes"), ("对", "yes"), ("好 的", "yes"), ("不 对", "no"), ("返回", "back"), ("帮助", "help"),
     ("再 说 一 遍", "repeat"), ("请 再 说 一 次", "repeat"), ("重新 开始", "start_over"), ("结束", "finish")],
)
def test_mandarin_commands_in_vosks_spaced_form_are_understood(heard: str, intent: str) -> None:
    found = match(heard, "zh_CN")
    assert (found.name, found.confidence) == (intent, 1.0)


def test_a_spoken_service_name_chooses_that_service() -> None:
    found = match("我 要 办 养老 认证", "zh_CN", SERVICES)
    assert (found.name, found.slots) == ("choose_service", {"service": "pension_certification"})


def test_a_near_homophone_matches_by_pinyin_with_less_than_full_confidence() -> None:
    found = match("我 要 办 样老 认真", "zh_CN", SERVICES)
    assert found.slots == {"service": "pension_certification"}
    assert 0.8 <= found.confidence < 1.0
    assert match("在 说 一 边", "zh_CN").name == "repeat"


def test_flat_and_retroflex_initials_count_as_near_sounds() -> None:
    assert match("补办 身份 镇", "zh_CN", SERVICES).slots == {"service": "id_card"}


@pytest.mark.parametrize("heard", ["今天 天气 很 好", "我 想 吃 饺子", "", "[unk]"])
def test_mandarin_outside_the_grammar_is_not_understood(heard: str) -> None:
    assert not match(heard, "zh_CN", SERVICES).understood


@pytest.mark.parametrize(("heard", "digits"), [("一 三 八 零 零 一 三", "1380013"), ("幺 三 八", "138"),
                                               ("我 的 号码 是 两 五", "25"), ("选 三", "3")])
def test_spoken_mandarin_digits_become_a_digit_string(heard: str, digits: str) -> None:
    found = match(heard, "zh_CN")
    assert (found.name, found.slots) == ("digits", {"digits": digits})


def test_digits_heard_as_other_characters_with_the_same_sound_still_count() -> None:
    found = match("依 三 吧", "zh_CN")
    assert (found.name, found.slots["digits"]) == ("digits", "138") and found.confidence < 1.0


@pytest.mark.parametrize(
    ("heard", "intent"),
    [("yes", "yes"), ("That is right", "yes"), ("no thanks", "no"), ("go back", "back"), ("say it again please", "repeat"),
     ("start over", "start_over"), ("I am done", "finish"), ("help me", "help")],
)
def test_english_commands_are_understood(heard: str, intent: str) -> None:
    assert match(heard, "en").name == intent


def test_english_services_digits_and_rejections() -> None:
    assert match("i want to renew id card", "en", SERVICES).slots == {"service": "id_card"}
    assert match("pension certificate", "en", SERVICES).slots == {"service": "pension_certification"}
    assert match("my number is one three eight oh", "en").slots == {"digits": "1380"}
    assert not match("what is the weather like", "en", SERVICES).understood


def test_a_question_choice_is_matched_from_its_labels_and_synonyms() -> None:
    choices = {"male": ["男", "男性"], "female": ["女", "女性"]}
    assert match_choice("我 选 女性", choices, "zh_CN").slots == {"choice": "female"}
    assert not match_choice("今天 天气 很 好", choices, "zh_CN").understood
    assert match_choice("I choose woman", {"male": ["man"], "female": ["woman"]}, "en").slots == {"choice": "female"}


def test_choices_that_sound_alike_are_not_guessed() -> None:
    # 是 and 十 differ only by tone; asking again beats picking one.
    assert not match_choice("四", {"a": ["是"], "b": ["十"]}, "zh_CN").understood


def test_the_grammar_and_the_matcher_come_from_the_same_templates() -> None:
    for language, digit in (("zh_CN", "三"), ("en", "three")):
        phrases = grammar(language, SERVICES)
        assert "[unk]" in phrases
        for phrase in phrases[:-1]:
            # Words around {digits} are grammar phrases of their own; they mean something next to a digit.
            readings = (phrase, f"{phrase} {digit}", f"{digit} {phrase}")
            assert any(match(r, language, SERVICES).understood for r in readings), phrase


def test_every_intent_the_brief_names_exists_in_both_languages() -> None:
    needed = {"yes", "no", "back", "help", "repeat", "start_over", "finish", "digits", "choose_service", "choice"}
    assert needed <= set(load_intents("zh_CN").intents) and needed <= set(load_intents("en").intents)


def test_an_id_number_ending_in_x_can_be_said_digit_by_digit() -> None:
    heard = match("幺 幺 零 幺 零 幺 一 九 九 零 零 三 零 七 一 二 三 叉", "zh_CN")
    assert (heard.name, heard.slots) == ("digits", {"digits": "11010119900307123X"})
    assert match("one one zero ex", "en").slots == {"digits": "110X"}
