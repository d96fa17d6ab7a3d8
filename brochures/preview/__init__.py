"""A fifth floor: what a person looks at before printing.

Owns: page images and contact sheets of built PDFs (:mod:`.images`) and the live
server (:mod:`.serve`, :mod:`.live`, its page files in ``web/``). It stands on the
batch floor and never imports authoring or exchange.
"""
