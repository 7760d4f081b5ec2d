from __future__ import annotations

from functools import partial

from banshi.voice.dialogue import Commit, Dialogue, Listen, ShowHint, Speak, State, StopListening
from banshi.voice.intents import match, match_choice
from banshi.voice.speakable import SpeechLanguage, shown, speakable

CHOICES = {"male": ["男", "男性"], "female": ["女", "女性"]}


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _dialogue(clock: Clock, language: str = "zh_CN") -> Dialogue:
    interpret = partial(match_choice, choices=CHOICES, language=language)
    return Dialogue("您的性别是？", interpret, language=language, clock=clock, silence_timeout=8, max_repeats=2,
                    describe=lambda intent: {"male": "男", "female": "女"}[intent.slots["choice"]])


def test_the_device_speaks_first_with_the_microphone_closed_and_listens_only_after_speaking() -> None:
    dialogue = _dialogue(Clock())
    assert dialogue.start() == [StopListening(), Speak("您的性别是？")]
    assert dialogue.heard("女") == []  # the kiosk is still speaking: not for us
    assert dialogue.speech_finished() == [Listen()]


def test_a_recognised_answer_is_confirmed_and_yes_commits_it() -> None:
    dialogue = _dialogue(Clock())
    dialogue.start(), dialogue.speech_finished()
    assert dialogue.heard("女 性") == [StopListening(), Speak("您说的是女，对吗？")]
    assert dialogue.speech_finished() == [Listen()]
    actions = dialogue.heard("对")
    assert actions[0] == StopListening() and isinstance(actions[1], Commit)
    assert actions[1].value.slots == {"choice": "female"} and dialogue.state is State.DONE


def test_no_at_the_confirmation_asks_the_question_again() -> None:
    dialogue = _dialogue(Clock())
    dialogue.start(), dialogue.speech_finished(), dialogue.heard("男"), dialogue.speech_finished()
    assert dialogue.heard("不 对") == [StopListening(), Speak("您的性别是？")]


def test_silence_repeats_the_prompt_a_few_times_then_suggests_touch_and_stops_listening() -> None:
    clock = Clock()
    dialogue = _dialogue(clock)
    dialogue.start(), dialogue.speech_finished()
    clock.now = 7.5
    assert dialogue.tick() == []
    for _ in range(2):
        clock.now += 8
        assert dialogue.tick() == [StopListening(), Speak("您的性别是？")]
        dialogue.speech_finished()
    clock.now += 8
    assert dialogue.tick() == [StopListening(), ShowHint("请直接点屏幕。"), Speak("请直接点屏幕。")]
    clock.now += 100
    assert dialogue.tick() == [] and dialogue.heard("男") == []


def test_speech_it_does_not_understand_is_apologised_for_and_asked_again() -> None:
    dialogue = _dialogue(Clock(), language="en")
    dialogue.prompt = "Are you male or female?"
    dialogue.start(), dialogue.speech_finished()
    assert dialogue.heard("what a lovely day") == [
        StopListening(), Speak("Sorry, I did not catch that. Are you male or female?")
    ]


def test_repeat_on_request_does_not_use_up_the_attempts() -> None:
    dialogue = Dialogue("请说手机号码", partial(match, language="zh_CN"), language="zh_CN", clock=Clock())
    dialogue.start(), dialogue.speech_finished()
    assert dialogue.heard("再 说 一 遍") == [StopListening(), Speak("请说手机号码")]
    assert dialogue.repeats == 0
    dialogue.speech_finished()
    confirm = dialogue.heard("一 三 八")
    assert confirm[0] == StopListening() and shown(confirm[1].text) == "您说的是138，对吗？"  # type: ignore[union-attr]
    assert speakable(confirm[1].text, SpeechLanguage.MANDARIN) == "您说的是幺 三 八,对吗?"  # type: ignore[union-attr]


def test_a_touch_at_any_moment_cancels_voice() -> None:
    dialogue = _dialogue(Clock())
    dialogue.start(), dialogue.speech_finished()
    assert dialogue.touched() == [StopListening()]
    assert dialogue.state is State.DONE and dialogue.speech_finished() == [] and dialogue.tick() == []
