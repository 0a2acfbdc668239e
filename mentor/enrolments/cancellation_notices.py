"""What other apps have to say when a person unenrols: a registry.

Unenrolling is the person's right, but an app above may still hold an obligation on that
training (a mandatory prescription keeps its assignment open). Each registers a function
``(*, user, session) -> list[str]`` of French sentences; the unenrol view shows them as
warnings, so nothing is dropped silently and enrolments imports none of those apps.
"""

from collections.abc import Callable

from mentor.core.registry import Registry

Notice = Callable[..., list[str]]
_NOTICES: Registry[Notice] = Registry("unenrolment notices")


def register_cancellation_notice(name: str) -> Callable[[Notice], Notice]:
    return _NOTICES.register(name)


def cancellation_notices(*, user, session) -> list[str]:
    notices: list[str] = []
    for _name, notice in _NOTICES.items():
        notices += notice(user=user, session=session)
    return notices
