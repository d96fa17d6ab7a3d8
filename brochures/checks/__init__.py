"""The second floor: findings about a loaded leaflet, and the verdict.

Owns: one module per kind of finding (readability, claims, completeness, accessibility,
parity, evidence, contact, typed HTML, translation, glossary terms, staleness), the
approval units a patient reads (:mod:`.printed`) and sign-off (:mod:`.signoff`), and the
gate (:mod:`.gate`): the one verdict on whether a job may be printed. Nothing here lays
out or writes a PDF; ``brochures check`` runs in :mod:`brochures.batch.check`.
"""
