"""Checks that a leaflet is safe to hand to a patient, one module per kind of finding.

Pure findings only: ``readability``, ``claims``, ``completeness``,
``accessibility``, ``parity``, ``typed_html`` and ``contact`` each own one
kind of finding; ``text`` cuts a leaflet into passages with their lines;
``rules`` reads the rule files (``rules/`` on the search path). What they
mean for printing is decided by :mod:`brochures.checks.gate`; ``brochures check``
runs in :mod:`brochures.batch.check`.
"""
