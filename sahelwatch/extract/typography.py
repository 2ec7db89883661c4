"""Typography the statistical model was not trained on, made to look like what it was.

French web text writes the apostrophe as ’ (U+2019) where the model's training text has '.
The tagger and parser read a token through its NORM, PREFIX, SUFFIX and SHAPE, so "l’armée"
came out as a noun "l’" modifying "armée" and the subject was lost. `sahel_typography` gives
every token spelled with ’ the features of its spelling with ', before any statistical
component runs; the text, the offsets and the token's own spelling stay as written.

A full stop glued to the next sentence ("… à Gao .Dimanche, …") is split off by the tokenizer,
so that the sentence rules can start a sentence at "Dimanche".
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_prefix_regex

CURLY = "’"
COMPONENT = "sahel_typography"
# A full stop that opens a token and is followed by a capitalised word: ".Dimanche".
GLUED_FULL_STOP = r"\.(?=[A-ZÀ-Ý][a-zà-ÿ])"


@Language.component(COMPONENT)
def sahel_typography(doc: Doc) -> Doc:
    """Give each lexeme spelled with ’ the model features of its spelling with '.

    "l’armée" is tagged as "l'armée" is: "l’" a determiner, "armée" the noun.
    """
    vocab = doc.vocab
    for text in {t.text for t in doc if CURLY in t.text}:
        curly, straight = vocab[text], vocab[text.replace(CURLY, "'")]
        curly.norm_ = straight.norm_
        curly.prefix_ = straight.prefix_
        curly.suffix_ = straight.suffix_
        curly.shape_ = straight.shape_
    return doc


def split_glued_full_stops(nlp: Language) -> None:
    """Let the tokenizer cut a full stop off the capitalised word glued to it:
    "Gao .Dimanche" → "Gao", ".", "Dimanche"."""
    prefixes = [GLUED_FULL_STOP, *nlp.Defaults.prefixes]
    nlp.tokenizer.prefix_search = compile_prefix_regex(prefixes).search


def adapt(nlp: Language) -> None:
    """Both adaptations, the component first in the pipeline."""
    split_glued_full_stops(nlp)
    nlp.add_pipe(COMPONENT, first=True)
