"""Schemathesis against the live API: generated requests (valid and invalid) never get a 5xx, an
undocumented status or content type, or a body that breaks the published OpenAPI document.

Driven operation by operation with ``APIOperation.as_strategy`` so the test itself counts the cases and
reports every distinct failure at once instead of stopping at the first. Three passes per operation:
schema-valid data, schema-invalid data, and valid data around ids and URLs of a real cached episode
(a generator never guesses those, and without them the 200 paths would go untested).
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from hypothesis.strategies import SearchStrategy
from schemathesis import APIOperation, Case, GenerationMode
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.core.result import Ok

from tests.episodes import publish
from tests.flow import make_key
from tests.hostile.conftest import settle
from tests.podcastweb import PodcastWeb
from tests.stack import Stack

pytestmark = pytest.mark.faults

POSITIVE, NEGATIVE, KNOWN = 45, 40, 30
MIN_CASES = 1000
CREDENTIALS = ("authorization", "x-api-key")
KEY_USES = 50  # the session stack allows a key 120 requests a minute; a fresh key well before that
# 422 is the documented answer to schema-valid strings that are not what the route reads (an `url` that
# is not an http(s) URL with a host, a `ref` that is no id form): the schema cannot spell those rules.
ACCEPTED = ["2xx", "3xx", "401", "403", "404", "409", "422", "429"]
CONFIG = schemathesis.Config.from_dict(
    {"checks": {"positive_data_acceptance": {"expected-statuses": ACCEPTED}}}
)


class Keys:
    """Which credentials each case carries: mostly a good key (so guarded routes are exercised past
    the gate), sometimes the bearer form, the demo key, a wrong key or whatever the generator made."""

    def __init__(self, redis_url: str) -> None:
        self.redis_url = redis_url
        self.uses = itertools.count()
        self.key = make_key(redis_url, 1000)

    def headers(self) -> dict[str, str] | None:
        n = next(self.uses)
        if n and n % KEY_USES == 0:
            self.key = make_key(self.redis_url, 1000)
        match n % 10:
            case 0:
                return None
            case 1:
                return {"Authorization": f"Bearer {self.key}"}
            case 2:
                return {"x-api-key": "pg_live_" + "x" * 32}
            case 3:
                return {"x-api-key": "pg_demo"}
            case _:
                return {"x-api-key": self.key}


@pytest.fixture(scope="module")
def known(stack: Stack, web: PodcastWeb) -> dict[str, str]:
    """Ids and the URL of one episode looked up for real through the stack."""
    ep = publish(web, "hostile-contract")
    with httpx.Client(base_url=stack.base, timeout=40) as http:
        submitted = http.post("/v1/lookups", json={"url": ep.page_url})
        assert submitted.status_code in (200, 202), submitted.text
        body = submitted.json()
        episode_id = body["id"] if submitted.status_code == 200 else settle(http, body).episode_id
        lookup = http.post("/v1/lookups", json={"url": ep.feed_url}).json()  # a second URL: a lookup id
    assert episode_id and str(lookup["id"]).startswith("lk_"), lookup
    return {"episode_id": episode_id, "ref": episode_id, "lookup_id": lookup["id"], "url": ep.page_url}


@pytest.fixture(scope="module")
def http() -> Iterator[requests.Session]:
    with requests.Session() as session:
        yield session


def passes(
    operation: APIOperation[Any, Any, Any, Any], known: dict[str, str]
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(examples, as_strategy arguments) of each pass that can produce data for ``operation``."""
    yield POSITIVE, {"generation_mode": GenerationMode.POSITIVE}
    names = {p.name: p.location for p in operation.iter_parameters()}
    if names or operation.body:  # negative data needs something to spoil
        yield NEGATIVE, {"generation_mode": GenerationMode.NEGATIVE}
    fixed_path = {n: known[n] for n, where in names.items() if where == "path" and n in known}
    fixed_query = {"url": known["url"]} if names.get("url") == "query" else {}
    if fixed_path or fixed_query:
        yield KNOWN, {"path_parameters": fixed_path or None, "query": fixed_query or None}


def test_generated_requests_keep_the_contract(
    stack: Stack, redis_url: str, http: requests.Session, known: dict[str, str]
) -> None:
    schema = schemathesis.openapi.from_url(stack.base + "/schema/openapi.json", config=CONFIG, timeout=10)
    keys = Keys(redis_url)
    counts: Counter[str] = Counter()
    statuses: Counter[int] = Counter()
    failures: dict[str, str] = {}

    def exercise(case: Case[Any]) -> None:
        headers = keys.headers()
        if headers is not None and case.headers:
            # Ours replace generated credentials: one request with two different keys would leave the
            # auth checks unable to tell which one the API used.
            for name in [n for n in case.headers if n.lower() in CREDENTIALS]:
                del case.headers[name]
        counts[case.operation.label] += 1
        try:
            response = case.call_and_validate(base_url=stack.base, session=http, headers=headers, timeout=45)
        except (Failure, FailureGroup) as exc:
            title = f"{case.operation.label}: {str(exc).splitlines()[0][:160]}"
            failures.setdefault(title, f"{exc}\n{case.as_curl_command(headers, base_url=stack.base)}")
            return
        statuses[response.status_code] += 1

    def run(examples: int, strategy: SearchStrategy[Any]) -> Callable[[], None]:
        generated: Callable[[], None] = given(strategy)(exercise)
        return settings(
            max_examples=examples,
            deadline=None,
            database=None,
            phases=[Phase.explicit, Phase.generate],  # failures are collected, not raised: no shrinking
            suppress_health_check=list(HealthCheck),
        )(generated)

    results = list(schema.get_all_operations())
    operations = [result.ok() for result in results if isinstance(result, Ok)]
    assert len(operations) == len(results), [r for r in results if not isinstance(r, Ok)]  # a broken schema
    assert len(operations) >= 13, [op.label for op in operations]
    for operation in operations:
        for examples, arguments in passes(operation, known):
            try:
                run(examples, operation.as_strategy(**arguments))()
            except Unsatisfiable:
                # Some inputs cannot be spoiled (any string is a valid path id): nothing negative to send.
                assert arguments.get("generation_mode") is GenerationMode.NEGATIVE, operation.label
    total = sum(counts.values())
    report = "\n\n".join(f"{title}\n{detail}" for title, detail in failures.items())
    assert not failures, f"{len(failures)} distinct contract failures in {total} cases:\n\n{report}"
    assert total >= MIN_CASES, counts
    assert not [s for s in statuses if s >= 500], statuses
    assert {200, 401, 404, 422} <= set(statuses), statuses  # past the gate, and the routes' own answers
    print(f"schemathesis: {total} cases over {len(counts)} operations, statuses {dict(statuses)}")
