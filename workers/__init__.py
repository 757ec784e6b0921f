"""arq workers: the queue side of Podgist. Jobs compose the domain stages in :mod:`podgist.pipeline`."""
