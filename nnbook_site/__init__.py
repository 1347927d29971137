"""The code that builds the nnbook website and holds its lessons to the book's rules.

``nnbook`` is what a reader imports; ``nnbook_site`` is what turns ``docs/`` into the site. It
is not part of the book's teaching code, and no page imports it. One concept per module:

* :mod:`nnbook_site.lessons`: what a lesson is (``docs/<section>/<slug>.py``) and how to read
  one, with Jupytext;
* :mod:`nnbook_site.citations`: the ``[@key]`` syntax, the ``.bib`` file (pybtex), and which
  Markdown is prose and which is code;
* :mod:`nnbook_site.bibliography`: citations rendered as links, and the Bibliography page;
* :mod:`nnbook_site.cache`: the key of the execution cache, and what a build may delete;
* :mod:`nnbook_site.execution`: kernels that give the same pages twice;
* :mod:`nnbook_site.pages`: light lesson pages (shared CSS, figures as files, links);
* :mod:`nnbook_site.maths` and :mod:`nnbook_site.notebook_css`: maths typeset to SVG at build
  time, and JupyterLab's CSS pruned to what the lessons use;
* :mod:`nnbook_site.hooks`: the MkDocs hooks, thin layers over the modules above (``mkdocs.yml``
  loads them by path);
* :mod:`nnbook_site.checks`: the lesson checker, a list of small rules;
* :mod:`nnbook_site.new_lesson`, :mod:`nnbook_site.page_weights`,
  :mod:`nnbook_site.reproducible_build`: the commands that ``scripts/`` runs.
"""

from pathlib import Path

#: The repository: ``docs/``, ``nnbook/``, ``mkdocs.yml``.
ROOT = Path(__file__).resolve().parent.parent
#: The sources of the site.
DOCS = ROOT / "docs"
