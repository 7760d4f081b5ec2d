"""Qt tools that sit above the apps: the accessibility audit and the screenshot gallery.

Layers (import-linter, ``pyproject.toml``): core < ui < apps (kiosk, counter) < tools. Tools import the apps
they check directly; nothing below imports a tool.
"""
