"""What a run wrote, and under which names: the output ledger of a report folder.

Every figure, table and validation file a notebook writes is recorded as one
JSON line in ``outputs.jsonl`` of its output folder, with the name it was
made from, a title, a one-line caption, the section of the report it belongs
to, the notebook and the run. The report's index is built from the ledger
(only this run's lines), so files left by an earlier run or put there by
hand are never presented as part of a new report.

File names come from :func:`output_name`: a readable safe name, plus a short
hash of the original name whenever making it safe changed it, so ``A/B``,
``A_B`` and ``A:B`` (or two long names sharing a prefix) never land in the
same file. :func:`record_output` also refuses a second, different name for
a file already written in the same run.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

__all__ = ["LEDGER", "SECTIONS", "OutputCollisionError", "current_notebook", "current_run",
           "output_name", "read_outputs", "record_output"]

#: The ledger's file name inside an output folder.
LEDGER = "outputs.jsonl"

#: Report sections, in the order the index shows them: id → heading.
SECTIONS: dict[str, str] = {
    "shares": "How each actor is named, by outlet",
    "time": "Over time",
    "distinctive": "What sets outlets apart",
    "validation": "Validation: read the hits",
    "corpus": "The corpus",
}

#: Environment variables a report run sets for each notebook's kernel.
RUN_ENV = "FRAMING_RUN_ID"
NOTEBOOK_ENV = "FRAMING_NOTEBOOK"


class OutputCollisionError(FileExistsError):
    """Two different names would be written to the same file in one run."""


def current_run() -> str | None:
    """The id of the report run this process belongs to (None when run by hand)."""
    return os.environ.get(RUN_ENV) or None


def current_notebook() -> str | None:
    """The notebook a report run is executing in this kernel (None when run by hand)."""
    return os.environ.get(NOTEBOOK_ENV) or None


def output_name(name: str, *, max_bytes: int = 100) -> str:
    """A file-name stem for ``name`` that no other name maps to.

    The :func:`~framing.figures.safe_filename` form when it is ``name``
    unchanged and has no capital letter; otherwise that form cut to leave room,
    then ``-`` and the first 8 hex digits of the SHA-256 of ``name``. Capitals
    get the digits because names differing only in case (outlets "BBC" and
    "bbc") are one file on macOS and Windows.

    >>> output_name("shares_armed_group_label")
    'shares_armed_group_label'
    >>> output_name("keyness_words_A/B") != output_name("keyness_words_A_B")
    True
    >>> output_name("keyness_words_X").lower() != output_name("keyness_words_x").lower()
    True
    """
    from framing.figures import safe_filename

    if not isinstance(name, str):
        raise TypeError(f"output_name expects a str. Got {type(name).__name__} instead.")
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    try:
        safe = safe_filename(name, max_bytes=max_bytes)
    except ValueError:
        return f"output-{digest}"
    if safe == name and name == name.lower():
        return safe
    # room for the suffix: "-" and 8 hex digits
    return f"{safe_filename(name, max_bytes=max_bytes - 9)}-{digest}"


def _ledger_lines(folder: Path) -> list[dict[str, Any]]:
    ledger = folder / LEDGER
    if not ledger.is_file():
        return []
    entries = []
    with ledger.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                continue  # a line cut by an interrupted write: not a record
            if isinstance(entry, dict) and isinstance(entry.get("path"), str):
                entries.append(entry)
    return entries


def record_output(
    output_dir: str | Path,
    path: str | Path,
    *,
    kind: str,
    name: str,
    title: str | None = None,
    caption: str | None = None,
    section: str | None = None,
    table: str | Path | None = None,
) -> dict[str, Any]:
    """Add one written file to the ledger of ``output_dir``; return the entry.

    Parameters
    ----------
    path : str or Path
        The file written, inside ``output_dir``.
    kind : {"figure", "table", "validation"}
    name : str
        The name the file was made from (an outlet name may be in it).
    title, caption : str, optional
        What the index shows above and below the file.
    section : str, optional
        One of :data:`SECTIONS`.
    table : str or Path, optional
        For a figure, the CSV of the numbers it shows.

    Raises
    ------
    OutputCollisionError
        When this run already wrote ``path`` from a different ``name``.
    """
    if kind not in ("figure", "table", "validation"):
        raise ValueError(f"kind must be 'figure', 'table' or 'validation'; got {kind!r}.")
    if section is not None and section not in SECTIONS:
        raise ValueError(f"section must be one of {', '.join(SECTIONS)}; got {section!r}.")
    folder = Path(output_dir)
    relative = Path(path).resolve().relative_to(folder.resolve()).as_posix()
    run = current_run()
    for entry in _ledger_lines(folder):
        if entry.get("run") == run and entry["path"] == relative and entry.get("name") != name:
            raise OutputCollisionError(
                f"{relative} was already written in this run for {entry.get('name')!r}; "
                f"{name!r} would replace it. Rename one of them."
            )
    entry = {
        "path": relative,
        "kind": kind,
        "name": name,
        "title": title,
        "caption": caption,
        "section": section,
        "table": (Path(table).resolve().relative_to(folder.resolve()).as_posix()
                  if table is not None else None),
        "notebook": current_notebook(),
        "run": run,
        "time": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    folder.mkdir(parents=True, exist_ok=True)
    line = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
    # one write() on a file opened for appending: lines from parallel notebooks never mix
    fd = os.open(folder / LEDGER, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line)
    finally:
        os.close(fd)
    return entry


def read_outputs(output_dir: str | Path, run: str | None = None) -> list[dict[str, Any]]:
    """The ledger entries of one run (the last entry per file), for files still present.

    ``run=None`` reads the entries written outside any report run.
    """
    folder = Path(output_dir)
    latest: dict[str, dict[str, Any]] = {}
    for entry in _ledger_lines(folder):
        if entry.get("run") == run and (folder / entry["path"]).is_file():
            latest.pop(entry["path"], None)
            latest[entry["path"]] = entry
    return list(latest.values())
