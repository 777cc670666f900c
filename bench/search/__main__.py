"""``python -m bench.search``: the search evaluation (`make search-eval`)."""

import sys

from bench.search import main

sys.exit(main())
