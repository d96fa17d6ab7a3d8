"""Import existing copy (web pages, Word files, Markdown and text) into a draft leaflet.

The pipeline, one module per stage, in the order ``run_import`` calls them:

- ``sources``   reads each SOURCE (a file, or an http/https address with size and time limits)
- ``extract``   keeps the main text only (trafilatura for HTML, python-docx for Word, the
                boilerplate line rules of ``rules/import/`` for what survives) and splits it
                into headings, paragraphs, bulleted lists and numbered steps
- ``classify``  places each paragraph or list in a section: by the source's headings first,
                then by keywords; what cannot be placed is kept for a comment, never dropped
- ``merge``     groups every source's blocks by section, the same text kept once with all
                of its sources
- ``draft``     writes ``content/<topic>/<lang>.yaml`` (with comments tracing every
                paragraph to its source and line) and lists the language under ``drafts:``
- ``findings``  the report: claims, contradictions between sources, a source in another
                language, empty sections, each at the draft's file and line

``run`` calls them in this order for one ``brochures import``. ``rules`` loads the
boilerplate lines, section headings and keywords per language from ``rules/import/`` on the
search path, so a project extends them by adding files.
"""
