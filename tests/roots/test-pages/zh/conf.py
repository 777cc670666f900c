"""A small site with the guide's own configuration: the project's conf.py, as
it is, then only what makes this site small (see tests/test_small_sites.py)."""

from conf import *  # noqa: F401,F403  (the project's conf.py; pytest puts its folder on sys.path)

language = "zh_CN"
