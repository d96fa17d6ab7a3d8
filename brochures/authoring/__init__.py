"""A fifth floor: making and signing a project's files.

Owns: ``init`` and ``new topic|brand|language`` (the starter project in ``starter/``),
a brand from a logo (:mod:`.brandkit`), copying built-in templates to edit, and
``approve``. It stands on the batch floor and never imports preview or exchange.
"""
