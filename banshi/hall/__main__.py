"""``python -m banshi.hall serve …`` (and the other hall subcommands but ``display``)."""

from banshi.hall.cli import hall_app

hall_app(prog_name="python -m banshi.hall")
