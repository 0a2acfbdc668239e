"""Requests the live server is still answering (test settings only).

A browser tab closed at the end of a journey may leave a request in flight (a last SCORM
commit sent at unload, a heartbeat, a page loading): the live server's thread goes on with
it while pytest-django empties the database for the next test, and on PostgreSQL the two
can deadlock. The ``page`` fixture waits here, after closing the tab, until the server has
answered everything."""

import threading

_idle = threading.Condition()
_in_flight = 0


class InFlightMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        global _in_flight
        with _idle:
            _in_flight += 1
        try:
            return self.get_response(request)
        finally:
            with _idle:
                _in_flight -= 1
                _idle.notify_all()


def wait_until_idle(timeout: float = 15) -> bool:
    """True once no request is being answered (False if some still are after ``timeout``)."""
    with _idle:
        return _idle.wait_for(lambda: _in_flight == 0, timeout)
