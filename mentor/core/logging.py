"""Logging helpers."""

import logging
import threading
import time


class OncePerInterval(logging.Filter):
    """Let one record per logger and message through every ``seconds``, without its
    traceback: an outage (Redis down, every cache call failing) shows in the log without
    burying it, or costing each request a formatted traceback."""

    def __init__(self, seconds: float = 30) -> None:
        super().__init__()
        self.seconds = seconds
        self._last: dict[tuple[str, str], float] = {}
        self._lock = threading.Lock()

    def filter(self, record: logging.LogRecord) -> bool:
        key = (record.name, str(record.msg))
        now = time.monotonic()
        with self._lock:
            if now - self._last.get(key, -self.seconds) < self.seconds:
                return False
            self._last[key] = now
        if record.exc_info and record.exc_info[1] is not None:
            record.msg = f"{record.msg} ({record.exc_info[1]})"
            record.exc_info = None
            record.exc_text = None
        return True
