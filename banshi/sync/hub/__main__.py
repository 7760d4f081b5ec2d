"""``python -m banshi.sync.hub --database-url … --port …`` (and its subcommands)."""

from banshi.sync.hub.cli import hub_app

hub_app(prog_name="python -m banshi.sync.hub")
