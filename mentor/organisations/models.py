"""The entity tree (ministries, directions, services, schools, operators...) and the e-mail
domains that identify their agents.

The tree is stored as an adjacency list plus a materialised path (``path``) so that "this
entity and everything under it" is a single indexed ``LIKE 'prefix%'`` query on any database.
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mentor.core.models import TimestampedModel
from mentor.organisations.domains import InvalidDomain, normalise_domain

PATH_STEP = 6  # width of one path segment: "000042."


class EntityKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministère")
    DIRECTION = "direction", _("Direction")
    SERVICE = "service", _("Service")
    INTERMINISTERIAL = "interministerial", _("Direction interministérielle")
    SCHOOL = "school", _("École de service public")
    OPERATOR = "operator", _("Opérateur")


class Article(models.TextChoices):
    """The definite article a French sentence puts before the entity's name ("produite par
    la Direction…", "par l’Agence…"); none for a name that takes none ("Météo-France")."""

    NONE = "", _("aucun (Météo-France)")
    LE = "le", _("le (le Commissariat…)")
    LA = "la", _("la (la Direction…)")
    L = "l’", _("l’ (l’Agence…)")
    LES = "les", _("les (les Services…)")


# "de" + article, as French contracts it: "du Commissariat", "des Services".
_OF = {"": "", "le": "du ", "la": "de la ", "l’": "de l’", "les": "des "}


def with_article(name: str, article: str) -> str:
    """The name preceded by its article ("l’" is elided: no space)."""
    if not article:
        return name
    return f"{article}{name}" if article.endswith("’") else f"{article} {name}"


class EntityQuerySet(models.QuerySet):
    def subtree_of(self, entity: "Entity") -> "EntityQuerySet":
        """The entity and all its descendants."""
        return self.filter(path__startswith=entity.path)

    def subtrees_of(self, entities) -> "EntityQuerySet":
        query = models.Q(pk__in=[])
        for entity in entities:
            query |= models.Q(path__startswith=entity.path)
        return self.filter(query)


class TimeZone(models.TextChoices):
    """The zones of the State's services outside mainland France (Paris is the default)."""

    PARIS = "Europe/Paris", _("Paris (métropole)")
    GUADELOUPE = "America/Guadeloupe", _("Guadeloupe")
    MARTINIQUE = "America/Martinique", _("Martinique")
    GUYANE = "America/Cayenne", _("Guyane")
    REUNION = "Indian/Reunion", _("La Réunion")
    MAYOTTE = "Indian/Mayotte", _("Mayotte")
    SAINT_PIERRE = "America/Miquelon", _("Saint-Pierre-et-Miquelon")
    NOUVELLE_CALEDONIE = "Pacific/Noumea", _("Nouvelle-Calédonie")
    POLYNESIE = "Pacific/Tahiti", _("Polynésie française")
    WALLIS = "Pacific/Wallis", _("Wallis-et-Futuna")


class Entity(TimestampedModel):
    parent = models.ForeignKey(
        "self",
        verbose_name=_("entité parente"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    kind = models.CharField(_("type"), max_length=20, choices=EntityKind.choices)
    name = models.CharField(_("nom"), max_length=255)
    short_name = models.CharField(_("sigle"), max_length=40)
    article = models.CharField(
        _("article"),
        max_length=3,
        choices=Article.choices,
        blank=True,
        help_text=_(
            "L’article que prend le nom dans une phrase : « produite par la Direction… », "
            "« par l’Agence… »."
        ),
    )
    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    description = models.TextField(_("présentation"), blank=True)
    contact_intro = models.TextField(
        _("présentation de l'équipe Mentor"),
        blank=True,
        help_text=_("Affiché sur la page de contact de l'entité."),
    )
    contact_email = models.EmailField(_("adresse de contact"), blank=True)
    time_zone = models.CharField(
        _("fuseau horaire"),
        max_length=40,
        choices=TimeZone.choices,
        blank=True,
        help_text=_(
            "Pour une entité d’outre-mer : ses statistiques d’activité par heure sont lues "
            "à son heure locale. Vide : celui de l’entité parente, sinon Paris."
        ),
    )
    path = models.CharField(_("chemin"), max_length=255, editable=False, db_index=True)
    depth = models.PositiveSmallIntegerField(_("profondeur"), default=0, editable=False)

    objects = EntityQuerySet.as_manager()

    class Meta:
        verbose_name = _("entité")
        verbose_name_plural = _("entités")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:detail", kwargs={"slug": self.slug})

    @property
    def name_with_article(self) -> str:
        """The name as it follows "par" in a sentence: "la Direction du budget",
        "l’Institut…", "Météo-France"."""
        return with_article(self.name, self.article)

    @property
    def name_after_de(self) -> str:
        """The name after "de": "du Commissariat…", "de la Direction…", "de Météo-France"."""
        if self.article in _OF and self.article:
            return f"{_OF[self.article]}{self.name}"
        return f"de {self.name}"

    def is_within(self, other: "Entity") -> bool:
        """True when self is ``other`` or one of its descendants."""
        return self.path.startswith(other.path)

    def clean(self) -> None:
        if self.parent_id and self.pk and self.parent.path.startswith(self.path or "\0"):
            raise ValidationError(
                {"parent": _("Une entité ne peut pas être placée sous elle-même.")}
            )

    @transaction.atomic
    def save(self, *args, **kwargs) -> None:
        """Keep ``path``/``depth`` consistent with ``parent``, for this row and its subtree."""
        old_path = self.path
        if self.pk is None:
            super().save(*args, **kwargs)  # the path is built from the primary key
            args, kwargs = (), {}
        prefix = self.parent.path if self.parent_id else ""
        self.path = f"{prefix}{self.pk:0{PATH_STEP}d}."
        self.depth = self.path.count(".") - 1
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            for child in Entity.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                path = self.path + child.path[len(old_path) :]
                Entity.objects.filter(pk=child.pk).update(path=path, depth=path.count(".") - 1)


class EntityContact(TimestampedModel):
    """A person to reach for an entity's Mentor team (its contact page)."""

    entity = models.ForeignKey(
        Entity, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("entité")
    )
    name = models.CharField(_("nom"), max_length=150)
    role = models.CharField(_("fonction"), max_length=200)
    email = models.EmailField(_("adresse électronique"))
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})"


class EmailDomain(TimestampedModel):
    """An e-mail domain whose addresses (and subdomains) belong to an entity's agents."""

    entity = models.ForeignKey(
        Entity, on_delete=models.CASCADE, related_name="domains", verbose_name=_("entité")
    )
    domain = models.CharField(
        _("domaine"),
        max_length=253,
        unique=True,
        help_text=_("Par exemple justice.gouv.fr ; les sous-domaines sont inclus."),
    )

    class Meta:
        verbose_name = _("domaine de messagerie")
        verbose_name_plural = _("domaines de messagerie")
        ordering = ["domain"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(domain=Lower("domain")),
                name="emaildomain_domain_lowercase",
            )
        ]

    def __str__(self) -> str:
        return self.domain

    def clean(self) -> None:
        try:
            self.domain = normalise_domain(self.domain)
        except InvalidDomain as exc:
            raise ValidationError({"domain": str(exc)}) from exc

    def save(self, *args, **kwargs) -> None:
        self.domain = normalise_domain(self.domain)
        super().save(*args, **kwargs)
