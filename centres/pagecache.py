"""The page cache: public pages for anonymous visitors, rendered once per data version.

A page is stored in the shared cache (Redis with REDIS_URL, local memory otherwise) under a key
made of the code release, the **data version**, the language, the clock bucket (for pages that
say what is open or coming up), the path and the normalised query string. Every write that can
change a public page increments the data version (`data_version_bump`, connected to the public
models' signals in `connect()` and called by the bulk services), so the next request renders
afresh: nothing is invalidated by hand and nothing stale is ever served. Old entries are never
read again and expire. docs/caching.md describes the design.

Never cached: requests carrying the session, CSRF or messages cookie or an Authorization header
(logged-in staff, anyone mid-form: they always see live pages, marked `private, no-store`),
anything but GET/HEAD, views not listed in `PAGES` (the admin, /healthz/, /livez/ are served
before or outside them), and responses other than 200, with cookies or with a `Cache-Control`
of their own.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import pickle
import time
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, QueryDict
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.urls import Resolver404, ResolverMatch, resolve
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import urlencode
from django.utils.module_loading import import_string
from django.utils.translation import get_language_from_path

logger = logging.getLogger(__name__)

VERSION_KEY = "pagecache:data-version"
CACHE_HEADER = "X-Cache"
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
# How long a waiting request looks for the page another one is rendering, and how often.
STAMPEDE_WAIT_SECONDS = 2.0
STAMPEDE_POLL_SECONDS = 0.05
# A render that dies leaves its lock behind for at most this long.
LOCK_SECONDS = 30
# Cookies that mean the page may differ for this browser: a login (session), a form in
# progress (CSRF), a message waiting to be shown.
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, "messages")
# How many paths each process remembers the page of (`route`): the popular ones, bounded.
ROUTES_REMEMBERED = 4096


@dataclass(frozen=True)
class Page:
    """A cacheable public view: which query parameters it reads besides its FilterSet's, and
    whether it shows something that depends on the time of day ("jetzt geöffnet", upcoming
    dates, offerings that ended yesterday)."""

    params: frozenset[str] = frozenset()
    clock: bool = True
    # The FilterSet whose parameters the view reads, for views that are not a FilterView
    # (the JSON API, the calendar of an /angebote/ filter): a dotted path, imported on use.
    filterset: str = ""


_PAGED = frozenset({"page"})
_OVERVIEW = frozenset({"sort", "demo"})
# The HSDS lists' and the JSON API's paging (HSDS' own names).
_API_PAGED = frozenset({"page", "per_page"})
_HSDS_KINDS = ("organizations", "locations", "services", "service_at_locations")
PAGES: dict[str, Page] = {
    "centres:home": Page(),
    "centres:district_detail": Page(params=frozenset({"page", "partner_page"})),
    "centres:centre_list": Page(params=_PAGED),
    "centres:centre_detail": Page(),
    "centres:offering_list": Page(params=_PAGED),
    "centres:offering_detail": Page(),
    "centres:agenda": Page(),
    "centres:partner_list": Page(params=_PAGED),
    "centres:partner_detail": Page(),
    "centres:room_list": Page(params=_PAGED),
    "centres:room_detail": Page(),
    "centres:volunteering": Page(params=frozenset({"page", "angebote_seite"})),
    "centres:overview": Page(params=_OVERVIEW),
    "centres:overview_report": Page(params=_OVERVIEW),
    "centres:overview_export": Page(params=_OVERVIEW),
    "centres:overview_district": Page(params=_OVERVIEW | _PAGED),
    "centres:overview_district_export": Page(params=_OVERVIEW),
    "centres:funding": Page(clock=False),
    "centres:imprint": Page(clock=False),
    "centres:accessibility": Page(clock=False),
    "centres:privacy": Page(clock=False),
    "centres:styleguide": Page(clock=False),
    # Open data (docs/opendata.md): /daten/ and its downloads, the HSDS endpoints and the JSON
    # API. Each says the day of its data ("stand") and lists only what is public today, so
    # they follow the clock like the pages.
    "centres:opendata": Page(),
    "centres:opendata_centres_csv": Page(),
    "centres:opendata_offerings_csv": Page(),
    "centres:opendata_geojson": Page(),
    "centres:hsds_root": Page(),
    "centres:hsds_openapi": Page(clock=False),
    **{f"centres:hsds_{kind}": Page(params=_API_PAGED) for kind in _HSDS_KINDS},
    **{f"centres:hsds_{kind}_detail": Page() for kind in _HSDS_KINDS},
    # django-ninja names its views by the operation's function, in the API's namespace.
    "api_v1:centres": Page(params=_API_PAGED, filterset="centres.filters.CentreFilter"),
    "api_v1:offerings": Page(params=_API_PAGED, filterset="centres.filters.OfferingFilter"),
    "api_v1:openapi-json": Page(clock=False),
    # Calendars and the Atom feed (centres/feeds.py).
    "centres:offering_list_ics": Page(filterset="centres.filters.OfferingFilter"),
    "centres:offering_ics": Page(),
    "centres:centre_ics": Page(),
    "centres:district_ics": Page(),
    "centres:offering_atom": Page(),
    # For search engines (centres/seo.py); the sitemap's sections are paged by `p`.
    "centres:sitemap": Page(params=frozenset({"p"})),
    "centres:robots": Page(clock=False),
}


def known_params(match: ResolverMatch, page: Page) -> frozenset[str]:
    """The query parameters this view reads: its FilterSet's and the page's own."""
    if page.filterset:
        filterset = import_string(page.filterset)
    else:
        filterset = getattr(getattr(match.func, "view_class", None), "filterset_class", None)
    return page.params | frozenset(filterset.base_filters if filterset else ())


# --- the data version ---------------------------------------------------------------------


def data_version() -> int:
    """The current data version. A missing key (a fresh or flushed cache) starts from the clock
    in microseconds, so a lost counter never comes back to a number already used."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns() // 1000, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def _increment() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no counter yet (or evicted): a new one is a new version too
        cache.add(VERSION_KEY, time.time_ns() // 1000, timeout=None)


def data_version_bump() -> None:
    """Every cached page is out of date: call after any write a public page can show.

    Bumped now and again when the transaction commits: a request that read the old rows while
    the transaction was open may have stored them under the version of the first bump, never
    under the one after the commit."""
    try:
        _increment()
    except Exception:
        logger.exception("Page cache: could not bump the data version")
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_bump_after_commit, robust=True)


def _bump_after_commit() -> None:
    try:
        _increment()
    except Exception:
        logger.exception("Page cache: could not bump the data version")


def _changed(sender, raw: bool = False, **kwargs) -> None:
    data_version_bump()


def _relation_changed(sender, action: str, **kwargs) -> None:
    if action in {"post_add", "post_remove", "post_clear"}:
        data_version_bump()


# Rows no public page shows, which anyone can make: the admin's login attempts (a password
# guesser must not be able to empty the cache) and residents' messages (centres/models/inbox.py).
NOT_PUBLIC = {"LoginAttempt", "Message"}


def public_models():
    """The centres app's models whose rows public pages show: not the history tables (written
    with every save anyway) nor the rows of NOT_PUBLIC."""
    from django.apps import apps

    for model in apps.get_app_config("centres").get_models():
        if model.__name__.startswith("Historical") or model.__name__ in NOT_PUBLIC:
            continue
        yield model


def connect() -> None:
    """Saves, deletes and relation changes of public models bump the data version. Connected
    per model (not for every sender), so deletes elsewhere keep Django's fast path."""
    for model in public_models():
        uid = f"centres.pagecache.{model.__name__}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}.delete")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(
                _relation_changed, sender=through, dispatch_uid=f"{uid}.{field.name}"
            )


# --- values computed once per data version ------------------------------------------------


def versioned[T](name: str, compute: Callable[[], T], *, daily: bool = False) -> T:
    """`compute()`, cached under the data version: counts and figures that every public page
    (or the overview) would otherwise recompute per request. Per clock slot (what ended or
    opened meanwhile may change them), or with `daily` per Berlin day (the daily
    `refresh_public` bumps the version anyway). Computed afresh when the page cache is off:
    without a shared cache the data version is per process, and a value cached by one worker
    would outlive a write made through another."""
    if not settings.PAGE_CACHE_ENABLED:
        return compute()
    try:
        when = timezone.localdate() if daily else clock_bucket()
        key = f"versioned:{release()}:{data_version()}:{when}:{name}"
        value = cache.get(key)
    except Exception:
        logger.exception("Page cache unavailable; computing %s", name)
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(key, value, timeout=settings.PAGE_CACHE_SECONDS)
        except Exception:
            logger.exception("Page cache: could not store %s", name)
    return value


# --- keys ---------------------------------------------------------------------------------

_release: str | None = None


def release() -> str:
    """A fingerprint of the code and templates (and PAGE_CACHE_RELEASE): pages rendered by an
    older release are not served by a newer one, without anyone flushing the cache."""
    global _release
    if _release is None:
        digest = hashlib.sha256(settings.PAGE_CACHE_RELEASE.encode())
        base = Path(settings.BASE_DIR)
        for folder in ("centres", "templates", "locale", "static", "stadtteilzentren"):
            for path in sorted((base / folder).rglob("*")):
                if path.is_file() and "__pycache__" not in path.parts:
                    digest.update(str(path.relative_to(base)).encode())
                    digest.update(path.read_bytes())
        _release = digest.hexdigest()[:12]
    return _release


def clock_bucket(now: datetime | None = None) -> str:
    """The current slot of PAGE_CACHE_CLOCK_MINUTES in Berlin time, e.g. `2026-11-29T09:15`."""
    # timezone.now(), as the pages themselves read the clock (and tests that set it).
    minute = int((now or timezone.now()).timestamp()) // 60
    return _slot(minute, settings.PAGE_CACHE_CLOCK_MINUTES)


@functools.lru_cache(maxsize=16)
def _slot(minute: int, minutes: int) -> str:
    """The slot of a minute since the epoch, formatted once per minute and process (Berlin's
    offsets are whole hours, so its minutes are the epoch's)."""
    now = datetime.fromtimestamp(minute * 60, BERLIN)
    return now.replace(minute=now.minute - now.minute % minutes).strftime("%Y-%m-%dT%H:%M")


def known_query(query: QueryDict, known: frozenset[str]) -> str:
    """The known parameters that have a value, in the order given: what the view may read."""
    return urlencode(
        [
            (name, value)
            for name, values in query.lists()
            if name in known
            for value in values
            if value.strip()
        ]
    )


def normalised_query(query: str) -> str:
    """The parameters sorted by name and value: one key for one page."""
    return urlencode(
        sorted((name, value) for name, values in QueryDict(query).lists() for value in values)
    )


def page_key(
    request: HttpRequest, page: Page, query: str, origin: str, *, language: str, version: int
) -> str:
    bucket = clock_bucket() if page.clock else "-"
    address = hashlib.sha256(f"{origin}{request.path}?{query}".encode()).hexdigest()
    return f"page:{release()}:{version}:{language}:{bucket}:{address}"


# The data version this process read last: only a guess, checked on every request, which lets a
# hit read the current version and the page in one round trip to the cache.
_last_version: int | None = None


def lookup(key_of: Callable[[int], str]) -> tuple[str, HttpResponse | None]:
    """The key of a page under the **current** data version, and its entry if stored.

    The version is read on every call, together with the page in one `get_many` (Redis: one
    MGET, atomic) under the version this process saw last. Only when that guess is out of date
    (once per process after each bump) is the page read again under the version just read."""
    global _last_version
    version = None
    if (guess := _last_version) is not None:
        key = key_of(guess)
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY)
        if version == guess:
            return key, found.get(key)
    if version is None:
        version = data_version()
    _last_version = version
    key = key_of(version)
    return key, cache.get(key)


# --- the middleware -----------------------------------------------------------------------


def is_personal(request: HttpRequest) -> bool:
    """Whether this browser may see something of its own: checked on the cookies' presence, so
    anonymous requests are answered without loading any session."""
    return "authorization" in request.headers or any(
        name in request.COOKIES for name in PERSONAL_COOKIES
    )


def is_storable(response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Cache-Control")
    )


def _public_headers(response: HttpResponse) -> None:
    max_age = settings.PAGE_CACHE_MAX_AGE
    response["Cache-Control"] = f"public, max-age={max_age}, s-maxage={max_age}"
    # A proxy must not give a logged-in editor the anonymous page (nor the other way round).
    patch_vary_headers(response, ("Cookie",))
    if not response.has_header("ETag"):
        response["ETag"] = f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'


def _stored(response: HttpResponse) -> HttpResponse:
    """The response as it is stored: whole (its headers pickled as they are, not set again one
    by one on a hit), without the cache's own header. Storable responses set no cookie."""
    if CACHE_HEADER in response:
        del response[CACHE_HEADER]
    return response


# Each page is stored twice: as rendered, and compressed for the browsers that accept gzip (all
# of them), so that a hit is not compressed again on every request by the GZipMiddleware
# outside the cache (~0.4 ms for a 45 KB list page, as much as the rest of a hit).
GZIP_SUFFIX = ":gzip"
_GZIP_REQUEST = HttpRequest()
_GZIP_REQUEST.META["HTTP_ACCEPT_ENCODING"] = "gzip"


def accepts_gzip(request: HttpRequest) -> bool:
    return bool(re_accepts_gzip.search(request.headers.get("accept-encoding", "")))


def _compressed(response: HttpResponse) -> HttpResponse:
    """A copy of a stored response as Django's GZipMiddleware sends it to a browser that accepts
    gzip (compressed, `Content-Encoding`, a weak ETag, `Vary: Accept-Encoding`); the middleware
    leaves it alone on the way out. Short pages it would not compress stay as they are."""
    copy = pickle.loads(pickle.dumps(response, pickle.HIGHEST_PROTOCOL))
    return GZipMiddleware(lambda request: copy).process_response(_GZIP_REQUEST, copy)


def resolve_in_its_language(path: str) -> ResolverMatch:
    """Resolves `path` as in the language its prefix names (`/en/…`, else German). This runs
    before the locale middleware, when the thread may still hold the previous request's
    language, and i18n_patterns only match the active language's prefix."""
    with translation.override(get_language_from_path(path) or settings.LANGUAGE_CODE):
        return resolve(path)


@functools.lru_cache(maxsize=ROUTES_REMEMBERED)
def route(path: str) -> tuple[ResolverMatch, Page, frozenset[str], str] | None:
    """The cacheable page at `path`, its view, the query parameters it reads and its language;
    None for a path that is no such page. Remembered per process for the most recent paths, so
    a hit resolves no URL: the answer depends on the path alone (its language comes from its
    prefix), and the memo is emptied when the URLconf or the languages change."""
    try:
        match = resolve_in_its_language(path)
    except Resolver404:
        return None
    page = PAGES.get(match.view_name)
    if page is None:
        return None
    language = get_language_from_path(path) or settings.LANGUAGE_CODE
    return match, page, known_params(match, page), language


@receiver(setting_changed)
def _routes_changed(*, setting: str, **kwargs) -> None:
    if setting in {"ROOT_URLCONF", "LANGUAGE_CODE", "LANGUAGES"}:
        route.cache_clear()


class PageCacheMiddleware:
    """Answers anonymous GET/HEAD requests for public pages from the cache (`X-Cache: hit`),
    or renders once, stores and answers (`X-Cache: miss`). Placed before the session, CSRF and
    authentication middleware: a hit touches neither the database nor the session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not settings.PAGE_CACHE_ENABLED or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        if (found := route(request.path_info)) is None:
            return self.get_response(request)
        match, page, known, language = found
        if is_personal(request):
            response = self.get_response(request)
            if not response.has_header("Cache-Control"):
                response["Cache-Control"] = "private, no-store"
            return response

        # Only queries of known parameters are cached: a page rendered for an unknown one (a
        # tracking tag, a staff preview token sent without a login) may echo it in its links
        # and canonical address, so it is rendered for that request alone.
        query = ""
        if asked := request.META.get("QUERY_STRING", ""):
            query = normalised_query(known_query(request.GET, known))
            if query != normalised_query(asked):
                return self.get_response(request)
        # The scheme and host are part of the key: pages and downloads carry absolute addresses
        # of this site (og:url, links in feeds and exports), which must not reach a visitor of
        # another host. Outside the `try`: a host not allowed is a 400, not a cache failure.
        origin = f"{request.scheme}://{request.get_host()}"
        variant = GZIP_SUFFIX if accepts_gzip(request) else ""
        try:
            key, entry = lookup(
                lambda version: (
                    page_key(request, page, query, origin, language=language, version=version)
                    + variant
                )
            )
        except Exception:
            logger.exception("Page cache unavailable; rendering %s uncached", request.path)
            return self.get_response(request)
        if entry is not None:
            request.resolver_match = match  # for Permissions-Policy (centres/headers.py)
            return self._answer(request, entry, hit=True)
        return self._render(request, key, match)

    def _render(self, request: HttpRequest, key: str, match: ResolverMatch) -> HttpResponse:
        """Renders the page at `key` (the plain or the compressed variant's) and stores both."""
        plain_key = key.removesuffix(GZIP_SUFFIX)
        lock = f"{plain_key}:lock"
        try:
            rendering_here = cache.add(lock, 1, timeout=LOCK_SECONDS)
        except Exception:
            rendering_here = False
        if not rendering_here:
            # Someone renders this page right now: wait for it rather than render it again;
            # past the wait, render without storing.
            deadline = time.monotonic() + STAMPEDE_WAIT_SECONDS
            while time.monotonic() < deadline:
                time.sleep(STAMPEDE_POLL_SECONDS)
                entry = cache.get(key)
                if entry is not None:
                    request.resolver_match = match
                    return self._answer(request, entry, hit=True)
            response = self.get_response(request)
            if is_storable(response):
                _public_headers(response)
            return self._answer(request, response, hit=False)
        try:
            response = self.get_response(request)
            if is_storable(response):
                _public_headers(response)
                compressed = _compressed(_stored(response))
                cache.set_many(
                    {plain_key: response, plain_key + GZIP_SUFFIX: compressed},
                    timeout=settings.PAGE_CACHE_SECONDS,
                )
                if key != plain_key:
                    response = compressed
        finally:
            try:
                cache.delete(lock)
            except Exception:
                logger.exception("Page cache: could not release %s", lock)
        return self._answer(request, response, hit=False)

    def _answer(self, request: HttpRequest, response: HttpResponse, *, hit: bool) -> HttpResponse:
        response[CACHE_HEADER] = "hit" if hit else "miss"
        if response.status_code == 200 and response.has_header("ETag"):
            conditional = get_conditional_response(
                request, etag=response["ETag"], response=response
            )
            if conditional is not response:
                conditional[CACHE_HEADER] = response[CACHE_HEADER]
                return conditional
        return response
