"""The build's own bookkeeping: what Sphinx does not keep track of by itself.

In: the build environment between runs.  Out: pages read again after a
failed or killed build (recovery), pages whose source is gone removed from
the output (prune), and one ``env_version`` digested from cakedoc's code
(codeversion).  And what makes a rebuild cost the same at any size: the
environment saved again with what writing added (envsave), caches kept
between builds (kept, written), the collector kept off the loaded
environment (heap), and the Makefile's up-to-date check (unchanged).
"""
