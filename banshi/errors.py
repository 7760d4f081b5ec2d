"""The base of errors an operator can fix (bad settings, a broken service file, a missing font).

The `banshi` command prints these as one clear line and exits with status 2, without a traceback.
"""

from __future__ import annotations


class OperatorError(Exception):
    """Something about the installation or configuration that a person must fix; str() says how."""
