"""Steps every notebook of the workbook shares: read parameters, load and score, save charts.

Notebooks stay thin: they call these functions with the values of their
``parameters`` cell, then chart. A report run (:mod:`framing.report`) passes
parameters as text, so :func:`parse_parameter` turns them into values.

Everything a notebook writes goes through :func:`save_table`,
:func:`save_chart` (or :func:`show_chart`) and :func:`record_file`, so each
file gets a collision-free name (:func:`framing.outputs.output_name`) and a
line in the output ledger with a title, a caption and a report section.
Messy corpora (no outlets, no dates, empty texts, one outlet) still load:
what could not be used is said in :attr:`Study.notes` rather than failing.
"""

from __future__ import annotations

import datetime as dt
import math
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import pandas as pd
import yaml

__all__ = ["UNKNOWN_OUTLET", "Study", "corpus_summary", "dated_scores", "figure_formats",
           "load_study", "open_study", "parse_parameter", "plain_warnings", "project_root",
           "reading", "record_file", "resolve_output_dir", "save_chart", "save_table",
           "show_chart", "write_findings"]

#: The outlet given to documents whose corpus names none (a txt folder without manifest).
UNKNOWN_OUTLET = "(unknown)"

#: PNG resolution of a report run, and of an interactive run (faster to draw and show).
REPORT_DPI = 300
INTERACTIVE_DPI = 110


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


def project_root(start: str | Path | None = None) -> Path | None:
    """The project folder (holding ``pyproject.toml`` and ``notebooks/``) at or above ``start``.

    ``start`` defaults to the working directory, which is the notebook's
    folder when JupyterLab runs it. None when no such folder is found.
    """
    here = Path(start if start is not None else Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "pyproject.toml").is_file() and (folder / "notebooks").is_dir():
            return folder
    return None


def resolve_output_dir(output_dir: str | Path, *, start: str | Path | None = None,
                       announce: bool = True) -> Path:
    """The absolute folder a notebook writes to, printed so the user knows where to look.

    An absolute ``output_dir`` (what ``framing report`` passes) is used as it
    is. A relative one is taken from the project root (see
    :func:`project_root`), so running a notebook by hand from ``notebooks/``
    writes to ``reports/sample`` of the project, not ``notebooks/reports/sample``;
    outside a project it is taken from the working directory.
    """
    value = parse_parameter(output_dir)
    if value is None:
        raise ValueError("output_dir is empty: give the folder figures/ and tables/ go to.")
    path = Path(str(value)).expanduser()
    if not path.is_absolute():
        root = project_root(start)
        path = (root if root is not None else Path(start or Path.cwd()).resolve()) / path
    path = path.resolve()
    if announce:
        print(f"Figures and tables are written to {path}")
    return path


def figure_formats(value: Any = "png") -> list[str]:
    """The ``figure_formats`` parameter as a list: ``"png,svg"`` or ``["png"]`` → formats.

    Raises ValueError naming the parameter for an unknown format or an empty list.
    """
    from framing.figures import FORMATS

    parsed = parse_parameter(value)
    if parsed is None:
        raise ValueError(f"figure_formats is empty; give one or more of {', '.join(FORMATS)}.")
    items = parsed.split(",") if isinstance(parsed, str) else list(parsed)
    formats = [str(item).strip().lower().lstrip(".") for item in items if str(item).strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise ValueError(f"figure_formats={value!r}: use one or more of {', '.join(FORMATS)}, "
                         "separated by commas (e.g. 'png,svg,pdf').")
    return list(dict.fromkeys(formats))


@dataclass
class Study:
    """A corpus narrowed to a study's outlets and dates, scored, with what was left out.

    ``notes`` says, in short sentences, what the corpus lacks (outlets, dates,
    texts) and what the notebooks therefore cannot compute.
    """

    corpus: pd.DataFrame
    scores: pd.DataFrame
    hits: pd.DataFrame
    excluded: pd.DataFrame
    lexicon: Any
    provenance: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    rejected: int = 0

    @property
    def dimensions(self) -> list[str]:
        return [d.id for d in self.lexicon.dimensions]

    @property
    def outlets(self) -> list[str]:
        """The outlets of the kept documents, sorted."""
        return sorted(self.corpus["outlet"].dropna().astype(str).unique())

    @property
    def has_dates(self) -> bool:
        """Whether any kept document has a date (time charts need some)."""
        return bool(self.corpus["date"].notna().any())

    @property
    def languages(self) -> list[str]:
        """The languages of the scored documents, sorted (``["ar", "en"]``)."""
        if "language" not in self.scores.columns:
            return []
        return sorted(set(self.scores["language"].dropna().astype(str)))

    def corpus_with_languages(self) -> pd.DataFrame:
        """The kept corpus with each scored document's ``language`` (NaN for documents no
        lexicon could score: they are in ``provenance["unscored"]``)."""
        languages = self.scores.set_index("doc_id")["language"] \
            if "language" in self.scores.columns else pd.Series(dtype=object)
        return self.corpus.assign(language=self.corpus["doc_id"].map(languages))

    def language_name(self, code: str) -> str:
        """``"English"`` for ``"en"``; the code itself for a language framing does not know."""
        from framing.language import known_languages, language_info

        return language_info(code).name if code in known_languages() else str(code)

    def dimension_name(self, dimension: str) -> str:
        """The lexicon's English name of a dimension (for titles and captions)."""
        for candidate in self.lexicon.dimensions:
            if candidate.id == dimension:
                return candidate.label_en or dimension
        raise KeyError(f"The lexicon has no dimension {dimension!r}.")

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
        n_outlets = self.corpus["outlet"].nunique()
        lines = [f"{len(self.corpus)} documents from {n_outlets} "
                 f"outlet{'s' if n_outlets != 1 else ''}; "
                 f"{len(self.excluded)} left out by the outlet/date selection; "
                 f"{len(self.hits)} hits"]
        if len(self.languages) > 1:
            counts = self.scores["language"].value_counts()
            lines.append("Languages: " + ", ".join(
                f"{self.language_name(code)} {int(counts.get(code, 0)):,}"
                for code in self.languages) + " (each scored with its own lexicon)")
        lines += [f"Note: {note}" for note in self.notes]
        return "\n".join(lines)


def _rejected_count(table: pd.DataFrame) -> int:
    """Documents the corpus reader reported as rejected (``attrs["rejected"]``), else 0."""
    rejected = table.attrs.get("rejected")
    if rejected is None:
        return 0
    if isinstance(rejected, int | float):
        return int(rejected)
    return len(rejected)


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
    joined; documents left out are in ``excluded`` with the reason. Documents
    without an outlet get :data:`UNKNOWN_OUTLET`; a corpus without dates, or
    with empty texts, loads with a note saying so.
    """
    import framing
    from framing.indicators import attach_metadata
    from framing.selection import select_documents

    outlets = parse_parameter(outlets)
    options = {"kind": parse_parameter(kind)} if parse_parameter(kind) else {}
    table = framing.load_corpus(corpus, **options)
    if table.empty:
        raise ValueError(f"The corpus {corpus} has no documents: nothing to compute.")
    notes: list[str] = []
    missing_outlet = table["outlet"].isna()
    if missing_outlet.any():
        table = table.copy()
        table["outlet"] = table["outlet"].astype("string").fillna(UNKNOWN_OUTLET)
        notes.append(f"{int(missing_outlet.sum())} of {len(table)} documents name no outlet "
                     f"(a folder of .txt files without manifest.csv?); they are counted as "
                     f"outlet {UNKNOWN_OUTLET!r}.")
    kept, excluded = select_documents(table, outlets=outlets,
                                      start=parse_parameter(date_from),
                                      end=parse_parameter(date_to))
    if kept.empty:
        raise ValueError(f"No document of {corpus} is left after the outlet/date selection "
                         f"(outlets={outlets!r}, date_from={date_from!r}, date_to={date_to!r}).")
    undated = int(kept["date"].isna().sum())
    if undated == len(kept):
        notes.append("No document has a date: time charts are skipped.")
    elif undated:
        notes.append(f"{undated} of {len(kept)} documents have no date: they are left out of "
                     "time charts.")
    empty = int(kept["text"].fillna("").str.strip().eq("").sum())
    if empty:
        notes.append(f"{empty} of {len(kept)} documents have an empty text: they count as "
                     "documents without any label.")
    n_outlets = kept["outlet"].nunique()
    if n_outlets < 2:
        notes.append("Only one outlet: comparisons between outlets are skipped.")
    name = parse_parameter(lexicon) or "default"
    lex = framing.load_lexicon(name)
    # "default" scores each document with its language's default lexicon (Arabic, English)
    scoring = "default" if name == "default" else lex
    if (len(kept) == len(table) and cache and str(corpus) != "sample"
            and not missing_outlet.any()):
        result = framing.score_path(corpus, scoring, progress=False, **options)
    else:
        result = framing.score(kept, scoring, progress=False)
    scores = attach_metadata(result.counts, kept)
    return Study(kept, scores, result.hits, excluded, lex, dict(result.provenance),
                 notes=notes, rejected=_rejected_count(table))


def open_study(
    corpus: str | Path = "sample",
    *,
    kind: str | None = None,
    lexicon: Any = "default",
    outlets: Any = None,
    date_from: Any = None,
    date_to: Any = None,
    dimensions: Any = None,
    min_docs: Any = 5,
    output_dir: str | Path = "reports/sample",
) -> tuple[Study, Path, list[str], int]:
    """The first cell of every notebook: ``(study, output_dir, dimensions, min_docs)``.

    Resolves and prints the output folder (:func:`resolve_output_dir`),
    loads and scores the study (:func:`load_study`), reads the dimensions and
    ``min_docs`` parameters, and prints what was loaded.
    """
    folder = resolve_output_dir(output_dir)
    study = load_study(corpus, kind=kind, lexicon=lexicon, outlets=outlets,
                       date_from=date_from, date_to=date_to)
    chosen = study.select_dimensions(dimensions)
    print(study)
    return study, folder, chosen, int(parse_parameter(min_docs))


def dated_scores(scores: pd.DataFrame, *, announce: bool = True) -> pd.DataFrame:
    """The rows of ``scores`` that have a date, saying how many were left out and why.

    Time series need a date; undated documents are dropped here (not
    silently: the count is printed and kept in ``attrs["undated"]``).
    """
    has_date = scores["date"].notna()
    undated = int((~has_date).sum())
    kept = scores[has_date]
    kept.attrs["undated"] = undated
    if announce and undated:
        print(f"{undated} of {len(scores)} documents have no date and are left out of the "
              "time series.")
    return kept


def _record(output_dir: Path, path: Path, **entry: Any) -> None:
    from framing.outputs import record_output

    record_output(output_dir, path, **entry)


def save_table(table: pd.DataFrame, name: str, output_dir: str | Path, *,
               title: str | None = None, caption: str | None = None,
               section: str | None = None) -> Path:
    """Write ``tables/<name>.csv`` under ``output_dir`` and record it in the ledger.

    The file name is :func:`framing.outputs.output_name` of ``name``, so names
    made from outlets (``A/B``, ``A_B``) never share a file.
    """
    from framing.outputs import output_name

    out = Path(output_dir)
    folder = out / "tables"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{output_name(name)}.csv"
    table.to_csv(path, index=False)
    _record(out, path, kind="table", name=name, title=title or name.replace("_", " "),
            caption=caption, section=section)
    return path


def save_chart(fig, table: pd.DataFrame, name: str, output_dir: str | Path, *,
               title: str, caption: str, section: str,
               formats: Any = "png", dpi: float | None = None) -> list[Path]:
    """Save a chart under ``figures/`` in ``formats`` and the numbers it shows as CSV.

    Every figure has a table of the same name, so each number charted can be
    checked and reused; both are recorded in the ledger, the figure with its
    title, caption and section. ``dpi`` defaults to 300 in a report run and
    to a screen resolution when run by hand (quicker). The figure is closed.
    """
    return _save_chart(fig, table, name, output_dir, title=title, caption=caption,
                       section=section, formats=formats, dpi=dpi)[0]


def _save_chart(fig, table: pd.DataFrame, name: str, output_dir: str | Path, *,
                title: str, caption: str, section: str, formats: Any = "png",
                dpi: float | None = None) -> tuple[list[Path], Any]:
    """:func:`save_chart`, also giving the PNG's picture (None without PNG)."""
    from framing.figures import saved_picture
    from framing.outputs import current_run, output_name

    out = Path(output_dir)
    folder = out / "figures"
    folder.mkdir(parents=True, exist_ok=True)
    if dpi is None:
        dpi = REPORT_DPI if current_run() else INTERACTIVE_DPI
    try:
        paths, picture = saved_picture(fig, folder / output_name(name),
                                       formats=figure_formats(formats), dpi=dpi,
                                       overwrite=True)
    finally:
        plt.close(fig)
    csv = save_table(table, name, out, title=f"{title} (numbers)", caption=caption,
                     section=section)
    for path in paths:
        _record(out, path, kind="figure", name=name, title=title, caption=caption,
                section=section, table=csv)
    return [*paths, csv], picture


def show_chart(fig, table: pd.DataFrame, name: str, output_dir: str | Path, *,
               title: str, caption: str, section: str, formats: Any = "png",
               width: int = 900):
    """:func:`save_chart`, then the chart as a PNG about ``width`` pixels wide, to display.

    The saved PNG is shown when it is about that size already (an interactive
    run); a report's 300 dpi picture is scaled down by a whole factor (a box
    filter, a fraction of drawing the chart again), which keeps the executed
    notebook small. PNG is always written, whatever ``formats`` says, since it
    is what is shown.
    """
    from io import BytesIO

    from IPython.display import Image

    from framing.figures import write_png

    wanted = figure_formats(formats)
    if "png" not in wanted:
        wanted = ["png", *wanted]
    paths, picture = _save_chart(fig, table, name, output_dir, title=title, caption=caption,
                                 section=section, formats=wanted)
    png = next(p for p in paths if p.suffix == ".png")
    if picture.width <= width * 1.25:
        return Image(data=png.read_bytes(), format="png")
    # at most 1.25 times ``width`` after a whole-factor reduction (2,700 px -> 900)
    picture = picture.reduce(max(2, math.ceil(picture.width / (width * 1.25))))
    data = BytesIO()
    write_png(picture, data, 100)
    return Image(data=data.getvalue(), format="png")


def record_file(output_dir: str | Path, path: str | Path, *, name: str, title: str,
                caption: str | None = None, section: str = "validation",
                kind: str = "validation") -> Path:
    """Record a file a notebook wrote by other means (KWIC pages, coding sheets) in the ledger."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path} was not written; nothing to record.")
    _record(Path(output_dir), path, kind=kind, name=name, title=title, caption=caption,
            section=section)
    return path


def corpus_summary(study: Study, report: Any) -> pd.DataFrame:
    """The corpus in a few numbers, as ``item,value`` rows (``tables/corpus_summary.csv``).

    Items: ``documents``, ``outlets``, ``first_date``, ``last_date`` (empty
    without dates), ``undated``, ``empty``, ``rejected`` (documents the
    reader refused), ``exact_duplicate_docs`` (copies after the first of an
    identical text), ``near_duplicate_clusters`` and ``near_duplicate_docs``
    (every member of a cluster of near duplicates); then ``languages``
    (scored documents per language), ``unscored`` (documents in no language
    of the lexicons), ``lexicons`` (the lexicon of each language) and
    ``unmeasured`` (labels a language's lexicon lacks), the last two where
    the scoring recorded them. ``report`` is :func:`framing.audit` of
    ``study.corpus``.
    """
    flags = report.flags
    dates = study.corpus["date"].dropna()
    near = flags["near_duplicate_cluster"].dropna()
    sizes = near.value_counts()
    sizes = sizes[sizes > 1]
    items = [
        ("documents", len(study.corpus)),
        ("outlets", int(study.corpus["outlet"].nunique())),
        ("first_date", f"{dates.min():%Y-%m-%d}" if len(dates) else ""),
        ("last_date", f"{dates.max():%Y-%m-%d}" if len(dates) else ""),
        ("undated", int(study.corpus["date"].isna().sum())),
        ("empty", int(flags["is_empty"].sum())),
        ("rejected", int(study.rejected)),
        ("exact_duplicate_docs", int(flags["exact_duplicate_of"].notna().sum())),
        ("near_duplicate_clusters", len(sizes)),
        ("near_duplicate_docs", int(sizes.sum())),
    ]
    return pd.DataFrame(items + _language_items(study), columns=["item", "value"])


def _language_items(study: Study) -> list[tuple[str, Any]]:
    """Summary rows on languages: documents per language, those no lexicon could score,
    the lexicon of each language and the labels a language's lexicon lacks."""
    counts = (study.scores["language"].value_counts() if "language" in study.scores.columns
              else pd.Series(dtype=int))
    unscored = study.provenance.get("unscored") or []
    items: list[tuple[str, Any]] = [
        ("languages", ", ".join(f"{study.language_name(code)} {int(counts[code]):,}"
                                for code in study.languages)),
        ("unscored", len(unscored)),
    ]
    present = set(study.languages)
    lexicons = {k: v for k, v in (study.provenance.get("lexicons") or {}).items()
                if k in present}
    if lexicons:
        items.append(("lexicons", "; ".join(
            f"{study.language_name(code)}: {info.get('name')} ({str(info.get('hash', ''))[:12]})"
            for code, info in sorted(lexicons.items()))))
    unmeasured = {k: v for k, v in (study.provenance.get("unmeasured") or {}).items()
                  if k in present}
    if unmeasured:
        items.append(("unmeasured", "; ".join(
            f"{study.language_name(code)}: {', '.join(map(str, categories))}"
            for code, categories in sorted(unmeasured.items()))))
    return items



@contextmanager
def plain_warnings() -> Iterator[None]:
    """Show the warnings of a block as one short ``Note:`` line each, not as stderr noise.

    Notebook outputs stay readable: a warning's message is kept (it says
    what was left out), its file, line and category are not. Repeated
    messages are printed once.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    seen: set[str] = set()
    for warning in caught:
        message = str(warning.message).strip()
        if message and message not in seen:
            seen.add(message)
            print(f"Note: {message}")


def load_events(events: Any) -> pd.DataFrame | None:
    """The ``events`` parameter of a notebook read as an events table, or None without one.

    A relative path is taken from the working folder, else from the project
    folder (a notebook run by hand starts in ``notebooks/``). Says how many
    events were read; a faulty file raises :class:`framing.events.EventsError`
    naming the file, line and field.
    """
    from framing.events import read_events

    value = parse_parameter(events)
    if value is None:
        return None
    path = Path(str(value)).expanduser()
    root = project_root()
    if not path.is_absolute() and not path.exists() and root is not None:
        path = root / path
    table = read_events(path)
    print(f"{len(table)} event(s) read from {path.name}.")
    return table


def write_findings(study: Study, output_dir: str | Path, *,
                   min_docs: int = 5) -> pd.DataFrame | None:
    """Findings in sentences, with and without near-duplicate (wire) copies, and their shift.

    Writes ``tables/findings.csv``, ``tables/findings_wire_once.csv`` (each
    cluster of near duplicates counted once) and ``tables/syndication_effect.csv``,
    prints the findings' sentences and returns the findings table. With fewer
    than two outlets nothing can be compared: says so and returns None.

    A corpus in several languages compares each outlet with the other outlets
    of its own language, and adds ``tables/findings_by_language.csv`` (the
    languages' outlets pooled, one against the others) and, for an outlet
    with services in two languages, ``tables/findings_services.csv`` (its
    services compared).
    """
    if len(study.outlets) < 2:
        print("Findings compare outlets: at least two outlets are needed; none written.")
        return None
    from framing.audit import duplicate_clusters
    from framing.findings import findings, syndication_effect

    within = "language" if len(study.languages) > 1 else None
    with plain_warnings():
        table = findings(study.scores, lexicon=study.lexicon, by="outlet", min_docs=min_docs,
                         within=within)
        clusters = duplicate_clusters(study.corpus)
        once = findings(study.scores, lexicon=study.lexicon, by="outlet", min_docs=min_docs,
                        duplicates="collapse", clusters=clusters, within=within)
        shift = syndication_effect(study.scores, clusters, lexicon=study.lexicon, by="outlet")
    among = " of the same language" if within else ""
    save_table(table, "findings", output_dir, title="Findings", section="shares",
               caption=f"What differs between outlets{among}, in sentences, with adjusted "
                       "p-values")
    save_table(once, "findings_wire_once", output_dir, title="Findings, wire copies once",
               section="shares", caption="The findings with each cluster of near-duplicate "
                                         "articles counted once")
    save_table(shift, "syndication_effect", output_dir, title="Syndication effect",
               section="shares", caption="How each outlet's shares shift when near-duplicate "
                                         "articles are counted once")
    found = table[table["finding"].fillna(False).astype(bool)]
    sentences = list(dict.fromkeys(found["sentence"].dropna()))
    print("\n".join(sentences) if sentences else
          f"No outlet differs from the other outlets{among} clearly enough to state as a "
          "finding.")
    print(f"All {len(table)} comparisons, with their sentences and numbers, are in "
          "tables/findings.csv.")
    if within:
        _write_language_findings(study, output_dir, min_docs)
    return table


def _write_language_findings(study: Study, output_dir: str | Path, min_docs: int) -> None:
    """The languages compared (all outlets of each pooled), and each outlet's services."""
    from framing.findings import findings

    with plain_warnings():
        languages = findings(study.scores, lexicon=study.lexicon, by="language",
                             min_docs=min_docs)
    save_table(languages, "findings_by_language", output_dir, section="shares",
               title="Findings between languages",
               caption="Each language's outlets pooled against the other languages' outlets")
    found = languages[languages["finding"].fillna(False).astype(bool)]
    print("\nBetween languages (all outlets of each language pooled):")
    print("\n".join(dict.fromkeys(found["sentence"])) if len(found) else
          "No language differs from the other clearly enough to state as a finding.")
    per_outlet = study.scores.groupby("outlet", observed=True)["language"].nunique()
    both = sorted(per_outlet[per_outlet > 1].index.astype(str))
    if not both:
        print("No outlet has documents in two languages: no services to compare.")
        return
    parts = []
    with plain_warnings():
        for outlet in both:
            rows = study.scores[study.scores["outlet"].astype(str) == outlet]
            part = findings(rows, lexicon=study.lexicon, by="language", min_docs=min_docs)
            part.insert(0, "outlet", outlet)
            parts.append(part)
    services = pd.concat(parts, ignore_index=True)
    save_table(services, "findings_services", output_dir, section="shares",
               title="An outlet's services compared",
               caption="For each outlet with documents in two languages: each language's "
                       "share of each label against the other's")
    found = services[services["finding"].fillna(False).astype(bool)]
    print(f"\nServices of {', '.join(both)}, compared across languages:")
    print("\n".join(f"{o}: {t}" for o, t in dict.fromkeys(
        zip(found["outlet"], found["sentence"], strict=True))) if len(found) else
          "No service differs from the other clearly enough to state as a finding.")


def reading(lines: Any) -> Any:
    """KWIC lines or a coding-sheet sample in the right-to-left reading view, to display.

    :func:`framing.kwic.reading_view`: the keyword in its own column, whole
    contexts on each side, right to left.
    """
    from framing.kwic import reading_view

    return reading_view(lines)
