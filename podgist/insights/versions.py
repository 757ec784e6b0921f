"""Engine names and versions in one place; the cache recomputes insights whose tag differs from today's.

Bump a version whenever that engine's output would change for the same input.
"""

from __future__ import annotations

from podgist.settings import Settings

EXTRACTIVE = "extractive"
LLM = "llm"
EXTRACTIVE_VERSION = 1
LLM_VERSION = 1


def extractive_tag() -> str:
    """The tag stored in ``Insights.engine_version`` by the extractive engine: ``extractive/1``."""
    return f"{EXTRACTIVE}/{EXTRACTIVE_VERSION}"


def llm_tag(model: str) -> str:
    """The tag stored by the LLM engine for ``model``: ``llm:MODEL/1``."""
    return f"{LLM}:{model}/{LLM_VERSION}"


def engine_tag(settings: Settings) -> str:
    """The tag insights computed under ``settings`` would carry now.

    Stored insights whose ``engine_version`` differs are stale. An LLM run that fell back to the extractive
    engine stores the extractive tag, so it is retried (lazily) while the LLM is configured.
    """
    if settings.insights_engine == LLM and settings.llm_url:
        return llm_tag(settings.llm_model)
    return extractive_tag()
