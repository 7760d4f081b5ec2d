"""Opening what devices send (sealed or plain envelopes) before the store settles it."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import ValidationError

from banshi.sync.errors import SealError
from banshi.sync.hub.keys import HubKeyring
from banshi.sync.hub.store import HubStore
from banshi.sync.protocol import PushResult, PushStatus, SealedEnvelope, TransactionEnvelope
from banshi.sync.protocol.sealing import open_sealed, unb64

Item = TransactionEnvelope | SealedEnvelope


def open_item(keys: HubKeyring, item: Item) -> TransactionEnvelope | PushResult:
    """The envelope inside ``item``, or a rejection saying why it cannot be opened."""
    if isinstance(item, TransactionEnvelope):
        return item
    try:
        plaintext = open_sealed(unb64(item.sealed, "sealed"), keys.sealing, item.id.encode("ascii"))
        envelope = TransactionEnvelope.model_validate_json(plaintext)
    except SealError as error:
        return PushResult(id=item.id, status=PushStatus.REJECTED, reason=str(error))
    except ValidationError:
        return PushResult(id=item.id, status=PushStatus.REJECTED, reason="the sealed content is not a transaction")
    if envelope.id != item.id:
        return PushResult(id=item.id, status=PushStatus.REJECTED, reason="the sealed transaction has another id")
    return envelope


def ingest_items(store: HubStore, keys: HubKeyring, device_id: str, items: Sequence[Item]) -> list[PushResult]:
    """Open each item and store the envelopes; one result per item, in order."""
    opened = [open_item(keys, item) for item in items]
    envelopes = [item for item in opened if isinstance(item, TransactionEnvelope)]
    stored = iter(store.ingest(device_id, envelopes) if envelopes else [])
    return [item if isinstance(item, PushResult) else next(stored) for item in opened]
