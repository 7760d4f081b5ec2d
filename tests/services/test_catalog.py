from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from banshi.i18n import LazyText
from banshi.paths import asset
from banshi.services import (
    Catalog,
    FieldType,
    ServiceDefinitionError,
    UnknownServiceError,
    load_catalog,
    load_catalog_from_documents,
)
from banshi.services.catalog import field_path

from .conftest import question, service_document, text

BRIEFED_SERVICES = {
    "pension_certification", "contribution_record_query", "medical_filing_out_of_region",
    "retirement_application", "residence_certificate", "counter_appointment",
}


def write_service(folder: Path, document: dict[str, Any], name: str = "test_service") -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return path


def definition_error(tmp_path: Path, document: dict[str, Any]) -> ServiceDefinitionError:
    path = write_service(tmp_path, document)
    with pytest.raises(ServiceDefinitionError) as caught:
        load_catalog(tmp_path)
    assert caught.value.path == path
    assert str(path) in str(caught.value)
    return caught.value


# ----- the shipped catalog

def test_every_shipped_service_loads_with_the_briefed_six_among_them(catalog: Catalog) -> None:
    assert BRIEFED_SERVICES <= {service.id for service in catalog}
    assert len(catalog) >= 6


def test_every_shipped_service_asks_three_to_seven_questions(catalog: Catalog) -> None:
    for service in catalog:
        assert 3 <= len(service.questions) <= 7, service.id


def test_the_shipped_services_use_every_field_type(catalog: Catalog) -> None:
    used = {q.type for service in catalog for q in service.questions}
    assert used == set(FieldType)


def test_every_shipped_question_has_a_spoken_prompt_in_both_languages(catalog: Catalog) -> None:
    for service in catalog:
        for q in service.questions:
            assert q.prompt.zh_CN.strip() and q.prompt.en.strip(), f"{service.id}.{q.id}"
            assert q.prompt.zh_CN != q.label.zh_CN, f"{service.id}.{q.id}: the prompt should be a spoken question"


def test_pension_certification_needs_substantial_assurance_and_uses_the_citizen_code(catalog: Catalog) -> None:
    pension = catalog.get("pension_certification")
    assert pension.assurance == "substantial"
    assert {"citizen.name", "citizen.reference"} <= {q.known_from for q in pension.questions}


def test_the_catalog_iterates_in_display_order(catalog: Catalog) -> None:
    orders = [service.display_order for service in catalog]
    assert orders == sorted(orders)


def test_an_unknown_service_id_raises_a_specific_error(catalog: Catalog) -> None:
    with pytest.raises(UnknownServiceError, match="no_such_service") as caught:
        catalog.get("no_such_service")
    assert isinstance(caught.value.user_message, LazyText)


# ----- versions and documents from the hub

def test_the_catalog_version_ignores_file_formatting(tmp_path: Path, catalog: Catalog) -> None:
    for path in asset("services").glob("*.yaml"):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        (tmp_path / path.name).write_text(yaml.safe_dump(document, allow_unicode=True, width=40), encoding="utf-8")
    assert load_catalog(tmp_path).version == catalog.version


def test_the_catalog_version_changes_when_content_changes(tmp_path: Path, catalog: Catalog) -> None:
    shutil.copytree(asset("services"), tmp_path, dirs_exist_ok=True)
    path = tmp_path / "counter_appointment.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("processing_days: 0", "processing_days: 1"), encoding="utf-8")
    assert load_catalog(tmp_path).version != catalog.version


def test_a_catalog_pulled_as_json_documents_validates_to_the_same_catalog(catalog: Catalog) -> None:
    again = load_catalog_from_documents(catalog.to_documents())
    assert again.version == catalog.version
    assert [service.id for service in again] == [service.id for service in catalog]


def test_a_bad_document_from_the_hub_names_its_key_and_field(catalog: Catalog) -> None:
    documents = catalog.to_documents()
    del documents["counter_appointment"]["questions"][1]["prompt"]["en"]
    with pytest.raises(ServiceDefinitionError, match=r"document 'counter_appointment': questions\[1\]\.prompt\.en: Field required"):
        load_catalog_from_documents(documents)


# ----- schema errors name the file, the field and the problem

def test_a_missing_english_choice_label_names_the_exact_field(tmp_path: Path) -> None:
    choices = [{"value": "a", "label": text("甲", "A")}, {"value": "b", "label": {"zh_CN": "乙"}}]
    document = service_document([question("q1", "text"), question("q2", "choice", choices=choices)])
    error = definition_error(tmp_path, document)
    assert error.field == "questions[1].choices[1].label.en"
    assert error.problem == "Field required"
    assert isinstance(error.user_message, LazyText)


def test_an_unknown_key_is_rejected_not_ignored(tmp_path: Path) -> None:
    error = definition_error(tmp_path, service_document([question("q1", "text", mandatory=True)]))
    assert (error.field, error.problem) == ("questions[0].mandatory", "Extra inputs are not permitted")


def test_a_question_without_a_spoken_prompt_is_rejected(tmp_path: Path) -> None:
    q = question("q1", "text")
    del q["prompt"]
    assert definition_error(tmp_path, service_document([q])).field == "questions[0].prompt"


def test_an_unknown_field_type_names_the_allowed_types(tmp_path: Path) -> None:
    error = definition_error(tmp_path, service_document([question("q1", "email")]))
    assert error.field == "questions[0].type"
    assert "'phone'" in error.problem and "'email'" in error.problem


def test_duplicate_question_ids_are_rejected(tmp_path: Path) -> None:
    error = definition_error(tmp_path, service_document([question("q1", "text"), question("q1", "phone")]))
    assert error.field == "questions[1].id"
    assert "duplicate question id 'q1'" in error.problem


def test_show_if_must_refer_to_an_earlier_question(tmp_path: Path) -> None:
    later = question("q1", "text", show_if={"question": "q2", "equals": "yes"})
    error = definition_error(tmp_path, service_document([later, question("q2", "yes_no")]))
    assert error.field == "questions[0].show_if.question"
    assert "not an earlier question" in error.problem


def test_show_if_must_name_a_value_the_question_can_take(tmp_path: Path) -> None:
    branch = question("q2", "text", show_if={"question": "q1", "equals": "maybe"})
    error = definition_error(tmp_path, service_document([question("q1", "yes_no"), branch]))
    assert error.field == "questions[1].show_if.equals"
    assert "'maybe' is not a value of 'q1' (yes, no)" in error.problem


def test_an_unquoted_no_in_yaml_stays_the_word_no(tmp_path: Path) -> None:
    document = service_document([question("q1", "yes_no"), question("q2", "text")])
    body = yaml.safe_dump(document, allow_unicode=True)
    body = body.replace("- id: q2\n", "- id: q2\n  show_if: {question: q1, equals: no}\n")
    (tmp_path / "test_service.yaml").write_text(body, encoding="utf-8")
    assert load_catalog(tmp_path).get("test_service").questions[1].show_if.equals == "no"  # type: ignore[union-attr]


def test_duplicate_choice_values_are_rejected(tmp_path: Path) -> None:
    choices = [{"value": "a", "label": text("甲", "A")}, {"value": "a", "label": text("乙", "B")}]
    error = definition_error(tmp_path, service_document([question("q1", "choice", choices=choices)]))
    assert (error.field, error.problem) == ("questions[0].choices[1].value", "duplicate choice value 'a'")


def test_options_that_do_not_fit_the_field_type_are_rejected(tmp_path: Path) -> None:
    error = definition_error(tmp_path, service_document([question("q1", "text", min=0)]))
    assert (error.field, error.problem) == ("questions[0].min", "only allowed for type count, number, not text")


def test_an_impossible_fixed_date_bound_is_rejected(tmp_path: Path) -> None:
    error = definition_error(tmp_path, service_document([question("q1", "date", not_after="2023-02-30")]))
    assert error.field == "questions[0].not_after"


def test_a_service_id_must_match_its_file_name(tmp_path: Path) -> None:
    write_service(tmp_path, service_document([question("q1", "text")]), name="other_name")
    with pytest.raises(ServiceDefinitionError, match=r"other_name\.yaml: id: id 'test_service' must match"):
        load_catalog(tmp_path)


def test_two_services_with_the_same_display_order_are_rejected(tmp_path: Path) -> None:
    write_service(tmp_path, service_document([question("q1", "text")]))
    write_service(tmp_path, service_document([question("q1", "text")], id="second"), name="second")
    with pytest.raises(ServiceDefinitionError, match="display_order: 1 is also used by service 'second'"):
        load_catalog(tmp_path)


def test_broken_yaml_names_the_file_and_the_line(tmp_path: Path) -> None:
    path = tmp_path / "test_service.yaml"
    path.write_text("id: test_service\nquestions: [\n", encoding="utf-8")
    with pytest.raises(ServiceDefinitionError, match=r"test_service\.yaml: line 3, column 1: not valid YAML"):
        load_catalog(tmp_path)


def test_an_empty_folder_is_an_error_not_an_empty_catalog(tmp_path: Path) -> None:
    with pytest.raises(ServiceDefinitionError, match="no service definitions"):
        load_catalog(tmp_path)


def test_field_paths_read_like_the_yaml() -> None:
    assert field_path(("questions", 2, "choices", 0, "label", "en")) == "questions[2].choices[0].label.en"


def test_a_catalog_cannot_hold_two_services_with_one_id(catalog: Catalog) -> None:
    service = catalog.get("counter_appointment")
    with pytest.raises(ServiceDefinitionError, match=r"duplicate service ids \['counter_appointment'\]"):
        Catalog([service, service])
