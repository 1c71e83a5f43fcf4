"""dossier_build: turn a folder of messy news articles into a curated MkDocs dossier.

Pipeline: read (:mod:`.readers`) -> normalise (:mod:`.normalise`) -> analyse
(:mod:`.analyse`) -> render (:mod:`.render`) -> write (:mod:`.writer`), driven by
:mod:`.build` and the ``dossier`` command (:mod:`.cli`).
"""

__version__ = "0.1.0"
