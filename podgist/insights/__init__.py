"""Insights of an episode (summary, takeaways, quotes, questions, chapters, keywords, speaker shares).

Every item is grounded: it carries the segment ids it rests on, and its start/end are the start of its first
segment and the end of its last. ``compute_insights`` picks the engine from settings; ``extractive_insights``
is the pure, deterministic default; ``engine_tag`` names the engine and version insights are cached under.
"""

from podgist.insights.engine import compute_insights
from podgist.insights.extractive import extractive_insights
from podgist.insights.versions import engine_tag

__all__ = ["compute_insights", "engine_tag", "extractive_insights"]
