"""The learner's whole chain in one journey, twice: with the mouse, then with the keyboard
alone (Tab to reach each control, Enter or Space to use it, no click), the focus visible at
every stop. A new agent finds a training in the catalogue from the home page, enrols,
learns each kind of activity (page, document, video, quiz and its review, SCORM module,
virtual class, in-person day, forum, work situation, experience feedback), finishes,
downloads the attestation (a tagged PDF), verifies it on the public page, and answers the
satisfaction survey. axe-core on every page visited."""

import contextlib
import re
from datetime import timedelta
from io import BytesIO
from pathlib import Path

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect
from pypdf import PdfReader

from mentor.accounts.models import User
from mentor.attestations.models import Attestation
from mentor.demo.scorm_package import single_sco_package_bytes
from mentor.help.models import ContactRequest
from mentor.learning.models import Completion
from mentor.scorm.services import package_import
from mentor.surveys.models import SurveyResponse
from tests.attestations.test_attestations import pdf_text
from tests.factories import SessionFactory, TrainingFactory
from tests.learning.factories import ActivityFactory, SectionFactory

# The guided tour's "step n of N" (None once the tour is over).
PROGRESS = """() => {
    const progress = document.querySelector(".driver-popover .driver-popover-progress-text");
    return progress ? progress.textContent : null;
}"""

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "Accueillir les usagers en situation de handicap"

# Is the focused element's focus indicator drawn? An outline or a box shadow on the element
# or its ::before box (DSFR cards, whose whole surface is the link), or, for DSFR radios and
# checkboxes (the input is hidden), on its label or the label's ::before box.
FOCUS_VISIBLE = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'nothing focused';
    const drawn = (s) => (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
        || (s.boxShadow && s.boxShadow !== 'none');
    if (drawn(getComputedStyle(el)) || drawn(getComputedStyle(el, '::before'))) return '';
    for (const label of (el.labels || [])) {
        if (drawn(getComputedStyle(label)) || drawn(getComputedStyle(label, '::before'))
            || drawn(getComputedStyle(label, '::after'))) return '';
    }
    if (el.tagName === 'IFRAME') return '';  // the focus is inside the frame's document
    return `${el.tagName.toLowerCase()}#${el.id}.${el.className} "${(el.innerText || el.value || '').slice(0, 40)}"`;
}"""


class Learner:
    """Uses the page the way one person does: with the mouse, or with the keyboard only."""

    def __init__(self, page, *, keyboard: bool):
        self.page = page
        self.keyboard = keyboard
        self.invisible_focus: list[str] = []

    def tab_to(self, locator, *, limit: int = 300) -> None:
        """Press Tab until ``locator`` has the focus, checking the focus is visible at each
        stop on the way."""
        target = locator.element_handle()
        for _ in range(limit):
            self.page.keyboard.press("Tab")
            if self.page.evaluate("(el) => document.activeElement === el", target):
                problem = self.page.evaluate(FOCUS_VISIBLE)
                assert not problem, f"focus not visible on {self.page.url}: {problem}"
                return
            problem = self.page.evaluate(FOCUS_VISIBLE)
            if problem and problem != "nothing focused":
                self.invisible_focus.append(f"{self.page.url}: {problem}")
        raise AssertionError(f"Tab never reached {locator} on {self.page.url}")

    def press(self, locator) -> None:
        """Follow a link or press a button."""
        if self.keyboard:
            self.tab_to(locator)
            self.page.keyboard.press("Enter")
        else:
            locator.click()

    def fill(self, locator, text: str) -> None:
        if self.keyboard:
            self.tab_to(locator)
            self.page.keyboard.insert_text(text)
        else:
            locator.fill(text)

    def choose(self, locator) -> None:
        """Tick a radio button (DSFR: the label is what the mouse hits)."""
        if not self.keyboard:
            self.page.locator(f"label[for='{locator.get_attribute('id')}']").click()
            return
        name = locator.get_attribute("name")
        group = self.page.locator(f"input[name='{name}']")
        # Tab enters the group on its first (or checked) button; the arrows move in it.
        self.tab_to(group.first)
        target = locator.element_handle()
        for _ in range(group.count()):
            if self.page.evaluate("(el) => document.activeElement === el", target):
                break
            self.page.keyboard.press("ArrowDown")
        self.page.keyboard.press("Space")
        assert locator.is_checked()

    def nav(self, name: str) -> None:
        """Follow a link of the header (navigation or tools); on a phone they are in the
        "Menu", opened first."""
        links = self.page.locator("header").get_by_role("link", name=name, exact=True)
        shown = [link for link in links.all() if link.is_visible()]
        if not shown:
            self.press(self.page.locator("#button-menu"))
            self.page.locator("#modal-menu.fr-modal--opened").wait_for()
            shown = [link for link in links.all() if link.is_visible()]
        self.press(shown[0])

    def tick(self, locator) -> None:
        """Tick a checkbox."""
        if self.keyboard:
            self.tab_to(locator)
            self.page.keyboard.press("Space")
        else:
            self.page.locator(f"label[for='{locator.get_attribute('id')}']").click()
        assert locator.is_checked()


@pytest.fixture
def chain(justice, tmp_path):
    """A training with one activity of every kind, open for enrolment."""
    training = TrainingFactory(
        producer=justice,
        title=TITLE,
        summary="Recevoir chacun avec les bons gestes et les bons mots.",
        keywords="handicap, accessibilité, accueil",
        duration_hours=4,
    )
    start = SectionFactory(training=training, title="Découvrir", position=0)
    practice = SectionFactory(training=training, title="S’exercer", position=1)
    meet = SectionFactory(training=training, title="Se rencontrer", position=2)
    kinds = [
        (start, "page", "viewed", {"title": "Les bons gestes", "body": "<p>Se présenter.</p>"}),
        (
            start,
            "file",
            "viewed",
            {
                "title": "Le guide de l’accueil",
                "file": SimpleUploadedFile("guide.pdf", b"%PDF-1.4\n%%EOF\n"),
            },
        ),
        (
            start,
            "video",
            "viewed",
            {
                "title": "Témoignage",
                "file": SimpleUploadedFile("temoignage.mp4", b"\x00\x00\x00\x18ftypmp42"),
                "captions": SimpleUploadedFile(
                    "temoignage.vtt", b"WEBVTT\n\n00:00.000 --> 00:02.000\nBonjour.\n"
                ),
            },
        ),
    ]
    for position, (section, kind, rule, fields) in enumerate(kinds):
        ActivityFactory(
            section=section, kind=kind, completion_rule=rule, position=position, **fields
        )
    quiz = ActivityFactory(
        section=practice,
        kind="quiz",
        completion_rule="passed",
        title="Vérifier ses acquis",
        passing_score=100,
        quiz_review="immediately",
        position=0,
    )
    question = quiz.questions.create(
        kind="true_false",
        text="On s’adresse à la personne, pas à son accompagnant.",
        feedback="Oui : la personne est votre interlocutrice.",
    )
    question.choices.create(text="Vrai", correct=True, position=0)
    question.choices.create(text="Faux", correct=False, position=1)
    package = package_import(
        training=training,
        uploaded_file=SimpleUploadedFile(
            "m.zip",
            single_sco_package_bytes(
                slug="accueil", title="Mises en situation", screens=[("Cas 1", "Au guichet…")]
            ),
        ),
        actor=None,
    )
    ActivityFactory(
        section=practice,
        kind="scorm",
        title="Mises en situation",
        completion_rule="scorm_completed",
        scorm_package=package,
        position=1,
    )
    now = timezone.now()
    ActivityFactory(
        section=meet,
        kind="virtual_class",
        completion_rule="attended",
        required=False,
        title="Classe virtuelle",
        starts_at=now + timedelta(days=3),
        ends_at=now + timedelta(days=3, hours=1),
        join_url="https://webinaire.example.gouv.fr/accueil",
        position=0,
    )
    ActivityFactory(
        section=meet,
        kind="in_person",
        completion_rule="attended",
        required=False,
        title="Journée en présentiel",
        starts_at=now + timedelta(days=10),
        ends_at=now + timedelta(days=10, hours=6),
        place="Lyon",
        position=1,
    )
    ActivityFactory(
        section=meet, kind="forum", completion_rule="posted", title="Échanger", position=2
    )
    ActivityFactory(
        section=meet,
        kind="work_situation",
        completion_rule="submitted",
        title="Mon accueil",
        position=3,
    )
    ActivityFactory(
        section=meet,
        kind="feedback",
        completion_rule="submitted",
        title="Ce que je retiens",
        position=4,
    )
    today = timezone.localdate()
    SessionFactory(
        training=training,
        title="Session d’hiver",
        capacity=30,
        starts_on=today - timedelta(days=1),
        ends_on=today + timedelta(days=60),
    )
    deliverable = tmp_path / "mon-accueil.pdf"
    deliverable.write_bytes(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
    return training, deliverable


def _next(learner: Learner, title: str) -> None:
    learner.press(learner.page.get_by_role("link", name=f"Suivant : {title}"))
    learner.page.get_by_role("heading", name=title, level=1).wait_for()


HOME = re.compile(r"^https?://[^/]+/$")
SIGNUP_PASSWORD = "un mot de passe vraiment solide"


@pytest.mark.parametrize(
    ("mode", "width"),
    [("souris", 1280), ("clavier", 1280), ("souris", 375), ("clavier", 375)],
)
def test_the_learner_chain_from_the_catalogue_to_the_survey(
    page, axe_check, chain, justice, settings, mode, width
):
    training, deliverable = chain
    settings.HELP_TOURS_AUTOSTART = True
    page.set_default_timeout(30_000)
    page.set_viewport_size({"width": width, "height": 900})
    me = Learner(page, keyboard=mode == "clavier")
    email = "lea.martin@justice.gouv.fr"

    # A new agent signs up, confirms the address from the e-mail and is signed in.
    page.goto("/compte/signup/")
    axe_check(page)
    me.fill(page.get_by_label("Courriel"), email)
    me.fill(page.get_by_label("Prénom"), "Léa")
    me.fill(page.get_by_role("textbox", name=re.compile(r"^Nom\b")), "Martin")
    me.fill(page.locator("#id_password1"), SIGNUP_PASSWORD)
    me.fill(page.locator("#id_password2"), SIGNUP_PASSWORD)
    me.press(page.get_by_role("button", name="Créer mon compte"))
    page.wait_for_url("**/compte/confirm-email/")
    axe_check(page)
    link = re.search(r"https?://\S+/compte/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)  # the link of the e-mail
    axe_check(page)
    me.press(page.get_by_role("button", name="Confirmer"))
    page.wait_for_url(HOME)
    agent = User.objects.get(email=email)
    assert agent.entity == justice

    # First visit: the guided tour, driven to its end.
    popover = page.locator(".driver-popover")
    popover.wait_for(state="visible")
    axe_check(page)
    for _ in range(30):
        step = page.evaluate(PROGRESS)
        if step is None:
            break
        if me.keyboard:
            page.keyboard.press("ArrowRight")
        else:
            popover.locator(".driver-popover-next-btn").click()
        # The next step, or the end. A press that lands while driver.js is still moving
        # to the step is ignored (a busy machine): then the loop presses again.
        with contextlib.suppress(PlaywrightTimeoutError):
            page.wait_for_function(f"(before) => ({PROGRESS})() !== before", arg=step, timeout=3000)
    popover.wait_for(state="detached")
    axe_check(page)

    # Find it from the home page's search, open its sheet, enrol.
    me.fill(page.get_by_label("Rechercher une formation"), "handicap accueil")
    if me.keyboard:
        page.keyboard.press("Enter")
    else:
        page.get_by_role("button", name="Rechercher").first.click()
    page.wait_for_url(re.compile(r"/formations/\?q="))
    axe_check(page)
    me.press(page.get_by_role("link", name=TITLE))
    page.get_by_role("heading", name=TITLE, level=1).wait_for()
    axe_check(page)
    me.press(page.get_by_role("button", name=re.compile("M’inscrire")))
    page.wait_for_url("**/mes-formations/")
    axe_check(page)
    me.press(page.get_by_role("link", name=re.compile("Suivre la formation")))

    # Page, document and video: opening them completes them. The agent leaves after the
    # first, and "Reprendre" on the home page brings her back.
    page.get_by_role("heading", name="Les bons gestes", level=1).wait_for()
    axe_check(page)
    me.nav("Accueil")
    page.wait_for_url(HOME)
    resume = page.get_by_test_id("home-resume")
    assert "Les bons gestes" in resume.inner_text()
    axe_check(page)
    me.press(resume.get_by_role("link", name=TITLE))
    page.wait_for_url(re.compile(r"/apprendre/\d+/\d+/$"))
    if page.get_by_role("heading", name="Les bons gestes", level=1).count():
        _next(me, "Le guide de l’accueil")
    page.get_by_role("heading", name="Le guide de l’accueil", level=1).wait_for()
    assert page.get_by_role("link", name=re.compile("Télécharger le document")).is_visible()
    axe_check(page)
    _next(me, "Témoignage")
    assert page.get_by_test_id("video").is_visible()
    axe_check(page)

    # Quiz, then its review: my answer, the right one and the feedback.
    _next(me, "Vérifier ses acquis")
    axe_check(page)
    me.choose(page.get_by_role("radio", name="Vrai"))
    me.press(page.get_by_role("button", name="Valider mes réponses"))
    page.get_by_text("Quiz réussi").first.wait_for()
    assert "la personne est votre interlocutrice" in page.locator("main").inner_text()
    axe_check(page)

    # SCORM: the module, on its own origin, reports completion through scorm-again.
    _next(me, "Mises en situation")
    axe_check(page)
    module = page.frame_locator("iframe[data-scorm-frame]").frame_locator("iframe[data-sco-frame]")
    finish = module.get_by_role("button", name="Terminer le module")
    if me.keyboard:  # inside the module's frames: focus moves there, Enter presses
        finish.focus()
        page.keyboard.press("Enter")
    else:
        finish.click()
    page.get_by_test_id("scorm-ended").wait_for()
    page.reload()

    # Virtual class and in-person day (attendance is the tutor's: optional here).
    _next(me, "Classe virtuelle")
    assert page.get_by_role("link", name=re.compile("Rejoindre la classe virtuelle")).is_visible()
    axe_check(page)
    _next(me, "Journée en présentiel")
    assert "Lyon" in page.locator("main").inner_text()
    axe_check(page)

    # Forum: a first message completes it.
    _next(me, "Échanger")
    axe_check(page)
    me.fill(page.get_by_label("Sujet"), "Une question d’accueil")
    me.fill(page.get_by_label("Message"), "Comment accueillir une personne sourde ?")
    me.press(page.get_by_role("button", name="Publier"))
    page.get_by_role("heading", name="Une question d’accueil").wait_for()
    axe_check(page)
    me.press(page.get_by_role("link", name=re.compile("Échanger")).first)
    page.get_by_role("heading", name="Échanger", level=1).wait_for()

    # Work situation: a deliverable handed in.
    _next(me, "Mon accueil")
    axe_check(page)
    upload = page.get_by_label("Votre livrable")
    if me.keyboard:
        me.tab_to(upload)
        expect(upload).to_be_focused()
        # Space on the focused field opens the file dialog; under a loaded machine the
        # first key may reach Chromium before the field is ready to open it: press again.
        for attempt in range(3):
            try:
                with page.expect_file_chooser(timeout=10_000) as chooser:
                    page.keyboard.press("Space")
                break
            except PlaywrightTimeoutError:
                if attempt == 2:  # noqa: PLR2004
                    raise
        chooser.value.set_files(deliverable)
    else:
        upload.set_input_files(deliverable)
    me.press(page.get_by_test_id("submission-send"))
    page.get_by_test_id("submission").wait_for()
    axe_check(page)

    # Experience feedback: the last required activity; the training is finished.
    me.press(page.get_by_role("link", name="Suivant : Ce que je retiens"))
    page.get_by_role("heading", name="Ce que je retiens", level=1).wait_for()
    me.fill(page.get_by_label("Votre retour d’expérience"), "Je me présente d’abord.")
    me.press(page.get_by_test_id("submission-send"))
    page.get_by_test_id("course-completed").wait_for()
    assert Completion.objects.filter(enrolment__user=agent).count() == 1
    axe_check(page)

    # The attestation, a tagged PDF in French.
    link = page.get_by_test_id("offer-attestation")
    with page.expect_download() as download:
        if me.keyboard:
            me.tab_to(link)
            page.keyboard.press("Enter")
        else:
            link.click()
    content = Path(download.value.path()).read_bytes()
    root = PdfReader(BytesIO(content)).trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/Lang"] == "fr"
    assert "Léa Martin" in pdf_text(content).decode(errors="ignore")
    attestation = Attestation.objects.get(enrolment__user=agent)

    # Anyone checks it on the public page, reached from the footer.
    me.press(page.get_by_role("link", name="Vérifier une attestation"))
    page.get_by_role("heading", name="Vérifier une attestation de participation").wait_for()
    axe_check(page)
    me.fill(page.get_by_label("Numéro de l’attestation"), attestation.number)
    me.press(page.get_by_role("button", name=re.compile("Vérifier")))
    page.get_by_text("Attestation valide").wait_for()
    assert "L. Martin" in page.locator("main").inner_text()
    axe_check(page)

    # The satisfaction survey, from "Mes formations".
    page.goto("/mes-formations/")
    axe_check(page)
    me.press(page.get_by_role("link", name=re.compile("Donner mon avis")))
    page.get_by_role("button", name=re.compile("Envoyer")).wait_for()
    axe_check(page)
    me.choose(page.locator("input[name='satisfaction'][value='5']"))
    for legend in ("adaptée", "réinvestir"):
        fieldset = page.locator("fieldset", has_text=legend)
        me.choose(fieldset.get_by_role("radio", name="Oui"))
    me.press(page.get_by_role("button", name=re.compile("Envoyer")))
    page.wait_for_url("**/mes-formations/")
    assert SurveyResponse.objects.filter(user=agent, satisfaction=5).count() == 1
    axe_check(page)

    # "Mes fichiers" lists the attestation.
    me.nav("Mes fichiers")
    page.wait_for_url("**/mes-fichiers/")
    assert TITLE in page.locator("main").inner_text()
    axe_check(page)

    # A question through the contact form, then found in the profile.
    me.nav("Aide")
    page.wait_for_url("**/aide/")
    axe_check(page)
    me.press(page.get_by_role("link", name="Poser une question"))
    page.wait_for_url("**/aide/contact/")
    axe_check(page)
    topic = page.get_by_label("Sujet")
    if me.keyboard:
        me.tab_to(topic)
    topic.select_option("attestation")
    me.fill(page.get_by_label("Votre message"), "Mon employeur demande le détail des heures.")
    me.press(page.get_by_role("button", name="Envoyer ma demande"))
    page.get_by_text("a été transmise").wait_for()
    axe_check(page)
    ticket = ContactRequest.objects.get(user=agent).ticket
    page.goto("/profil/")
    assert ticket in page.get_by_test_id("profile-help-requests").inner_text()
    axe_check(page)

    assert me.invisible_focus == [], "\n".join(me.invisible_focus)
