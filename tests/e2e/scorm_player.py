"""What the SCORM browser journeys share: signing a user in, reading the SCO inside the
player's two frames, the plan's statuses, and waiting for the database or for the player
to move on to another SCO."""

import re
import time

from django.conf import settings as django_settings
from django.test import Client

# The player moves from SCO to SCO by loading a new page (``?nav=continue&from=…``): the
# launcher frame, on the content origin, lives in another renderer process, and a wait
# begun inside the old one ends with "Target closed" when the page goes. A journey waits
# for the new page first, then looks inside its frames.
MOVED_ON = re.compile(r"[?&]nav=continue\b")


def wait_for(check, timeout: float = 10.0):
    """``check()``'s first true result, polling the database while the browser writes."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.2)


def sign_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def sco_frame(page):
    """The SCO's document: the player's launcher frame, then the SCO frame inside it."""
    return page.frame_locator("iframe[data-scorm-frame]").frame_locator("iframe[data-sco-frame]")


def toc_status(page, identifier: str) -> str:
    return page.locator(f"[data-testid='scorm-toc'] [data-sco='{identifier}']").get_attribute(
        "data-status"
    )
