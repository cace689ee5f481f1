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
# # 2. Framing by outlet
#
# Of all the labels an outlet gives an actor, which share is which? One
# 100% bar per outlet and dimension, with bootstrap intervals in the tables,
# the findings in sentences, a test of whether outlets distribute labels
# differently, and how well the outlet can be told from framing alone.

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

from framing import plots
from framing.workbook import (
    open_study,
    plain_warnings,
    save_table,
    show_chart,
    write_findings,
)

study, output_dir, dimensions, min_docs = open_study(
    corpus, kind=corpus_kind, lexicon=lexicon, outlets=outlets, date_from=date_from,
    date_to=date_to, dimensions=dimensions, min_docs=min_docs, output_dir=output_dir)

# %%
from framing.aggregate import aggregate
from framing.compare import label_distribution_summary
from framing.distinctiveness import outlet_distinctiveness

with plain_warnings():
    agg = aggregate(study.scores, by=["outlet"], lexicon=study.lexicon, min_docs=min_docs)

# %% [markdown]
# ## Label shares per dimension

# %%
for dimension in dimensions:
    shown = agg[agg["dimension"] == dimension]
    if shown["hits"].sum() == 0:
        print(f"{dimension}: no label of this dimension in the corpus; no chart.")
        continue
    name = study.dimension_name(dimension)
    fig = plots.share_bars(agg, dimension, labels=labels, lexicon=study.lexicon)
    display(show_chart(fig, shown, f"shares_{dimension}", output_dir, formats=figure_formats,
                       title=f"Shares: {name}", section="shares",
                       caption=f"Share of each label ({name.lower()}), by outlet, with 95% "
                               "bootstrap intervals in the table"))

# %%
if agg["hits"].sum() == 0:
    print("No framing label was found in the corpus: the share heatmap is skipped.")
else:
    fig = plots.heatmap(agg, measure="share", dimensions=dimensions, labels=labels,
                        lexicon=study.lexicon)
    display(show_chart(fig, agg, "shares_by_outlet", output_dir, formats=figure_formats,
                       title="Label shares by outlet", section="shares",
                       caption="Share of each label within its dimension, for every outlet"))

# %% [markdown]
# ## By language
# Where the corpus has documents in more than one language: an outlet's services side by
# side (Al Jazeera in Arabic and in English), then all outlets of each language pooled.

# %%
languages = sorted(set(study.scores["language"].dropna()))
if len(languages) < 2:
    print(f"Documents in one language ({', '.join(languages) or 'none'}): no comparison by "
          "language.")
else:
    with plain_warnings():
        by_language = aggregate(study.scores, by=["outlet", "language"], lexicon=study.lexicon,
                                min_docs=min_docs)
    for dimension in dimensions:
        shown = by_language[by_language["dimension"] == dimension]
        if shown["hits"].sum() == 0:
            continue
        name = study.dimension_name(dimension)
        fig = plots.language_bars(by_language, dimension, labels=labels, lexicon=study.lexicon)
        display(show_chart(fig, shown, f"languages_{dimension}", output_dir,
                           formats=figure_formats, title=f"By language: {name}",
                           section="shares",
                           caption=f"Share of each label ({name.lower()}) by language: an "
                                   "outlet's services side by side, then all outlets of each "
                                   "language together"))

# %% [markdown]
# ## Findings
# What differs between outlets, in sentences; the same with each cluster of
# near-duplicate (wire) articles counted once, and how much that shifts the shares.
# In a corpus with several languages, each outlet is compared with the other outlets of
# its language, then the languages with each other.

# %%
findings = write_findings(study, output_dir, min_docs=min_docs)

# %% [markdown]
# ## Do outlets distribute labels differently?
# Chi-squared test of labels × outlet per dimension, with Cramér's V.

# %%
tests = None
if len(study.outlets) < 2:
    print("The test compares outlets: it needs at least two; skipped.")
else:
    with plain_warnings():
        tests = label_distribution_summary(study.scores, dimensions=dimensions,
                                           lexicon=study.lexicon)
    save_table(tests, "label_distribution_tests", output_dir, section="shares",
               title="Do outlets distribute labels differently?",
               caption="Chi-squared test of labels by outlet for each dimension, with "
                       "Cramér's V")
tests

# %% [markdown]
# ## Can the outlet be predicted from framing alone?
# Cross-validated logistic regression on the label rates against a
# majority-class baseline (outlets with too few documents are left out).

# %%
model = None
with plain_warnings():
    try:
        model = outlet_distinctiveness(study.scores, lexicon=study.lexicon)
    except ValueError as exc:
        print(f"Not enough documents per outlet for this model: {exc}")
if model is not None:
    print(model)
    save_table(model.top_coefficients, "distinctiveness_coefficients", output_dir,
               title="Labels that tell outlets apart", section="distinctive",
               caption="The largest coefficients of the model predicting the outlet from "
                       "label rates")

# %% [markdown]
# ## Explore
# In JupyterLab, pick a dimension and outlets; in a batch run this shows the defaults.

# %%
from framing.widgets import chart_explorer

if agg["hits"].sum() == 0:
    print("No framing label in the corpus: nothing to explore.")
else:
    display(chart_explorer(agg, plots.share_bars, dimensions=dimensions,
                           lexicon=study.lexicon, labels=labels))
