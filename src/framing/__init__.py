"""framing: measure how news outlets frame events through word choice.

The pipeline: corpus table → :func:`score` (counts and hits) → indicators,
aggregates and statistics → plots and reports. See the README for a tour.
"""

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import Any

# functions named like their module are imported eagerly: importing the module later
# must not replace the function with the module
from framing.aggregate import aggregate
from framing.audit import audit
from framing.corpus import CorpusError, iter_corpus, load_corpus, load_sample, read_text_file
from framing.discover import discover, grow_lexicon
from framing.findings import findings
from framing.keyness import keyness
from framing.kwic import kwic
from framing.language import detect_language, detect_languages
from framing.lexicon import (
    Category,
    Dimension,
    Lexicon,
    LexiconError,
    LexiconWarning,
    Term,
    available_lexicons,
    load_lexicon,
)
from framing.matcher import Hit, Matcher, tokenize
from framing.multilingual import MatcherSet, UnscoredWarning
from framing.normalize import NormalizedText, Normalizer, normalize
from framing.scoring import Scores, matcher_set, score, score_path
from framing.shifts import shifts

# The analysis functions load on first use (scipy, scikit-learn and the audit's
# hashing are not needed to score), so `import framing` and the CLI start fast.
_LAZY = {
    "wilson_interval": "framing.aggregate",
    "AuditReport": "framing.audit",
    "duplicate_clusters": "framing.audit",
    "syndication_effect": "framing.findings",
    "ReadingView": "framing.kwic",
    "reading_view": "framing.kwic",
    "format_audit": "framing.audit",
    "label_distribution_summary": "framing.compare",
    "label_distribution_test": "framing.compare",
    "share_difference": "framing.compare",
    "outlet_distinctiveness": "framing.distinctiveness",
    "attach_metadata": "framing.indicators",
    "document_indicators": "framing.indicators",
    "Kwic": "framing.kwic",
    "filter_scope": "framing.scope",
    "in_scope": "framing.scope",
    "scope_report": "framing.scope",
    "EventsError": "framing.events",
    "event_effect": "framing.events",
    "event_effects": "framing.events",
    "read_events": "framing.events",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'framing' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))

try:
    __version__ = version("framing-workbook")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+unknown"

__all__ = [
    "AuditReport",
    "Category",
    "CorpusError",
    "Dimension",
    "EventsError",
    "Hit",
    "Kwic",
    "Lexicon",
    "LexiconError",
    "LexiconWarning",
    "Matcher",
    "MatcherSet",
    "NormalizedText",
    "Normalizer",
    "ReadingView",
    "Scores",
    "Term",
    "UnscoredWarning",
    "__version__",
    "aggregate",
    "attach_metadata",
    "audit",
    "available_lexicons",
    "detect_language",
    "detect_languages",
    "discover",
    "document_indicators",
    "duplicate_clusters",
    "event_effect",
    "event_effects",
    "filter_scope",
    "findings",
    "format_audit",
    "grow_lexicon",
    "in_scope",
    "iter_corpus",
    "keyness",
    "kwic",
    "label_distribution_summary",
    "label_distribution_test",
    "load_corpus",
    "load_lexicon",
    "load_sample",
    "matcher_set",
    "normalize",
    "outlet_distinctiveness",
    "read_events",
    "read_text_file",
    "reading_view",
    "scope_report",
    "score",
    "score_path",
    "share_difference",
    "shifts",
    "syndication_effect",
    "tokenize",
    "wilson_interval",
]
