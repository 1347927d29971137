#!/usr/bin/env python3
"""Open every page of a built site in headless Chromium and weigh what it downloads.

    .venv/bin/python scripts/page_weights.py --site /tmp/site   # print the table
    .venv/bin/python scripts/page_weights.py --build --write     # build, write the report page

``--help`` says more; the code is ``nnbook_site/page_weights.py``.
"""

import sys

from nnbook_site.page_weights import main

if __name__ == "__main__":
    sys.exit(main())
