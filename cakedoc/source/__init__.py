"""Checks on what authors write, before it reaches a reader.

In: each page's source as Sphinx reads it.  Out: nothing but errors at
file:line — a page that is not UTF-8, raw HTML that could run code
(safety), anything a page or template would load from another host
(remote).  htmlscan reads HTML and CSS for both, as a browser does.
"""
