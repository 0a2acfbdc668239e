"""Drive the real test OpenID Connect provider (provider.mjs, started by the
``proconnect_provider`` fixture) the way a browser would, for server-side tests."""

from __future__ import annotations

import json
import os
import re
import select
import subprocess
import time
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests

SCRIPT = Path(__file__).with_name("provider.mjs")
CLIENT_ID = "mentor"
CLIENT_SECRET = "mentor-test-secret"  # noqa: S105  (test provider only)


def agent(login: str, **claims) -> dict:
    """An account at the provider: ProConnect's claims, overridable."""
    return {
        "sub": f"sub-{login}",
        "idp_id": "idp-justice",
        "email": f"{login}@justice.gouv.fr",
        "given_name": "Camille",
        "usual_name": "Martin",
        "uid": f"uid-{login}",
        "siret": "11000201100044",
        "acr": "eidas1",
        **claims,
    }


class ProviderProcess:
    def __init__(self, workdir: Path) -> None:
        self.accounts_file = workdir / "accounts.json"
        self.accounts_file.write_text("{}")
        self._stderr = (workdir / "provider.log").open("w")
        self.process = subprocess.Popen(  # noqa: S603
            ["node", str(SCRIPT)],  # noqa: S607
            env={
                **os.environ,
                "PROCONNECT_ACCOUNTS": str(self.accounts_file),
                "PROCONNECT_CLIENT_ID": CLIENT_ID,
                "PROCONNECT_CLIENT_SECRET": CLIENT_SECRET,
            },
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
        )
        ready, _, _ = select.select([self.process.stdout], [], [], 20)
        if not ready:
            self.stop()
            raise RuntimeError("the test OpenID Connect provider did not start")
        self.issuer = json.loads(self.process.stdout.readline())["issuer"]
        deadline = time.monotonic() + 20
        while True:
            try:
                requests.get(f"{self.issuer}/.well-known/openid-configuration", timeout=2)
                break
            except requests.ConnectionError:
                if time.monotonic() > deadline:
                    self.stop()
                    raise
                time.sleep(0.1)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()
        self._stderr.close()

    def set_accounts(self, *accounts: tuple[str, dict]) -> None:
        self.accounts_file.write_text(json.dumps(dict(accounts)))

    def settings(self, **app_settings) -> dict:
        """SOCIALACCOUNT_PROVIDERS pointing at this provider (as settings.py builds it)."""
        return {
            "proconnect": {
                "APPS": [
                    {
                        "client_id": CLIENT_ID,
                        "secret": CLIENT_SECRET,
                        "settings": {
                            "server_url": self.issuer,
                            "token_auth_method": "client_secret_post",
                            "scope": "openid given_name usual_name email uid siret idp_id".split(),
                            "acr_values": ["eidas1"],
                            **app_settings,
                        },
                    }
                ]
            }
        }

    def authorize(self, url: str, login: str, session: requests.Session | None = None) -> str:
        """Follow the authorization request at the provider, sign in as ``login``, and
        return the URL the provider redirects back to (the relying party's callback)."""
        session = session or requests.Session()
        response = session.get(url, allow_redirects=False, timeout=10)
        for _ in range(10):
            if response.is_redirect:
                url = urljoin(url, response.headers["Location"])
                if not url.startswith(self.issuer):
                    return url
                response = session.get(url, allow_redirects=False, timeout=10)
            elif "/interaction/" in url and response.status_code == 200:
                response = session.post(
                    url, data={"login": login}, allow_redirects=False, timeout=10
                )
            else:
                raise AssertionError(f"unexpected {response.status_code} at {url}")
        raise AssertionError("too many redirects at the provider")


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def end_session(url: str, session: requests.Session) -> str:
    """Follow the relying party's logout redirect at the provider (its page submits a form
    by script; do what the script does) and return where the provider sends the browser."""
    response = session.get(url, allow_redirects=False, timeout=10)
    assert response.status_code == 200, response.text[:300]
    action = re.search(r'<form[^>]*action="([^"]+)"', response.text).group(1)
    fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', response.text))
    response = session.post(urljoin(url, action), data=fields, allow_redirects=False, timeout=10)
    assert response.is_redirect, response.text[:300]
    return urljoin(url, response.headers["Location"])
