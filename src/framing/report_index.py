"""The ``index.html`` of a report folder, organised by question.

Built from the ledger (:func:`framing.outputs.read_outputs`) of one run, so it
lists only the files that run wrote, with the title, caption and section each
notebook gave them. The page opens with a summary (the corpus, the lexicon,
the key findings, how much counting wire copy once moves the shares) and any
failed notebook, then one section per question in the order of
:data:`framing.outputs.SECTIONS`. It is a single static file: no scripts,
fonts or styles from elsewhere, so it opens offline and prints cleanly.
Everything taken from data (outlet names, captions, sentences) is
HTML-escaped; Arabic is marked ``lang="ar"`` with its direction left to the
browser (``dir="auto"``).
"""

from __future__ import annotations

import csv
import html
import re
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

__all__ = ["MAX_FINDINGS", "build_index", "write_index"]

#: Key findings shown in the summary; the rest are in tables/findings.csv.
MAX_FINDINGS = 8

_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_IMAGE_ORDER = (".png", ".svg", ".jpg", ".jpeg", ".gif", ".webp")

_CSS = """
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#222;max-width:1100px;
margin:1.5em auto;padding:0 1em}
h1{font-size:1.7em;margin-bottom:.2em}h2{border-bottom:2px solid #ddd;margin-top:2em}
h3{font-size:1.1em;margin:.2em 0}
nav ol{columns:2}.meta{color:#555}
figure{margin:1.5em 0;padding:.8em;border:1px solid #ddd;break-inside:avoid}
figure img{max-width:100%;height:auto;display:block;margin:.5em 0}
figcaption{color:#333}.links{font-size:.9em}.links a{margin-right:1em}
.failed{border:3px solid #b00020;background:#fdecee;padding:.6em 1em;margin:1em 0}
.failed h2{color:#b00020;border:0;margin:0}
.summary{background:#f5f7fa;border:1px solid #dde3ea;padding:.4em 1.2em 1em;margin:1em 0}
.summary h2{margin-top:.6em}
table.facts{border-collapse:collapse}table.facts td,table.facts th{padding:.15em .8em .15em 0;
text-align:left;vertical-align:top}
.none{color:#777;font-style:italic}code{font-size:.92em}
@media print{body{max-width:none;margin:0;font-size:11pt}nav{display:none}
a{color:inherit;text-decoration:none}figure{border:0;padding:0}
h2{break-after:avoid}.summary,.failed{break-inside:avoid}}
"""


def _esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _text(value: Any) -> str:
    """Escaped text from data, marked Arabic where it has Arabic letters."""
    text = _esc(value)
    if _ARABIC.search(text):
        return f'<span lang="ar" dir="auto">{text}</span>'
    return f'<span dir="auto">{text}</span>'


def _href(relative: str) -> str:
    """A link to a file of the report folder, safe in an attribute."""
    return _esc(quote(str(relative), safe="/"))


def _read_csv(path: Path, written: set[str]) -> list[dict[str, str]] | None:
    """Rows of a CSV table this run wrote, or None (absent, unreadable, or an earlier run's)."""
    if f"tables/{path.name}" not in written or not path.is_file():
        return None
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))
    except (OSError, UnicodeDecodeError, csv.Error):
        return None


def _true(value: str | None) -> bool:
    return str(value).strip().lower() in ("true", "1", "yes")


def _number(value: str | None) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if number != number else number


def _notebook_link(entry: dict[str, Any], notebooks: dict[str, str]) -> str:
    name = entry.get("notebook")
    if not name:
        return ""
    output = notebooks.get(name, f"{name}.ipynb")
    return f'<a href="{_href(output)}">notebook {_text(name)}</a>'


def _figures(entries: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Figure entries grouped by chart (one group per name and notebook: its formats)."""
    groups: dict[tuple[Any, Any, str], list[dict[str, Any]]] = {}
    for entry in entries:
        stem = str(PurePosixPath(entry["path"]).with_suffix(""))
        groups.setdefault((entry.get("notebook"), entry.get("name"), stem), []).append(entry)
    return list(groups.values())


def _figure_html(group: list[dict[str, Any]], notebooks: dict[str, str]) -> str:
    first = group[0]
    by_suffix = {PurePosixPath(e["path"]).suffix.lower(): e for e in group}
    shown = next((by_suffix[s] for s in _IMAGE_ORDER if s in by_suffix), None)
    title = first.get("title") or first.get("name") or first["path"]
    parts = [f'<figure id="{_esc(quote(first["path"], safe=""))}"><h3>{_text(title)}</h3>']
    if shown is not None:
        parts.append(f'<img src="{_href(shown["path"])}" alt="{_esc(title)}">')
    caption = first.get("caption")
    parts.append(f"<figcaption>{_text(caption)}</figcaption>" if caption else
                 '<figcaption class="none">No caption was recorded.</figcaption>')
    links = []
    table = next((e.get("table") for e in group if e.get("table")), None)
    if table:
        links.append(f'<a href="{_href(table)}">numbers (CSV)</a>')
    for entry in sorted(group, key=lambda e: e["path"]):
        suffix = PurePosixPath(entry["path"]).suffix.lstrip(".").upper() or "file"
        links.append(f'<a href="{_href(entry["path"])}">{_esc(suffix)}</a>')
    notebook = _notebook_link(first, notebooks)
    if notebook:
        links.append(notebook)
    parts.append(f'<p class="links">{" ".join(links)}</p></figure>')
    return "".join(parts)


def _file_list(entries: list[dict[str, Any]], notebooks: dict[str, str]) -> str:
    items = []
    for entry in entries:
        title = entry.get("title") or entry.get("name") or entry["path"]
        caption = f" — {_text(entry['caption'])}" if entry.get("caption") else ""
        notebook = _notebook_link(entry, notebooks)
        items.append(f'<li><a href="{_href(entry["path"])}">{_text(title)}</a> '
                     f'<code>{_esc(entry["path"])}</code>{caption}'
                     f'{" (" + notebook + ")" if notebook else ""}</li>')
    return "<ul>" + "".join(items) + "</ul>"


def _corpus_facts(out: Path, written: set[str]) -> str:
    rows = _read_csv(out / "tables" / "corpus_summary.csv", written)
    if rows is None:
        return ('<p class="none">No corpus summary (tables/corpus_summary.csv was not written '
                "by this run).</p>")
    facts = {r.get("item"): r.get("value") for r in rows}
    labels = [("documents", "Documents"), ("outlets", "Outlets"),
              ("first_date", "First date"), ("last_date", "Last date"),
              ("undated", "Undated (left out of time series)"),
              ("empty", "Empty"), ("rejected", "Rejected by the reader"),
              ("exact_duplicate_docs", "Exact copies of another document"),
              ("near_duplicate_clusters", "Clusters of near-duplicates (wire copy)"),
              ("near_duplicate_docs", "Documents in those clusters"),
              ("languages", "Languages (scored documents)"),
              ("unscored", "Not scored (in no language of the lexicons)")]
    # said with the lexicon, not here
    known = {key for key, _ in labels} | {"lexicons", "unmeasured"}
    cells = [f"<tr><th>{_esc(label)}</th><td>{_text(facts[key])}</td></tr>"
             for key, label in labels if key in facts and facts[key] not in (None, "")]
    cells += [f"<tr><th>{_text(key)}</th><td>{_text(value)}</td></tr>"
              for key, value in facts.items() if key not in known and key]
    return ('<table class="facts">' + "".join(cells) + "</table>"
            '<p class="links"><a href="tables/corpus_summary.csv">corpus summary (CSV)</a></p>')


def _lexicon_facts(manifest: dict[str, Any], out: Path, written: set[str]) -> str:
    rows = _read_csv(out / "tables" / "corpus_summary.csv", written) or []
    facts = {r.get("item"): r.get("value") for r in rows}
    parts = [f"<p>Lexicon {_text(manifest.get('lexicon'))} "
             f"(hash <code>{_esc(str(manifest.get('lexicon_hash', ''))[:12])}</code>)"]
    categories = manifest.get("lexicon_categories") or {}
    if categories:
        parts.append(": ")
        parts.append("; ".join(
            f"{_text(dimension)}: " + ", ".join(_text(c) for c in cats)
            for dimension, cats in categories.items()))
    parts.append(".</p>")
    if facts.get("lexicons") and ";" in str(facts["lexicons"]):
        parts.append(f"<p>Each document is scored with the lexicon of its language: "
                     f"{_text(facts['lexicons'])}.")
        if facts.get("unmeasured"):
            parts.append(f" Labels a language's lexicon lacks are not measured in it, and "
                         f"its documents take no part in those comparisons: "
                         f"{_text(facts['unmeasured'])}.")
        parts.append("</p>")
    return "".join(parts)


def _findings(out: Path, written: set[str]) -> str:
    rows = _read_csv(out / "tables" / "findings.csv", written)
    if rows is None:
        return ('<p class="none">No findings table (tables/findings.csv was not written by '
                "this run).</p>")
    found = [r for r in rows if _true(r.get("finding"))]
    if not found:
        text = ('<p>No difference between outlets passed the test (after correction for '
                "multiple comparisons).")
        too_few = sum(_true(r.get("low_n")) for r in rows)
        if rows and too_few == len(rows):
            text += (" Every comparison had too few documents on one side to be tested: "
                     "a larger corpus is needed.")
        elif too_few:
            text += f" {too_few} of the comparisons had too few documents to be tested."
    else:
        shown = found[:MAX_FINDINGS]
        text = "<ol>" + "".join(
            f"<li>{_text(r.get('sentence') or ', '.join(str(v) for v in r.values()))}</li>"
            for r in shown) + "</ol><p>"
        if len(found) > len(shown):
            text += f"{len(found) - len(shown)} more findings are in the table. "
    text += (f' <a href="tables/findings.csv">All {len(rows)} comparisons (CSV)</a>.</p>')
    return text


def _language_findings(out: Path, written: set[str]) -> str:
    """The languages compared, and each outlet's services, where the run wrote them."""
    parts = []
    for name, heading in (("findings_by_language", "Between languages"),
                          ("findings_services", "An outlet's services in two languages")):
        rows = _read_csv(out / "tables" / f"{name}.csv", written)
        if rows is None:
            continue
        found = [r for r in rows if _true(r.get("finding"))]
        prefix = (lambda r: f"{r.get('outlet')}: ") if name == "findings_services" else \
            (lambda r: "")
        body = ("<ol>" + "".join(f"<li>{_text(prefix(r) + (r.get('sentence') or ''))}</li>"
                                 for r in found[:MAX_FINDINGS]) + "</ol>" if found else
                "<p>No difference passed the test (after correction for multiple "
                "comparisons).</p>")
        parts.append(f"<h4>{_esc(heading)}</h4>{body}<p class=\"links\">"
                     f'<a href="tables/{name}.csv">All {len(rows)} comparisons (CSV)</a></p>')
    return "".join(parts)


def _syndication(out: Path, written: set[str]) -> str:
    rows = _read_csv(out / "tables" / "syndication_effect.csv", written)
    if rows is None:
        return ('<p class="none">No syndication table (tables/syndication_effect.csv was not '
                "written by this run).</p>")
    shifts = [(abs(v), r, v) for r in rows if (v := _number(r.get("shift"))) is not None]
    if not any(size > 0 for size, _, _ in shifts):
        return ("<p>Counting each story of wire copy once changes no share: no "
                "near-duplicate copies were found, or none among labelled documents "
                '(<a href="tables/syndication_effect.csv">table</a>).</p>')
    size, row, _shift = max(shifts, key=lambda t: t[0])
    before, after = _number(row.get("share_all")), _number(row.get("share_once"))
    moved = (f" (from {before * 100:.1f}% to {after * 100:.1f}%)"
             if before is not None and after is not None else "")
    return (f"<p>Counting each story of wire copy once moves the headline shares by at most "
            f"<strong>{size * 100:.1f} percentage points</strong>: {_text(row.get('outlet'))}, "
            f"{_text(row.get('category'))} in {_text(row.get('dimension'))}{moved}. "
            '<a href="tables/syndication_effect.csv">Every share, both ways (CSV)</a>.</p>')


def build_index(out: str | Path, manifest: dict[str, Any]) -> str:
    """The HTML of the index of report folder ``out`` for the run in ``manifest``."""
    from framing.outputs import SECTIONS, read_outputs

    out = Path(out)
    entries = read_outputs(out, manifest.get("run_id"))
    written = {entry["path"] for entry in entries}
    notebooks = {n["name"]: n["output"] for n in manifest.get("notebooks", [])}
    failed = [n for n in manifest.get("notebooks", []) if n.get("error")]
    title = f"framing report: {manifest.get('corpus', '')}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_esc(title)}</title><style>{_CSS}</style></head><body>",
        "<h1>framing report</h1>",
        f'<p class="meta">Corpus <code>{_esc(manifest.get("corpus"))}</code>; framing '
        f"{_esc(manifest.get('framing_version'))}; run <code>{_esc(manifest.get('run_id'))}"
        f"</code>, finished {_esc(manifest.get('finished'))}.</p>",
    ]
    if failed:
        parts.append(f'<section class="failed" id="failed"><h2>{len(failed)} of '
                     f"{len(notebooks)} notebooks failed</h2><p>Their figures and tables are "
                     "missing below; open the notebook to see the error.</p><ul>")
        parts += [f'<li><a href="{_href(n["output"])}">{_text(n["name"])}</a>: '
                  f"{_text(n['error'])}</li>" for n in failed]
        parts.append("</ul></section>")
    parts += [
        '<section class="summary" id="summary"><h2>Summary</h2>',
        "<h3>The corpus</h3>", _corpus_facts(out, written),
        "<h3>The lexicon</h3>", _lexicon_facts(manifest, out, written),
        '<h3 id="findings">Key findings</h3>', _findings(out, written),
        _language_findings(out, written),
        "<h3>Wire copy counted once</h3>", _syndication(out, written),
        "</section>",
    ]
    by_section: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        section = entry.get("section") if entry.get("section") in SECTIONS else "other"
        by_section.setdefault(section, []).append(entry)
    headings = {**SECTIONS, "other": "Other outputs"}
    parts.append("<nav><h2>Contents</h2><ol>")
    parts += [f'<li><a href="#{key}">{_esc(heading)}</a></li>' for key, heading
              in headings.items() if key in SECTIONS or key in by_section]
    parts.append('<li><a href="#notebooks">Notebooks</a></li></ol></nav>')
    for key, heading in headings.items():
        if key not in SECTIONS and key not in by_section:
            continue
        section_entries = by_section.get(key, [])
        parts.append(f'<section id="{key}"><h2>{_esc(heading)}</h2>')
        if not section_entries:
            parts.append('<p class="none">This run wrote nothing for this section.</p>')
        figures = [e for e in section_entries if e.get("kind") == "figure"]
        for group in _figures(figures):
            parts.append(_figure_html(group, notebooks))
        for kind, label in (("table", "Tables"), ("validation", "Files to check by hand")):
            chosen = [e for e in section_entries if e.get("kind") == kind]
            if chosen:
                parts.append(f"<h3>{label}</h3>{_file_list(chosen, notebooks)}")
        parts.append("</section>")
    parts.append('<section id="notebooks"><h2>Notebooks</h2><ul>')
    for run in manifest.get("notebooks", []):
        status = (f' — <strong>failed</strong>: {_text(run["error"])}' if run.get("error")
                  else f" ({float(run.get('seconds') or 0):.1f} s)")
        parts.append(f'<li><a href="{_href(run["output"])}">{_text(run["name"])}</a>'
                     f"{status}</li>")
    parts.append('</ul><p><a href="manifest.json">Run manifest</a> · '
                 '<a href="outputs.jsonl">outputs ledger</a></p></section></body></html>')
    return "\n".join(parts)


def write_index(out: str | Path, manifest: dict[str, Any]) -> Path:
    """Write ``index.html`` into report folder ``out``; return its path."""
    path = Path(out) / "index.html"
    path.write_text(build_index(out, manifest), encoding="utf-8")
    return path
