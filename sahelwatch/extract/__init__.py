"""Draft records from French news text: spaCy for sentences, entities and lemmas, the
gazetteer for places, rules for dates, quotes and the source chain. Drafts validate like
reviewed records and wait for an analyst's review."""
