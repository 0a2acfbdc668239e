"""Users, their attachment to an entity, its history, and scoped roles."""

from django.conf import settings
from django.contrib.auth.models import (
    AbstractBaseUser,
    AnonymousUser,
    BaseUserManager,
    PermissionsMixin,
)
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from mentor.core.models import TimestampedModel


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username: str):
        """The account Django's ``ModelBackend`` checks a password against, read with what
        the rest of the sign-in asks about it (``selectors.user_for_sign_in``)."""
        from mentor.accounts.selectors import user_for_sign_in  # noqa: PLC0415  (selectors import us)

        return user_for_sign_in(email=username)


class Category(models.TextChoices):
    A_PLUS = "A+", _("A+")
    A = "A", _("A")
    B = "B", _("B")
    C = "C", _("C")


class EmploymentStatus(models.TextChoices):
    TITULAIRE = "titulaire", _("Titulaire")
    CONTRACTUEL = "contractuel", _("Contractuel")
    OTHER = "other", _("Autre")


class Gender(models.TextChoices):
    FEMALE = "female", _("Femme")
    MALE = "male", _("Homme")
    OTHER = "other", _("Autre")
    UNDISCLOSED = "undisclosed", _("Je préfère ne pas répondre")


class AttachmentSource(models.TextChoices):
    AUTOMATIC = "automatic", _("Automatique (domaine de l'adresse électronique)")
    OVERRIDE = "override", _("Décision d'un administrateur")


class User(AbstractBaseUser, PermissionsMixin):
    """A person with a Mentor account. Signs in with their e-mail address.

    ``entity`` is never chosen by the user: it is derived from the e-mail domain (see
    ``services.user_attach``) unless an administrator overrode it. A user with an entity is
    a State agent; without one, an "other user".
    """

    email = models.EmailField(_("adresse électronique"), unique=True)
    first_name = models.CharField(_("prénom"), max_length=150, blank=True)
    last_name = models.CharField(_("nom"), max_length=150, blank=True)
    entity = models.ForeignKey(
        "organisations.Entity",
        verbose_name=_("entité de rattachement"),
        null=True,
        blank=True,
        # Deleting an entity must never detach people without a trace in their history.
        on_delete=models.PROTECT,
        related_name="members",
    )
    attachment_source = models.CharField(
        _("origine du rattachement"),
        max_length=20,
        choices=AttachmentSource.choices,
        default=AttachmentSource.AUTOMATIC,
    )
    category = models.CharField(_("catégorie"), max_length=2, choices=Category.choices, blank=True)
    employment_status = models.CharField(
        _("statut"), max_length=20, choices=EmploymentStatus.choices, blank=True
    )
    gender = models.CharField(_("genre"), max_length=20, choices=Gender.choices, blank=True)
    agent_id = models.CharField(
        _("identifiant agent (SIRH)"),
        max_length=40,
        blank=True,
        help_text=_("Le matricule de l’agent dans le système d’information RH, s’il est connu."),
    )
    is_staff = models.BooleanField(
        _("accès à l'administration"),
        default=False,
        help_text=_("Donné automatiquement aux administrateurs d'espace et de la plateforme."),
    )
    is_active = models.BooleanField(_("actif"), default=True)
    date_joined = models.DateTimeField(_("date d'inscription"), default=timezone.now)
    erased_at = models.DateTimeField(_("données personnelles effacées le"), null=True, blank=True)
    #: Raised by "Se déconnecter de toutes mes sessions": part of the session auth hash, so
    #: every session opened before is refused at its next request.
    session_epoch = models.PositiveIntegerField(default=0, editable=False)
    #: When the "your inactive account will be deleted" notice went (data retention); the
    #: account is deleted a month later unless its owner signed in since.
    inactivity_notice_at = models.DateTimeField(
        _("avertissement d'inactivité envoyé le"), null=True, blank=True, editable=False
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        indexes = [
            models.Index(fields=["entity", "date_joined"]),
            # Case-insensitive look-ups (population files, invitations): ``lower(email)``
            # and ``lower(agent_id)`` (only where known) are found by index, not by a scan.
            models.Index(Lower("email"), name="accounts_user_email_lower"),
            models.Index(
                Lower("agent_id"),
                name="accounts_user_agent_id_lower",
                condition=~models.Q(agent_id=""),
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def _get_session_auth_hash(self, secret=None):
        # Django's hash of the password, plus the session epoch once raised: unchanged for
        # sessions of users who never signed out everywhere (no mass logout at upgrade).
        key_salt = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"
        value = self.password if not self.session_epoch else f"{self.password}:{self.session_epoch}"
        return salted_hmac(key_salt, value, secret=secret, algorithm="sha256").hexdigest()

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.email

    @property
    def is_state_agent(self) -> bool:
        return self.entity_id is not None


class AttachmentChange(models.Model):
    """One change of a user's attachment: who, when, from, to, why. Never updated."""

    class Trigger(models.TextChoices):
        SIGNUP = "signup", _("Inscription")
        SIGNIN = "signin", _("Connexion")
        EMAIL_CHANGE = "email_change", _("Changement d'adresse électronique")
        OVERRIDE = "override", _("Décision d'un administrateur")
        OVERRIDE_CLEARED = "override_cleared", _("Retour au rattachement automatique")
        DOMAIN_CHANGE = "domain_change", _("Modification des domaines d'une entité")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="attachment_history",
        verbose_name=_("utilisateur"),
    )
    created_at = models.DateTimeField(_("date"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("modifié par"),
    )
    from_entity = models.ForeignKey(
        "organisations.Entity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ancienne entité"),
    )
    to_entity = models.ForeignKey(
        "organisations.Entity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("nouvelle entité"),
    )
    trigger = models.CharField(_("déclencheur"), max_length=20, choices=Trigger.choices)
    reason = models.TextField(_("motif"), blank=True)

    class Meta:
        verbose_name = _("changement de rattachement")
        verbose_name_plural = _("historique des rattachements")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        # Read in the admin (entities selected there); never a raw id or "None".
        before = self.from_entity.short_name if self.from_entity_id else _("aucune entité")
        after = self.to_entity.short_name if self.to_entity_id else _("aucune entité")
        when = timezone.localtime(self.created_at).strftime("%d/%m/%Y") if self.created_at else ""
        return f"{when} : {before} → {after}".strip(" :")


class Role(models.TextChoices):
    TUTOR = "tutor", _("Tuteur / formateur")
    DESIGNER = "designer", _("Concepteur")
    SPACE_ADMIN = "space_admin", _("Administrateur d'espace")
    EDITORIAL_COMMITTEE = "editorial_committee", _("Comité éditorial")
    PLATFORM_ADMIN = "platform_admin", _("Administrateur de la plateforme")


#: Roles that act on an entity's subtree and so require one.
SCOPED_ROLES = {Role.TUTOR, Role.DESIGNER, Role.SPACE_ADMIN}
#: Roles held either nationally (no entity) or on an entity's subtree: a member of the
#: editorial committee is national (DGAFP) or speaks for a collection's lead direction.
OPTIONALLY_SCOPED_ROLES = {Role.EDITORIAL_COMMITTEE}
#: Roles that give access to the Django administration.
STAFF_ROLES = {Role.SPACE_ADMIN, Role.PLATFORM_ADMIN}


class RoleAssignment(TimestampedModel):
    """A role held by a user, scoped to an entity and its sub-entities where relevant.

    Being an agent is not a role: it follows from the attachment.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("utilisateur"),
    )
    role = models.CharField(_("rôle"), max_length=32, choices=Role.choices)
    entity = models.ForeignKey(
        "organisations.Entity",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("périmètre"),
        help_text=_("L'entité et ses sous-entités. Vide pour les rôles nationaux."),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("attribué par"),
    )

    class Meta:
        verbose_name = _("rôle attribué")
        verbose_name_plural = _("rôles attribués")
        ordering = ["user_id", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "entity"], name="roleassignment_unique_scoped"
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(entity__isnull=True),
                name="roleassignment_unique_national",
            ),
        ]

    def __str__(self) -> str:
        scope = f" — {self.entity.short_name}" if self.entity_id else ""
        return f"{self.get_role_display()}{scope}"


#: Whoever makes a request: a signed-in user or a visitor (selectors that serve visitors).
AnyUser = User | AnonymousUser
