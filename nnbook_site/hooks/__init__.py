"""The MkDocs hooks of the site: thin layers that call the rest of :mod:`nnbook_site`.

``mkdocs.yml`` registers them by path (MkDocs loads a hook from its file, not by import):

* :mod:`nnbook_site.hooks.build`: executed pages, cached and reproducible; notebook downloads;
  light lesson pages; maths typeset to SVG;
* :mod:`nnbook_site.hooks.bibliography`: ``[@key]`` citations and the Bibliography page.

Each keeps the state of one build in a module-level ``_state``, so import the functions they
call from the modules that define them, not from here.
"""
