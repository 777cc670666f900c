"""A small site citing a small registry: the project's conf.py, as it is, then
its own registry (../sources/) in place of the guide's (see tests/test_sources.py)."""

from conf import *  # noqa: F401,F403  (the project's conf.py; pytest puts its folder on sys.path)

language = "zh_CN"
cake_sources_dir = "../sources"  # beside this language's folder
