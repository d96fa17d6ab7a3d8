"""A fifth floor: files that arrive from, or leave for, people outside the project.

Owns: translators' files (:mod:`.translation`: XLIFF 1.2/2.0, PO, TBX, bounded and
checked before anything is written) and importing existing copy — web pages, Word
files, Markdown — into a draft leaflet (:mod:`.imports`). It never imports preview or
authoring.
"""
