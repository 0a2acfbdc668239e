"""Demo accounts to try every role. Documented in the README; never loaded in production."""

from allauth.account.models import EmailAddress
from django.db import transaction

from mentor.accounts.models import AttachmentChange, Role, User
from mentor.accounts.services import role_grant, user_attach
from mentor.organisations.models import Entity

DEMO_PASSWORD = "mentor-demo-2026"  # noqa: S105  (demo data, documented in the README)

DEMO_ACCOUNTS = [
    # email, first name, last name, role, scope slug
    ("admin@fonction-publique.gouv.fr", "Camille", "Administratrice", Role.PLATFORM_ADMIN, None),
    ("referente@justice.gouv.fr", "Nadia", "Référente", Role.SPACE_ADMIN, "justice"),
    ("conceptrice@agriculture.gouv.fr", "Léa", "Conceptrice", Role.DESIGNER, "agriculture"),
    ("concepteur@justice.gouv.fr", "Karim", "Concepteur", Role.DESIGNER, "justice"),
    ("tuteur@finances.gouv.fr", "Hugo", "Tuteur", Role.TUTOR, "economie"),
    ("agent@justice.gouv.fr", "Thomas", "Agent", None, None),
    ("agente@interieur.gouv.fr", "Inès", "Agente", None, None),
    ("prestataire@gmail.com", "Paul", "Prestataire", None, None),
]


@transaction.atomic
def load_demo_accounts() -> int:
    system = None
    for email, first_name, last_name, role, _scope in DEMO_ACCOUNTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email, DEMO_PASSWORD, first_name=first_name, last_name=last_name
            )
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
            user_attach(user=user, trigger=AttachmentChange.Trigger.SIGNUP)
        if role == Role.PLATFORM_ADMIN:
            if not user.is_superuser:
                user.is_superuser = user.is_staff = True
                user.save(update_fields=["is_superuser", "is_staff"])
            system = user
    for email, _first, _last, role, scope in DEMO_ACCOUNTS:
        if role and role != Role.PLATFORM_ADMIN:
            entity = Entity.objects.get(slug=scope)
            role_grant(actor=system, user=User.objects.get(email=email), role=role, entity=entity)
    return len(DEMO_ACCOUNTS)
