"""URL canonicalization: every spelling of one page becomes one string, used for lookup ids and aliases."""

from __future__ import annotations

import functools
import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from podgist.errors import InvalidUrl
from podgist.keys import digest
from podgist.sources.ids import canonical_platform_url

# Query parameters that only track the visitor; they never change which episode a URL names.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "mc_cid",
        "mc_eid",
        "ref",
        "ref_src",
        "si",
        "igshid",
        "utm_source",
        "utm_medium",
        "utm_campaign",
        "utm_term",
        "utm_content",
        "utm_id",
    }
)
DEFAULT_PORTS = {"http": 80, "https": 443}
MAX_URL_LENGTH = 4096
_SPACE = re.compile(r"\s")  # the characters str.isspace() accepts


# Pure, and asked of the same few hot URLs on every cached lookup (validation, alias, lookup id):
# at most 1,024 URLs of at most 4 KiB are kept.
@functools.lru_cache(maxsize=1024)
def normalize_url(url: str) -> str:
    """Canonical form used for lookup ids and aliases: :func:`generic_url`, then :func:`canonical_url`.

    So ``youtu.be/ID?t=3``, ``m.youtube.com/watch?v=ID&list=…`` and ``youtube.com/shorts/ID`` are one
    string, as are every Apple and Spotify spelling of one episode. Raises :class:`InvalidUrl` for
    anything but absolute http(s) URLs."""
    return canonical_url(generic_url(url))


def canonical_url(url: str) -> str:
    """The platform step: a YouTube/Spotify/Apple episode URL becomes its one canonical spelling;
    any other URL is returned unchanged."""
    return canonical_platform_url(url) or url


def generic_url(url: str) -> str:
    """Lower-case scheme and host, no default port, fragment or tracking parameters, query sorted,
    no trailing slash. Raises :class:`InvalidUrl` for anything but absolute http(s) URLs."""
    url = url.strip()
    if len(url) > MAX_URL_LENGTH:
        raise InvalidUrl(f"URLs longer than {MAX_URL_LENGTH} characters are not accepted.")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise InvalidUrl(f"Not a valid URL: {url[:200]!r}.") from exc
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    if scheme not in DEFAULT_PORTS or not host:
        raise InvalidUrl(f"Only http(s) URLs can be looked up, not {url[:200]!r}.")
    if _SPACE.search(url):
        raise InvalidUrl("URLs may not contain spaces.")
    netloc = host if ":" not in host else f"[{host}]"
    if port and port != DEFAULT_PORTS[scheme]:
        netloc = f"{netloc}:{port}"
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.lower() not in TRACKING_PARAMS
    ]
    path = parts.path.rstrip("/") or ""
    return urlunsplit((scheme, netloc, path, urlencode(sorted(query)), ""))


def join_url(base: str, url: str) -> str:
    """``url`` resolved against ``base``; as written when either is unparseable (``http://[x``, on which
    urljoin raises), so a hostile page or feed costs only that link: fetching it fails as InvalidUrl."""
    try:
        return urljoin(base, url.strip())
    except ValueError:
        return url.strip()


def lookup_id_for(normalized_url: str, *extra: str | None) -> str:
    """Deterministic lookup id: the same URL (and guid, if given) always shares one lookup."""
    key = "\n".join([normalized_url, *(e or "" for e in extra)])
    return "lk_" + digest(key, 20)


def same_page(a: str | None, b: str | None) -> bool:
    """True when two URLs name the same page once canonicalized (scheme differences ignored)."""
    if not a or not b:
        return False
    try:
        na, nb = normalize_url(a), normalize_url(b)
    except InvalidUrl:
        return False
    return na.split("://", 1)[1] == nb.split("://", 1)[1]
