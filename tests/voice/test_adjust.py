"""The citizen's speed and loudness steps."""

from __future__ import annotations

from banshi import i18n
from banshi.voice.adjust import STEPS, SpeechAdjustment


def test_slower_and_faster_move_in_steps_around_the_deployment_s_rate_and_stop_at_the_ends() -> None:
    adjustment = SpeechAdjustment(normal_rate=140)
    assert adjustment.slower() and adjustment.rate == 119
    assert adjustment.slower() and adjustment.rate == 98
    assert not adjustment.slower() and adjustment.rate == 98  # the slowest: the button is disabled there
    for _ in range(2 * STEPS):
        assert adjustment.faster()
    assert adjustment.rate == 196 and not adjustment.faster()


def test_louder_goes_above_espeak_s_normal_amplitude_and_quieter_below_it() -> None:
    adjustment = SpeechAdjustment(normal_rate=140, normal_volume=1.0)
    adjustment.louder(), adjustment.louder()
    assert adjustment.volume == 2.0
    adjustment.reset()
    adjustment.quieter()
    assert adjustment.volume == 0.7


def test_reset_returns_to_normal_for_the_next_citizen_and_says_whether_anything_changed() -> None:
    adjustment = SpeechAdjustment(normal_rate=150)
    assert not adjustment.reset()
    adjustment.slower(), adjustment.louder()
    assert adjustment.reset() and (adjustment.rate, adjustment.volume) == (150, 1.0)


def test_a_fast_deployment_rate_is_never_pushed_past_what_the_synthesizer_accepts() -> None:
    adjustment = SpeechAdjustment(normal_rate=260)
    adjustment.faster(), adjustment.faster()
    assert adjustment.rate == 300


def test_the_state_is_described_in_the_language_on_screen() -> None:
    adjustment = SpeechAdjustment(normal_rate=140)
    adjustment.slower()
    assert str(adjustment.describe()) == "语速：较慢。音量：正常。"
    i18n.set_language("en")
    assert str(adjustment.describe()) == "Speed: slow. Loudness: normal."
