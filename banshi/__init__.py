"""Banshi (办事): an accessible, multichannel front-end kit for public services."""

__version__ = "0.1.0"
