# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     notebook_metadata_filter: -jupytext.text_representation
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 7. Grow the lexicon
#
# A dictionary counts only what it lists. This notebook proposes words and
# short phrases the corpus uses like a category's terms (from word vectors
# trained on the corpus, from the frames the terms fill, and from spelling
# variants), each with its frequency, outlets and three lines in context.
# Read them, mark the sheet's `decision` column `accept` or `reject`, and
# grow a lexicon from it: the accepted terms are added to the lexicon, the
# rejected ones are remembered and not proposed again.
#
# Training the vectors takes about a minute on nine million words; they are
# cached. In a batch report this notebook only uses vectors already cached
# (`train = False`), so the report stays fast: train them once with
# `framing lexicon discover CORPUS --category militia --out candidates.csv`,
# or set `train = True` here.

# %% tags=["parameters"]
corpus = "sample"  # a corpus path (folder of .txt, CSV, JSONL, Parquet, Excel, SaudiNewsNet zips)
corpus_kind = None  # reader when the path does not tell it: txt, csv, jsonl, xlsx, saudinewsnet ...
lexicon = "default"  # a shipped lexicon name or a YAML file
outlets = None  # list of outlets to keep in the study; None: all (vectors use the whole corpus)
date_from = None  # first day kept (YYYY-MM-DD); None: no bound
date_to = None  # last day kept (YYYY-MM-DD); None: no bound
output_dir = "reports/sample"  # where figures/ and tables/ go (relative: to the project folder)
figure_formats = "png"  # formats of saved figures: png, svg, pdf, comma-separated

categories = ["militia", "terrorist", "houthi"]  # categories to find candidates for
top = 20  # candidates per category
train = False  # train the vectors when they are not cached (about a minute per 9 M words)
rejections = None  # a rejections file (framing lexicon grow writes it); None: none
sheet = None  # a candidates sheet with its decision column filled in, to grow from
grown_lexicon = None  # where to write the grown lexicon (YAML); needed with sheet
overwrite = False  # replace grown_lexicon if it exists (set it when growing again)
seed = 0  # seed of the vectors' training
small_corpus_words = 50000  # a corpus this small (words) is trained even when train is False

# %%
from IPython.display import display

import framing
from framing.discover import DiscoveryError, cached_vectors, train_vectors, write_candidates
from framing.workbook import open_study, parse_parameter, plain_warnings, record_file

study, output_dir, _, _ = open_study(
    corpus, kind=corpus_kind, lexicon=lexicon, outlets=outlets, date_from=date_from,
    date_to=date_to, output_dir=output_dir)
categories = parse_parameter(categories)
categories = [categories] if isinstance(categories, str) else list(categories)
top, seed = int(parse_parameter(top)), int(parse_parameter(seed))
small_corpus_words = int(parse_parameter(small_corpus_words))
train = parse_parameter(train) in (True, "True", "true", "1", 1)
source = corpus if corpus == "sample" or corpus_kind is None else \
    framing.load_corpus(corpus, kind=corpus_kind)
known = study.lexicon.category_ids
unknown = [c for c in categories if c not in known]
if unknown:
    raise ValueError(f"categories {unknown} are not in the lexicon {lexicon!r}; "
                     f"its categories: {', '.join(known)}")

# %% [markdown]
# ## The vectors

# %%
with plain_warnings():
    model = cached_vectors(source, seed=seed)
if model is None:
    n_words = int(study.corpus["text"].fillna("").str.split().str.len().sum())
    if train or n_words <= small_corpus_words:
        try:
            with plain_warnings():
                model = train_vectors(source, seed=seed)
        except DiscoveryError as exc:
            print(exc)
    else:
        print(f"No trained vectors for this corpus ({n_words:,} words) are cached, and "
              "train = False: no candidates. Train them once with framing lexicon discover "
              "(about a minute per nine million words), or run this notebook with "
              "train = True.")
if model is not None:
    p = model.provenance
    print(f"{p['n_documents']:,} documents, {p['n_tokens']:,} tokens, {p['n_vectors']:,} "
          f"words with vectors, {p['n_phrases']:,} phrases joined"
          + (" (from the cache)" if p.get("from_cache") else ""))

# %% [markdown]
# ## Candidates
# Best first. `source` says which of the three methods found each one;
# `suggested_entry` is the lexicon entry accepting it would add (edit it in
# the sheet if needed).

# %%
sheets, tables = [], {}
if model is not None:
    validation = output_dir / "validation"
    validation.mkdir(parents=True, exist_ok=True)
    for category in categories:
        with plain_warnings():
            table = framing.discover(source, category, lexicon=study.lexicon, top=top,
                                     model=model, rejections=rejections)
        if table.empty:
            print(f"{category}: no candidates (none of its terms occurs in this corpus).")
            continue
        path = write_candidates(table, validation / f"candidates_{category}.csv",
                                overwrite=True)
        record_file(output_dir, path, name=f"candidates_{category}",
                    title=f"Lexicon candidates: {category}",
                    caption=f"The {len(table)} words and phrases the corpus uses most like the "
                            f"terms of {category}, to accept or reject")
        sheets.append(path)
        tables[category] = table
        print(f"{category}: {len(table)} candidates, sheet {path.name}")
        parts = table["kwic_1"].str.extract(r"^(?P<pre>.*?)⟦(?P<keyword>.*?)⟧(?P<post>.*)$")
        display(framing.reading_view(table.join(parts), columns=[
            "rank", "candidate", "frequency", "documents", "n_outlets", "source"]))

# %% [markdown]
# ## Accept or reject
# Click `accept` or `reject` beside each candidate after reading its lines
# (in JupyterLab), then run the next cell.

# %%
from framing.widgets import CandidatePicker, candidate_picker

pickers = {}
for category, table in tables.items():
    pickers[category] = candidate_picker(table)
    print(category)
    display(pickers[category])

# %% [markdown]
# ## Grow the lexicon
# With `grown_lexicon` (a new YAML file), the accepted candidates (of
# `sheet`, a marked candidates sheet, or else of the buttons above) are added
# to the lexicon and the rejected ones appended to the rejections file. Score
# with the new lexicon at once:
# `framing score CORPUS --lexicon grown.yaml --out counts.csv`.

# %%
import pandas as pd

clicked = [p.table() for p in pickers.values() if isinstance(p, CandidatePicker)]
decisions = sheet if sheet is not None else (pd.concat(clicked) if clicked else None)
overwrite = parse_parameter(overwrite) in (True, "True", "true", "1", 1)
marked = isinstance(decisions, pd.DataFrame) and "decision" in decisions and \
    decisions["decision"].isin(["accept", "reject"]).any()
if grown_lexicon is None or decisions is None:
    print("To grow the lexicon: set grown_lexicon to a new YAML file, and mark the "
          "candidates with the buttons above or in a sheet (sheet = its path).")
elif not marked and sheet is None:
    print("No candidate is marked yet: click accept or reject beside the candidates above, "
          "then run this cell again.")
else:
    try:
        grown = framing.grow_lexicon(decisions, grown_lexicon, base=lexicon,
                                     rejections=rejections, overwrite=overwrite)
        print(grown.description if grown is not None else
              "No candidate accepted, so no lexicon was written; the rejected ones were "
              f"added to {rejections or 'the .rejected.csv file beside grown_lexicon'}.")
    except FileExistsError:
        print(f"{grown_lexicon} exists and was left as it is: set overwrite = True in the "
              "parameters cell (or give grown_lexicon a new name), then run this cell again.")
