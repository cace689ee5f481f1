"""Steps every notebook of the workbook shares: read parameters, load and score, save charts.

Notebooks stay thin: they call these functions with the values of their
``parameters`` cell, then chart. A report run (:mod:`framing.report`) passes
parameters as text, so :func:`parse_parameter` turns them into values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import pandas as pd
import yaml

__all__ = ["Study", "load_study", "parse_parameter", "save_chart", "save_table", "show_chart"]


def parse_parameter(value: Any) -> Any:
    """A notebook parameter as a value: ``"None"``, ``"[a, b]"``, ``"3"`` → None, list, 3.

    Strings are read as YAML (so lists and numbers can be given on the command
    line); dates stay ISO strings; anything that is not a string is returned as is.
    """
    if not isinstance(value, str):
        return value
    if value.strip() in ("None", "none", ""):
        return None
    try:
        parsed = yaml.safe_load(value)
    except yaml.YAMLError:
        return value
    if isinstance(parsed, dt.date | dt.datetime):
        return value.strip()
    return parsed


@dataclass
class Study:
    """A corpus narrowed to a study's outlets and dates, scored, with what was left out."""

    corpus: pd.DataFrame
    scores: pd.DataFrame
    hits: pd.DataFrame
    excluded: pd.DataFrame
    lexicon: Any
    provenance: dict[str, Any] = field(default_factory=dict)

    @property
    def dimensions(self) -> list[str]:
        return [d.id for d in self.lexicon.dimensions]

    def select_dimensions(self, dimensions: Any = None) -> list[str]:
        """The dimensions asked for (a parameter value), or all of the lexicon's."""
        chosen = parse_parameter(dimensions)
        if chosen is None:
            return self.dimensions
        chosen = [chosen] if isinstance(chosen, str) else list(chosen)
        unknown = [d for d in chosen if d not in self.dimensions]
        if unknown:
            raise ValueError(f"Unknown dimension(s) {unknown}; the lexicon has "
                             f"{', '.join(self.dimensions)}.")
        return chosen

    def __str__(self) -> str:
        return (f"{len(self.corpus)} documents from {self.corpus['outlet'].nunique()} outlets; "
                f"{len(self.excluded)} left out by the outlet/date selection; "
                f"{len(self.hits)} hits")


def load_study(
    corpus: str | Path = "sample",
    *,
    kind: str | None = None,
    lexicon: Any = "default",
    outlets: Any = None,
    date_from: Any = None,
    date_to: Any = None,
    cache: bool = True,
) -> Study:
    """Load a corpus, keep the requested outlets and dates, and score it.

    ``scores`` is the counts table with the corpus's ``outlet`` and ``date``
    joined; documents left out are in ``excluded`` with the reason.
    """
    import framing
    from framing.indicators import attach_metadata
    from framing.selection import select_documents

    outlets = parse_parameter(outlets)
    options = {"kind": parse_parameter(kind)} if parse_parameter(kind) else {}
    table = framing.load_corpus(corpus, **options)
    kept, excluded = select_documents(table, outlets=outlets,
                                      start=parse_parameter(date_from),
                                      end=parse_parameter(date_to))
    lex = framing.load_lexicon(parse_parameter(lexicon) or "default")
    if len(kept) == len(table) and cache and str(corpus) != "sample":
        result = framing.score_path(corpus, lex, progress=False, **options)
    else:
        result = framing.score(kept, lex, progress=False)
    scores = attach_metadata(result.counts, kept)
    return Study(kept, scores, result.hits, excluded, lex, dict(result.provenance))


def save_table(table: pd.DataFrame, name: str, output_dir: str | Path) -> Path:
    """Write ``tables/<name>.csv`` under ``output_dir`` (replacing an earlier run's)."""
    from framing.figures import safe_filename

    folder = Path(output_dir) / "tables"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{safe_filename(name)}.csv"
    table.to_csv(path, index=False)
    return path


def save_chart(fig, table: pd.DataFrame, name: str, output_dir: str | Path) -> list[Path]:
    """Save a chart as PNG, SVG and PDF under ``figures/`` and the numbers it shows as CSV.

    Every figure of a report has a table of the same name, so each number
    charted can be checked and reused.
    """
    from framing.figures import safe_filename, save_figure

    folder = Path(output_dir) / "figures"
    folder.mkdir(parents=True, exist_ok=True)
    paths = save_figure(fig, folder / safe_filename(name), overwrite=True)
    paths.append(save_table(table, name, output_dir))
    plt.close(fig)
    return paths


def show_chart(fig, table: pd.DataFrame, name: str, output_dir: str | Path, *,
               width: int = 900):
    """:func:`save_chart`, then the saved PNG, scaled to ``width`` pixels, to show.

    Scaling the file down takes a fraction of the second or two that drawing
    a chart with Arabic labels once more would, and keeps the executed
    notebook small (the 300 dpi file stays in ``figures/``).
    """
    from io import BytesIO

    from IPython.display import Image
    from PIL import Image as Picture

    paths = save_chart(fig, table, name, output_dir)
    png = next(p for p in paths if p.suffix == ".png")
    with Picture.open(png) as picture:
        picture.thumbnail((width, width * 4))
        data = BytesIO()
        picture.save(data, format="PNG", optimize=False)
    return Image(data=data.getvalue(), format="png")
