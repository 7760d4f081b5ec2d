"""Identity facts (issue 12): the filing carries the full verified name and the ID number, sealed so only
the hub reads them; screens show them masked; nothing a verified code establishes is asked again; codes
issued before sealed facts still verify; an internal reference is never shown as a card number."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from banshi.identity import cose
from banshi.identity.codes import CitizenClaims, issue_code, unpack, verify_code
from banshi.identity.clock import TrustedClock
from banshi.identity.idnumber import make_id_number
from banshi.identity.keyfolder import KeyFolder
from banshi.identity.masking import mask_id_number
from banshi.identity.sealed_facts import is_sealed, open_fact, shown
from banshi.kiosk.app import KioskRuntime
from banshi.kiosk.driver import KioskDriver, sample_answers
from banshi.paths import asset
from banshi.services import facts
from banshi.services.catalog import load_catalog
from banshi.services.forms import FormSession
from banshi.services.transactions import Channel
from banshi.sync.errors import SealError
from banshi.sync.hub.intake import open_item
from banshi.sync.hub.keys import HubKeyring
from banshi.sync.protocol import TransactionEnvelope

ID_NUMBER = make_id_number("110101", date(1948, 3, 7), 123)
DEMO = {"citizen_ref": "demo-citizen-0001", "name": "王秀英", "birth_year": 1948}


@pytest.fixture(scope="module")
def hub_keys(tmp_path_factory: pytest.TempPathFactory) -> HubKeyring:
    return HubKeyring.load_or_create(tmp_path_factory.mktemp("hub-keys"))


def _claims(hub_keys: HubKeyring | None, id_number: str = ID_NUMBER) -> CitizenClaims:
    issuer = KeyFolder(asset("keys", "demo")).issuer_key()
    key = hub_keys.sealing.public_key() if hub_keys else None
    return CitizenClaims.new(office=issuer.office, issued_at=int(datetime.now(UTC).timestamp()), id_number=id_number,
                             hub_key=key, **DEMO)


def _verified(claims: CitizenClaims) -> CitizenClaims:
    folder = KeyFolder(asset("keys", "demo"))
    code = issue_code(claims, folder.issuer_key())
    return verify_code(code, folder.trust_list(), TrustedClock()).claims


def test_a_new_code_carries_name_and_id_number_sealed_so_only_the_hub_reads_them(hub_keys: HubKeyring) -> None:
    claims = _claims(hub_keys)
    payload = cose.parse_sign1(unpack(issue_code(claims, KeyFolder(asset("keys", "demo")).issuer_key()))).payload
    assert "王秀英".encode() not in payload and ID_NUMBER.encode() not in payload  # nothing in the clear

    known = facts.facts_from_claims(_verified(claims))
    assert shown(known[facts.NAME]) == "王*英" and shown(known[facts.ID_NUMBER]) == mask_id_number(ID_NUMBER)
    assert open_fact(known[facts.NAME], hub_keys.sealing) == "王秀英"
    assert open_fact(known[facts.ID_NUMBER], hub_keys.sealing) == ID_NUMBER
    with pytest.raises(SealError):
        open_fact(known[facts.NAME], X25519PrivateKey.generate())  # another hub cannot


def test_a_code_issued_before_sealed_facts_still_verifies_and_gives_its_masked_name() -> None:
    known = facts.facts_from_claims(_verified(_claims(None, id_number="")))
    assert known[facts.NAME] == "王*英" and facts.ID_NUMBER not in known


def test_the_hub_opens_the_sealed_name_into_the_filing_that_staff_receive(hub_keys: HubKeyring) -> None:
    service = load_catalog(asset("services")).get("pension_certification")
    session = FormSession(service, facts.facts_from_claims(_verified(_claims(hub_keys))))
    while not session.is_complete:
        session.answer(sample_answers(session.page.question, date.today())[0])  # type: ignore[union-attr]
    transaction = session.submit(Channel.KIOSK, "kiosk-1", datetime.now(UTC))
    assert is_sealed(transaction.answers["name"]) and transaction.display["masked_name"] == "王*英"

    opened = open_item(hub_keys, TransactionEnvelope.of(transaction))
    assert opened.answers["name"] == "王秀英"  # type: ignore[union-attr]
    assert opened.answers["citizen_reference"] == "demo-citizen-0001"  # type: ignore[union-attr]


@pytest.fixture
def kiosk(elder_kiosk: KioskRuntime) -> KioskRuntime:
    return elder_kiosk


def test_after_a_verified_code_the_medical_filing_never_asks_the_id_number_and_shows_it_masked(
        kiosk: KioskRuntime, hub_keys: HubKeyring) -> None:
    driver = KioskDriver(kiosk.window)
    asked: list[str] = []
    kiosk.window.page_changed.connect(lambda name: asked.append(kiosk.window.session.page.question.id)  # type: ignore[union-attr]
                                      if name == "question-page" else None)
    driver.tap("attract-start")
    driver.tap("service-medical_filing_out_of_region")
    kiosk.window.identify.identified.emit(facts.facts_from_claims(_verified(_claims(hub_keys))))
    while driver.page_name() == "question-page":
        driver.answer_current_question(date.today())
    assert driver.page_name() == "check-page" and "id_number" not in asked
    shown_texts = [label.plain_text() for label in kiosk.window.check.rows.findChildren(type(kiosk.window.check.title))
                   if label.isVisible()]
    assert not any(ID_NUMBER in text or "sealed:" in text for text in shown_texts)
    assert any(mask_id_number(ID_NUMBER) in text for text in shown_texts)
    assert is_sealed(kiosk.window.session.answers()["id_number"])  # type: ignore[union-attr]


def test_an_internal_reference_is_never_shown_as_a_card_number(kiosk: KioskRuntime) -> None:
    driver = KioskDriver(kiosk.window)
    driver.tap("attract-start")
    driver.tap("service-pension_certification")
    kiosk.window.identify.identified.emit(facts.facts_from_claims(_verified(_claims(None, id_number=""))))
    while driver.page_name() == "question-page":
        driver.answer_current_question(date.today())
    texts = " ".join(label.plain_text() for label in kiosk.window.check.findChildren(type(kiosk.window.check.title)))
    assert "demo-citizen-0001" not in texts and "社会保障卡号" not in texts
    assert kiosk.window.session.answers()["citizen_reference"] == "demo-citizen-0001"  # type: ignore[union-attr]
