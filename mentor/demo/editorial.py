"""Demo data of the editorial app (idempotent): the committee's account and labels, one
training waiting in the committee's queue and one with a review history, the Justice
space page, the Kit Mentor guides, two calls for projects and the designers' community
(a peer-exchange training whose forum is the learning app's)."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from mentor.accounts.models import AttachmentChange, Role, RoleAssignment, User
from mentor.accounts.services import user_attach
from mentor.catalog.models import Collection, PublicationState, Session, Training
from mentor.catalog.publication import publication_transition
from mentor.catalog.services import training_reindex
from mentor.editorial.applications import application_submit, application_transition
from mentor.editorial.models import (
    Application,
    CallForProjects,
    Label,
    Resource,
    ResourceKind,
    Review,
    ReviewStatus,
    SpaceNews,
    SpacePage,
)
from mentor.editorial.services import label_award, review_decide
from mentor.learning.models import Activity, Section
from mentor.organisations.models import Entity

DEMO_PASSWORD = "mentor-demo-2026"  # noqa: S105 - the documented demo password
COMMITTEE_EMAIL = "comite@fonction-publique.gouv.fr"
#: A committee member for one lead direction (DINUM, "Numérique et SIC" collection).
LEAD_COMMITTEE_EMAIL = "comite@numerique.gouv.fr"
COMMUNITY_SLUG = "communaute-des-acteurs-mentor"

LABELS = [
    ("Label Mentor", "Formation évaluée et labellisée par le comité éditorial."),
    ("Coup de cœur du comité", "Une formation remarquable par sa scénarisation."),
    ("Accessible (RGAA)", "Contenus vérifiés selon le référentiel d’accessibilité RGAA."),
]

RESOURCES = [
    (
        ResourceKind.GUIDE,
        "guide-de-reference-pedagogique",
        "Guide de référence pédagogique",
        "Les principes de conception d’une formation en ligne sur Mentor : scénarisation, "
        "mise en activité, évaluation.",
        "<h2>Scénariser</h2><p>Partez des situations de travail des agents et des objectifs "
        "professionnels visés.</p><h2>Mettre en activité</h2><ul><li>une activité toutes les "
        "dix minutes au plus ;</li><li>des activités variées (quiz, cas pratiques, forum) ;"
        "</li><li>un retour d’expérience en fin de parcours.</li></ul>",
    ),
    (
        ResourceKind.GUIDE,
        "charte-graphique-et-ergonomique",
        "Charte graphique et ergonomique",
        "Couleurs, typographie, illustrations et navigation des formations de l’offre.",
        "<h2>Lisibilité</h2><p>Marianne pour les textes, contrastes conformes au RGAA, "
        "une idée par écran.</p>",
    ),
    (
        ResourceKind.GUIDE,
        "exigences-techniques-scorm",
        "Exigences techniques des modules SCORM",
        "Formats acceptés, poids des paquets, suivi de la progression et du score.",
        "<h2>Formats</h2><p>SCORM 1.2 ou 2004, un paquet de moins de 500 Mo, sans appel "
        "à des ressources hors de la plateforme.</p>",
    ),
    (
        ResourceKind.TEMPLATE,
        "modele-de-fiche-formation",
        "Modèle de fiche formation",
        "Les rubriques attendues d’une fiche : objectifs, public, prérequis, programme.",
        "<p>Reprenez ce modèle pour préparer la fiche avant de la saisir dans Mentor.</p>",
    ),
]


def _user(email: str, first: str, last: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, DEMO_PASSWORD, first_name=first, last_name=last)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        user_attach(user=user, trigger=AttachmentChange.Trigger.SIGNUP)
    return user


def _training(
    slug: str, title: str, producer: Entity, collections, **extra
) -> tuple[Training, bool]:
    training, created = Training.objects.get_or_create(
        slug=slug,
        defaults={
            "title": title,
            "summary": extra.pop("summary"),
            "duration_hours": extra.pop("duration_hours", 3),
            "modality": extra.pop("modality", "self_paced"),
            "producer": producer,
            "state": PublicationState.DRAFT,
            **extra,
        },
    )
    if created:
        training.collections.set(collections)
        training_reindex(training)
    return training, created


@transaction.atomic
def load_demo_editorial() -> int:
    """Returns the number of reviews in the demo."""
    committee = _user(COMMITTEE_EMAIL, "Claire", "Comité")
    RoleAssignment.objects.get_or_create(user=committee, role=Role.EDITORIAL_COMMITTEE, entity=None)
    designer = User.objects.get(email="conceptrice@agriculture.gouv.fr")
    entities = {
        e.slug: e
        for e in Entity.objects.filter(slug__in=["agriculture", "dgafp", "justice", "dinum"])
    }
    lead_member = _user(LEAD_COMMITTEE_EMAIL, "Nadia", "Numérique")
    RoleAssignment.objects.get_or_create(
        user=lead_member, role=Role.EDITORIAL_COMMITTEE, entity=entities["dinum"]
    )
    collections = {c.slug: c for c in Collection.objects.all()}
    labels = [
        Label.objects.get_or_create(name=name, defaults={"description": text})[0]
        for name, text in LABELS
    ]

    # A training waiting in the committee's queue.
    waiting, created = _training(
        "agriculture-manager-en-transition-agroecologique",
        "Manager une équipe dans la transition agroécologique",
        entities["agriculture"],
        [collections["management"]],
        summary="Conduire le changement dans un service déconcentré de l’agriculture : "
        "donner du sens, accompagner les agents, piloter les projets.",
        objectives="<ul><li>Expliquer les enjeux de la transition agroécologique</li>"
        "<li>Accompagner une équipe dans le changement</li></ul>",
        audience="Encadrants des services déconcentrés",
        keywords="management, transition, changement",
        created_by=designer,
    )
    if created:
        publication_transition(actor=designer, training=waiting, action="submit")

    # One waiting in the DINUM's collection: its lead-direction member decides on it.
    justice_designer = User.objects.filter(email="concepteur@justice.gouv.fr").first()
    digital, created = _training(
        "justice-donnees-personnelles-au-quotidien",
        "Protéger les données personnelles au quotidien",
        entities["justice"],
        [collections["numerique-sic"]],
        summary="Les bons réflexes du RGPD pour les agents qui traitent des dossiers de "
        "justiciables : minimiser, sécuriser, répondre aux demandes.",
        audience="Tous les agents",
        keywords="RGPD, données personnelles, sécurité",
        created_by=justice_designer,
    )
    if created and justice_designer is not None:
        publication_transition(actor=justice_designer, training=digital, action="submit")

    # A path with a history: changes requested, fixed, resubmitted and published.
    reviewed, created = _training(
        "agriculture-parcours-securite-sanitaire",
        "Parcours : les fondamentaux de la sécurité sanitaire des aliments",
        entities["agriculture"],
        [collections["organisation-missions-etat-europe"]],
        summary="Un parcours de trois modules pour comprendre les contrôles sanitaires, de la "
        "fourche à la fourchette.",
        is_path=True,
        duration_hours=9,
        modality="tutored",
        audience="Agents des services vétérinaires",
        keywords="sécurité sanitaire, contrôle, alimentation",
        created_by=designer,
    )
    if created:
        publication_transition(actor=designer, training=reviewed, action="submit")
        review_decide(
            actor=committee,
            review=Review.objects.get(training=reviewed, status=ReviewStatus.OPEN),
            decision="request_changes",
            assessments={
                "policy": ("met", ""),
                "pedagogy": ("partly", "Ajoutez une mise en situation à la fin de chaque module."),
                "offer": (
                    "partly",
                    "Articulez le parcours avec « Contrôles sanitaires en abattoir ».",
                ),
            },
            comment="Parcours pertinent ; deux points à reprendre avant publication.",
        )
        reviewed.objectives = (
            "<ul><li>Connaître les acteurs du contrôle sanitaire</li>"
            "<li>S’exercer sur trois mises en situation</li></ul>"
        )
        reviewed.save(update_fields=["objectives"])
        publication_transition(actor=designer, training=reviewed, action="submit")
        review_decide(
            actor=committee,
            review=Review.objects.get(training=reviewed, status=ReviewStatus.OPEN),
            decision="publish",
            assessments={"pedagogy": ("met", "Les mises en situation sont bien venues.")},
            comment="",
        )
        label_award(actor=committee, training=reviewed, label=labels[0])

    _community(entities["dgafp"])
    _justice_space(entities["justice"])
    _resources()
    _applications(committee)
    return Review.objects.count()


def _community(dgafp: Entity) -> None:
    training, created = _training(
        COMMUNITY_SLUG,
        "Communauté des acteurs Mentor",
        dgafp,
        [],
        summary="Le forum d’échange entre pairs des concepteurs, formateurs et "
        "administrateurs de Mentor : pratiques, outils, retours d’expérience.",
        modality="peer_exchange",
        duration_hours=1,
        audience="Concepteurs, formateurs et administrateurs d’espace",
    )
    if not created:
        return
    Training.objects.filter(pk=training.pk).update(
        state=PublicationState.PUBLISHED, published_at=timezone.now()
    )
    today = timezone.localdate()
    Session.objects.create(
        training=training,
        title="Communauté permanente",
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=700),
    )
    section = Section.objects.create(training=training, title="Échanger", position=1)
    Activity.objects.create(
        section=section,
        kind="forum",
        title="Forum de la communauté des concepteurs",
        completion_rule="posted",
        body="<p>Présentez-vous, posez vos questions de conception, partagez vos outils.</p>",
        required=False,
        position=1,
    )


def _justice_space(justice: Entity) -> None:
    page, created = SpacePage.objects.get_or_create(
        entity=justice,
        defaults={
            "intro": "<h2>Se former au ministère de la Justice</h2><p>Retrouvez ici l’offre "
            "interne du ministère, réservée à ses agents, ses actualités et ses contacts.</p>"
        },
    )
    if created:
        page.featured.set(
            Training.objects.filter(
                state=PublicationState.PUBLISHED, owner_entity__path__startswith=justice.path
            )[:3]
        )
        today = timezone.localdate()
        SpaceNews.objects.create(
            entity=justice,
            title="Nouvelle session « Accueil du justiciable »",
            body="<p>Les inscriptions à la session de printemps sont ouvertes.</p>",
            published_on=today - timedelta(days=3),
        )
        SpaceNews.objects.create(
            entity=justice,
            title="Le parcours des nouveaux arrivants s’enrichit",
            body="<p>Deux modules sur la déontologie rejoignent le parcours d’intégration.</p>",
            published_on=today - timedelta(days=20),
        )


def _resources() -> None:
    for position, (kind, slug, title, summary, body) in enumerate(RESOURCES):
        Resource.objects.get_or_create(
            slug=slug,
            defaults={
                "kind": kind,
                "title": title,
                "summary": summary,
                "body": body,
                "published": True,
                "position": position,
            },
        )
    today = timezone.localdate()
    call, _created = CallForProjects.objects.get_or_create(
        slug="appel-a-projets-2027",
        defaults={
            "title": "Appel à projets 2027 : enrichir l’offre interministérielle",
            "summary": "Co-financement par la DGAFP de projets de formation sur le management, "
            "la transition écologique, le développement professionnel et la qualité de vie "
            "au travail.",
            "body": "<h2>Qui peut candidater ?</h2><p>Toute administration de l’État.</p>"
            "<h2>Critères</h2><ul><li>adéquation avec les politiques publiques ;</li>"
            "<li>qualité pédagogique ;</li><li>articulation avec l’offre existante.</li></ul>",
            "opens_on": today - timedelta(days=20),
            "closes_on": today + timedelta(days=70),
            "published": True,
        },
    )
    CallForProjects.objects.get_or_create(
        slug="appel-a-projets-2026",
        defaults={
            "title": "Appel à projets 2026",
            "summary": "Appel clos : les projets retenus sont en cours de production.",
            "opens_on": today - timedelta(days=400),
            "closes_on": today - timedelta(days=300),
            "published": True,
        },
    )


def _applications(committee: User) -> None:
    """Two applications to the open call: one shortlisted by the committee (with its
    message), one just submitted."""
    call = CallForProjects.objects.get(slug="appel-a-projets-2027")
    if call.applications.exists():
        return
    agriculture = User.objects.get(email="conceptrice@agriculture.gouv.fr")
    justice = User.objects.filter(email="concepteur@justice.gouv.fr").first()
    first = application_submit(
        actor=agriculture,
        call=call,
        application=Application(
            project_title="Encadrer la transition agroécologique en service déconcentré",
            description="Un parcours hybride de 9 heures pour les encadrants des DRAAF et "
            "DDT : deux modules en ligne, une classe virtuelle et un retour d’expérience.",
            audience="Encadrants de proximité des services déconcentrés",
            budget_eur=45000,
            training=Training.objects.filter(
                slug="agriculture-manager-en-transition-agroecologique"
            ).first(),
        ),
    )
    application_transition(
        actor=committee,
        application=first,
        action="shortlist",
        comment="Projet présélectionné : précisez le calendrier de production pour le jury.",
    )
    if justice is not None:
        application_submit(
            actor=justice,
            call=call,
            application=Application(
                project_title="Accueillir le justiciable en situation de handicap",
                description="Des cas pratiques filmés et un quiz pour les agents d’accueil des "
                "juridictions.",
                audience="Agents d’accueil des juridictions",
                budget_eur=30000,
            ),
        )
