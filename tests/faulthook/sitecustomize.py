"""A test-only fault: a renderer that never finishes, for the tests of ``--timeout``.

Content cannot make WeasyPrint hang (it always finishes, sooner on a faster machine), so
tests/test_faults.py starts ``brochures build`` with this folder first on ``PYTHONPATH`` and
``BROCHURES_TEST_HANG=<text>``. Python imports this module at start-up in every process it
starts -- the build, and its workers whether forked or spawned -- and from then on, laying out
any HTML that contains ``<text>`` blocks forever, as a stuck renderer would; with
``BROCHURES_TEST_HANG_REACHED=<file>`` it first creates <file>, so that a test knows the moment
has come. Nothing of this is part of brochures: without the variable this module does nothing.
"""

import os

MARKER = os.environ.get("BROCHURES_TEST_HANG")
REACHED = os.environ.get("BROCHURES_TEST_HANG_REACHED")

if MARKER:
    import time

    import weasyprint

    _original_init = weasyprint.HTML.__init__

    def _hanging_init(self, *args, **kwargs):
        if any(isinstance(value, str) and MARKER in value
               for value in (*args, *kwargs.values())):
            if REACHED:
                open(REACHED, "a").close()
            while True:  # stuck for good; only the build's time limit ends this
                time.sleep(3600)
        _original_init(self, *args, **kwargs)

    weasyprint.HTML.__init__ = _hanging_init
