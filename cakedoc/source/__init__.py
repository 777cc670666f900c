"""Checks on what authors write, before it reaches a reader.

In: each page's source as Sphinx reads it.  Out: nothing but errors at
file:line — a page that is not UTF-8, or raw HTML that could run code.
"""
