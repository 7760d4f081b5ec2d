"""Answer inputs for the question page: one small interface, one registry keyed by question type."""

from banshi.ui.inputs.base import AnswerInput, CannotReach, InputContext, Step, Tap, Write
from banshi.ui.inputs.registry import input_for

__all__ = ["AnswerInput", "CannotReach", "InputContext", "Step", "Tap", "Write", "input_for"]
