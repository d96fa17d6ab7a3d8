"""Checks that a leaflet is safe to hand to a patient, one module per kind of finding.

``run`` runs them all for ``brochures check`` and holds the gate ``brochures
build`` asks before it prints a leaflet; ``readability``, ``claims``,
``completeness``, ``accessibility`` and ``parity`` each own one kind of
finding; ``text`` cuts a leaflet into passages with their lines; ``rules``
reads the rule files (``rules/`` on the search path); ``output`` prints.
"""
