"""The fourth floor: runs over many leaflets.

Owns: a job from composition to a written file (:mod:`.job`), ``build`` (the matrix, the
worker pool, the summary), ``check`` runs, ``list`` (:mod:`.inventory`), what a leaflet
depends on (:mod:`.manifest`), fingerprints and the run stamp, and ``--watch``.
"""
