"""Translation exchange with translators' tools (``brochures translate``).

Owns nothing itself; each concern has its module:

- :mod:`.inline`   Markdown markup as protected inline codes, and back
- :mod:`.exchange` what is exchanged: the entries of a language file or words file
- :mod:`.export`   writing the files a translator receives
- :mod:`.xliff`    XLIFF 1.2 files (translate-toolkit)
- :mod:`.po`       gettext PO files (polib)
- :mod:`.writeback` writing translations into YAML, keeping its layout (ruamel.yaml)
- :mod:`.importing` reading a translator's file back, refusing what does not fit
- :mod:`.stale`    which translations were made from an older source (records.yaml)
- :mod:`.glossary` the agreed terms per language, and the check that they are used
- :mod:`.gatecheck` the findings the gate adds per topic and language; status; mark-current
- :mod:`.recheck`  the check that follows an import
"""
