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
# # 3. Framing over time
#
# Label shares and rates per outlet and period, with bootstrap interval
# bands; periods with few documents are flagged in the tables (`low_n`).

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
from IPython.display import display

from framing import plots
from framing.workbook import load_study, parse_parameter, save_table, show_chart

study = load_study(corpus, kind=corpus_kind, lexicon=lexicon, outlets=outlets,
                   date_from=date_from, date_to=date_to)
dimensions, min_docs = study.select_dimensions(dimensions), int(parse_parameter(min_docs))
print(study)

# %%
from framing.aggregate import aggregate

agg = aggregate(study.scores, by=["outlet"], freq=freq, lexicon=study.lexicon,
                min_docs=min_docs)
save_table(agg, "aggregate_over_time", output_dir)

# %% [markdown]
# ## Shares of each dimension's labels over time

# %%
for dimension in dimensions:
    if agg.loc[agg["dimension"] == dimension, "hits"].sum() == 0:
        print(f"{dimension}: no label of this dimension in the corpus")
        continue
    fig = plots.timeline(agg, dimension, measure="share", labels=labels, lexicon=study.lexicon)
    shown = agg[agg["dimension"] == dimension]
    display(show_chart(fig, shown, f"timeline_{dimension}", output_dir))

# %% [markdown]
# ## Every category's rate, small multiples

# %%
used = agg.groupby("category")["hits"].sum()
categories = [c for c in used.index[used > 0] if study.lexicon.dimension_of(c) in dimensions]
if categories:
    fig = plots.category_small_multiples(agg, measure="rate", categories=categories,
                                         labels=labels, lexicon=study.lexicon)
    shown = agg[agg["category"].isin(categories)]
    display(show_chart(fig, shown, "rates_small_multiples", output_dir))

# %% [markdown]
# ## Explore

# %%
from framing.widgets import chart_explorer

chart_explorer(agg, plots.timeline, dimensions=dimensions, lexicon=study.lexicon, labels=labels)
