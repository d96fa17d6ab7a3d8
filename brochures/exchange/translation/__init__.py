"""Translation exchange with translators' tools (``brochures translate``).

Owns nothing itself; each concern has its module:

- :mod:`.inline`    Markdown markup as protected inline codes, and back
- :mod:`.entries`   what is exchanged: the entries of a language file or words file
- :mod:`.export`    writing the files a translator receives
- :mod:`.xliff`, :mod:`.xliff2`  XLIFF 1.2 and 2.0 files (translate-toolkit)
- :mod:`.po`        gettext PO files (polib)
- :mod:`.termbase`  the glossary as a TBX termbase
- :mod:`.writeback` writing translations into YAML, keeping its layout (ruamel.yaml)
- :mod:`.incoming`  reading a translator's file back, refusing what does not fit
- :mod:`.accept`, :mod:`.commit`  the checks of one translation; writing all or nothing
- :mod:`.recheck`   the check that follows an import

What the gate needs of translations (staleness, glossary terms, their findings) is on
the checks floor: :mod:`brochures.checks.staleness`, :mod:`brochures.checks.glossary`,
:mod:`brochures.checks.translation_gate`.
"""
