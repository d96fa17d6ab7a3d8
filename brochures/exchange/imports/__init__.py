"""Import existing copy (web pages, Word files, Markdown and text) into a draft leaflet.

Owns: nothing itself — the package of ``brochures import``, one module per stage.

The pipeline, one module per stage, in the order ``run_import`` calls them:

- ``sources``   reads each SOURCE (a file, or an http/https address with a size limit and
                a total deadline), decoding text as UTF-8 where it is valid
- ``package``   checks a Word file before it is read (zip bombs, damage, entities)
- ``extract``   keeps the main text only (trafilatura for HTML, python-docx for Word, the
                boilerplate line rules of ``rules/import/`` for what survives) and splits it
                into headings, paragraphs, bulleted lists and numbered steps
- ``classify``  places each paragraph or list in a section: by the source's headings first,
                then by keywords; what cannot be placed is kept for a comment, never dropped
- ``merge``     groups every source's blocks by section, the same text kept once with all
                of its sources
- ``readback``  on ``--append``, reads back all of the leaflet added to, to keep it whole
- ``draft``     writes ``content/<topic>/<lang>.yaml`` (with comments tracing every
                paragraph to its source and line) and lists the language under ``drafts:``
- ``findings``  the report: claims, a source in another language, empty sections, each at
                the draft's file and line
- ``contradictions``  names and quantities on which the sources disagree

``run`` calls them in this order for one ``brochures import``. ``rules`` loads the
boilerplate lines, section headings and keywords per language from ``rules/import/`` on the
search path, so a project extends them by adding files.
"""
