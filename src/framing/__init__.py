"""framing: measure how news outlets frame events through word choice.

The pipeline: corpus table → :func:`score` (counts and hits) → indicators,
aggregates and statistics → plots and reports. See the README for a tour.
"""

from importlib.metadata import PackageNotFoundError, version

from framing.lexicon import (
    Category,
    Dimension,
    Lexicon,
    LexiconError,
    Term,
    available_lexicons,
    load_lexicon,
)
from framing.matcher import Hit, Matcher, tokenize
from framing.normalize import NormalizedText, Normalizer, normalize
from framing.scoring import Scores, score

try:
    __version__ = version("framing-workbook")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+unknown"

__all__ = [
    "Category",
    "Dimension",
    "Hit",
    "Lexicon",
    "LexiconError",
    "Matcher",
    "NormalizedText",
    "Normalizer",
    "Scores",
    "Term",
    "__version__",
    "available_lexicons",
    "load_lexicon",
    "normalize",
    "score",
    "tokenize",
]
