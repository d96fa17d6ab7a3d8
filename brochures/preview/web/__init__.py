"""The live preview served by ``brochures serve``: its state (live.py), pages and assets."""
