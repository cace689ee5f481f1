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
# words of different languages never meet: with several languages, each outlet is set
# against the other outlets of its own language
within = "language" if len(study.languages) > 1 else None
words = labels_keyness = None
if len(outlet_list) < 2:
    print(f"Keyness needs at least two outlets; this corpus has {len(outlet_list)}. "
          "No distinctive terms are computed.")
else:
    with plain_warnings():
        try:
            words = keyness(study.corpus_with_languages() if within else study.corpus,
                            "outlet", mode="one_vs_rest", strip_clitics=strip_clitics,
                            min_count=min_count, within=within)
            labels_keyness = keyness(study.scores, "outlet", mode="one_vs_rest",
                                     features="categories", lexicon=study.lexicon,
                                     min_count=1, within=within)
        except ValueError as exc:
            if not within:
                raise
            print(f"No distinctive terms: {exc}")  # no language has two outlets
if words is not None:
    for code, reason in words.attrs["keyness"].get("skipped", {}).items():
        print(f"{study.language_name(code)}: no words compared ({reason}).")
    save_table(top_terms(words, table_top), "keyness_words", output_dir, section="distinctive",
               title="Words typical of each outlet",
               caption=f"The {table_top} words most and least typical of each outlet against "
                       "all others" + (" of its language" if within else "")
                       + " (log-odds z-scores)")
    print(f"{words['term'].nunique():,} words compared; tables/keyness_words.csv keeps the "
          f"{table_top} most typical on each side for each outlet (raise table_top for more).")
if labels_keyness is not None:
    save_table(labels_keyness, "keyness_categories", output_dir, section="distinctive",
               title="Labels typical of each outlet",
               caption="Log-odds z-scores of each framing label, each outlet against all others"
                       + (" of its language" if within else ""))

# %% [markdown]
# ## Words typical of each outlet against all others
# In a corpus with several languages: against the other outlets of the same language.

# %%
comparisons = ([] if words is None else
               words[["group", "language"]].drop_duplicates().itertuples(index=False) if within
               else [(outlet, None) for outlet in outlet_list])
for outlet, language in comparisons:
    table = words[(words["group"] == outlet)
                  & ((words["language"] == language) if language else True)]
    if table.empty:
        print(f"{outlet}: no word seen {min_count} times or more; no chart.")
        continue
    others = (f"other {study.language_name(language)} outlets" if language
              else "other outlets")
    name = f"{outlet}, {study.language_name(language)}" if language else str(outlet)
    fig = plots.keyness_chart(table, top=top, label_a=name, label_b=others)
    display(show_chart(fig, top_terms(table, top),
                       f"keyness_words_{outlet}" + (f"_{language}" if language else ""),
                       output_dir, formats=figure_formats, title=f"Words typical of {name}",
                       section="distinctive",
                       caption=f"The {top} words most typical of {name} and of the {others}, "
                               "as log-odds z-scores"))
if within and words is not None:
    alone = sorted(set(outlet_list) - set(words["group"]))
    if alone:
        print("No other outlet of the same language to compare with: " + ", ".join(alone))

# %% [markdown]
# ## Framing labels typical of each outlet

# %%
if labels_keyness is None:
    print("No label keyness: it needs at least two outlets.")
else:
    display(labels_keyness.sort_values(["group", "z"], ascending=[True, False]))
