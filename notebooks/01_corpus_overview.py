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
# # Corpus overview
#
# What is in the corpus (outlets, dates) and how often each framing label
# occurs. Run it as it is on the embedded sample, or set `corpus` to your own.

# %% tags=["parameters"]
corpus = "sample"
lexicon = "default"
output_dir = "reports/sample"

# %%
from pathlib import Path

import framing

out = Path(output_dir)
(out / "tables").mkdir(parents=True, exist_ok=True)
docs = framing.load_corpus(corpus)
docs[["doc_id", "outlet", "date", "title"]]

# %%
scores = framing.score(docs, lexicon, progress=False)
scores.counts.to_csv(out / "tables" / "counts.csv", index=False)
scores.counts
