"""framing: measure how news outlets frame events through word choice.

The pipeline: corpus table → :func:`score` (counts and hits) → indicators,
aggregates and statistics → plots and reports. See the README for a tour.
"""

from importlib.metadata import PackageNotFoundError, version

from framing.audit import AuditReport, audit, format_audit
from framing.corpus import CorpusError, iter_corpus, load_corpus, load_sample, read_text_file
from framing.kwic import Kwic, kwic
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
from framing.scoring import Scores, score, score_path

try:
    __version__ = version("framing-workbook")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+unknown"

__all__ = [
    "AuditReport",
    "Category",
    "CorpusError",
    "Dimension",
    "Hit",
    "Kwic",
    "Lexicon",
    "LexiconError",
    "Matcher",
    "NormalizedText",
    "Normalizer",
    "Scores",
    "Term",
    "__version__",
    "audit",
    "available_lexicons",
    "format_audit",
    "iter_corpus",
    "kwic",
    "load_corpus",
    "load_lexicon",
    "load_sample",
    "normalize",
    "read_text_file",
    "score",
    "score_path",
    "tokenize",
]
