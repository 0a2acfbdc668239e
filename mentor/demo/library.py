"""Demo training library: the Ministry of Agriculture shares its hybrid "classe virtuelle"
training and its IFT training, the CGDD its SCORM-based ecological-transition training, the
DGAFP its Laïcité path;
the Ministry of Justice has adapted the first one (so the producer sees a reuse).
Idempotent: keyed by the deposited trainings and the copy's source and requester."""

from django.db import transaction

from mentor.accounts.models import User
from mentor.catalog.models import Licence, Training
from mentor.demo.paths import PATH_SLUG
from mentor.library.models import CopyKind, TrainingCopy
from mentor.library.services import copy_request, copy_run, deposit_save
from mentor.organisations.models import Entity
from mentor.surveys.models import QuestionKind, SurveyQuestion

HYBRID = "concevoir-et-animer-une-classe-virtuelle"
DEPOSITS = [
    (
        HYBRID,
        "conceptrice@agriculture.gouv.fr",
        "Formation hybride (deux classes virtuelles et une journée en présentiel) conçue pour "
        "les formateurs internes. À adapter : les exemples métier de la journée en "
        "présentiel et le calendrier des classes virtuelles.",
        Licence.CC_BY_SA,
    ),
    (
        "agriculture-indicateur-frequence-traitements-ift",
        "conceptrice@agriculture.gouv.fr",
        "Module d’autoformation avec quiz. Utile aux services déconcentrés qui contrôlent "
        "l’usage des produits phytopharmaceutiques.",
        Licence.CC_BY_NC_SA,
    ),
    (
        "transition-ecologique-socle-commun",
        "admin@fonction-publique.gouv.fr",
        "Le socle commun de la formation obligatoire à la transition écologique, avec son "
        "module SCORM. Chaque ministère peut l’adapter en y ajoutant ses propres exemples.",
        Licence.CC_BY,
    ),
    (
        PATH_SLUG,
        "admin@fonction-publique.gouv.fr",
        "Le parcours national de la DGAFP, avec son questionnaire de prépositionnement : "
        "sa copie reprend le plan ; les modules liés restent des liens vers les sessions "
        "interministérielles.",
        Licence.CC_BY,
    ),
]


@transaction.atomic
def load_demo_library() -> int:
    """Returns the number of copies made this time (0 the second time)."""
    for slug, email, description, licence in DEPOSITS:
        training = Training.objects.filter(slug=slug).first()
        actor = User.objects.filter(email=email).first()
        if training is None or actor is None or hasattr(training, "library_deposit"):
            continue
        deposit_save(actor=actor, training=training, description=description, licence=licence)
        if slug == HYBRID and not training.survey_questions.exists():
            SurveyQuestion.objects.create(
                training=training,
                text="Vous sentez-vous prêt à animer votre première classe virtuelle ?",
                kind=QuestionKind.YES_NO,
                position=1,
            )
    referente = User.objects.filter(email="referente@justice.gouv.fr").first()
    source = Training.objects.filter(slug=HYBRID).first()
    if referente is None or source is None:
        return 0
    if TrainingCopy.objects.filter(source=source, requested_by=referente).exists():
        return 0
    copy = copy_request(
        actor=referente,
        source=source,
        kind=CopyKind.ADAPTATION,
        title="Concevoir et animer une classe virtuelle (Justice)",
        destination=Entity.objects.get(slug="justice"),
    )
    copy_run(copy_id=copy.pk)
    return 1
