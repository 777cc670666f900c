"""The glossary: one MyST file per term in glossary/, in both languages.

* :mod:`cakedoc.glossary.entries` reads and checks the entries, with no
  Sphinx, so the tests and the translation review import it cheaply;
* :mod:`cakedoc.glossary.directive` is the Sphinx extension that renders the
  glossary page of each language.
"""
