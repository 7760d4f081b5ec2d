from __future__ import annotations

import re

from banshi.i18n import load_po_messages
from banshi.identity.rejections import USER_MESSAGES
from banshi.paths import asset


def test_every_identity_message_has_a_mandarin_translation_with_the_same_fields() -> None:
    messages = load_po_messages(asset("locale", "zh_CN"))
    ids = [m.message for m in USER_MESSAGES.values()] + ["Born {year}", "Valid until {date}", "Serial {serial}"]
    for message_id in ids:
        assert message_id in messages, message_id
        assert re.findall(r"{\w+}", messages[message_id]) == re.findall(r"{\w+}", message_id)


def test_a_rejection_reads_in_mandarin_by_default() -> None:
    from banshi.identity.rejections import RejectReason

    assert "过期" in str(USER_MESSAGES[RejectReason.EXPIRED])
