"""Validation by reading: coding sheets, precision, coder agreement and a recall aid.

A dictionary method is only as good as its precision (how many of the counted
spans really are what the category says) and its recall (how many labels it
misses). Both are measured by people reading text:

1. :func:`draw_sample` draws a seeded random sample of hits, stratified by
   category and outlet, with the words around each hit;
2. :func:`write_sheet` writes it as a coding sheet (XLSX or CSV) and
   :func:`read_sheet` reads a coder's sheet back, checking every verdict;
3. :func:`precision` gives the precision of each category (or term, or
   category × outlet) with a Wilson interval; :func:`low_precision_terms`
   lists the terms to refine; :func:`merge_sheets` and
   :func:`krippendorff_alpha` measure how far two or more coders agree;
4. :func:`recall_sample` draws documents with no hit of a dimension that do
   mention the topic, for reading what the lexicon missed.

A verdict says whether the highlighted keyword is an instance of the
category: ``correct``, ``incorrect`` or ``unsure``; a blank verdict means
"not yet coded" and is never counted as incorrect.
"""

from __future__ import annotations

import json
import re
import warnings
import zlib
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from framing.aggregate import wilson_interval
from framing.kwic import (
    _check_hits,
    _check_window,
    _compile_pattern,
    _contexts,
    _corpus_table,
    _date_text,
    _from_spreadsheet,
    _pattern_spans,
    _spreadsheet_frame,
    _text_lookup,
)
from framing.lexicon import Lexicon, load_lexicon
from framing.normalize import Normalizer

__all__ = [
    "REQUIRED_COLUMNS",
    "SHEET_COLUMNS",
    "VERDICTS",
    "VERDICT_SPELLINGS",
    "NotYetCodedWarning",
    "draw_sample",
    "krippendorff_alpha",
    "low_precision_terms",
    "merge_sheets",
    "precision",
    "read_sheet",
    "recall_sample",
    "write_sheet",
]

#: The verdicts a coder may give (the dropdown of the XLSX sheet).
VERDICTS = ("correct", "incorrect", "unsure")

#: Other spellings accepted for each verdict (compared after normalisation and
#: lower-casing): Arabic words, and 1 / 0. Language data: ``data/verdicts.yaml``.
VERDICT_SPELLINGS = {
    verdict: tuple(str(s) for s in spellings)
    for verdict, spellings in yaml.safe_load(
        (resources.files("framing") / "data" / "verdicts.yaml").read_text(encoding="utf-8")
    ).items()
}

#: Columns of a coding sheet, in the order written (extra columns follow).
SHEET_COLUMNS = [
    "item_id", "doc_id", "outlet", "date", "category", "term", "pre", "keyword", "post",
    "verdict", "notes", "start", "end", "cell_population", "cell_sample", "sampling_weight",
]
#: Columns a sheet must have to be read back.
REQUIRED_COLUMNS = ("item_id", "category", "term", "verdict")

_TEXT_COLUMNS = ("pre", "keyword", "post", "notes", "outlet", "category", "term")
_INTEGER_COLUMNS = ("start", "end", "cell_population", "cell_sample")
_FLOAT_COLUMNS = ("sampling_weight",)
_COLUMN_WIDTHS = {"item_id": 26, "doc_id": 24, "outlet": 16, "date": 12, "category": 14,
                  "term": 24, "pre": 60, "keyword": 22, "post": 60, "verdict": 12, "notes": 40}
_SHEET_NAME = "coding"
_SUFFIXES = (".xlsx", ".csv")
# characters XML (and so XLSX) cannot hold
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SPACES = re.compile(r"\s+")


class NotYetCodedWarning(UserWarning):
    """Some items of a coding sheet have no verdict yet (they are left out, not counted wrong)."""


# -- drawing the sample ------------------------------------------------------------------


def _hits_table(hits: Any, caller: str) -> pd.DataFrame:
    if not isinstance(hits, pd.DataFrame) and hasattr(hits, "hits"):
        hits = hits.hits  # a Scores object
    if not isinstance(hits, pd.DataFrame):
        raise TypeError(f"The 'hits' parameter of framing.{caller} must be the hits table of "
                        f"framing.score. Got {type(hits).__name__} instead.")
    missing = [c for c in ("doc_id", "start", "end", "surface", "category", "term")
               if c not in hits.columns]
    if missing:
        raise KeyError(f"The hits table given to framing.{caller} has no "
                       f"{', '.join(map(repr, missing))} column(s); pass the hits of "
                       "framing.score.")
    return hits


def _check_seed(random_state: Any, caller: str) -> None:
    if (isinstance(random_state, bool) or not isinstance(random_state, int | np.integer)
            or random_state < 0):
        raise ValueError(f"The 'random_state' parameter of framing.{caller} must be a whole "
                         f"number >= 0 (a seed). Got {random_state!r} instead.")


def _cell_seed(random_state: int, key: tuple) -> np.random.Generator:
    """A generator for one stratum: the same seed and stratum give the same draw.

    Seeding each stratum on its own keeps a stratum's sample unchanged when
    other strata gain or lose hits.
    """
    label = json.dumps([str(k) for k in key], ensure_ascii=False).encode("utf-8")
    return np.random.default_rng(np.random.SeedSequence([random_state, zlib.crc32(label)]))


def draw_sample(
    hits: Any,
    corpus: Any,
    *,
    per_cell: int = 20,
    strata: str | Sequence[str] = ("category", "outlet"),
    random_state: int = 0,
    window: int = 12,
    normalizer: Normalizer | None = None,
) -> pd.DataFrame:
    """A seeded, stratified random sample of hits, with context, ready to code.

    Parameters
    ----------
    hits : DataFrame or Scores
        The hits of :func:`framing.score` on ``corpus``.
    corpus : DataFrame, mapping, list of str, or Path
        The documents the hits point into; ``outlet`` and ``date`` come from here.
    per_cell : int, default 20
        Hits drawn from each stratum (each combination of the ``strata``
        values); a stratum with fewer hits is taken whole.
    strata : str or sequence of str, default ("category", "outlet")
        Columns of the hits or the corpus that define the strata.
    random_state : int, default 0
        Seed: the same hits, corpus and seed give the same sample.
    window : int, default 12
        Words of context on each side of the keyword.
    normalizer : Normalizer, optional
        Decides what a word is (the codebook's settings by default).

    Returns
    -------
    DataFrame
        One row per drawn hit, columns ``SHEET_COLUMNS`` (and any other
        strata): a stable ``item_id`` (``doc_id:start-end``), the hit, its
        context, empty ``verdict`` and ``notes`` for the coder, and per
        stratum ``cell_population`` (its number of hits), ``cell_sample``
        (how many were drawn) and ``sampling_weight`` (their ratio, for
        precision over several strata). Rows are ordered by stratum, then
        corpus position. ``attrs`` record the sampling settings.
    """
    hits = _hits_table(hits, "draw_sample")
    if isinstance(per_cell, bool) or not isinstance(per_cell, int | np.integer) or per_cell < 1:
        raise ValueError(f"The 'per_cell' parameter of framing.draw_sample must be a whole "
                         f"number >= 1. Got {per_cell!r} instead.")
    _check_seed(random_state, "draw_sample")
    window = _check_window(window, "draw_sample")
    strata = [strata] if isinstance(strata, str) else list(strata)
    table = _corpus_table(corpus, caller="draw_sample")
    texts = _text_lookup(table, hits["doc_id"], "draw_sample")
    _check_hits(hits, texts, caller="draw_sample")

    # strata taken from other corpus columns (a 'genre' column, say)
    extra = [c for c in strata if isinstance(corpus, pd.DataFrame) and c in corpus.columns
             and c not in hits.columns and c not in table.columns]
    meta = table.drop(columns="text")
    if extra:
        meta = pd.concat([meta, corpus[extra].reset_index(drop=True)], axis=1)
    meta["_position"] = np.arange(len(meta))
    merged = hits.drop(columns=[c for c in ("outlet", "date") if c in hits.columns]).merge(
        meta, on="doc_id", how="left", validate="many_to_one")
    unknown = [c for c in strata if c not in merged.columns]
    if unknown or not strata:
        raise ValueError(
            f"The 'strata' parameter of framing.draw_sample must name columns of the hits or "
            f"the corpus. Unknown: {', '.join(map(repr, unknown)) or '(none given)'}; known: "
            f"{', '.join(c for c in merged.columns if not c.startswith('_'))}."
        )
    for column in strata:
        if merged[column].isna().all() and len(merged):
            raise ValueError(f"framing.draw_sample: stratum column {column!r} is empty (the "
                             f"corpus has no {column!r} values). Leave it out of strata=....")
    merged["item_id"] = [f"{d}:{s}-{e}" for d, s, e in
                         zip(merged["doc_id"], merged["start"], merged["end"], strict=True)]
    duplicated = merged["item_id"][merged["item_id"].duplicated()]
    if len(duplicated):
        raise ValueError(f"framing.draw_sample: the hits hold the same span more than once "
                         f"({', '.join(duplicated[:5])}); pass the hits of one lexicon.")
    merged = merged.sort_values(["_position", "start", "end"], kind="mergesort")

    drawn = []
    for key, cell in merged.groupby(strata, dropna=False, sort=True):
        key = key if isinstance(key, tuple) else (key,)
        take = min(per_cell, len(cell))
        chosen = np.sort(_cell_seed(int(random_state), key).choice(len(cell), size=take,
                                                                  replace=False))
        part = cell.iloc[chosen].copy()
        part["cell_population"] = len(cell)
        part["cell_sample"] = take
        drawn.append(part)
    columns = [*merged.columns, "cell_population", "cell_sample"]
    sample = (pd.concat(drawn, ignore_index=True) if drawn
              else pd.DataFrame(columns=columns))
    sample["sampling_weight"] = (sample["cell_population"].astype("float64")
                                 / sample["cell_sample"].astype("float64"))
    pre, keyword, post, _, _ = _contexts(texts, sample["doc_id"], sample["start"],
                                         sample["end"], window=window,
                                         normalizer=normalizer or Normalizer())
    sample["pre"], sample["keyword"], sample["post"] = pre, keyword, post
    sample = sample.astype({"pre": str, "keyword": str, "post": str})
    sample["verdict"] = ""
    sample["notes"] = ""
    ordered = [c for c in SHEET_COLUMNS if c in sample.columns]
    ordered += [c for c in strata if c not in ordered]
    sample = sample[ordered].reset_index(drop=True)
    sample = sample.astype({"start": "int64", "end": "int64", "cell_population": "int64",
                            "cell_sample": "int64"})
    sample.attrs = {
        **{k: v for k, v in hits.attrs.items() if k.startswith(("lexicon", "framing"))},
        "random_state": int(random_state), "per_cell": int(per_cell), "strata": strata,
        "window": window, "n_hits": len(hits), "n_cells": len(drawn),
    }
    return sample


# -- writing and reading sheets -------------------------------------------------------


def _sheet_path(path: str | Path, caller: str) -> Path:
    path = Path(path)
    if path.suffix.lower() not in _SUFFIXES:
        raise ValueError(f"framing.{caller}: {path} must end in .xlsx or .csv (the sheet "
                         "format is chosen by the extension).")
    return path


def _clean_for_xml(frame: pd.DataFrame) -> pd.DataFrame:
    """Replace the control characters XLSX cannot hold by U+FFFD, with a warning."""
    replaced = 0
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if values.dtype != object and not pd.api.types.is_string_dtype(values):
            continue
        bad = values.map(lambda v: isinstance(v, str) and _ILLEGAL_XML.search(v) is not None)
        if bad.any():
            replaced += int(bad.sum())
            out[column] = values.map(
                lambda v: _ILLEGAL_XML.sub("\ufffd", v) if isinstance(v, str) else v)
    if replaced:
        warnings.warn(f"{replaced} cell(s) held control characters that XLSX cannot store; "
                      "they are shown as \ufffd in the sheet.", stacklevel=4)
    return out


def _left_to_right_rows(frame: pd.DataFrame) -> np.ndarray:
    """Which lines of a sheet read left to right: those whose ``language`` column says a
    left-to-right language, else those whose keyword and context hold more Latin letters
    than Arabic ones (an English article's hit)."""
    if "language" in frame.columns:
        from framing.language import known_languages, language_info

        scripts = {code: language_info(code).script for code in known_languages()}
        return frame["language"].map(
            lambda code: scripts.get(code, "arabic") != "arabic").to_numpy(dtype=bool)
    text = pd.Series("", index=frame.index)
    for column in ("pre", "keyword", "post"):
        if column in frame.columns:
            text = text + " " + frame[column].fillna("").astype(str)
    latin = text.str.count(r"[A-Za-z\u00C0-\u024F]")
    arabic = text.str.count(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFEFF]")
    return (latin > arabic).to_numpy(dtype=bool)


def _write_xlsx(frame: pd.DataFrame, path: Path, about: dict[str, Any]) -> None:
    from openpyxl.styles import Alignment, Font, NamedStyle
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    frame = _clean_for_xml(frame)
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name=_SHEET_NAME, index=False)
        # the settings hold names a user chose (lexicon, coder): inert text there too
        _spreadsheet_frame(pd.DataFrame({"key": list(about), "value": list(about.values())})
                           ).to_excel(writer, sheet_name="about", index=False)
        sheet = writer.sheets[_SHEET_NAME]
        # Two named styles set by name on every text cell: styling thousands of cells
        # one Alignment at a time made writing the sheet slower than drawing it
        # readingOrder 2: right to left (Arabic lines), 1: left to right (English lines)
        styles = {}
        for wrap in (False, True):
            for ltr in (False, True):
                style = NamedStyle(
                    name=f"framing text{' wrapped' if wrap else ''}{' ltr' if ltr else ''}",
                    alignment=Alignment(wrap_text=wrap, vertical="top",
                                        readingOrder=1 if ltr else 2))
                writer.book.add_named_style(style)
                styles[wrap, ltr] = style.name
        left_to_right = _left_to_right_rows(frame)
        # the sheet runs the way most of its lines read
        sheet.sheet_view.rightToLeft = bool(left_to_right.sum() * 2 < len(frame)) \
            or not len(frame)
        sheet.freeze_panes = "A2"
        n_rows = len(frame) + 1
        for k, column in enumerate(frame.columns, start=1):
            letter = get_column_letter(k)
            sheet.column_dimensions[letter].width = _COLUMN_WIDTHS.get(column, 11)
            sheet.cell(row=1, column=k).font = Font(bold=True)
            wrap = column in ("pre", "post", "notes")
            for row, (cell,) in enumerate(sheet.iter_rows(min_row=2, max_row=n_rows, min_col=k,
                                                          max_col=k)):
                if cell.data_type == "f":  # text that begins with "=" stays text
                    cell.data_type = "s"
                if column in _TEXT_COLUMNS:
                    cell.style = styles[wrap, bool(left_to_right[row])]
            if column == "verdict" and len(frame):
                choice = DataValidation(
                    type="list", formula1='"' + ",".join(VERDICTS) + '"', allow_blank=True,
                    showErrorMessage=True, errorStyle="warning", errorTitle="verdict",
                    error=f"Choose one of {', '.join(VERDICTS)} (or leave blank).",
                )
                sheet.add_data_validation(choice)
                choice.add(f"{letter}2:{letter}{n_rows}")


def write_sheet(sample: pd.DataFrame, path: str | Path, *, coder: str | None = None,
                overwrite: bool = False) -> Path:
    """Write a coding sheet: XLSX (``.xlsx``) or CSV (``.csv``), chosen by the extension.

    The XLSX sheet is right-to-left (left-to-right when most of its lines are
    English), each English line's cells read left to right and each Arabic
    line's right to left, with a dropdown of the verdicts, a frozen header and
    wide, wrapped context columns; a second sheet ("about")
    records how the sample was drawn. The CSV is UTF-8 with a byte-order mark
    so that Excel shows Arabic.

    Text cells that a spreadsheet would run as a formula (starting with ``=``,
    ``+``, ``-``, ``@``, a tab or a carriage return, as an article's context
    may) are written with a ``'`` in front, in both formats, following OWASP's
    advice against CSV injection; :func:`read_sheet` takes it off again, so the
    text round-trips exactly. Numbers (negative ones too) are written as numbers.

    Parameters
    ----------
    sample : DataFrame
        From :func:`draw_sample` (needs ``item_id``, ``verdict`` and ``notes``).
    path : str or Path
        Ends in ``.xlsx`` or ``.csv``.
    coder : str, optional
        The coder's name, written in a ``coder`` column.
    overwrite : bool, default False
        Replace an existing file; otherwise FileExistsError.

    Returns
    -------
    Path
        The file written.
    """
    path = _sheet_path(path, "write_sheet")
    missing = [c for c in ("item_id", "verdict", "notes") if c not in sample.columns]
    if missing:
        raise KeyError(f"framing.write_sheet: the sample has no {', '.join(map(repr, missing))} "
                       "column(s); draw it with framing.validate.draw_sample.")
    if path.exists() and not overwrite:
        raise FileExistsError(f"{path} already exists; pass overwrite=True to replace it.")
    out = sample.copy()
    if coder is not None:
        out["coder"] = coder
    if "date" in out.columns:
        out["date"] = [_date_text(d) for d in out["date"]]
    out["verdict"] = out["verdict"].astype(object).where(out["verdict"].notna(), "")
    out["notes"] = out["notes"].astype(object).where(out["notes"].notna(), "")
    ordered = [c for c in SHEET_COLUMNS if c in out.columns]
    out = _spreadsheet_frame(out[ordered + [c for c in out.columns if c not in ordered]])
    if path.suffix.lower() == ".xlsx":
        about = {"verdicts": ", ".join(VERDICTS) + " (blank: not yet coded)",
                 "coder": coder or ""}
        about.update({k: v if isinstance(v, str | int | float) else json.dumps(
            v, ensure_ascii=False, default=str) for k, v in sample.attrs.items()})
        _write_xlsx(out, path, about)
    else:
        out.to_csv(path, index=False, encoding="utf-8-sig")
    return path


def _verdict_lookup() -> dict[str, str]:
    normalize = Normalizer().normalize
    return {_SPACES.sub(" ", normalize(s).strip()).lower(): verdict
            for verdict, spellings in VERDICT_SPELLINGS.items() for s in spellings}


def _verdicts(values: pd.Series, source: str) -> pd.Series:
    """Verdicts as ``correct`` / ``incorrect`` / ``unsure``, NA where blank.

    Raises one ValueError listing every invalid verdict by spreadsheet row
    (the header is row 1).
    """
    lookup = _verdict_lookup()
    normalize = Normalizer().normalize
    out: list[Any] = []
    invalid: list[str] = []
    for row, value in enumerate(values.tolist(), start=2):
        if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
            out.append(pd.NA)
            continue
        if isinstance(value, int | float | np.integer | np.floating) and not isinstance(
                value, bool) and float(value) in (0.0, 1.0):
            value = str(int(value))
        text = _SPACES.sub(" ", normalize(str(value)).strip()).lower()
        if text in ("1.0", "0.0"):
            text = text[0]
        if not text:
            out.append(pd.NA)
        elif text in lookup:
            out.append(lookup[text])
        else:
            out.append(pd.NA)
            invalid.append(f"row {row} ({value!r})")
    if invalid:
        accepted = ", ".join(s for spellings in VERDICT_SPELLINGS.values() for s in spellings)
        raise ValueError(
            f"{source}: {len(invalid)} verdict(s) are not one of {accepted} (or blank): "
            f"{'; '.join(invalid)}. Correct them and read the sheet again."
        )
    return pd.Series(out, index=values.index, dtype="string", name="verdict")


def _warn_not_coded(verdicts: pd.Series, source: str) -> None:
    blank = verdicts.isna().to_numpy()
    if blank.any():
        rows = (np.flatnonzero(blank) + 2).tolist()
        shown = ", ".join(map(str, rows[:10])) + (" ..." if len(rows) > 10 else "")
        warnings.warn(
            f"{source}: {len(rows)} of {len(verdicts)} items are not yet coded (blank verdict; "
            f"rows {shown}). They are left out of precision, not counted as incorrect.",
            NotYetCodedWarning, stacklevel=4,
        )


def _read_table(path: Path) -> pd.DataFrame:
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True)
        names = book.sheetnames
        book.close()
        if _SHEET_NAME not in names:
            raise ValueError(f"{path}: no sheet named {_SHEET_NAME!r} (sheets: "
                             f"{', '.join(names)}). Rename the coding sheet back to "
                             f"{_SHEET_NAME!r}.")
        return pd.read_excel(path, sheet_name=_SHEET_NAME, dtype=str, na_filter=False,
                             engine="openpyxl")
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError(f"{path}: not UTF-8 text. Save it from the spreadsheet as "
                         "'CSV UTF-8' and read it again.") from None


def _numbers(frame: pd.DataFrame, source: str) -> None:
    for column in (*_INTEGER_COLUMNS, *_FLOAT_COLUMNS):
        if column not in frame.columns:
            continue
        values = pd.to_numeric(frame[column].replace("", None), errors="coerce")
        bad = np.flatnonzero(values.isna().to_numpy() & (frame[column] != "").to_numpy())
        if len(bad):
            rows = ", ".join(str(r + 2) for r in bad[:10])
            raise ValueError(f"{source}: column {column!r} must hold numbers; rows {rows} do "
                             "not. Restore them from the sheet as written.")
        frame[column] = values.astype("Int64" if column in _INTEGER_COLUMNS else "float64")


def read_sheet(path: str | Path, *, coder: str | None = None) -> pd.DataFrame:
    """Read a coder's sheet back, checking its columns and every verdict.

    Text cells get back the text :func:`write_sheet` was given (the ``'`` it
    put before a leading ``=``, ``+``, ``-``, ``@``, tab or carriage return is
    taken off). Verdicts are stripped and lower-cased; the Arabic صحيح / خطأ / غير متأكد and
    1 / 0 are accepted for correct / incorrect / unsure. A blank verdict means
    "not yet coded": such items are kept (verdict NA) and counted in a
    :class:`NotYetCodedWarning`, never treated as incorrect.

    Parameters
    ----------
    path : str or Path
        A sheet written by :func:`write_sheet` (``.xlsx`` or ``.csv``).
    coder : str, optional
        The coder's name; default: the sheet's ``coder`` column, else the file name.

    Returns
    -------
    DataFrame
        The sheet with ``verdict`` normalised, numbers and dates parsed, and a
        ``coder`` column. ``doc_id`` and ``item_id`` are read as text.

    Raises
    ------
    ValueError
        Naming the file and the missing columns, duplicate items, or every
        row (spreadsheet row number, header = 1) whose verdict is invalid.
    """
    path = _sheet_path(path, "read_sheet")
    if not path.is_file():
        raise FileNotFoundError(f"No coding sheet at {path}.")
    frame = _read_table(path).map(_from_spreadsheet)  # the ' that write_sheet added
    frame.columns = [str(c).strip() for c in frame.columns]
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"{path}: the coding sheet has no {', '.join(map(repr, missing))} "
                         f"column(s) (found: {', '.join(frame.columns)}). Restore the header "
                         "row from the sheet as written.")
    return _coded_sheet(frame, str(path), coder=coder, default_coder=path.stem)


def _coded_sheet(frame: pd.DataFrame, source: str, *, coder: str | None,
                 default_coder: str) -> pd.DataFrame:
    """Checked copy of a sheet's table: unique items, valid verdicts, numbers, one coder."""
    frame = frame.copy()
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"{source}: no {', '.join(map(repr, missing))} column(s).")
    items = frame["item_id"].astype(str)
    repeated = np.flatnonzero(items.duplicated(keep=False).to_numpy())
    if len(repeated):
        rows = ", ".join(f"row {r + 2} ({items.iloc[r]})" for r in repeated[:10])
        raise ValueError(f"{source}: the same item_id appears more than once: {rows}.")
    blank_ids = np.flatnonzero((items.str.strip() == "").to_numpy())
    if len(blank_ids):
        raise ValueError(f"{source}: rows {', '.join(str(r + 2) for r in blank_ids[:10])} have "
                         "no item_id. Restore them from the sheet as written.")
    frame["item_id"] = items
    if "doc_id" in frame.columns:
        frame["doc_id"] = frame["doc_id"].astype(str)
    frame["verdict"] = _verdicts(frame["verdict"], source)
    _numbers(frame, source)
    if "date" in frame.columns and not pd.api.types.is_datetime64_any_dtype(frame["date"]):
        frame["date"] = pd.to_datetime(frame["date"].replace("", None), errors="coerce")
    if coder is None and "coder" in frame.columns:
        names = sorted({str(c).strip() for c in frame["coder"] if str(c).strip()})
        if len(names) > 1:
            raise ValueError(f"{source}: the 'coder' column names several coders "
                             f"({', '.join(names)}); one sheet is one coder's work. Pass "
                             "coder=... to name it.")
        coder = names[0] if names else None
    frame["coder"] = coder or default_coder
    _warn_not_coded(frame["verdict"], source)
    return frame


def merge_sheets(sheets_or_paths: Sequence[pd.DataFrame | str | Path], *,
                 coders: Sequence[str] | None = None) -> pd.DataFrame:
    """Several coders' sheets of one sample, in long form for agreement.

    Parameters
    ----------
    sheets_or_paths : sequence of DataFrame, str or Path
        Two or more sheets: paths (read with :func:`read_sheet`) or tables.
    coders : sequence of str, optional
        One name per sheet; default: each sheet's ``coder`` column, else the
        file name (or ``coder_1``, ``coder_2`` ... for tables).

    Returns
    -------
    DataFrame
        ``item_id``, ``coder``, ``verdict``: one row per item and coder (NA
        where a coder has not coded the item yet).

    Raises
    ------
    ValueError
        If the sheets are not of the same sample, listing the item_ids that
        differ (and the items whose category differs), or if coder names repeat.
    """
    if isinstance(sheets_or_paths, str | Path | pd.DataFrame):
        raise TypeError("framing.merge_sheets needs a list of sheets (two or more), not a "
                        "single one.")
    sheets_or_paths = list(sheets_or_paths)
    if len(sheets_or_paths) < 2:
        raise ValueError("framing.merge_sheets needs the sheets of two or more coders. Got "
                         f"{len(sheets_or_paths)}.")
    if coders is not None and len(coders) != len(sheets_or_paths):
        raise ValueError(f"framing.merge_sheets: {len(coders)} coder names for "
                         f"{len(sheets_or_paths)} sheets; give one name per sheet.")
    sheets, sources = [], []
    for k, sheet in enumerate(sheets_or_paths):
        name = None if coders is None else coders[k]
        if isinstance(sheet, pd.DataFrame):
            source = f"sheet #{k + 1}"
            sheets.append(_coded_sheet(sheet, source, coder=name,
                                       default_coder=f"coder_{k + 1}"))
        else:
            source = str(sheet)
            sheets.append(read_sheet(sheet, coder=name))
        sources.append(source)
    names = [s["coder"].iloc[0] if len(s) else f"coder_{k + 1}" for k, s in enumerate(sheets)]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise ValueError(f"framing.merge_sheets: coder name(s) {', '.join(repeated)} appear "
                         "for more than one sheet; pass coders=[...] with one name per sheet.")
    reference = sheets[0].set_index("item_id")
    problems = []
    for sheet, source in zip(sheets[1:], sources[1:], strict=True):
        other = sheet.set_index("item_id")
        only_first = sorted(set(reference.index) - set(other.index))
        only_other = sorted(set(other.index) - set(reference.index))
        if only_first:
            problems.append(f"missing from {source}: {', '.join(only_first)}")
        if only_other:
            problems.append(f"in {source} only: {', '.join(only_other)}")
        common = reference.index.intersection(other.index)
        changed = [i for i in common
                   if reference.at[i, "category"] != other.at[i, "category"]]
        if changed:
            problems.append(f"category differs in {source}: {', '.join(changed)}")
    if problems:
        raise ValueError(f"framing.merge_sheets: the sheets are not of the same sample "
                         f"(compared with {sources[0]}): " + "; ".join(problems) + ".")
    long = pd.concat([s[["item_id", "coder", "verdict"]] for s in sheets], ignore_index=True)
    return long.astype({"item_id": "string", "coder": "string", "verdict": "string"})


# -- measures ---------------------------------------------------------------------


def _by_columns(by: str | Sequence[str], frame: pd.DataFrame, caller: str) -> list[str]:
    columns = [by] if isinstance(by, str) else list(by)
    missing = [c for c in columns if c not in frame.columns]
    if missing or not columns:
        raise ValueError(f"The 'by' parameter of framing.{caller} must name columns of the "
                         f"coded sheet. Missing: {', '.join(map(repr, missing)) or '(none)'}; "
                         f"columns: {', '.join(map(str, frame.columns))}.")
    return columns


def precision(
    coded: pd.DataFrame,
    *,
    by: str | Sequence[str] = "category",
    ci: float = 0.95,
    unsure: str = "exclude",
    weights: str | None = None,
) -> pd.DataFrame:
    """Precision of the lexicon from one coder's verdicts, per group, with Wilson intervals.

    Parameters
    ----------
    coded : DataFrame
        A coded sheet (:func:`read_sheet`): one row per item, a ``verdict``
        column and the ``by`` columns.
    by : str or sequence of str, default "category"
        Group by category, term, ``("category", "outlet")`` ...
    ci : float, default 0.95
        Confidence level of the Wilson score interval.
    unsure : {"exclude", "incorrect"}, default "exclude"
        Leave ``unsure`` verdicts out of the denominator, or count them as incorrect.
    weights : str, optional
        A column of sampling weights, such as ``"sampling_weight"`` of
        :func:`draw_sample`. Use it when ``by`` is coarser than the sampling
        strata (precision per category from a category × outlet sample):
        precision is then the weighted share of correct items, and the
        interval uses Kish's effective sample size.

    Returns
    -------
    DataFrame
        The ``by`` columns, ``n_items``, ``n_coded``, ``n_correct``,
        ``n_incorrect``, ``n_unsure``, ``n_not_coded``, ``n`` (the
        denominator), ``precision``, ``low``, ``high`` (NaN where ``n`` is 0).
    """
    if unsure not in ("exclude", "incorrect"):
        raise ValueError(f"The 'unsure' parameter of framing.precision must be one of "
                         f"{{'exclude', 'incorrect'}}. Got {unsure!r} instead.")
    if not (isinstance(ci, float | int) and 0 < ci < 1):
        raise ValueError(f"The 'ci' parameter of framing.precision must be between 0 and 1. "
                         f"Got {ci!r} instead.")
    if "verdict" not in coded.columns:
        raise KeyError("framing.precision: the coded table has no 'verdict' column; read the "
                       "sheet with framing.validate.read_sheet.")
    columns = _by_columns(by, coded, "precision")
    if "item_id" in coded.columns and coded["item_id"].duplicated().any():
        raise ValueError("framing.precision: some items have several verdicts (several "
                         "coders?). Compute precision per coder, or settle the disagreements "
                         "first.")
    verdict = _verdicts(coded["verdict"], "framing.precision")
    work = coded[columns].copy()
    work["_correct"] = (verdict == "correct").fillna(False).astype("float64")
    work["_incorrect"] = (verdict == "incorrect").fillna(False).astype("float64")
    work["_unsure"] = (verdict == "unsure").fillna(False).astype("float64")
    work["_coded"] = verdict.notna().astype("float64")
    decided = work["_correct"] + work["_incorrect"]
    if unsure == "incorrect":
        decided = decided + work["_unsure"]
    if weights is None:
        w = pd.Series(1.0, index=coded.index)
    else:
        if weights not in coded.columns:
            raise KeyError(f"The 'weights' parameter of framing.precision names column "
                           f"{weights!r}, which the coded table does not have.")
        w = pd.to_numeric(coded[weights], errors="raise").astype("float64")
    work["_w_decided"] = w * decided
    work["_w2_decided"] = w**2 * decided
    work["_w_correct"] = w * work["_correct"]
    work["_n"] = decided
    sums = work.groupby(columns, dropna=False, sort=True).agg(
        n_items=("_coded", "size"), n_coded=("_coded", "sum"), n_correct=("_correct", "sum"),
        n_incorrect=("_incorrect", "sum"), n_unsure=("_unsure", "sum"), n=("_n", "sum"),
        w=("_w_decided", "sum"), w2=("_w2_decided", "sum"), wc=("_w_correct", "sum"),
    ).reset_index()
    counts = ["n_coded", "n_correct", "n_incorrect", "n_unsure", "n"]
    sums[counts] = sums[counts].astype("int64")
    sums["n_not_coded"] = sums["n_items"] - sums["n_coded"]
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(sums["w"] > 0, sums["wc"] / sums["w"], np.nan)
        effective = np.where(sums["w2"] > 0, sums["w"] ** 2 / sums["w2"], 0.0)
    sums["precision"] = share
    sums["low"], sums["high"] = wilson_interval(share * effective, effective, ci)
    out = sums[[*columns, "n_items", "n_coded", "n_correct", "n_incorrect", "n_unsure",
                "n_not_coded", "n", "precision", "low", "high"]]
    out.attrs.update({"ci": ci, "unsure": unsure, "weights": weights})
    return out


def low_precision_terms(
    coded: pd.DataFrame,
    *,
    threshold: float = 0.8,
    min_coded: int = 10,
    use: str = "estimate",
    ci: float = 0.95,
    unsure: str = "exclude",
    weights: str | None = None,
) -> pd.DataFrame:
    """Terms whose precision falls below ``threshold``: candidates for refining the lexicon.

    Parameters
    ----------
    coded : DataFrame
        A coded sheet with ``category``, ``term`` and ``verdict``.
    threshold : float, default 0.8
        Precision below which a term is listed.
    min_coded : int, default 10
        Only terms with at least this many items judged (``n``: correct or
        incorrect, plus unsure if ``unsure="incorrect"``) are judged; the
        others are named in ``attrs["too_few_coded"]``.
    use : {"estimate", "upper"}, default "estimate"
        Compare the point estimate with the threshold (lists every term that
        looks weak), or the upper Wilson bound (lists only terms whose
        precision is below the threshold with confidence ``ci``).
    ci, unsure, weights
        As in :func:`precision`.

    Returns
    -------
    DataFrame
        Rows of ``precision(coded, by=("category", "term"))`` for the listed
        terms, lowest precision first, with ``incorrect_keywords``: the
        distinct keywords coded incorrect, most frequent first (up to five).
    """
    if use not in ("estimate", "upper"):
        raise ValueError(f"The 'use' parameter of framing.low_precision_terms must be one of "
                         f"{{'estimate', 'upper'}}. Got {use!r} instead.")
    table = precision(coded, by=("category", "term"), ci=ci, unsure=unsure, weights=weights)
    enough = table["n"] >= min_coded
    measure = table["precision"] if use == "estimate" else table["high"]
    listed = table[enough & (measure < threshold)].sort_values(
        ["precision", "category", "term"], kind="mergesort").reset_index(drop=True)
    verdict = _verdicts(coded["verdict"], "framing.low_precision_terms")
    wrong = coded[(verdict == "incorrect").fillna(False).to_numpy(dtype=bool)]
    examples = {}
    if "keyword" in coded.columns:
        for term, group in wrong.groupby("term"):
            examples[term] = " | ".join(group["keyword"].value_counts().index[:5])
    listed["incorrect_keywords"] = [examples.get(t, "") for t in listed["term"]]
    listed.attrs.update(table.attrs)
    listed.attrs.update({"threshold": threshold, "min_coded": min_coded, "use": use,
                         "too_few_coded": table.loc[~enough, "term"].tolist()})
    return listed


def krippendorff_alpha(
    long_table: pd.DataFrame,
    *,
    level: str = "nominal",
    value_order: Sequence[Any] | None = None,
    item: str = "item_id",
    coder: str = "coder",
    value: str = "verdict",
) -> float:
    """Krippendorff's alpha of two or more coders, missing verdicts allowed.

    Computed from the coincidence matrix: every item coded by ``m >= 2``
    coders adds ``1 / (m - 1)`` for each ordered pair of its values; items with
    fewer than two values are not pairable and add nothing. Then
    ``alpha = 1 - (n - 1) * sum(o_ck * d_ck) / sum(n_c * n_k * d_ck)``.

    Parameters
    ----------
    long_table : DataFrame
        One row per item and coder (as from :func:`merge_sheets`); a blank or
        NA value is missing. ``unsure`` is a value like any other; drop those
        rows first to treat it as missing.
    level : {"nominal", "ordinal", "interval", "ratio"}, default "nominal"
        The distance between values: 0 or 1 (nominal); squared rank distance
        weighted by the values' frequencies (ordinal); squared difference
        (interval); squared relative difference (ratio).
    value_order : sequence, optional
        For ``ordinal``: the values from lowest to highest (default: sorted).
    item, coder, value : str
        Column names.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If a coder codes an item twice, no item has two values, or only one
        value occurs (alpha is then undefined).
    """
    levels = ("nominal", "ordinal", "interval", "ratio")
    if level not in levels:
        raise ValueError(f"The 'level' parameter of framing.krippendorff_alpha must be one of "
                         f"{{{', '.join(map(repr, levels))}}}. Got {level!r} instead.")
    missing = [c for c in (item, coder, value) if c not in long_table.columns]
    if missing:
        raise KeyError(f"framing.krippendorff_alpha: the table has no "
                       f"{', '.join(map(repr, missing))} column(s); pass the long table of "
                       "framing.validate.merge_sheets or name the columns.")
    data = long_table[[item, coder, value]]
    twice = data[data.duplicated([item, coder], keep=False)]
    if len(twice):
        pairs = ", ".join(f"{i!r}/{c!r}" for i, c in
                          twice[[item, coder]].drop_duplicates().head(5).itertuples(index=False))
        raise ValueError(f"framing.krippendorff_alpha: some coders code an item more than "
                         f"once ({pairs}).")
    values = data[value]
    present = values.notna().to_numpy(dtype=bool, copy=True)
    if values.dtype == object or pd.api.types.is_string_dtype(values):
        present &= (values.astype(str).str.strip() != "").to_numpy()
    data = data[present]
    if level in ("interval", "ratio"):
        data = data.assign(**{value: pd.to_numeric(data[value], errors="raise")})
    if value_order is not None:
        domain = list(value_order)
    elif level == "nominal":
        domain = list(pd.unique(data[value]))
    else:
        domain = sorted(data[value].unique())
    unknown = set(data[value]) - set(domain)
    if unknown:
        raise ValueError(f"framing.krippendorff_alpha: values {sorted(map(str, unknown))} are "
                         "not in value_order.")
    position = {v: k for k, v in enumerate(domain)}
    items = pd.factorize(data[item])[0]
    codes = data[value].map(position).to_numpy(dtype=np.int64)
    counts = np.zeros((items.max() + 1 if len(items) else 0, len(domain)))
    np.add.at(counts, (items, codes), 1.0)
    m = counts.sum(axis=1)
    counts = counts[m >= 2]
    m = m[m >= 2]
    if not len(m):
        raise ValueError("framing.krippendorff_alpha: no item has values from two or more "
                         "coders, so agreement cannot be measured.")
    share = 1.0 / (m - 1)
    coincidence = (counts * share[:, None]).T @ counts - np.diag((counts * share[:, None])
                                                                 .sum(axis=0))
    n_c = coincidence.sum(axis=1)
    n = n_c.sum()
    distance = _distances(level, np.asarray(domain), n_c)
    expected = (np.outer(n_c, n_c) * distance).sum()
    if expected == 0:
        raise ValueError("framing.krippendorff_alpha: the coders used only one value, so "
                         "alpha is undefined (there is no variation to agree on); report the "
                         "share of agreement instead.")
    observed = (coincidence * distance).sum()
    return float(1.0 - (n - 1) * observed / expected)


def _distances(level: str, domain: np.ndarray, n_c: np.ndarray) -> np.ndarray:
    """Squared distances between the values of the domain for ``level``."""
    size = len(domain)
    if level == "nominal":
        return 1.0 - np.eye(size)
    if level == "ordinal":
        cumulative = np.concatenate([[0.0], np.cumsum(n_c)])
        low = np.minimum.outer(np.arange(size), np.arange(size))
        high = np.maximum.outer(np.arange(size), np.arange(size))
        between = cumulative[high + 1] - cumulative[low]  # sum of n_g from low to high
        return (between - (n_c[:, None] + n_c[None, :]) / 2) ** 2
    numbers = domain.astype("float64")
    difference = np.subtract.outer(numbers, numbers)
    if level == "interval":
        return difference**2
    total = np.add.outer(numbers, numbers)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(total == 0, 0.0, (difference / total) ** 2)


# -- recall ------------------------------------------------------------------------


def _topic_regex(topic: Any, normalizer: Normalizer) -> Any:
    if topic is None:
        raise ValueError(
            "framing.recall_sample needs topic=...: the words a document on the subject "
            "mentions (a list, such as ['حلب', 'الغوطة']) or a regular expression (a str). "
            "No default is guessed: the category labels say nothing about what a text is "
            "about."
        )
    if isinstance(topic, str):
        pattern = topic
    elif isinstance(topic, Iterable):
        words = [w for w in topic if isinstance(w, str) and w.strip()]
        if not words or len(words) != len(list(topic)):
            raise ValueError("The 'topic' parameter of framing.recall_sample must be a "
                             "non-empty list of words (non-empty str) or a regular "
                             f"expression. Got {topic!r} instead.")
        pattern = "|".join(re.escape(w.strip()) for w in words)
    else:
        raise TypeError("The 'topic' parameter of framing.recall_sample must be a list of "
                        f"words or a regular expression. Got {type(topic).__name__} instead.")
    return _compile_pattern(pattern, normalizer, proclitics=True, caller="recall_sample")


def recall_sample(
    corpus: Any,
    scores_counts: Any,
    *,
    dimension: str,
    topic: str | Sequence[str] | None = None,
    n: int = 20,
    random_state: int = 0,
    lexicon: Lexicon | str = "default",
    window: int = 15,
    normalizer: Normalizer | None = None,
) -> pd.DataFrame:
    """A seeded sample of on-topic documents with no hit in a dimension, to read for misses.

    A document that reports on the subject (mentions the ``topic``) yet has
    no label of the dimension either names the actors in no way the lexicon
    knows (a recall problem) or does not name them at all. Reading a sample
    tells which.

    Parameters
    ----------
    corpus : DataFrame, mapping, list of str, or Path
        The documents.
    scores_counts : DataFrame or Scores
        The ``counts`` of :func:`framing.score` on ``corpus``.
    dimension : str
        A dimension id of the lexicon (e.g. ``"armed_group_label"``).
    topic : list of str or str
        Required. Words (each matched as a whole word, proclitics allowed,
        spelled as normalised) or a regular expression (see
        :func:`framing.kwic.find_pattern`).
    n : int, default 20
        Documents to draw; all are taken, with a warning, if fewer qualify.
    random_state : int, default 0
        Seed.
    lexicon : Lexicon or str, default "default"
        The lexicon that defines the dimension (must be the one scored).
    window : int, default 15
        Words of context around the first topic mention.
    normalizer : Normalizer, optional
        The codebook's settings by default.

    Returns
    -------
    DataFrame
        ``doc_id``, ``outlet``, ``date``, ``n_mentions`` (of the topic),
        ``pre``, ``keyword``, ``post`` (around the first mention),
        ``pool_size`` (documents that qualified), and empty ``missed`` and
        ``notes`` columns for the reader. Corpus order.
    """
    lex = load_lexicon(lexicon)
    dimensions = {d.id: d for d in lex.dimensions}
    if dimension not in dimensions:
        raise ValueError(f"The 'dimension' parameter of framing.recall_sample must be one of "
                         f"{{{', '.join(map(repr, dimensions))}}}. Got {dimension!r} instead.")
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
        raise ValueError(f"The 'n' parameter of framing.recall_sample must be a whole number "
                         f">= 1. Got {n!r} instead.")
    _check_seed(random_state, "recall_sample")
    window = _check_window(window, "recall_sample")
    normalizer = normalizer or Normalizer()
    regex = _topic_regex(topic, normalizer)
    counts = scores_counts.counts if hasattr(scores_counts, "counts") else scores_counts
    if not isinstance(counts, pd.DataFrame):
        raise TypeError("The 'scores_counts' parameter of framing.recall_sample must be the "
                        "counts table of framing.score.")
    scored_with = counts.attrs.get("lexicon_hash")
    if scored_with is not None and scored_with != lex.hash:
        raise ValueError(f"framing.recall_sample: the counts were scored with another lexicon "
                         f"({counts.attrs.get('lexicon_name')!r}) than lexicon={lex.name!r}; "
                         "pass the lexicon they were scored with.")
    categories = [c.id for c in dimensions[dimension].categories]
    missing = [c for c in ("doc_id", *categories) if c not in counts.columns]
    if missing:
        raise KeyError(f"framing.recall_sample: the counts table has no "
                       f"{', '.join(map(repr, missing))} column(s).")
    table = _corpus_table(corpus, caller="recall_sample")
    labelled = counts.set_index("doc_id")[categories].sum(axis=1)
    unscored = [d for d in table["doc_id"] if d not in labelled.index]
    if unscored:
        raise ValueError(f"framing.recall_sample: {len(unscored)} document(s) of the corpus have "
                         f"no row in the counts ({', '.join(map(repr, unscored[:5]))}); score "
                         "this corpus.")
    without = table[(labelled.reindex(table["doc_id"]) == 0).to_numpy()]
    spans = _pattern_spans(without, regex, normalizer)
    mentions = spans.groupby("doc_id", sort=False).size()
    pool = without[without["doc_id"].isin(mentions.index)].reset_index(drop=True)
    take = min(int(n), len(pool))
    if take < n:
        warnings.warn(f"framing.recall_sample: only {len(pool)} document(s) mention the topic "
                      f"without a hit of {dimension!r}; all of them are returned (asked for "
                      f"{n}).", stacklevel=2)
    chosen = np.sort(np.random.default_rng(random_state).choice(len(pool), size=take,
                                                                replace=False))
    picked = pool.iloc[chosen].reset_index(drop=True)
    first = spans.drop_duplicates("doc_id").set_index("doc_id").reindex(picked["doc_id"])
    texts = dict(zip(picked["doc_id"], picked["text"], strict=True))
    pre, keyword, post, _, _ = _contexts(texts, picked["doc_id"], first["start"],
                                         first["end"], window=window, normalizer=normalizer)
    out = picked[["doc_id", "outlet", "date"]].copy()
    out["n_mentions"] = mentions.reindex(picked["doc_id"]).to_numpy(dtype="int64")
    out["pre"], out["keyword"], out["post"] = pre, keyword, post
    out = out.astype({"pre": str, "keyword": str, "post": str})
    out["pool_size"] = len(pool)
    out["missed"] = ""
    out["notes"] = ""
    out.attrs.update({"dimension": dimension, "categories": categories,
                      "n_documents": len(table), "n_without_hits": len(without),
                      "pool_size": len(pool), "random_state": random_state,
                      "topic": regex.pattern})
    return out
