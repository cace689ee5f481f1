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
# # 4. Distinctive terms
#
# Which words, and which framing labels, set each outlet apart from all the
# others? Log-odds ratios with an informative Dirichlet prior ("Fightin'
# Words", Monroe, Colaresi and Quinn 2008), as z-scores.

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
output_dir = "reports/sample"  # where figures/ and tables/ go (relative: to the project folder)
figure_formats = "png"  # formats of saved figures: png, svg, pdf, comma-separated

top = 15  # terms shown on each side
strip_clitics = True  # count والجيش with الجيش where the corpus uses the stem alone
min_count = 3  # words seen fewer times in the corpus are left out
table_top = 100  # words kept on each side for each outlet in tables/keyness_words.csv

# %%
from IPython.display import display

from framing import plots
from framing.workbook import (
    open_study,
    parse_parameter,
    plain_warnings,
    save_table,
    show_chart,
)

study, output_dir, dimensions, min_docs = open_study(
    corpus, kind=corpus_kind, lexicon=lexicon, outlets=outlets, date_from=date_from,
    date_to=date_to, dimensions=dimensions, min_docs=min_docs, output_dir=output_dir)

# %%
from framing.keyness import keyness, top_terms

top, min_count = int(parse_parameter(top)), int(parse_parameter(min_count))
table_top = int(parse_parameter(table_top))
strip_clitics = bool(parse_parameter(strip_clitics))
outlet_list = study.outlets
words = labels_keyness = None
if len(outlet_list) < 2:
    print(f"Keyness needs at least two outlets; this corpus has {len(outlet_list)}. "
          "No distinctive terms are computed.")
else:
    with plain_warnings():
        words = keyness(study.corpus, "outlet", mode="one_vs_rest",
                        strip_clitics=strip_clitics, min_count=min_count)
        labels_keyness = keyness(study.scores, "outlet", mode="one_vs_rest",
                                 features="categories", lexicon=study.lexicon, min_count=1)
    save_table(top_terms(words, table_top), "keyness_words", output_dir, section="distinctive",
               title="Words typical of each outlet",
               caption=f"The {table_top} words most and least typical of each outlet against "
                       "all others (log-odds z-scores)")
    print(f"{words['term'].nunique():,} words compared; tables/keyness_words.csv keeps the "
          f"{table_top} most typical on each side for each outlet (raise table_top for more).")
    save_table(labels_keyness, "keyness_categories", output_dir, section="distinctive",
               title="Labels typical of each outlet",
               caption="Log-odds z-scores of each framing label, each outlet against all others")

# %% [markdown]
# ## Words typical of each outlet against all others

# %%
for outlet in outlet_list if words is not None else []:
    table = words[words["group"] == outlet]
    if table.empty:
        print(f"{outlet}: no word seen {min_count} times or more; no chart.")
        continue
    fig = plots.keyness_chart(table, top=top, label_a=str(outlet), label_b="other outlets")
    display(show_chart(fig, top_terms(table, top), f"keyness_words_{outlet}", output_dir,
                       formats=figure_formats, title=f"Words typical of {outlet}",
                       section="distinctive",
                       caption=f"The {top} words most typical of {outlet} and of the other "
                               "outlets, as log-odds z-scores"))

# %% [markdown]
# ## Framing labels typical of each outlet

# %%
if labels_keyness is None:
    print("No label keyness: it needs at least two outlets.")
else:
    display(labels_keyness.sort_values(["group", "z"], ascending=[True, False]))
