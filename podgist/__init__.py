"""Podgist: any podcast episode to a clean transcript and its gist. The framework-free domain."""
