"""``python -m banshi.sync.hub --database-url … --port …``"""

from banshi.sync.hub.cli import app

app(prog_name="python -m banshi.sync.hub")
