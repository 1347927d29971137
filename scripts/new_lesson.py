#!/usr/bin/env python3
"""Create a lesson from the template, with its navigation entry and its test file.

    .venv/bin/python scripts/new_lesson.py "Gradient descent with momentum" --section lectures

``--help`` says more; the code is ``nnbook_site/new_lesson.py``.
"""

import sys
from pathlib import Path

from nnbook_site.new_lesson import main

if __name__ == "__main__":
    sys.exit(main(root=Path(__file__).resolve().parent.parent))
