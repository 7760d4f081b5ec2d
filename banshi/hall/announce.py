"""What the hall says and shows for a call: "请 A012 号到 3 号窗口".

Spoken forms are written out so every voice reads them one way: the ticket's digits one by one
(零一二, as halls say them) and the window as a number (十二号窗口), with no Latin digits left for a
Chinese voice to read in another language.
"""

from __future__ import annotations

from dataclasses import dataclass

from banshi.i18n import _

_DIGITS = "零一二三四五六七八九"


def digits_zh(text: str) -> str:
    """Each digit as its character: "012" → "零一二" (ticket numbers are read digit by digit)."""
    return "".join(_DIGITS[int(ch)] if ch.isdigit() else ch for ch in text)


def number_zh(value: int) -> str:
    """A window number (1-999) as Chinese reads it: 3 → 三, 10 → 十, 12 → 十二, 105 → 一百零五."""
    if not 0 < value < 1000:
        raise ValueError(f"window numbers run from 1 to 999, not {value}")
    hundreds, tens, ones = value // 100, value // 10 % 10, value % 10
    text = f"{_DIGITS[hundreds]}百" if hundreds else ""
    if tens:
        text += ("" if tens == 1 and not hundreds else _DIGITS[tens]) + "十"
    elif hundreds and ones:
        text += "零"
    return text + (_DIGITS[ones] if ones else "")


@dataclass(frozen=True)
class Announcement:
    code: str
    counter: str

    def shown(self) -> str:
        """The board's line in the current language."""
        return _("Number {code}, please go to window {counter}").format(code=self.code, counter=self.counter)

    def shown_two_lines(self) -> str:
        """The same on two lines, broken where a reader pauses (a portrait board)."""
        return _("Number {code},\nplease go to window {counter}").format(code=self.code, counter=self.counter)

    def spoken_zh(self) -> str:
        """For the Mandarin and the Cantonese voices alike (the characters are the same)."""
        letter, digits = self.code[:1], self.code[1:]
        return f"请 {letter} {digits_zh(digits)} 号，到 {number_zh(int(self.counter))} 号窗口。"

    def spoken_en(self) -> str:
        letter, digits = self.code[:1], self.code[1:]
        return f"Number {letter} {' '.join(digits)}, please go to window {int(self.counter)}."
