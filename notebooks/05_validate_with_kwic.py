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
# # 5. Validate by reading
#
# Every count can be read in context: keyword-in-context lines for a
# category, a coding sheet of a stratified random sample of hits for human
# coders, and a sample of on-topic documents with no label, to look for
# what the lexicon misses.

# %% tags=["parameters"]
corpus = "sample"  # a corpus path (folder of .txt, CSV, JSONL, Parquet, Excel, SaudiNewsNet zips)
corpus_kind = None  # reader when the path does not tell it: txt, csv, jsonl, xlsx, saudinewsnet ...
lexicon = "default"  # a shipped lexicon name or a YAML file
dimensions = None  # list of dimension ids to chart; None: all
outlets = None  # list of outlets to keep; None: all
date_from = None  # first day kept (YYYY-MM-DD); None: no bound
date_to = None  # last day kept (YYYY-MM-DD); None: no bound
freq = "M"  # period of time series: D, W or M
labels = "both"  # chart labels: en, ar or both
min_docs = 5  # cells with fewer documents are flagged
output_dir = "reports/sample"  # where figures/ and tables/ go (relative: to the project folder)
figure_formats = "png"  # formats of saved figures: png, svg, pdf, comma-separated

categories = ["militant", "terrorist", "opposition", "regime"]  # categories to read
per_cell = 10  # hits per category × outlet in the coding sheet
topic = ["حلب", "سوريا", "سورية", "السوري"]  # words that put a document on topic
recall_dimension = "armed_group_label"  # dimension whose misses are sampled
seed = 0  # random seed of the samples

# %%
from IPython.display import display

import framing
from framing.workbook import (
    open_study,
    parse_parameter,
    plain_warnings,
    reading,
    record_file,
    save_table,
)

study, output_dir, dimensions, min_docs = open_study(
    corpus, kind=corpus_kind, lexicon=lexicon, outlets=outlets, date_from=date_from,
    date_to=date_to, dimensions=dimensions, min_docs=min_docs, output_dir=output_dir)

# %%
from framing.validate import draw_sample, recall_sample, write_sheet

categories = parse_parameter(categories)
per_cell, seed = int(parse_parameter(per_cell)), int(parse_parameter(seed))
topic = parse_parameter(topic)
validation = output_dir / "validation"
validation.mkdir(parents=True, exist_ok=True)

# %% [markdown]
# ## Keyword in context

# %%
lines = framing.kwic(study.corpus, category=categories, hits=study.hits, window=8,
                     sort="left")
if len(lines) == 0:
    print(f"No hit of {', '.join(categories)} in the corpus: no keyword-in-context lines.")
else:
    lines.to_html(validation / "kwic.html", overwrite=True)
    lines.to_csv(validation / "kwic.csv", overwrite=True)
    for suffix, what in (("html", "page to read"), ("csv", "table")):
        record_file(output_dir, validation / f"kwic.{suffix}", name=f"kwic_{suffix}",
                    title=f"Keywords in context ({suffix.upper()})",
                    caption=f"Every hit of {', '.join(categories)} with eight words on each "
                            f"side, as a {what}")
    print(f"{len(lines):,} lines; all of them are in validation/kwic.html and kwic.csv.")
    display(reading(lines))

# %% [markdown]
# ## A coding sheet
# A seeded random sample of hits per category × outlet; coders fill in
# `verdict` (correct / incorrect / unsure). Read it back with
# `framing.validate.read_sheet` and compute `precision`.

# %%
if study.hits.empty:
    print("No hit in the corpus: no coding sheet.")
else:
    sample = draw_sample(study.hits, study.corpus, per_cell=per_cell, random_state=seed)
    for suffix in ("xlsx", "csv"):
        write_sheet(sample, validation / f"coding_sheet.{suffix}", overwrite=True)
        record_file(output_dir, validation / f"coding_sheet.{suffix}",
                    name=f"coding_sheet_{suffix}", title=f"Coding sheet ({suffix.upper()})",
                    caption=f"{len(sample)} hits to judge, at most {per_cell} per "
                            "category and outlet")
    save_table(sample.groupby(["category", "outlet"]).size().reset_index(name="n_items"),
               "coding_sheet_cells", output_dir, section="validation",
               title="Coding sheet: items per cell",
               caption="How many hits of each category and outlet the coding sheet holds")
    display(reading(sample.head(10)))

# %% [markdown]
# ## What the lexicon may miss
# On-topic documents with no label of the dimension, to read.

# %%
missed = None
with plain_warnings():
    try:
        missed = recall_sample(study.corpus, study.scores, dimension=recall_dimension,
                               topic=topic, n=10, random_state=seed, lexicon=study.lexicon)
    except ValueError as exc:
        print(exc)
missed
