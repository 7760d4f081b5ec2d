from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from banshi.i18n import set_language
from banshi.identity.idnumber import make_id_number
from banshi.services import (
    AnswerError,
    Catalog,
    CheckAnswersPage,
    FormIncompleteError,
    FormSession,
    KnownFactError,
    NavigationError,
    QuestionPage,
)

from .conftest import TODAY, YES_NO_BRANCH, make_service

NOW = datetime(2025, 6, 2, 9, 30, tzinfo=UTC)
VALID_ID = make_id_number("110101", date(1949, 3, 7), 123)


def session_for(catalog: Catalog, service_id: str, facts: dict[str, str] | None = None) -> FormSession:
    return FormSession(catalog.get(service_id), facts, today=lambda: TODAY)


def branch_session() -> FormSession:
    return FormSession(make_service(YES_NO_BRANCH), today=lambda: TODAY)


def current_id(session: FormSession) -> str:
    page = session.page
    assert isinstance(page, QuestionPage), f"expected a question page, got {page}"
    return page.question.id


def answer_all(session: FormSession, *answers: str) -> None:
    for raw in answers:
        session.answer(raw)


# ----- one question per page, in order

def test_a_session_starts_on_the_first_question_and_counts_pages(catalog: Catalog) -> None:
    page = session_for(catalog, "counter_appointment").page
    assert isinstance(page, QuestionPage)
    assert (page.question.id, page.index, page.total, page.current_value) == ("matter", 1, 6, None)


def test_answering_every_question_reaches_check_answers(catalog: Catalog) -> None:
    session = session_for(catalog, "counter_appointment")
    answer_all(session, "医保", "2025-06-10", "上午早一点", "否", "138 0013 8000", "")
    assert isinstance(session.page, CheckAnswersPage)
    assert session.is_complete
    assert session.answers() == {
        "matter": "medical_insurance", "date": "2025-06-10", "time_slot": "am_0900",
        "needs_assistance": "no", "phone": "13800138000",
    }


def test_a_rejected_answer_leaves_the_session_unchanged(catalog: Catalog) -> None:
    session = session_for(catalog, "counter_appointment")
    session.answer("医保")
    before = (session.page, session.answers())
    with pytest.raises(AnswerError):
        session.answer("2023-02-30")
    assert (session.page, session.answers()) == before


def test_every_change_of_state_fires_changed_once(catalog: Catalog) -> None:
    session = session_for(catalog, "counter_appointment")
    fired: list[str] = []
    session.changed.connect(lambda: fired.append(current_id(session)))
    session.answer("医保")
    session.back()
    with pytest.raises(AnswerError):
        session.answer("")
    assert fired == ["date", "matter"]


# ----- branching

def test_a_yes_shows_the_branch_questions_and_a_no_skips_them() -> None:
    yes, no = branch_session(), branch_session()
    yes.answer("是")
    no.answer("否")
    assert current_id(yes) == "carer_name"
    assert current_id(no) == "phone"
    assert (yes.page.total, no.page.total) == (4, 2)  # type: ignore[union-attr]


def test_the_medical_filing_asks_an_address_for_long_stays_and_dates_for_visits(catalog: Catalog) -> None:
    stay, visit = session_for(catalog, "medical_filing_out_of_region"), session_for(catalog, "medical_filing_out_of_region")
    answer_all(stay, VALID_ID, "海南省三亚市", "长住")
    answer_all(visit, VALID_ID, "上海市", "临时")
    assert current_id(stay) == "residence_address"
    assert current_id(visit) == "start_date"
    answer_all(visit, "2025-06-10", "2025-07-10")
    assert current_id(visit) == "phone"


def test_answers_of_questions_that_become_hidden_are_dropped() -> None:
    session = branch_session()
    answer_all(session, "是", "李建国", "其他", "邻居", "13800138000")
    session.change("has_carer")
    session.answer("否")
    assert isinstance(session.page, CheckAnswersPage)
    assert session.answers() == {"has_carer": "no", "phone": "13800138000"}
    assert [row.question.id for row in session.summary_rows()] == ["has_carer", "phone"]


def test_a_chained_branch_is_dropped_when_its_parent_branch_changes() -> None:
    session = branch_session()
    answer_all(session, "是", "李建国", "其他", "邻居", "13800138000")
    session.change("carer_relation")
    session.answer("子女")
    assert "relation_detail" not in session.answers()
    assert session.answers()["carer_name"] == "李建国"


# ----- back

def test_back_returns_to_the_previous_question_with_its_answer() -> None:
    session = branch_session()
    answer_all(session, "是", "李建国")
    session.back()
    page = session.page
    assert isinstance(page, QuestionPage)
    assert (page.question.id, page.current_value) == ("carer_name", "李建国")
    session.back()
    assert current_id(session) == "has_carer"
    assert not session.can_go_back
    with pytest.raises(NavigationError):
        session.back()


def test_going_back_and_answering_again_continues_in_order() -> None:
    session = branch_session()
    answer_all(session, "是", "李建国", "子女")
    session.back()
    session.back()
    session.answer("王秀英")
    assert current_id(session) == "carer_relation"


def test_back_then_a_different_branch_answer_skips_the_hidden_questions() -> None:
    session = branch_session()
    answer_all(session, "是", "李建国")
    session.back()
    session.back()
    session.answer("否")
    assert current_id(session) == "phone"
    assert "carer_name" not in session.answers()


def test_back_from_check_answers_goes_to_the_last_question(catalog: Catalog) -> None:
    session = session_for(catalog, "counter_appointment")
    answer_all(session, "医保", "2025-06-10", "上午早一点", "否", "13800138000", "")
    session.back()
    assert current_id(session) == "note"
    session.back()
    assert current_id(session) == "phone"


# ----- check answers and change

def test_changing_an_answer_from_check_answers_returns_to_check_answers(catalog: Catalog) -> None:
    session = session_for(catalog, "counter_appointment")
    answer_all(session, "医保", "2025-06-10", "上午早一点", "否", "13800138000", "")
    for question_id, raw in [("matter", "开证明"), ("time_slot", "下午两点"), ("note", "带轮椅")]:
        session.change(question_id)
        assert current_id(session) == question_id
        session.answer(raw)
        assert isinstance(session.page, CheckAnswersPage)
    assert session.answers()["matter"] == "certificates"
    assert session.answers()["time_slot"] == "pm_1400"
    assert session.answers()["note"] == "带轮椅"


def test_a_change_that_reveals_a_branch_asks_it_before_returning_to_check_answers() -> None:
    session = branch_session()
    answer_all(session, "否", "13800138000")
    session.change("has_carer")
    session.answer("是")
    assert current_id(session) == "carer_name"
    session.answer("李建国")
    assert current_id(session) == "carer_relation"
    session.answer("子女")
    assert isinstance(session.page, CheckAnswersPage)


def test_back_from_a_question_opened_with_change_returns_to_check_answers() -> None:
    session = branch_session()
    answer_all(session, "否", "13800138000")
    session.change("phone")
    session.back()
    assert isinstance(session.page, CheckAnswersPage)
    assert session.answers()["phone"] == "13800138000"


def test_a_hidden_question_cannot_be_changed() -> None:
    session = branch_session()
    answer_all(session, "否", "13800138000")
    with pytest.raises(NavigationError):
        session.change("carer_name")


def test_the_check_answers_page_cannot_be_answered() -> None:
    session = branch_session()
    answer_all(session, "否", "13800138000")
    with pytest.raises(NavigationError):
        session.answer("x")


# ----- known facts are never asked

def test_known_facts_are_filled_and_never_asked(catalog: Catalog) -> None:
    facts = {"citizen.name": "王秀英", "citizen.reference": "C-1029384756", "citizen.birth_year": "1949"}
    session = session_for(catalog, "pension_certification", facts)
    page = session.page
    assert isinstance(page, QuestionPage)
    assert (page.question.id, page.index, page.total) == ("applicant", 1, 3)
    answer_all(session, "本人", "是", "13800138000")
    rows = {row.question.id: row for row in session.summary_rows()}
    assert rows["name"].display_value == "王秀英" and not rows["name"].changeable
    assert session.answers()["citizen_reference"] == "C-1029384756"
    with pytest.raises(NavigationError):
        session.change("name")


def test_without_a_citizen_code_the_name_is_asked(catalog: Catalog) -> None:
    assert current_id(session_for(catalog, "pension_certification")) == "name"


def test_a_fact_that_does_not_fit_its_question_fails_loudly() -> None:
    service = make_service([{**YES_NO_BRANCH[-1], "known_from": "citizen.phone"}, YES_NO_BRANCH[0]])
    with pytest.raises(KnownFactError, match="citizen.phone"):
        FormSession(service, {"citizen.phone": "not a phone"})


# ----- optional questions

def test_an_optional_question_can_be_skipped_and_shows_as_not_answered(catalog: Catalog) -> None:
    session = session_for(catalog, "counter_appointment")
    answer_all(session, "医保", "2025-06-10", "上午早一点", "否", "13800138000", "")
    note = next(row for row in session.summary_rows() if row.question.id == "note")
    assert (note.value, note.display_value) == (None, "未填写")
    assert "note" not in session.answers()


# ----- language switching

def test_switching_language_mid_session_keeps_every_answer(catalog: Catalog) -> None:
    session = session_for(catalog, "counter_appointment")
    answer_all(session, "医保", "2025-06-10", "上午早一点")
    set_language("en")
    answer_all(session, "no", "138 0013 8000", "")
    rows = [(row.question.label.get(), row.display_value) for row in session.summary_rows()]
    assert rows[:4] == [("What you need", "Medical insurance"), ("Date", "10 June 2025"),
                        ("Time", "9:00 to 10:30 in the morning"), ("Help needed", "No")]
    set_language("zh_CN")
    assert [row.display_value for row in session.summary_rows()][:4] == ["医疗保险", "2025年6月10日", "上午9:00至10:30", "否"]


# ----- submit

def test_an_unfinished_session_cannot_be_submitted(catalog: Catalog) -> None:
    session = session_for(catalog, "counter_appointment")
    session.answer("医保")
    with pytest.raises(FormIncompleteError, match="date, time_slot, needs_assistance, phone"):
        session.submit("kiosk", "kiosk-01", NOW)


def test_a_finished_session_becomes_a_transaction(catalog: Catalog) -> None:
    session = session_for(catalog, "pension_certification", {"citizen.name": "王秀英", "citizen.reference": "C-1"})
    answer_all(session, "家属代办", "否", "北京市东城区东华门街道1号", "13800138000")
    transaction = session.submit("kiosk", "kiosk-01", NOW + timedelta(hours=8))
    assert (transaction.service_id, transaction.service_version, transaction.channel, transaction.device_id) == (
        "pension_certification", 1, "kiosk", "kiosk-01")
    assert transaction.answers == {
        "name": "王秀英", "citizen_reference": "C-1", "applicant": "family", "lives_at_registered_address": "no",
        "current_address": "北京市东城区东华门街道1号", "phone": "13800138000",
    }
    assert transaction.created_at == "2025-06-02T17:30:00.000Z"
    assert transaction.display == {"service_title_zh_CN": "养老金资格认证", "service_title_en": "Annual pension certification",
                                   "masked_name": "王*英"}


def test_a_name_typed_into_the_form_is_masked_in_the_display(catalog: Catalog) -> None:
    session = session_for(catalog, "residence_certificate")
    answer_all(session, "李建国", "河北省保定市阜平县骆驼湾村12号", "2001年5月1日", "子女入学", "2")
    assert session.submit("kiosk", "k", NOW).display["masked_name"] == "李*国"


def test_a_service_without_a_name_has_an_empty_masked_name(catalog: Catalog) -> None:
    session = session_for(catalog, "counter_appointment")
    answer_all(session, "医保", "2025-06-10", "上午早一点", "否", "13800138000", "")
    assert session.submit("kiosk", "k", NOW).display["masked_name"] == ""
