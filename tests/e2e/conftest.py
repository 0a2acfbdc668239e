"""Browser journeys: Playwright (Python) driving Debian's chromium against live_server."""

import os
import time
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.e2e.axe_record import record_check, write_worker_results
from tests.e2e.inflight import wait_until_idle

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between browser steps are ordinary synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    missing = [p for p in (CHROMIUM, str(AXE)) if not Path(p).exists()]
    if not missing:
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(f"CI must run the browser tests but {missing} is missing")
    skip = pytest.mark.skip(reason=f"browser tests skipped: missing {', '.join(missing)}")
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def scorm_content_origin(live_server, settings):
    """SCORM packages on their own origin, as in production: the live server answers as
    http://localhost:<port> (the app) and http://127.0.0.1:<port> (the content), two
    origins that share no cookie."""
    origin = live_server.url.replace("//localhost:", "//127.0.0.1:")
    assert origin != live_server.url
    settings.SCORM_CONTENT_ORIGIN = origin
    return origin


def _csp_violation(message, app_origin: str) -> str | None:
    """A console message in which Chromium reports a Content-Security-Policy violation on a
    page of the app origin (the SCORM content origin has its own, deliberately hostile
    packages in the isolation tests), or None."""
    text = message.text
    if "Content Security Policy" not in text and "Content-Security-Policy" not in text:
        return None
    url = (message.location or {}).get("url") or ""
    if url and not url.startswith(app_origin):
        return None
    return f"{url}: {text}"


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab on the app. Every journey fails if the browser reports a CSP
    violation on one of the app's pages (an inline script, style or handler without the
    nonce, a source the policy does not allow): see docs/security.md."""
    context = browser.new_context(locale="fr-FR", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (v := _csp_violation(message, live_server.url)) and violations.append(v),
    )
    yield page
    context.close()
    # A request sent as the tab closed (a commit at unload, a heartbeat) reaches the server
    # a moment later: let it arrive, then wait until the server has answered everything, so
    # that emptying the database never races a request (a deadlock on PostgreSQL).
    time.sleep(0.3)
    wait_until_idle()
    assert not violations, "CSP violations:\n" + "\n".join(violations)


def pytest_sessionfinish(session):
    """Each process writes the axe checks it ran (tests/e2e/axe_record.py): ``make
    accessibility`` merges them into the accessibility statement's results."""
    write_worker_results(session.config)


@pytest.fixture
def axe_check(request):
    """Run axe-core on the current page; fail with the violations at WCAG 2.1 A/AA. Every
    check is recorded (page, width, result) for the accessibility statement."""

    def check(page) -> None:
        # A check right after a click that navigates must follow a wait for the new page
        # (its URL or a word of it): axe run while the old document unloads fails.
        page.wait_for_load_state()
        # Colours are measured once transitions and fade-ins are over (a popover caught
        # half-drawn has half its contrast); endless animations are not waited for.
        page.wait_for_function(
            """() => document.getAnimations().every((a) =>
                a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity)"""
        )
        # Evaluated through the DevTools protocol: an injected <script> would (rightly) be
        # refused by the page's Content-Security-Policy.
        if not page.evaluate("typeof axe !== 'undefined'"):
            page.evaluate(AXE.read_text())
        result = page.evaluate(
            """async () => await axe.run(document, {
                runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}
            })"""
        )
        violations = [
            f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(node["target"][0] for node in v["nodes"][:5])
            for v in result["violations"]
        ]
        record_check(
            url=page.url,
            title=page.title(),
            width=(page.viewport_size or {}).get("width", 0),
            violations=len(violations),
            axe_version=result.get("testEngine", {}).get("version", ""),
            test=request.node.nodeid,
        )
        assert violations == [], f"axe violations on {page.url}:\n" + "\n".join(violations)

    return check
