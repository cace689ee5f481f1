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
# # 3. Framing over time
#
# Label shares and rates per outlet and period, with bootstrap interval
# bands; periods with few documents are flagged in the tables (`low_n`).
# Documents without a date are left out here (their number is printed).

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
events = None  # an events file (CSV or YAML: date, label, description) drawn on timelines

# %%
from IPython.display import display

from framing import plots
from framing.workbook import (
    dated_scores,
    load_events,
    open_study,
    plain_warnings,
    save_table,
    show_chart,
)

study, output_dir, dimensions, min_docs = open_study(
    corpus, kind=corpus_kind, lexicon=lexicon, outlets=outlets, date_from=date_from,
    date_to=date_to, dimensions=dimensions, min_docs=min_docs, output_dir=output_dir)
event_table = load_events(events)

# %%
from framing.aggregate import aggregate

timed = dated_scores(study.scores)
agg = None
if timed.empty:
    print("No document has a date: time charts are skipped.")
else:
    with plain_warnings():
        agg = aggregate(timed, by=["outlet"], freq=freq, lexicon=study.lexicon,
                        min_docs=min_docs)
    save_table(agg, "aggregate_over_time", output_dir, section="time",
               title="Labels per outlet and period",
               caption=f"Hits, shares and rates of every label per outlet and period ({freq})")

# %% [markdown]
# ## Shares of each dimension's labels over time

# %%
for dimension in dimensions if agg is not None else []:
    shown = agg[agg["dimension"] == dimension]
    if shown["hits"].sum() == 0:
        print(f"{dimension}: no label of this dimension in the dated documents; no chart.")
        continue
    name = study.dimension_name(dimension)
    fig = plots.timeline(agg, dimension, measure="share", labels=labels, lexicon=study.lexicon,
                         events=event_table)
    display(show_chart(fig, shown, f"timeline_{dimension}", output_dir, formats=figure_formats,
                       title=f"Over time: {name}", section="time",
                       caption=f"Share of each label ({name.lower()}) per period and outlet, "
                               "with 95% bootstrap bands"))

# %% [markdown]
# ## Every category's rate, small multiples

# %%
categories = []
if agg is not None:
    used = agg.groupby("category")["hits"].sum()
    # lexicon order, so the panels of one dimension sit together
    categories = [c.id for c in study.lexicon.categories
                  if used.get(c.id, 0) > 0 and c.dimension in dimensions]
if categories:
    fig = plots.category_small_multiples(agg, measure="rate", categories=categories,
                                         labels=labels, lexicon=study.lexicon,
                                         events=event_table)
    shown = agg[agg["category"].isin(categories)]
    display(show_chart(fig, shown, "rates_small_multiples", output_dir, formats=figure_formats,
                       title="Label rates over time", section="time",
                       caption="Hits per 1,000 tokens of each label found, per period and "
                               "outlet, one panel per label"))
elif agg is not None:
    print("No label was found in the dated documents: no small multiples.")

# %% [markdown]
# ## Explore
# Pick a dimension, outlets and a range of periods.

# %%
from framing.widgets import chart_explorer

if agg is None or agg["hits"].sum() == 0:
    print("Nothing to explore: no dated document with a label.")
else:
    display(chart_explorer(agg, plots.timeline, dimensions=dimensions, lexicon=study.lexicon,
                           labels=labels))
