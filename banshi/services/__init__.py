"""Service catalog and form engine (Qt-free): declarative service definitions, one
question per page with branching and validation, and finished forms as transactions."""

from banshi.services.catalog import Catalog, load_catalog, load_catalog_from_documents
from banshi.services.errors import (
    AnswerError,
    FormIncompleteError,
    KnownFactError,
    ServiceDefinitionError,
    TransactionFormatError,
    UnknownServiceError,
)
from banshi.services.events import Event
from banshi.services.forms import CheckAnswersPage, FormSession, NavigationError, Page, QuestionPage, SummaryRow
from banshi.services.ids import uuid7
from banshi.services.schema import Assurance, Choice, FieldType, LocalText, Question, Service, ShowIf
from banshi.services.transactions import Channel, Transaction, TransactionKind, TransactionRecord

__all__ = [
    "AnswerError", "Assurance", "Catalog", "CheckAnswersPage", "Choice", "Event", "FieldType",
    "FormIncompleteError", "FormSession", "KnownFactError", "LocalText", "NavigationError", "Page",
    "Question", "QuestionPage", "Service", "ServiceDefinitionError", "ShowIf", "SummaryRow",
    "Channel", "Transaction", "TransactionFormatError", "TransactionKind", "TransactionRecord", "UnknownServiceError", "load_catalog",
    "load_catalog_from_documents", "uuid7",
]
