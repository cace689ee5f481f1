# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 5. Validate by reading
#
# Every count can be read in context: keyword-in-context lines for a
# category, a coding sheet of a stratified random sample of hits for human
# coders, and a sample of on-topic documents with no label, to look for
# what the lexicon misses.

# %% tags=["parameters"]
corpus = "sample"  # a corpus path (folder of .txt, CSV, JSONL, Parquet, SaudiNewsNet zips)
corpus_kind = None  # reader when the path does not tell it: txt, csv, jsonl, saudinewsnet ...
lexicon = "default"  # a shipped lexicon name or a YAML file
dimensions = None  # list of dimension ids to chart; None: all
outlets = None  # list of outlets to keep; None: all
date_from = None  # first day kept (YYYY-MM-DD); None: no bound
date_to = None  # last day kept (YYYY-MM-DD); None: no bound
freq = "M"  # period of time series: D, W or M
labels = "both"  # chart labels: en, ar or both
min_docs = 5  # cells with fewer documents are flagged
output_dir = "reports/sample"  # where figures/ and tables/ are written

categories = ["militant", "terrorist", "opposition", "regime"]  # categories to read
per_cell = 10  # hits per category × outlet in the coding sheet
topic = ["حلب", "سوريا", "سورية", "السوري"]  # words that put a document on topic
recall_dimension = "armed_group_label"  # dimension whose misses are sampled
seed = 0  # random seed of the samples

# %%
import framing
from framing.workbook import load_study, parse_parameter, save_table

study = load_study(corpus, kind=corpus_kind, lexicon=lexicon, outlets=outlets,
                   date_from=date_from, date_to=date_to)
dimensions, min_docs = study.select_dimensions(dimensions), int(parse_parameter(min_docs))
print(study)

# %%
from pathlib import Path

from framing.validate import draw_sample, recall_sample, write_sheet

categories = parse_parameter(categories)
per_cell, seed = int(parse_parameter(per_cell)), int(parse_parameter(seed))
topic = parse_parameter(topic)
out = Path(output_dir)
(out / "validation").mkdir(parents=True, exist_ok=True)

# %% [markdown]
# ## Keyword in context

# %%
lines = framing.kwic(study.corpus, category=categories, hits=study.hits, window=8,
                     sort="left")
lines.to_html(out / "validation" / "kwic.html", overwrite=True)
lines.to_csv(out / "validation" / "kwic.csv", overwrite=True)
lines

# %% [markdown]
# ## A coding sheet
# A seeded random sample of hits per category × outlet; coders fill in
# `verdict` (correct / incorrect / unsure). Read it back with
# `framing.validate.read_sheet` and compute `precision`.

# %%
sample = draw_sample(study.hits, study.corpus, per_cell=per_cell, random_state=seed)
write_sheet(sample, out / "validation" / "coding_sheet.xlsx", overwrite=True)
write_sheet(sample, out / "validation" / "coding_sheet.csv", overwrite=True)
save_table(sample.groupby(["category", "outlet"]).size().reset_index(name="n_items"),
           "coding_sheet_cells", output_dir)
sample.head(10)

# %% [markdown]
# ## What the lexicon may miss
# On-topic documents with no label of the dimension, to read.

# %%
try:
    missed = recall_sample(study.corpus, study.scores, dimension=recall_dimension, topic=topic,
                           n=10, random_state=seed, lexicon=study.lexicon)
except ValueError as exc:
    missed = None
    print(exc)
missed
