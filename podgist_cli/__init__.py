"""The ``podgist`` command: composes the API, the workers and the domain (which never import this)."""
