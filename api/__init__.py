"""The HTTP API (Litestar): thin handlers over the domain in :mod:`podgist`."""
