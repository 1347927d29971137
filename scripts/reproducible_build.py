#!/usr/bin/env python3
"""Build the site twice from scratch and check that the two builds are byte-identical.

    .venv/bin/python scripts/reproducible_build.py            # exit status 1 if they differ

``--help`` says more; the code is ``nnbook_site/reproducible_build.py``.
"""

import sys

from nnbook_site.reproducible_build import main

if __name__ == "__main__":
    sys.exit(main())
