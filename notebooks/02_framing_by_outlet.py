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
# # 2. Framing by outlet
#
# Of all the labels an outlet gives an actor, which share is which? One
# 100% bar per outlet and dimension, with bootstrap intervals in the tables,
# a test of whether outlets distribute labels differently, and how well the
# outlet can be told from framing alone.

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
from framing.compare import label_distribution_summary
from framing.distinctiveness import outlet_distinctiveness

agg = aggregate(study.scores, by=["outlet"], lexicon=study.lexicon, min_docs=min_docs)

# %% [markdown]
# ## Label shares per dimension

# %%
for dimension in dimensions:
    if agg.loc[agg["dimension"] == dimension, "hits"].sum() == 0:
        print(f"{dimension}: no label of this dimension in the corpus")
        continue
    fig = plots.share_bars(agg, dimension, labels=labels, lexicon=study.lexicon)
    shown = agg[agg["dimension"] == dimension]
    display(show_chart(fig, shown, f"shares_{dimension}", output_dir))

# %%
fig = plots.heatmap(agg, measure="share", dimensions=dimensions, labels=labels,
                    lexicon=study.lexicon)
show_chart(fig, agg, "shares_by_outlet", output_dir)

# %% [markdown]
# ## Do outlets distribute labels differently?
# Chi-squared test of labels × outlet per dimension, with Cramér's V.

# %%
tests = label_distribution_summary(study.scores, dimensions=dimensions, lexicon=study.lexicon)
save_table(tests, "label_distribution_tests", output_dir)
tests

# %% [markdown]
# ## Can the outlet be predicted from framing alone?
# Cross-validated logistic regression on the label rates against a
# majority-class baseline (outlets with too few documents are left out).

# %%
import warnings

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    try:
        model = outlet_distinctiveness(study.scores, lexicon=study.lexicon)
    except ValueError as exc:
        model = None
        print(f"Not enough documents per outlet for this model: {exc}")
for w in caught:
    print(w.message)
if model is not None:
    print(model)
    save_table(model.top_coefficients, "distinctiveness_coefficients", output_dir)

# %% [markdown]
# ## Explore
# In JupyterLab, pick outlets and a dimension; in a batch run this shows the defaults.

# %%
from framing.widgets import chart_explorer

chart_explorer(agg, plots.share_bars, dimensions=dimensions, lexicon=study.lexicon,
               labels=labels)
