"""The version of tdsplan (one place: the package, the cache and ``--version`` read it)."""

__version__ = "0.3.0"
