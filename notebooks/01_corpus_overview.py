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
# # 1. Corpus overview
#
# What the corpus holds (outlets, months, empty, short and duplicated
# texts) and how often each framing label occurs per outlet. Runs on the
# embedded sample as it is; set `corpus` for your own.

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

# %%
from IPython.display import display

import framing
from framing import plots
from framing.workbook import (
    corpus_summary,
    open_study,
    plain_warnings,
    save_table,
    show_chart,
)

study, output_dir, dimensions, min_docs = open_study(
    corpus, kind=corpus_kind, lexicon=lexicon, outlets=outlets, date_from=date_from,
    date_to=date_to, dimensions=dimensions, min_docs=min_docs, output_dir=output_dir)

# %% [markdown]
# ## The corpus
# Documents per outlet and month, and the audit: nothing is excluded here, the
# flags say what a study might want to leave out. `tables/corpus_summary.csv`
# has the counts in one place.

# %%
with plain_warnings():
    report = framing.audit(study.corpus)
print(framing.format_audit(report))
summary = corpus_summary(study, report)
save_table(summary, "corpus_summary", output_dir, title="Corpus summary", section="corpus",
           caption="Documents, outlets, dates, and the documents undated, empty, rejected "
                   "or duplicated")
save_table(report.by_outlet_month, "corpus_outlet_month", output_dir,
           title="Documents per outlet and month", section="corpus",
           caption="How many documents each outlet has in each month")
save_table(report.flags, "corpus_flags", output_dir, title="Document flags", section="corpus",
           caption="Each document's length, Arabic share, and empty, short or duplicate flags")
summary

# %% [markdown]
# ## Framing labels per outlet
# Hits per 1,000 tokens of every category, by outlet.

# %%
from framing.aggregate import aggregate

with plain_warnings():
    agg = aggregate(study.scores, by=["outlet"], lexicon=study.lexicon, min_docs=min_docs)
if agg["hits"].sum() == 0:
    print("No framing label was found in the corpus: the rate chart is skipped.")
else:
    fig = plots.heatmap(agg, measure="rate", dimensions=dimensions, labels=labels,
                        lexicon=study.lexicon)
    display(show_chart(fig, agg, "rates_by_outlet", output_dir, formats=figure_formats,
                       title="Label rates by outlet", section="corpus",
                       caption="Hits of each framing label per 1,000 tokens, by outlet"))
