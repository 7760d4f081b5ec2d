"""Every kiosk page read aloud, and simple spoken answers acted on (issue: voice).

``KioskVoice`` watches which page is shown, builds that page's spoken dialogue from the same
text the page shows, and turns what the citizen said into the same actions a tap would take.
Touch always wins: a tap anywhere stops speech and ends listening for that page.

Speech follows the screen: switching language says the page again in the new language. A refused
answer's error is said, and what the citizen types is read back, phone numbers 3-4-4 and ID numbers
6-8-4 (``banshi.voice.speakable``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel, QLineEdit

from banshi.i18n import N_, current_language, on_language_changed
from banshi.kiosk.pages import masked_for_screen
from banshi.kiosk.window import KioskWindow
from banshi.services.schema import FieldType, Question
from banshi.ui.voice_session import Listener, Speaker, VoiceSession
from banshi.voice.dialogue import Dialogue
from banshi.voice.intents import Intent, IntentSet, load_intents
from banshi.voice.models import model_vocabulary
from banshi.voice.speakable import Reading, said

log = logging.getLogger(__name__)

_DIGIT_TYPES = {FieldType.PHONE, FieldType.ID_NUMBER, FieldType.NUMBER, FieldType.COUNT, FieldType.DATE}
ATTRACT_PROMPT = N_("Welcome. Tap Start, or tell me what you would like to do.")
MENU_PROMPT = N_("Which service do you need? You can tap it, or say its name.")
CHECK_PROMPT = N_("Please check your answers. Is everything right?")
CHECK_ROW = N_("{label}: {value}.")
SAVED_PROMPT = N_("Saved. Your reference number is {reference}.")
TYPED_READING = {FieldType.PHONE: Reading.PHONE, FieldType.ID_NUMBER: Reading.ID_NUMBER,
                 FieldType.NUMBER: Reading.NUMBER, FieldType.COUNT: Reading.NUMBER}
READ_BACK_AFTER_MS = 500  # a pause in typing: long enough not to talk over the next tap
IDLE_PROMPT = N_("Are you still there? Tap I need more time to carry on.")


class KioskVoice(QObject):
    """One spoken dialogue per page; committed intents drive the window like taps do."""

    def __init__(self, window: KioskWindow, speaker: Speaker, listener: Listener | None,
                 intents: Callable[[str], IntentSet] = load_intents) -> None:
        super().__init__(window)
        self.window = window
        self.speaker = speaker
        self.listener = listener
        self._intents = intents
        self._vocabulary: frozenset[str] | None = None
        self.session: VoiceSession | None = None
        self._typing = QTimer(self, singleShot=True, interval=READ_BACK_AFTER_MS)
        self._typing.timeout.connect(self._read_back)
        self._watched: list[QLineEdit] = []
        window.page_changed.connect(self._page_shown)
        window.question.answered.connect(self._say_error_if_refused)
        window.question.read_back.connect(self._say_entered)
        self._input_reads_back = False  # the page's input says what was entered itself
        speaker.touched.connect(self.touched)
        self._stop_following_language = on_language_changed(lambda _language: QTimer.singleShot(0, self._again))
        QTimer.singleShot(0, self._again)  # the page already on screen (the attract page at start-up) speaks too

    # pages ------------------------------------------------------------------------------------
    def _page_shown(self, page: str) -> None:
        self._end_session()
        self._input_reads_back = False
        builder = {
            "attract-page": self._attract, "menu-page": self._menu, "question-page": self._question,
            "check-page": self._check, "identify-page": self._identify,
        }.get(page)
        if builder is not None:
            builder()
        elif page == "confirmation-page":
            confirmation = self.window.confirmation
            saved = SAVED_PROMPT.format(reference=said(confirmation.reference.plain_text(), Reading.REFERENCE))
            self.speaker.say(f"{saved} {confirmation.next_steps.plain_text()}", personal=True)
        elif page == "idle-page":
            self.speaker.say(str(IDLE_PROMPT))
        elif page == "receipt-page":
            self.speaker.say(self.window.receipt.status.plain_text(), personal=True)

    def _attract(self) -> None:
        self._converse(str(ATTRACT_PROMPT), self._match_services, services=self._service_names())

    def _menu(self) -> None:
        self._converse(str(MENU_PROMPT), self._match_services, services=self._service_names())

    def _identify(self) -> None:
        self._converse(str(self.window.identify.scanner.prompt.plain_text()), self._match_commands)

    def _check(self) -> None:
        """The answers are read out (ID and phone numbers masked, as on screen), then the question."""
        rows = self.window.session.summary_rows() if self.window.session is not None else []
        language = current_language()
        answers = " ".join(str(CHECK_ROW.format(label=row.question.label.get(language),
                                                value=masked_for_screen(row))) for row in rows)
        self._converse(f"{answers} {CHECK_PROMPT}".strip(), self._match_commands, personal=True)

    def _question(self) -> None:
        session = self.window.session
        if session is None or not hasattr(session.page, "question"):
            return
        question: Question = session.page.question  # type: ignore[union-attr]
        prompt = question.prompt.get(current_language())
        if question.type == FieldType.CHOICE:
            choices = self._choice_names(question)
            self._converse(prompt, partial(self._match_choice, choices), choices=choices)
        else:
            self._converse(prompt, self._match_commands)
        self._watch_typing()

    # read back --------------------------------------------------------------------------------
    def _watch_typing(self) -> None:
        """Every field on the question page (keypad, handwriting) is read back after a pause in typing."""
        self._watched = [edit for edit in self._watched if _alive(edit)]
        for edit in self.window.question.findChildren(QLineEdit):
            if edit not in self._watched:
                edit.textChanged.connect(self._typed)
                self._watched.append(edit)

    def _typed(self, _text: str) -> None:
        if not self._input_reads_back:
            self._typing.start()

    def _read_back(self) -> None:
        edit = self.window.question.findChild(QLineEdit)
        if edit is not None and edit.isVisible():
            self._say_entered(edit.text())

    def _say_entered(self, text: str) -> None:
        """What the citizen entered, said the way that kind of answer is said; never cached."""
        if self.sender() is self.window.question:
            self._input_reads_back = True  # from now on the input's own read-back, not the field watcher
            self._typing.stop()
        question = self._current_question()
        if question is not None and text.strip():
            self.speaker.say(said(text, TYPED_READING.get(question.type, Reading.TEXT)), personal=True)

    def _say_error_if_refused(self, _answer: str = "") -> None:
        """After an answer (tapped or spoken) the page still shows an error: say it."""
        error = self.window.question.findChild(QLabel, "question-error")
        if self.window.current_page() is self.window.question and error is not None and error.isVisible():
            self._typing.stop()
            self.speaker.say(error.accessibleName() or error.text(), personal=True)  # may quote the answer

    def _again(self) -> None:
        """The page on screen is said (again): at start, and in the new language after a switch."""
        self._page_shown(self.window.current_page().objectName())

    # dialogue ---------------------------------------------------------------------------------
    def _converse(self, prompt: str, interpret: Callable[[str], Intent], *, personal: bool = False,
                  **grammar_sources: object) -> None:
        language = current_language()
        if self.listener is not None and self._vocabulary is None:
            self._vocabulary = model_vocabulary(self.listener.model_path)
        dialogue = Dialogue(prompt, interpret, language=language, describe=self._describe)
        # Without a listener nothing is recognised, so no grammar is built (it costs a tap's worth of time).
        grammar = [] if self.listener is None else self._intents(language).grammar(
            vocabulary=self._vocabulary, **grammar_sources)  # type: ignore[arg-type]
        self.session = VoiceSession(dialogue, self.speaker, self.listener, grammar=grammar, personal=personal,
                                    parent=self)
        self.session.committed.connect(self._act)
        self.session.hint.connect(self.window.show_voice_hint)
        self.session.start()

    def _end_session(self) -> None:
        if self.session is not None:
            self.session.stop()
            self.session.deleteLater()
            self.session = None

    def repeat(self) -> None:
        """The "say it again" button."""
        if self.session is not None:
            self.session.repeat()
        else:
            self.speaker.repeat()

    def touched(self) -> None:
        if self.session is not None:
            self.session.touched()

    # understanding ----------------------------------------------------------------------------
    def _match_commands(self, text: str) -> Intent:
        return self._intents(current_language()).match(text)

    def _match_services(self, text: str) -> Intent:
        return self._intents(current_language()).match(text, self._service_names())

    def _match_choice(self, choices: dict[str, list[str]], text: str) -> Intent:
        intent = self._intents(current_language()).match_choice(text, choices)
        return intent if intent.understood else self._match_commands(text)

    def _service_names(self) -> dict[str, list[str]]:
        language = current_language()
        return {service.id: [service.title.get(language), *service.synonyms.get(language, [])]
                for service in self.window.catalog}

    @staticmethod
    def _choice_names(question: Question) -> dict[str, list[str]]:
        language = current_language()
        return {choice.value: [choice.label.get(language), *choice.synonyms.get(language, [])]
                for choice in question.choices}

    def _describe(self, intent: Intent) -> str:
        if intent.name == "choose_service":
            return self.window.catalog.get(intent.slots["service"]).title.get(current_language())
        if intent.name == "choice" and self.window.session is not None:
            question = self.window.session.page.question  # type: ignore[union-attr]
            return question.choice(intent.slots["choice"]).label.get(current_language())
        if intent.name == "digits":
            return said(intent.slots["digits"], Reading.DIGITS)
        return intent.text

    # acting -----------------------------------------------------------------------------------
    def _act(self, intent: Intent) -> None:
        log.info("voice intent %s on %s", intent.name, self.window.current_page().objectName())
        page = self.window.current_page()
        if intent.name == "back":
            self.window.go_back() if page is self.window.question else self.window.reset()
        elif intent.name in ("start_over", "finish"):
            self.window.reset()
        elif intent.name == "choose_service":
            self.window.start_service(intent.slots["service"])
        elif intent.name == "choice":
            self.window.answer_current(intent.slots["choice"])
        elif intent.name in ("yes", "no"):
            self._yes_no(intent.name)
        elif intent.name == "digits" and any(self._asking(kind) for kind in _DIGIT_TYPES):
            self.window.answer_current(intent.slots["digits"])
        self._say_error_if_refused()

    def _yes_no(self, answer: str) -> None:
        if self.window.current_page() is self.window.check and answer == "yes":
            self.window.submit()
        elif self.window.current_page() is self.window.question and self._asking(FieldType.YES_NO):
            self.window.answer_current(answer)

    def _asking(self, field_type: FieldType) -> bool:
        question = self._current_question()
        return question is not None and question.type == field_type

    def _current_question(self) -> Question | None:
        page = self.window.session.page if self.window.session is not None else None
        return page.question if page is not None and hasattr(page, "question") else None

    def shutdown(self) -> None:
        """The kiosk is closing: stop speaking and stop following page changes."""
        self.window.page_changed.disconnect(self._page_shown)
        self.window.question.answered.disconnect(self._say_error_if_refused)
        self.window.question.read_back.disconnect(self._say_entered)
        self.speaker.touched.disconnect(self.touched)
        self._stop_following_language()
        self._typing.stop()
        self._end_session()


def _alive(edit: QLineEdit) -> bool:
    """A field of an earlier question may have been deleted on the C++ side already."""
    from shiboken6 import isValid

    return isValid(edit)
