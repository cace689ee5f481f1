"""Exceptions and warnings about corpora, shared by the readers and the date parser.

They live apart from :mod:`framing.corpus` so that :mod:`framing.dates`, which
the readers use, can raise them without importing the readers back.
"""

from __future__ import annotations

__all__ = ["CorpusError", "CorpusWarning"]


class CorpusError(ValueError):
    """A corpus file cannot be read as asked; the message names the file, the row and the fix."""


class CorpusWarning(UserWarning):
    """Something in a corpus deserves a look but does not stop loading."""
