"""framing: measure how news outlets frame events through word choice.

The pipeline: corpus table → :func:`score` (counts and hits) → indicators,
aggregates and statistics → plots and reports. See the README for a tour.
"""

from importlib.metadata import PackageNotFoundError, version

from framing.aggregate import aggregate, wilson_interval
from framing.audit import AuditReport, audit, format_audit
from framing.compare import label_distribution_summary, label_distribution_test, share_difference
from framing.corpus import CorpusError, iter_corpus, load_corpus, load_sample, read_text_file
from framing.distinctiveness import outlet_distinctiveness
from framing.indicators import attach_metadata, document_indicators
from framing.keyness import keyness
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
from framing.scope import filter_scope, in_scope, scope_report
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
    "aggregate",
    "attach_metadata",
    "audit",
    "available_lexicons",
    "document_indicators",
    "filter_scope",
    "format_audit",
    "in_scope",
    "iter_corpus",
    "keyness",
    "kwic",
    "label_distribution_summary",
    "label_distribution_test",
    "load_corpus",
    "load_lexicon",
    "load_sample",
    "normalize",
    "outlet_distinctiveness",
    "read_text_file",
    "scope_report",
    "score",
    "score_path",
    "share_difference",
    "tokenize",
    "wilson_interval",
]
