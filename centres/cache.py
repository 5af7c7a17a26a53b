"""Django's Redis cache backend, with one Redis client per connection pool instead of one per
call.

Django's `RedisCacheClient.get_client()` makes a new `redis.Redis` for every cache operation,
and redis-py fills a fresh table of some 170 response callbacks in each: about a tenth of a
millisecond, twice per page-cache hit, more than the rest of a hit's own Python (docs/
performance.md, "The page-cache hit path"). A `redis.Redis` is safe to share between threads
(its connection pool hands each command its own connection) and notices a fork, so each pool
keeps its one client. Everything else is Django's backend unchanged.
"""

from __future__ import annotations

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        if (client := self._clients.get(pool)) is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    """`CACHES` backend `centres.cache.RedisCache` (stadtteilzentren/settings.py)."""

    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
