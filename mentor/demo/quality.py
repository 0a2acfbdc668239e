"""Demo quality self-assessments: the Agriculture designer assessed the hybrid "classe
virtuelle" training at each phase, and the radar shows its progress. Idempotent: skipped
when the training already has assessments."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from mentor.accounts.models import User
from mentor.catalog.models import Training
from mentor.quality.models import Assessment, Rating
from mentor.quality.selectors import active_grid, grid_criteria
from mentor.quality.services import assessment_create

TRAINING = "concevoir-et-animer-une-classe-virtuelle"
DESIGNER = "conceptrice@agriculture.gouv.fr"
# (phase, days ago, how many criteria in 10 are fully met / partly met, comment)
HISTORY = [
    ("framing", 120, 5, 3, "Cadrage validé avec le commanditaire ; accessibilité à budgéter."),
    ("design", 60, 6, 3, "Scénario revu après l’atelier avec les formateurs."),
    ("production", 10, 8, 1, "Tests utilisateurs faits ; reste le test au lecteur d’écran."),
]


def _rating(i: int, fully: int, partly: int) -> str:
    slot = (i * 7) % 10
    if slot < fully:
        return Rating.FULLY
    if slot < fully + partly:
        return Rating.PARTLY
    return Rating.NOT_APPLICABLE if slot == 9 else Rating.NOT


@transaction.atomic
def load_demo_quality() -> int:
    training = Training.objects.filter(slug=TRAINING).first()
    designer = User.objects.filter(email=DESIGNER).first()
    grid = active_grid()
    if training is None or designer is None or grid is None:
        return 0
    if Assessment.objects.filter(training=training).exists():
        return 0
    now = timezone.now()
    for phase, days_ago, fully, partly, comment in HISTORY:
        criteria = grid_criteria(grid=grid, phase=phase)
        assessment = assessment_create(
            actor=designer,
            training=training,
            phase=phase,
            ratings={c.pk: _rating(i, fully, partly) for i, c in enumerate(criteria)},
            comment=comment,
        )
        Assessment.objects.filter(pk=assessment.pk).update(
            created_at=now - timedelta(days=days_ago)
        )
    return len(HISTORY)
