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
# # 1. Corpus overview
#
# What the corpus holds (outlets, months, empty, short and duplicated
# texts) and how often each framing label occurs per outlet. Runs on the
# embedded sample as it is; set `corpus` for your own.

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

# %%
import framing
from framing import plots
from framing.workbook import load_study, parse_parameter, save_table, show_chart

study = load_study(corpus, kind=corpus_kind, lexicon=lexicon, outlets=outlets,
                   date_from=date_from, date_to=date_to)
dimensions, min_docs = study.select_dimensions(dimensions), int(parse_parameter(min_docs))
print(study)

# %% [markdown]
# ## The corpus
# Documents per outlet and month, and the audit: nothing is excluded here, the
# flags say what a study might want to leave out.

# %%
report = framing.audit(study.corpus)
print(framing.format_audit(report))
save_table(report.by_outlet_month, "corpus_outlet_month", output_dir)
save_table(report.flags, "corpus_flags", output_dir)
report.by_outlet_month

# %% [markdown]
# ## Framing labels per outlet
# Hits per 1,000 tokens of every category, by outlet.

# %%
from framing.aggregate import aggregate

agg = aggregate(study.scores, by=["outlet"], lexicon=study.lexicon, min_docs=min_docs)
fig = plots.heatmap(agg, measure="rate", dimensions=dimensions, labels=labels,
                    lexicon=study.lexicon)
show_chart(fig, agg, "rates_by_outlet", output_dir)
