"""The first floor: everything read from a project, checked and typed.

Owns: reading what people write — ``brochures.yaml`` (settings), topics, language and
words files, brands, layouts, ``records.yaml``, rule files, glossaries, pictures — with
line marks, against the JSON schemas in ``schemas/``, into the loaded project
(:mod:`.catalog`); the request a command makes of it (:mod:`.request`); and the small
text steps every later floor shares (units, markup, typography). It imports only the
ground floor (errors, model, i18n, write).
"""
