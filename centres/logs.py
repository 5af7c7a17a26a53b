"""Logging that helps the operator rather than filling the disk."""

from __future__ import annotations

import logging
from collections import OrderedDict


class DisallowedHostOncePerHost(logging.Filter):
    """Lets the first record per unknown `Host` through, as a WARNING without a traceback.

    Scanners send thousands of requests with made-up hosts; Django logs each as an ERROR with a
    full traceback. The operator needs to know which hosts were tried, not each try. The most
    recently seen hosts are remembered (a bounded number, so a flood of random hosts cannot
    grow the memory of a worker).
    """

    REMEMBERED_HOSTS = 1000

    def __init__(self, name: str = "") -> None:
        super().__init__(name)
        self.seen: OrderedDict[str, None] = OrderedDict()

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        host = request.META.get("HTTP_HOST", "") if request is not None else record.getMessage()
        if host in self.seen:
            self.seen.move_to_end(host)
            return False
        self.seen[host] = None
        if len(self.seen) > self.REMEMBERED_HOSTS:
            self.seen.popitem(last=False)
        record.levelno, record.levelname = logging.WARNING, logging.getLevelName(logging.WARNING)
        record.exc_info = record.exc_text = None
        record.stack_info = None
        return True
