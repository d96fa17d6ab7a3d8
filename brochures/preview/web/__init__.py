"""The page files of ``brochures serve``.

Owns: the server's templates, script and stylesheet (no Python: the state is
:mod:`brochures.preview.live`, the routes :mod:`brochures.preview.serve`)."""
