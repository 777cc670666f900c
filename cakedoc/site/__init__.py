"""The published site around the pages: what spans both languages or leaves Sphinx.

In: each language's finished HTML build and ``BASE_URL``.  Out: the landing
page, the root files (``sitemap.xml``, ``robots.txt``, ``404.html``,
``llms.txt``), the social-card meta and images, each language's 404 page and
llms.txt, the sidebar's shape (navigation), the atomic publish of ``_build/html`` and the offline bundle.
"""
