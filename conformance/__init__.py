"""``conformance``: the conformance suite for Gradio's Blocks event model.

Clauses (what the docs promise) are data in ``clauses/``; cases (a fixture app, a scenario,
the facts to check) are data in ``cases/``; checkers are code that judge a run's recorded
history. A target -- the simulator, blockspec's server, or any server speaking Gradio's
protocol -- only plays cases and hands back what happened; it never decides pass or fail.
"""

from ._catalogue import CLAUSES_DIR as CLAUSES_DIR
from ._catalogue import Catalogue as Catalogue
from ._catalogue import CatalogueError as CatalogueError
from ._catalogue import Clause as Clause
from ._catalogue import load_catalogue as load_catalogue
from ._docs import docs_sentences as docs_sentences
from ._docs import find_docs as find_docs

__all__ = ["CLAUSES_DIR", "Catalogue", "CatalogueError", "Clause", "docs_sentences", "find_docs", "load_catalogue"]
