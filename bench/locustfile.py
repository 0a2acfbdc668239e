"""Mentor's load scenarios (Locust). Run by ``bench/run.py`` (``make bench``), which starts
the production stack, seeds the data and writes the fixtures file these users read.

User classes, chosen by name on the locust command line:

- closed-loop probes (no think time, N users = N concurrent clients, as ``wrk`` does), to
  read side by side with the Moodle 4.5 figures of ``shared/docs/benchmarks.md``:
  ``HomeProbe``, ``CatalogProbe``, ``SearchProbe``, ``SignedInHomeProbe``,
  ``CourseViewProbe``, ``SignInProbe``, ``CommitProbe``;
- journeys with think times for the mixed run and the fault run: ``Visitor``, ``Agent``,
  ``Tutor``;
- ``SurgeAgent``: a signed-in agent opening the national training the moment it is
  released, then following it (page, SCORM module with commits, quiz).

Every request is checked: an unexpected status, a redirect to the sign-in page (a lost
session) or a SCORM commit not acknowledged counts as a failure. Acknowledged enrolments
and SCORM commits are written to ``$BENCH_ACKS_DIR`` when the run stops, for the harness to
compare with the database.
"""

import itertools
import json
import os
import random
import re
import uuid
from http.cookiejar import Cookie
from pathlib import Path
from urllib.parse import quote, urlparse

from locust import FastHttpUser, between, constant, events, task

FIXTURES = json.loads(Path(os.environ.get("BENCH_FIXTURES", "bench/var/fixtures.json")).read_text())
ACKS_DIR = Path(os.environ.get("BENCH_ACKS_DIR", "bench/var/acks"))
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
LOGIN_PATH = "/compte/login/"

_counters: dict[str, itertools.count] = {}
_acks: dict[str, list] = {
    "enrolments": [],
    "sent": [],
    "commits": [],
    "retried": [],
    "completions": [],
}
#: Share of SCORM commits sent twice, as a browser retrying after a network error does.
RETRY_SHARE = 0.05


def take(pool: str) -> dict:
    """The next fixture of a pool: each simulated person is a different account."""
    counter = _counters.setdefault(pool, itertools.count())
    items = FIXTURES[pool]
    return items[next(counter) % len(items)]


@events.test_stop.add_listener
def _write_acks(environment, **_kwargs) -> None:
    ACKS_DIR.mkdir(parents=True, exist_ok=True)
    (ACKS_DIR / f"acks-{os.getpid()}.json").write_text(json.dumps(_acks))


class MentorUser(FastHttpUser):
    abstract = True

    # Each simulated person comes from their own address; the stack trusts one proxy hop,
    # as behind the production load balancer, so per-IP rate limits apply per person.
    def on_start(self) -> None:
        ip = f"10.{random.randint(0, 255)}.{random.randint(0, 255)}.{random.randint(1, 254)}"
        self.headers = {"X-Forwarded-For": ip}

    # --- helpers ------------------------------------------------------------------------
    def set_cookie(self, name: str, value: str) -> None:
        host = urlparse(self.host).hostname
        self.client.cookiejar.set_cookie(
            Cookie(
                0,
                name,
                value,
                None,
                False,
                host,
                False,
                False,
                "/",
                True,
                False,
                None,
                False,
                None,
                None,
                {},
            )
        )

    def csrf(self) -> str:
        for cookie in self.client.cookiejar:
            if cookie.name == "csrftoken":
                return cookie.value
        return ""

    def page(self, path: str, name: str, *, expect: int = 200) -> str | None:
        """GET a page; anything but ``expect`` (e.g. a redirect to sign-in) is a failure."""
        with self.client.get(
            path, name=name, headers=self.headers, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != expect:
                where = response.headers.get("Location", "") if response.headers else ""
                response.failure(f"{response.status_code} {where}".strip())
                return None
            response.success()
            return response.text if expect == 200 else response.headers.get("Location", "")

    def post(self, path: str, name: str, *, data=None, json_body=None, expect: int = 302):
        headers = {**self.headers, "X-CSRFToken": self.csrf()}
        if json_body is not None:
            headers["Content-Type"] = "application/json;charset=UTF-8"
            data = json.dumps(json_body)
        with self.client.post(
            path, name=name, data=data, headers=headers, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != expect:
                response.failure(f"{response.status_code} {response.text[:120]!r}")
                return None
            response.success()
            return response

    def sign_in(self, email: str, password: str) -> bool:
        form = self.page(LOGIN_PATH, "sign-in form")
        token = CSRF_RE.search(form or "")
        if not token:
            return False
        response = self.post(
            LOGIN_PATH,
            "sign-in",
            data={"csrfmiddlewaretoken": token.group(1), "login": email, "password": password},
        )
        if response is None:
            return False
        if LOGIN_PATH in response.headers.get("Location", ""):
            response.failure("sign-in refused")
            return False
        return True

    def resume(self, person: dict) -> None:
        """A person who signed in earlier: their session cookie."""
        self.set_cookie("sessionid", person["cookie"])
        self.set_cookie("csrftoken", person["csrf"])

    def scorm_commit(
        self,
        enrolment: int,
        activity: int,
        attempt: str,
        sequence: int,
        *,
        status: str = "incomplete",
        name: str = "SCORM commit",
    ) -> bool:
        body = {
            "cmi": {
                "core": {
                    "lesson_status": status,
                    "lesson_location": str(sequence),
                    "session_time": f"0000:00:{min(sequence * 20, 59):02d}.00",
                    "score": {
                        "raw": "80" if status == "completed" else "",
                        "min": "0",
                        "max": "100",
                    },
                },
                "suspend_data": f"page={sequence}",
            },
            "attempt": attempt,
            "sequence": sequence,
        }
        url = f"/scorm/execution/{enrolment}/{activity}/"
        _acks["sent"].append([enrolment, activity, attempt, sequence])
        acknowledged = self._commit_sent(url, name, body)
        if acknowledged and random.random() < RETRY_SHARE:
            # A network retry: the same commit again must be acknowledged, stored once.
            if self._commit_sent(url, f"{name} (retry)", body):
                _acks["retried"].append([enrolment, activity, attempt, sequence])
        if acknowledged:
            _acks["commits"].append([enrolment, activity, attempt, sequence])
        return acknowledged

    def _commit_sent(self, url: str, name: str, body: dict) -> bool:
        response = self.post(url, name, json_body=body, expect=200)
        if response is None:
            return False
        if '"result": true' not in response.text and '"result":true' not in response.text:
            response.failure(f"commit not acknowledged: {response.text[:120]}")
            return False
        return True


NATIONAL = FIXTURES["national"]
MODALITIES = ["hybrid", "tutored", "webinar", "virtual_class", "self_paced", "enriched"]


def listing_url() -> str:
    """A collection's listing, sometimes narrowed by a facet or on a later page: many
    distinct addresses, as real visitors make them (no cache sees only a few)."""
    url = f"/formations/?collection={random.choice(FIXTURES['collections'])}"
    if random.random() < 0.3:
        url += f"&modality={random.choice(MODALITIES)}"
    if random.random() < 0.2:
        url += "&open=1"
    if random.random() < 0.2:
        url += f"&page={random.randint(2, 4)}"
    return url


def search_url() -> str:
    """Free text of one or two words, sometimes with a facet or a sort."""
    words = random.sample(FIXTURES["search_terms"], random.choice([1, 1, 2]))
    url = f"/formations/?q={quote(' '.join(words))}"
    if random.random() < 0.3:
        url += f"&modality={random.choice(MODALITIES)}"
    if random.random() < 0.2:
        url += f"&sort={random.choice(['newest', 'title'])}"
    return url


# --- closed-loop probes (the Moodle comparison rows) ---------------------------------------


class HomeProbe(MentorUser):
    wait_time = constant(0)

    @task
    def home(self) -> None:
        self.page("/", "home (visitor)")


class CatalogProbe(MentorUser):
    wait_time = constant(0)

    @task
    def listing(self) -> None:
        self.page(listing_url(), "catalogue listing (visitor)")


class SearchProbe(MentorUser):
    wait_time = constant(0)

    @task
    def search(self) -> None:
        self.page(search_url(), "search (visitor)")


class SignedInHomeProbe(MentorUser):
    wait_time = constant(0)

    def on_start(self) -> None:
        super().on_start()
        self.resume(take("signed_in"))

    @task
    def home(self) -> None:
        self.page("/", "home (signed-in agent)")


class CourseViewProbe(MentorUser):
    wait_time = constant(0)

    def on_start(self) -> None:
        super().on_start()
        self.person = take("signed_in")
        self.resume(self.person)

    @task
    def course(self) -> None:
        activity = random.choice(NATIONAL["page_activities"])
        self.page(
            f"/apprendre/{self.person['enrolment']}/{activity}/", "player page (enrolled agent)"
        )


class CommitProbe(MentorUser):
    wait_time = constant(0)

    def on_start(self) -> None:
        super().on_start()
        self.person = take("signed_in")
        self.resume(self.person)
        self.attempt, self.sequence = uuid.uuid4().hex, 0

    @task
    def commit(self) -> None:
        self.sequence += 1
        self.scorm_commit(
            self.person["enrolment"],
            NATIONAL["scorm_activity"],
            self.attempt,
            self.sequence,
            name="SCORM commit (enrolled agent)",
        )


class SignInProbe(MentorUser):
    wait_time = constant(0)

    @task
    def sign_in_out(self) -> None:
        """Each sign-in is another agent, from another address, with a fresh browser."""
        person = take("accounts")
        self.client.cookiejar.clear()
        MentorUser.on_start(self)
        self.sign_in(person["email"], FIXTURES["password"])


# --- journeys with think times ------------------------------------------------------------


class Visitor(MentorUser):
    """Discovers the offer: home, a collection, a search, a training sheet."""

    weight = 6
    wait_time = between(3, 10)  # reading a listing or a sheet

    @task
    def discover(self) -> None:
        self.page("/", "home (visitor)")
        self.wait()
        self.page(
            f"/formations/?collection={random.choice(FIXTURES['collections'])}",
            "catalogue listing (visitor)",
        )
        self.wait()
        self.page(search_url(), "search (visitor)")
        self.wait()
        self.page(
            f"/formations/{random.choice(FIXTURES['trainings'])}/", "training sheet (visitor)"
        )


class Agent(MentorUser):
    """Signs in, looks at "Mes formations", enrols in a training, opens the national
    training and works on it (page, SCORM module with commits, time heartbeats)."""

    weight = 3
    wait_time = between(5, 15)  # reading a page, a screen of the module

    def on_start(self) -> None:
        super().on_start()
        self.person = take("accounts")
        self.signed_in = self.sign_in(self.person["email"], FIXTURES["password"])
        self.sessions = iter(random.sample(FIXTURES["open_sessions"], 40))
        self.attempt, self.sequence = uuid.uuid4().hex, 0

    @task
    def learn(self) -> None:
        if not self.signed_in:
            self.signed_in = self.sign_in(self.person["email"], FIXTURES["password"])
            return
        enrolment = self.person["enrolment"]
        self.page("/mes-formations/", "mes formations (agent)")
        self.wait()
        session = next(self.sessions, None)
        if session is not None:
            self.page(f"/formations/{session['training']}/", "training sheet (agent)")
            response = self.post(
                f"/mes-formations/sessions/{session['id']}/inscription/", "enrol (agent)"
            )
            if response is not None:
                if response.headers.get("Location", "").endswith("/mes-formations/"):
                    _acks["enrolments"].append([self.person["email"], session["id"]])
                else:
                    response.failure(f"enrolment refused: {response.headers.get('Location')}")
            self.wait()
        self.page(f"/apprendre/{enrolment}/", "player resume (agent)", expect=302)
        page = random.choice(NATIONAL["page_activities"])
        self.page(f"/apprendre/{enrolment}/{page}/", "player page (agent)")
        self.post(
            f"/apprendre/{enrolment}/{page}/temps/",
            "time heartbeat (agent)",
            data={"seconds": "30"},
            expect=200,
        )
        self.wait()
        self.page(f"/apprendre/{enrolment}/{NATIONAL['scorm_activity']}/", "player SCORM (agent)")
        for _ in range(2):
            self.sequence += 1
            self.scorm_commit(
                enrolment,
                NATIONAL["scorm_activity"],
                self.attempt,
                self.sequence,
                name="SCORM commit (agent)",
            )
            self.wait()


class Tutor(MentorUser):
    """Follows the national session's 20,000 learners, page by page, and looks one up."""

    weight = 1
    wait_time = between(5, 15)

    def on_start(self) -> None:
        super().on_start()
        self.resume(FIXTURES["tutor"])
        self.pages = FIXTURES["tutor"]["pages"]

    @task
    def follow(self) -> None:
        session = FIXTURES["tutor"]["session"]
        page = random.randint(1, self.pages)
        self.page(
            f"/apprendre/tutorat/{session}/?page={page}", "tutor progress page (20,000 learners)"
        )
        self.wait()
        number = random.randint(0, 19_999)
        self.page(f"/apprendre/tutorat/{session}/?q={number:07d}", "tutor learner search")


class SurgeAgent(MentorUser):
    """Release day of the national training: already signed in (the e-mail says "it is
    open"), every agent opens it at once, then follows it to the end: the SCORM module
    (commits), the quiz, the synthesis page, which completes the training (attestation
    issued by the Celery worker) and, live, the national path whose module it is, which
    they enrolled in on arrival; then they look at "Mes formations" and the path page."""

    # A screen of the module, the quiz, a page: half a minute to a minute each
    # (scorm-again also commits every 30 s on its own).
    wait_time = between(30, 60)

    def on_start(self) -> None:
        super().on_start()
        self.person = take("surge")
        self.resume(self.person)
        self.attempt, self.sequence, self.finished = uuid.uuid4().hex, 0, False
        # The release: open the training (resume → first activity).
        location = self.page(
            f"/apprendre/{self.person['enrolment']}/", "surge: open the training", expect=302
        )
        if location:
            self.page(location, "surge: first activity")
        # They also enrol in the national path, whose module is this training: finishing
        # the training completes the path live (path attestation issued by the worker).
        path = f"/parcours/{FIXTURES['path']['slug']}/"
        self.page(path, "surge: path page")
        if self.post(f"{path}inscription/", "surge: path enrol") is not None:
            _acks["enrolments"].append((self.person["email"], FIXTURES["path"]["session"]))
            self.page(path, "surge: path page (enrolled)")

    @task
    def follow(self) -> None:
        enrolment = self.person["enrolment"]
        if self.finished:
            self.page("/mes-formations/", "surge: mes formations")
            self.page(f"/parcours/{FIXTURES['path']['slug']}/", "surge: path page (done)")
            return
        base = f"/apprendre/{enrolment}"
        if self.sequence == 0:
            self.page(f"{base}/{NATIONAL['scorm_activity']}/", "surge: SCORM module")
        self.sequence += 1
        done = self.sequence >= 2
        if (
            not self.scorm_commit(
                enrolment,
                NATIONAL["scorm_activity"],
                self.attempt,
                self.sequence,
                status="completed" if done else "incomplete",
                name="surge: SCORM commit",
            )
            or not done
        ):
            return
        self.wait()
        quiz = NATIONAL["quiz_activity"]
        self.page(f"{base}/{quiz}/", "surge: quiz")
        answered = self.post(
            f"{base}/{quiz}/quiz/",
            "surge: quiz answers",
            data={f"q{q}": c for q, c in NATIONAL["quiz_answers"].items()},
        )
        self.wait()
        last = self.page(f"{base}/{NATIONAL['last_activity']}/", "surge: last page (completes)")
        if answered is not None and last is not None:
            self.finished = True
            _acks["completions"].append(enrolment)


class ReportingViewer(MentorUser):
    """The Monday figures: the national dashboard (platform admin), a ministry's dashboard
    (its referent), a training's dashboard, and the overview API called with a token; under
    the mixed run's load (``--phases reporting`` runs them with Visitor, Agent and Tutor)."""

    weight = 1
    # Exactly --reporting-users of them (run.py sets it), whatever the others' weights.
    fixed_count = int(os.environ.get("BENCH_REPORTING_USERS", "0"))
    wait_time = between(2, 6)

    @task
    def dashboards(self) -> None:
        r = FIXTURES["reporting"]
        self.resume(r["admin"])
        self.page("/pilotage/", "reporting: national dashboard")
        self.wait()
        if r["training"]:
            self.page(f"/pilotage/formation/{r['training']}/", "reporting: training dashboard")
            self.wait()
        self.resume(r["referent"])
        self.page("/pilotage/", "reporting: ministry dashboard (referent)")
        self.wait()
        for token, scope, name in (
            (r["admin_token"], "national", "reporting API: overview (national, token)"),
            (r["referent_token"], r["ministry"], "reporting API: overview (ministry, token)"),
        ):
            with self.client.get(
                f"/api/v1/stats/overview?scope={scope}",
                name=name,
                headers={**self.headers, "Authorization": f"Bearer {token}"},
                catch_response=True,
            ) as response:
                if response.status_code != 200:
                    response.failure(str(response.status_code))
                else:
                    response.success()
            self.wait()
