"""The PDF edition: LaTeX settings per language, and the TeX run that makes the PDF.

In: each language's doctrees through Sphinx's LaTeX builder.  Out:
``_build/pdf/five-layer-cake-<lang>.pdf``, CJK-typeset by xelatex + xeCJK,
its dates from ``SOURCE_DATE_EPOCH``.
"""
