"""`python -m banshi` is the `banshi` command."""

from banshi.cli import main

main()
