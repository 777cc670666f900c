"""The build's own bookkeeping: what Sphinx does not keep track of by itself.

In: the build environment between runs.  Out: pages read again after a
failed or killed build (recovery), pages whose source is gone removed from
the output (prune), and one ``env_version`` digested from cakedoc's code
(codeversion).
"""
