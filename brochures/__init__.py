"""brochures: branded, multilingual PDF patient leaflets from YAML content.

Owns: the version and the package's folder. The package is built by floors, each
importing only those below it (tests/test_floors.py): this ground floor (errors, model,
i18n, write), then ``inputs``, ``checks``, ``leaflet``, ``batch``, then ``preview``,
``authoring`` and ``exchange`` side by side, and ``cli`` on top.
"""

from pathlib import Path

__version__ = "0.1.0"

# The package's own folder. Everything shipped inside it (the built-in templates of a
# wheel, schemas, the starter project, the server's web files, the code digest) is
# found from here, never from a module's own ``__file__``: modules move between floors.
PACKAGE_DIR = Path(__file__).resolve().parent
