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
# # 6. Framing shifts
#
# When did an outlet switch from one label to another? Within each dimension
# (the competing labels for one actor), each outlet's label counts per period
# are cut into segments of constant shares; a shift is the start of a new
# segment, with an interval for its date and for the change of each label.
# A penalty per shift keeps chance wobbles out: by default it is calibrated on
# the outlet's own documents shuffled in time, so a series without a real
# shift shows one with probability at most `alpha`. Events (a file of dates
# and labels) are drawn on the charts, and their effect is measured as the
# change of shares in the week before and after each.
#
# How large a shift must be to be found (simulated on SaudiNewsNet articles,
# 30 days): a label's share moving 15 points is found within two days in
# three series of four with 20 articles a day using the dimension, and in
# nearly all with 40. With fewer articles, or smaller changes, most go unseen:
# read "no shift found" as "none this large", not "none".

# %% tags=["parameters"]
corpus = "sample"  # a corpus path (folder of .txt, CSV, JSONL, Parquet, Excel, SaudiNewsNet zips)
corpus_kind = None  # reader when the path does not tell it: txt, csv, jsonl, xlsx, saudinewsnet ...
lexicon = "default"  # a shipped lexicon name or a YAML file
dimensions = None  # list of dimension ids to look at; None: all
outlets = None  # list of outlets to keep; None: all
date_from = None  # first day kept (YYYY-MM-DD); None: no bound
date_to = None  # last day kept (YYYY-MM-DD); None: no bound
freq = "D"  # period of the series: D, W or M
penalty = "permutation"  # per shift: permutation (calibrated), bic, or a number
alpha = 0.05  # false-alarm rate per series of the permutation penalty
events = None  # an events file (CSV or YAML: date, label, description); None: no events
labels = "both"  # chart labels: en, ar or both
min_docs = 20  # series (outlet x dimension) with fewer documents using it are not segmented
output_dir = "reports/sample"  # where figures/ and tables/ go (relative: to the project folder)
figure_formats = "png"  # formats of saved figures: png, svg, pdf, comma-separated

# %%
import pandas as pd
from IPython.display import display

from framing import event_effects, plots, shifts
from framing.aggregate import aggregate
from framing.shift_text import event_sentences, shift_sentences
from framing.workbook import (
    dated_scores,
    load_events,
    open_study,
    parse_parameter,
    plain_warnings,
    save_table,
    show_chart,
)

study, output_dir, dimensions, min_docs = open_study(
    corpus, kind=corpus_kind, lexicon=lexicon, outlets=outlets, date_from=date_from,
    date_to=date_to, dimensions=dimensions, min_docs=min_docs, output_dir=output_dir)
penalty = parse_parameter(penalty)
alpha = float(parse_parameter(alpha))
PERIOD = {"D": "day", "W": "week", "M": "month"}[freq]

event_table = load_events(events)

# %% [markdown]
# ## Shifts per outlet and dimension

# %%
timed = dated_scores(study.scores)
found = agg = None
if timed.empty:
    print("No document has a date: there is no series to segment.")
else:
    with plain_warnings():
        found = shifts(timed, dimension=dimensions, freq=freq, penalty=penalty, alpha=alpha,
                       min_docs=min_docs, lexicon=study.lexicon)
        agg = aggregate(timed, by=["outlet"], freq=freq, lexicon=study.lexicon, n_boot=200)
    series = pd.DataFrame(found.attrs["series"])
    segmented = series[series["status"] == "segmented"]
    save_table(found, "shifts", output_dir, section="time", title="Framing shifts",
               caption=f"Shifts of label shares per outlet and dimension ({PERIOD}s, penalty "
                       f"{penalty}): date with interval, shares before and after, change in "
                       "points with intervals")
    save_table(series, "shift_series", output_dir, section="time",
               title="Series examined for shifts",
               caption="Each outlet x dimension: documents, periods, hits, penalty, p-value, "
                       "shifts found, or why it was not segmented")
    print(f"{len(series)} series (outlet x dimension) examined: {len(segmented)} segmented, "
          f"{len(series) - len(segmented)} with too few documents or {PERIOD}s.")
    if segmented.empty:
        print(f"Too little to segment: no outlet has {min_docs} documents using a dimension "
              f"spread over at least {2 * found.attrs['shifts']['min_size']} {PERIOD}s, so no "
              "shift can be looked for. Use a larger corpus, a longer period (freq), or a "
              "lower min_docs.")

# %% [markdown]
# ## The shifts in sentences

# %%
if found is not None and not found.empty:
    sentences = shift_sentences(found, study.lexicon)
    print(f"{len(sentences)} shift(s) found:")
    for sentence in sentences[:40]:
        print("- " + sentence)
    if len(sentences) > 40:
        print(f"... and {len(sentences) - 40} more; every shift is in tables/shifts.csv.")
elif found is not None and not segmented.empty:
    print(f"No shift found in the {len(segmented)} segmented series: their label shares stay "
          f"within what shuffling the documents in time produces (penalty {penalty}).")
else:
    print("No shift to describe.")

# %% [markdown]
# ## Charts: each outlet's shares with the shifts found

# %%
with_shifts = [] if found is None else [d for d in dimensions if d in set(found["dimension"])]
for dimension in with_shifts:
    outlets_used = sorted(segmented.loc[segmented["dimension"] == dimension, "outlet"])
    shown = agg[(agg["dimension"] == dimension) & agg["outlet"].isin(outlets_used)]
    name = study.dimension_name(dimension)
    fig = plots.shift_small_multiples(agg, found, dimension, outlets=outlets_used,
                                      events=event_table, labels=labels,
                                      lexicon=study.lexicon)
    display(show_chart(fig, shown, f"shifts_{dimension}", output_dir, formats=figure_formats,
                       title=f"Shifts: {name}", section="time",
                       caption=f"Share of each label ({name.lower()}) per {PERIOD} (dots), the "
                               "shares of the segments found (steps, with 95% bands) and the "
                               "date intervals of the shifts (grey), one panel per outlet "
                               "segmented; the segment shares are in tables/shifts.csv"))
if found is not None and segmented.empty:
    print("No series was segmented: no shift chart (the shares over time are in notebook 3).")
elif found is not None and not with_shifts:
    print("No shift was found: no shift chart (the shares over time are in notebook 3).")
elif found is not None:
    print(f"Dimensions without a shift (not charted here): "
          f"{', '.join(d for d in dimensions if d not in with_shifts) or 'none'}.")

# %%
if found is not None and not found.empty:
    biggest = found.drop_duplicates(["outlet", "dimension", "changepoint"]) \
        .sort_values("tvd", ascending=False).drop_duplicates(["outlet", "dimension"]).head(3)
    for row in biggest.itertuples():
        name = study.dimension_name(row.dimension)
        fig = plots.shift_timeline(agg, found, row.dimension, row.outlet, events=event_table,
                                   labels=labels, lexicon=study.lexicon)
        shown = agg[(agg["outlet"] == row.outlet) & (agg["dimension"] == row.dimension)]
        display(show_chart(fig, shown, f"shift_{row.outlet}_{row.dimension}", output_dir,
                           formats=figure_formats, title=f"Shifts of {row.outlet}: {name}",
                           section="time",
                           caption=f"{row.outlet}: share of each label ({name.lower()}) per "
                                   f"{PERIOD}, with the segments and shifts found"))

# %% [markdown]
# ## Events: shares in the week before and after

# %%
if event_table is None:
    print("No events file given (parameter events): no event effects.")
elif timed.empty:
    print("No document has a date: event effects cannot be measured.")
else:
    with plain_warnings():
        effects = event_effects(timed, event_table, window=7, dimension=dimensions,
                                lexicon=study.lexicon)
    save_table(effects, "event_effects", output_dir, section="time",
               title="Label shares before and after each event",
               caption="Per event, outlet (and overall) and label: shares in the 7 days before "
                       "and after, change in points with bootstrap interval, permutation "
                       "p-value")
    for sentence in event_sentences(effects, study.lexicon, window=7):
        print(sentence)
    print("Every outlet, label and p-value is in tables/event_effects.csv.")

# %% [markdown]
# ## Explore
# Pick a dimension, an outlet and a penalty; with another penalty the shifts
# are found again for that outlet.

# %%
from framing.widgets import shift_explorer

if found is None or agg["hits"].sum() == 0:
    print("Nothing to explore: no dated document with a label.")
else:
    display(shift_explorer(timed, agg, found, dimensions=dimensions, lexicon=study.lexicon,
                           events=event_table, labels=labels))
