"""Voice analytics, offline and in Italian: the tone of each comment (a hand-made lexicon
with negation and intensifier rules, plus a model learnt from the company's own scored
answers when there are enough), and the key drivers of detractors (which touchpoints and
comment themes raise the chance that an answer is a 0–6)."""
