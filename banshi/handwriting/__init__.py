"""Handwritten Chinese characters → candidates (Qt-free).

``Recogniser.open()`` loads Zinnia and the template matcher; ``recognise(ink, context)`` returns up
to ten characters, best first. ``Ink`` is the stroke model (``ink.py``), ``Context`` what the field
expects (``context.py``). See docs/handwriting.md for how it was built and measured.
"""

from banshi.handwriting.context import Context
from banshi.handwriting.ink import Ink, InkError, make_ink, read_ink
from banshi.handwriting.recogniser import Candidate, Recogniser, RecogniserUnavailable

__all__ = ["Candidate", "Context", "Ink", "InkError", "Recogniser", "RecogniserUnavailable", "make_ink", "read_ink"]
