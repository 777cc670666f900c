"""A tiny English site for tests/test_search_ranking.py: the guide's search
(cakedoc.search.stats and its page) and glossary, nothing else."""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT))

project = "Tiny"
language = "en"
extensions = ["myst_parser", "cakedoc.search.zh", "cakedoc.search.stats", "cakedoc.glossary.directive"]
source_suffix = {".md": "markdown"}
html_theme = "furo"
templates_path = [str(ROOT / "cakedoc" / "templates")]
cake_glossary_dir = str(HERE / "glossary")
cake_sources_dir = str(ROOT / "sources")  # the entry cites a key of the guide's registry
html_last_updated_fmt = None
