"""What the hall says and shows for a call: "请 A012 号到 3 号窗口".

The spoken form marks its values for the voice stack (``banshi.voice.speakable``): the ticket is read
letter and digit one by one, as halls call it, and the window as a number, in whichever voice says it
(Mandarin, Cantonese with Cantonese letter names, English).
"""

from __future__ import annotations

from dataclasses import dataclass

from banshi.i18n import _, translate
from banshi.voice.readings import Reading, said

CALL = "Number {code}, please go to window {counter}"


@dataclass(frozen=True)
class Announcement:
    code: str
    counter: str

    def shown(self) -> str:
        """The board's line in the current language."""
        return _(CALL).format(code=self.code, counter=self.counter)

    def shown_two_lines(self) -> str:
        """The same on two lines, broken where a reader pauses (a portrait board)."""
        return _("Number {code},\nplease go to window {counter}").format(code=self.code, counter=self.counter)

    def spoken(self, language: str = "zh_CN") -> str:
        """The call in ``language``'s words, its values marked for how they are read (Chinese text serves
        the Mandarin and the Cantonese voices alike)."""
        return translate(CALL, language).format(code=said(self.code, Reading.REFERENCE),
                                                counter=said(int(self.counter), Reading.NUMBER))
