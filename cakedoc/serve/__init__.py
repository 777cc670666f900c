"""``make serve``: the live preview of both languages on one port.

``python -m cakedoc.serve`` (__main__) serves ``<builddir>/serve/``: the
landing page at ``/``, the languages under ``/zh/`` and ``/en/``.  It is
sphinx-autobuild's parts put together: its Starlette server and reload
machinery (app), our rebuild of both languages at once with the problems
kept for the browser (rebuild), and an overlay that shows them (overlay.js).
"""
