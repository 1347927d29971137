#!/usr/bin/env python3
"""Check the lessons: anatomy, citations, images; ``--run`` runs them, ``--site``/``--build``
also checks links, anchors and execution times. ``--help`` says more; the checks are in
``nnbook_site/checks/``.

    .venv/bin/python scripts/check_lessons.py [lesson ...] [--run] [--site DIR | --build]
"""

import sys

from nnbook_site.checks import main

if __name__ == "__main__":
    sys.exit(main())
