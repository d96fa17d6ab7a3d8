"""The third floor: one leaflet from its loaded inputs to PDF bytes.

Owns: composing the HTML (Jinja2, sandboxed), pictures and QR codes, the edition's pages
(sizes, imposition, press marks and colour), laying out with WeasyPrint (:mod:`.render`,
the only caller), measuring overflow and fitting. It knows no batch, cache or command.
"""
