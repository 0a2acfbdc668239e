"""The Content-Security-Policy in a real browser: an injected inline script is refused and
reported (the shared ``page`` fixture then fails any journey), the DSFR and htmx run."""

import pytest

from tests.e2e.conftest import _csp_violation

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_injected_inline_script_is_refused_and_reported(browser, live_server):
    """What the fixture relies on: Chromium refuses the script and says so in the console,
    in words ``_csp_violation`` recognises (so the journeys' check can fail)."""
    context = browser.new_context(locale="fr-FR", base_url=live_server.url)
    page = context.new_page()
    seen = []
    page.on("console", lambda m: (v := _csp_violation(m, live_server.url)) and seen.append(v))
    page.goto("/")
    page.evaluate(
        """() => { const s = document.createElement('script');
                   s.textContent = 'window.injected = true'; document.body.append(s); }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.injected === undefined")
    assert seen and "script-src" in seen[0]
    context.close()


def test_dsfr_and_htmx_run_under_the_policy(page, live_server):
    page.goto("/formations/")
    # The DSFR's script marks the document once it has started.
    page.wait_for_function("() => document.documentElement.hasAttribute('data-fr-js')")
    assert page.evaluate("typeof htmx !== 'undefined' && htmx.config.allowEval === false")
