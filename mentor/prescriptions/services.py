"""Campaigns: creation (with the population file checked line by line), opening (set-based
assignment), late joiners, completion, and the batched, resumable e-mails.

Scale: a national campaign targets 2.5 M agents. Assignments are created by one
``INSERT … SELECT`` (no ORM object per agent), and e-mails are sent by workers in batches
claimed with ``SELECT … FOR UPDATE SKIP LOCKED``; each assignment records what it was sent,
so a restarted worker resumes where the last one stopped and never sends twice (the only
window is one message accepted by the mail server while the worker dies before its
``UPDATE``).
"""

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    CharField,
    Count,
    DateTimeField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mentor.accounts.models import Category, EmploymentStatus, Gender, Role, User
from mentor.accounts.permissions import (
    administers,
    is_platform_admin,
    scope_roots,
    users_visible_to,
)
from mentor.audit.services import audit_record
from mentor.catalog.models import PublicationState, Session, SessionState, Training
from mentor.catalog.selectors import ancestor_ids, open_sessions_q
from mentor.catalog.services import session_save
from mentor.core.errors import Refusal
from mentor.core.export_jobs import export_job_start
from mentor.core.models import ExportJob
from mentor.core.permissions import can
from mentor.core.tasks import task_dispatch
from mentor.enrolments.services import EnrolmentError, enrolment_create
from mentor.learning.earlier_work import (
    completed_since,
    counting_completions,
    equivalent_training_ids,
    validity_cutoff,
)
from mentor.learning.models import Completion
from mentor.organisations.models import Entity
from mentor.prescriptions.exports import FOLLOW_UP_EXPORT
from mentor.prescriptions.models import MAX_VALIDITY_MONTHS, Assignment, Campaign, CampaignState
from mentor.prescriptions.selectors import follow_up_store

MAX_LINES = 200_000
MAX_ERRORS_SHOWN = 50
UNSUBSCRIBE_SALT = "prescriptions.reminders-off"
HEADER_WORDS = {
    "email",
    "e-mail",
    "courriel",
    "adresse",
    "adresse électronique",
    "mail",
    "identifiant",
    "identifiant agent",
    "matricule",
    "agent_id",
}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ADDRESS = re.compile(r"^[^@\s;,]+@[^@\s;,]+\.[^@\s;,]+$")
#: An agent identifier (the HR system's number, ``User.agent_id``): letters, digits, and
#: ``. _ / -`` inside, at most 40 characters.
AGENT_ID = re.compile(r"^[0-9a-z](?:[0-9a-z._/-]{0,38}[0-9a-z])?$")


class PrescriptionError(Refusal):
    """A rule of prescriptions said no; nothing changed."""


class PopulationFileError(PrescriptionError):
    """The uploaded list has bad lines: all of them are listed, nothing was created."""

    def __init__(self, message: str, errors: list[str]) -> None:
        super().__init__(message)
        self.errors = errors


# --- The population file -----------------------------------------------------------------


@dataclass
class _Line:
    number: int
    key: str  # the address or the agent identifier, lower-cased
    by_agent_id: bool
    value: str  # as written, for the messages


@dataclass
class PopulationFile:
    user_ids: list[int] = field(default_factory=list)
    lines: int = 0


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PopulationFileError(
            _(
                "Le fichier n'est pas encodé en UTF-8. Enregistrez-le au format « CSV UTF-8 » "
                "puis importez-le de nouveau."
            ),
            [],
        ) from exc


def _is_header(key: str) -> bool:
    """A first line such as « courriel », « Matricule » or « courriel ou matricule »."""
    return key in HEADER_WORDS or (
        "@" not in key and any(word in key for word in ("courriel", "matricule", "identifiant"))
    )


def _keys_source(keys: list[str]) -> RawSQL:
    """The file's keys as a one-column table the database joins on: a single parameter (an
    array, or a JSON list on SQLite) whatever the number of lines."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::text[])", [keys])
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(keys)])


def _accounts_for(keys: list[str], *, column: str, visible) -> dict[str, list[tuple[int, bool]]]:
    """Active accounts whose ``lower(column)`` is one of ``keys`` — found through the
    ``lower(…)`` indexes of accounts, in one query —, each with whether the actor may
    prescribe to them (a State agent of the actor's scope): ``{key: [(pk, ok), …]}``."""
    if not keys:
        return {}
    accounts = User.objects.annotate(key=Lower(column)).filter(
        key__in=_keys_source(keys), is_active=True
    )
    if column == "agent_id":
        accounts = accounts.exclude(agent_id="")  # what the partial index covers
    rows = accounts.annotate(
        in_scope=Exists(visible.filter(pk=OuterRef("pk"), entity__isnull=False))
    ).values_list("key", "pk", "in_scope")
    found: dict[str, list[tuple[int, bool]]] = {}
    for key, pk, in_scope in rows.order_by("pk"):
        found.setdefault(key, []).append((pk, bool(in_scope)))
    return found


def population_file_parse(*, actor: User, data: bytes) -> PopulationFile:
    """Read a CSV of people — e-mail addresses or agent identifiers (``User.agent_id``, the
    HR system's number), one per line, in the first non-empty cell; ``;`` or ``,``; optional
    header; UTF-8 with or without BOM — and resolve each line to an agent the actor may
    prescribe to.

    Every bad line is reported (format, formula, duplicate — the same line twice, or the
    same person by address and by identifier —, unknown address or identifier, an
    identifier shared by several agents, outside the actor's scope, not a State agent) in
    one ``PopulationFileError``; nothing is returned unless every line is good. Set-based:
    two queries (addresses, identifiers) whatever the number of lines."""
    text = _decode(data)
    rows = text.splitlines()
    if len(rows) > MAX_LINES:
        raise PopulationFileError(
            _("Le fichier compte plus de %(n)s lignes : découpez-le.") % {"n": MAX_LINES}, []
        )
    # Each message is translated once, then filled per line (100,000 lines, one lookup).
    says = {
        "formula": _("une formule n'est pas une adresse électronique ni un identifiant agent"),
        "format": _("« %(v)s » n'est ni une adresse électronique ni un identifiant agent"),
        "again": _("%(e)s figure déjà ligne %(n)s"),
        "same": _("%(e)s désigne la même personne que la ligne %(n)s"),
        "no_account": _("aucun compte Mentor pour %(e)s"),
        "no_agent": _("aucun agent n'a l'identifiant %(e)s"),
        "shared": _(
            "l'identifiant %(e)s est celui de plusieurs agents : indiquez leur adresse électronique"
        ),
        "outside": _("%(e)s n'est pas un agent de votre périmètre"),
        "line": _("ligne %(n)s : %(m)s"),
    }
    first = next((r for r in rows if r.strip()), "")
    delimiter = ";" if first.count(";") >= first.count(",") and ";" in first else ","
    errors: list[tuple[int, str]] = []
    lines: list[_Line] = []
    seen: dict[str, int] = {}
    for number, cells in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
        value = next((c.strip() for c in cells if c.strip()), "")
        if not value:
            continue
        if value.startswith(FORMULA_START):
            errors.append((number, says["formula"]))
            continue
        key = value.lower()
        if not lines and not errors and _is_header(key):
            continue
        # Permissive on purpose: accounts exist with non-ASCII local parts (« chloé@… »)
        # that Django's validate_email refuses; the lookup below finds or reports them.
        by_agent_id = "@" not in key
        if not (AGENT_ID if by_agent_id else ADDRESS).match(key):
            errors.append((number, says["format"] % {"v": value[:80]}))
            continue
        if key in seen:
            errors.append((number, says["again"] % {"e": value[:80], "n": seen[key]}))
            continue
        seen[key] = number
        lines.append(_Line(number, key, by_agent_id, value[:80]))
    visible = users_visible_to(actor)
    by_email = _accounts_for(
        [line.key for line in lines if not line.by_agent_id], column="email", visible=visible
    )
    by_agent_ids = _accounts_for(
        [line.key for line in lines if line.by_agent_id], column="agent_id", visible=visible
    )
    result = PopulationFile(lines=len(lines))
    person_line: dict[int, int] = {}
    for line in lines:
        accounts = (by_agent_ids if line.by_agent_id else by_email).get(line.key, [])
        mine = [pk for pk, ok in accounts if ok]
        named = {"e": line.value}
        if not accounts:
            errors.append(
                (line.number, says["no_agent" if line.by_agent_id else "no_account"] % named)
            )
        elif len(mine) > 1:  # an identifier only: addresses are unique
            errors.append((line.number, says["shared"] % named))
        elif not mine:
            errors.append((line.number, says["outside"] % named))
        elif mine[0] in person_line:
            errors.append((line.number, says["same"] % {**named, "n": person_line[mine[0]]}))
        else:
            person_line[mine[0]] = line.number
            result.user_ids.append(mine[0])
    if errors:
        errors.sort()
        shown = [says["line"] % {"n": n, "m": m} for n, m in errors[:MAX_ERRORS_SHOWN]]
        if len(errors) > MAX_ERRORS_SHOWN:
            shown.append(
                _("… et %(n)s autres lignes en erreur.") % {"n": len(errors) - MAX_ERRORS_SHOWN}
            )
        raise PopulationFileError(
            _("%(n)s ligne(s) du fichier sont en erreur : rien n'a été créé.") % {"n": len(errors)},
            shown,
        )
    if not result.user_ids:
        raise PopulationFileError(
            _("Le fichier ne contient aucune adresse électronique ni aucun identifiant agent."), []
        )
    return result


# --- Campaigns -----------------------------------------------------------------------------


def prescribable_trainings(*, actor: User):
    """Published trainings the actor may prescribe: the interministerial offer, and the
    internal offers of entities they administer (all of them for a platform admin)."""
    published = Training.objects.filter(state=PublicationState.PUBLISHED)
    if is_platform_admin(actor):
        return published
    roots = scope_roots(actor, Role.SPACE_ADMIN)
    internal = Q(pk__in=[])
    for root in roots:
        internal |= Q(owner_entity__path__startswith=root.path)
    return published.filter(Q(owner_entity__isnull=True) | internal)


def _offsets(raw: str) -> str:
    parts = [p.strip() for p in (raw or "").replace(";", ",").split(",") if p.strip()]
    values = set()
    for part in parts:
        if not part.isdigit() or not 1 <= int(part) <= 365:
            raise PrescriptionError(
                _(
                    "Relances : indiquez des nombres de jours entre 1 et 365, séparés par des virgules."
                )
            )
        values.add(int(part))
    return ",".join(str(v) for v in sorted(values, reverse=True))


#: Typology criteria: the campaign's field, and the choices of the ``accounts.User`` field.
TYPOLOGY = {
    "category": ("categories", Category),
    "employment_status": ("employment_statuses", EmploymentStatus),
    "gender": ("genders", Gender),
}


def _typology(typology: dict[str, list[str]]) -> dict[str, str]:
    """Check the typology values against the profile fields' choices; the campaign's
    fields (comma-separated values) in return."""
    fields = {}
    for name, values in typology.items():
        if name not in TYPOLOGY:
            raise PrescriptionError(_("Critère de typologie inconnu : %(n)s.") % {"n": name})
        field_name, choices = TYPOLOGY[name]
        chosen = sorted({v for v in values if v})
        unknown = [v for v in chosen if v not in choices.values]
        if unknown:
            raise PrescriptionError(
                _("Valeur inconnue pour ce critère : %(v)s.") % {"v": ", ".join(unknown)}
            )
        if chosen:
            fields[field_name] = ",".join(chosen)
    return fields


@transaction.atomic
def campaign_create(
    *,
    actor: User,
    title: str,
    training: Training,
    kind: str,
    message: str,
    starts_on: date,
    due_on: date,
    entities: list[Entity],
    listed_user_ids: list[int],
    session: Session | None = None,
    enrol_directly: bool = False,
    reminder_offsets: str = "14,7,1",
    typology: dict[str, list[str]] | None = None,
    dedicated_session: bool = False,
    validity_months: int | None = None,
) -> Campaign:
    """Create a campaign; it opens at once when it starts today (assignments and e-mails
    then follow in the background), else the daily task opens it on its start date.

    Raises ``PrescriptionError`` (nothing created) on a date in the past, an empty
    population, an entity or a training outside the actor's scope, a session of another
    training."""
    if not can(actor, "prescriptions.add_campaign"):
        raise PermissionDenied
    today = timezone.localdate()
    if starts_on < today:
        raise PrescriptionError(_("La date de début ne peut pas être passée."))
    if due_on <= starts_on:
        raise PrescriptionError(_("L'échéance doit suivre la date de début."))
    if validity_months is not None and not 1 <= validity_months <= MAX_VALIDITY_MONTHS:
        raise PrescriptionError(
            _("La validité des acquis doit être comprise entre 1 mois et 50 ans.")
        )
    if not entities and not listed_user_ids:
        raise PrescriptionError(
            _("Choisissez au moins une entité ou importez une liste de personnes.")
        )
    typology_fields = _typology(typology or {})
    if typology_fields and not entities:
        raise PrescriptionError(
            _(
                "Un critère de typologie (catégorie, statut, genre) s'applique aux entités "
                "choisies : choisissez au moins une entité."
            )
        )
    if not is_platform_admin(actor) and not all(administers(actor, e) for e in entities):
        raise PrescriptionError(_("Une des entités choisies est hors de votre périmètre."))
    if not prescribable_trainings(actor=actor).filter(pk=training.pk).exists():
        raise PrescriptionError(_("Vous ne pouvez pas prescrire cette formation."))
    if session is not None and session.training_id != training.pk:
        raise PrescriptionError(_("Cette session n'appartient pas à la formation choisie."))
    if dedicated_session:
        if session is not None:
            raise PrescriptionError(
                _("Choisissez une session existante ou une session dédiée, pas les deux.")
            )
        session = _dedicated_session(actor, training, title, starts_on, due_on)
    owner = None
    if not is_platform_admin(actor):
        roots = scope_roots(actor, Role.SPACE_ADMIN)
        owner = next((r for r in roots if entities and entities[0].is_within(r)), roots[0])
    campaign = Campaign.objects.create(
        title=title.strip(),
        training=training,
        kind=kind,
        message=message.strip(),
        starts_on=starts_on,
        due_on=due_on,
        session=session,
        enrol_directly=enrol_directly,
        reminder_offsets=_offsets(reminder_offsets),
        validity_months=validity_months,
        owner_entity=owner,
        created_by=actor,
        **typology_fields,
    )
    campaign.entities.set(entities)
    through = Campaign.listed_users.through
    through.objects.bulk_create(
        [through(campaign_id=campaign.pk, user_id=pk) for pk in listed_user_ids],
        batch_size=5000,
    )
    audit_record(
        actor=actor,
        action="prescriptions.create_campaign",
        target=campaign,
        entity=owner,
        data={
            "training": training.pk,
            "entities": [e.pk for e in entities],
            "listed": len(listed_user_ids),
            "due_on": due_on.isoformat(),
            "typology": campaign.typology,
            "validity_months": validity_months,
        },
    )
    if starts_on <= today:
        campaign_id = campaign.pk
        transaction.on_commit(lambda: _dispatch_open(campaign_id), robust=True)
    return campaign


def _dedicated_session(
    actor: User, training: Training, title: str, starts_on: date, due_on: date
) -> Session:
    """A session of the training for this campaign only, from its start to its due date,
    without a seat limit, created through the catalog (so only who may edit the training's
    sessions may ask for one)."""
    session = Session(
        training=training,
        title=(_("Campagne « %(t)s »") % {"t": title.strip()})[:200],
        starts_on=starts_on,
        ends_on=due_on,
        capacity=None,
        state=SessionState.OPEN,
    )
    try:
        return session_save(actor=actor, session=session)
    except PermissionDenied as exc:
        raise PrescriptionError(
            _(
                "Vous ne pouvez pas créer de session pour cette formation : choisissez une "
                "session existante ou « la session ouverte qui a des places »."
            )
        ) from exc
    except ValidationError as exc:
        raise PrescriptionError(" ".join(exc.messages)) from exc


def _dispatch_open(campaign_id: int) -> None:
    # Late import: tasks import this module (a real cycle between two modules of one app).
    from mentor.prescriptions.tasks import campaign_open_task  # noqa: PLC0415

    task_dispatch(campaign_open_task, campaign_id=campaign_id)


def _dispatch_emails(
    campaign_id: int, kind: str = "opening", offset: int | None = None, *, chains: int = 0
) -> None:
    """Queue the sending as ``chains`` parallel chains (``PRESCRIPTIONS_EMAIL_CHAINS`` by
    default): several workers then send one campaign at once, each claiming batches no
    other holds (``_claim``). Inline (no broker), one chain does it all."""
    from mentor.prescriptions.tasks import campaign_emails_task  # noqa: PLC0415  (cycle)

    if settings.CELERY_TASK_ALWAYS_EAGER:
        chains = 1
    for _chain in range(max(1, chains or settings.PRESCRIPTIONS_EMAIL_CHAINS)):
        task_dispatch(campaign_emails_task, campaign_id=campaign_id, kind=kind, offset=offset)


def _population_q(campaign: Campaign) -> Q:
    """The listed people, and the people of the targeted entities' subtrees who match the
    campaign's typology (if any).

    The subtrees are resolved to entity ids first (one small query on the entity tree), so
    the people are selected by ``entity_id IN (…)`` — an index lookup — instead of one
    ``path LIKE`` per targeted entity OR'd on a join for every agent of the country."""
    through = Campaign.listed_users.through
    query = Q(pk__in=through.objects.filter(campaign_id=campaign.pk).values("user_id"))
    paths = [entity.path for entity in campaign.entities.all()]
    if not paths:
        return query
    within = Q()
    for path in paths:
        within |= Q(path__startswith=path)
    entity_ids = list(Entity.objects.filter(within).values_list("pk", flat=True))
    subtrees = Q(entity_id__in=entity_ids)
    for name, values in campaign.typology.items():
        subtrees &= Q(**{f"{name}__in": values})
    return query | subtrees


def assignments_create(
    *, campaign: Campaign, source: str, user_ids: list[int] | None = None
) -> int:
    """Assign the campaign's population (or the given people of it) who are not assigned
    yet, set-based; people who already completed the training, in any session, are
    assigned as done. Idempotent. Returns the number of new assignments.

    Two statements, whatever the population: one ``INSERT … SELECT`` of the people
    (selected by ``entity_id IN (…)``, see ``_population_q``), then one ``UPDATE`` that
    marks done those who completed the training — a correlated subquery evaluated only for
    that training's completers, not once per agent of the country (measured: 7 s of the
    national SELECT at 300,000 agents)."""
    users = User.objects.filter(_population_q(campaign), is_active=True, entity__isnull=False)
    if user_ids is not None:
        users = users.filter(pk__in=user_ids)
    select = (
        users.exclude(
            Exists(Assignment.objects.filter(campaign_id=campaign.pk, user=OuterRef("pk")))
        )
        .annotate(
            a_campaign=Value(campaign.pk, output_field=IntegerField()),
            a_user=F("pk"),
            a_source=Value(source, output_field=CharField()),
            a_at=Value(timezone.now(), output_field=DateTimeField()),
            a_off=Value(False, output_field=BooleanField()),
        )
        .values_list("a_campaign", "a_user", "a_source", "a_at", "a_off")
        .order_by()
    )
    sql, params = select.query.sql_with_params()
    table = connection.ops.quote_name(Assignment._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (campaign_id, user_id, source, assigned_at, "  # noqa: S608
            f"reminders_off) {sql} ON CONFLICT DO NOTHING",
            params,
        )
        created = max(cursor.rowcount, 0)
    if created:
        Campaign.objects.filter(pk=campaign.pk).update(assigned_count=F("assigned_count") + created)
        _mark_earlier_completions(campaign, user_ids)
    return created


def _mark_earlier_completions(campaign: Campaign, user_ids: list[int] | None) -> int:
    """Assignments of people who completed the training before — in any session, or an
    equivalent training, within the campaign's validity (the learning paths' carry-over
    rules, ``learning.earlier_work``) — are done, at the date of their first completion
    that counts. Withdrawn completions (a revoked attestation) count for nothing. One
    ``UPDATE`` whatever the population."""
    cutoff = validity_cutoff(months=campaign.validity_months, today=timezone.localdate())
    of_training = counting_completions(
        Completion.objects.filter(
            completed_since(cutoff),
            enrolment__session__training_id__in=equivalent_training_ids(campaign.training_id),
        )
    )
    first = (
        of_training.filter(enrolment__user=OuterRef("user_id"))
        .order_by("completed_at")
        .values("completed_at")[:1]
    )
    assignments = Assignment.objects.filter(
        campaign_id=campaign.pk,
        done_at__isnull=True,
        user_id__in=of_training.values("enrolment__user_id"),
    )
    if user_ids is not None:
        assignments = assignments.filter(user_id__in=user_ids)
    return assignments.update(done_at=Subquery(first, output_field=DateTimeField()))


@transaction.atomic
def campaign_open(*, campaign_id: int) -> int:
    """Open the campaign: assign its population, then queue the opening e-mails.
    Idempotent: opening again only assigns who is missing. Returns the new assignments."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign_id)
    if campaign.state == CampaignState.CLOSED:
        return 0
    created = assignments_create(campaign=campaign, source=Assignment.Source.OPENING)
    if campaign.state != CampaignState.OPEN:
        campaign.state = CampaignState.OPEN
        campaign.opened_at = timezone.now()
        campaign.save(update_fields=["state", "opened_at", "updated_at"])
    transaction.on_commit(lambda: _dispatch_emails(campaign_id), robust=True)
    if created >= ANALYZE_AFTER and connection.vendor == "postgresql":
        # Millions of new rows: fresh statistics before the sending's first claim (the
        # planner otherwise believes the campaign has none and sorts them all per batch).
        transaction.on_commit(_analyze_assignments)
    return created


ANALYZE_AFTER = 50_000


def _analyze_assignments() -> None:
    table = connection.ops.quote_name(Assignment._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {table}")


@transaction.atomic
def campaign_close(*, actor: User, campaign: Campaign) -> bool:
    """Withdraw a campaign: no more e-mails, reminders or late assignments, and it leaves
    its agents' "Mes formations" (their enrolments stay theirs). Idempotent; audited.
    Returns False when it was already closed."""
    if not can(actor, "prescriptions.change_campaign", campaign):
        raise PermissionDenied
    closed = Campaign.objects.filter(pk=campaign.pk).exclude(state=CampaignState.CLOSED)
    if not closed.update(state=CampaignState.CLOSED):
        return False
    campaign.state = CampaignState.CLOSED
    audit_record(
        actor=actor,
        action="prescriptions.close_campaign",
        target=campaign,
        entity=campaign.owner_entity,
    )
    return True


@transaction.atomic
def assignments_for_person(*, user_id: int) -> int:
    """Re-evaluate one person against the open campaigns, live, when something that decides
    populations changed for them: their attachment (a new account, a move) or their
    typology (category, status, gender). Every open campaign not past its due date whose
    population now includes them — through a targeted entity's subtree and the campaign's
    typology, or because the campaign's file lists them — assigns them; their opening
    e-mail follows. A few queries whatever the number of campaigns' agents.

    Leaving a population does not withdraw an assignment: what was prescribed stays
    prescribed (the campaign's owner may close the campaign)."""
    user = (
        User.objects.select_related("entity")
        .filter(pk=user_id, is_active=True, entity__isnull=False)
        .first()
    )
    if user is None or user.entity is None:
        return 0
    through = Campaign.listed_users.through
    covering = Q(entities__in=ancestor_ids(user.entity)) | Q(
        pk__in=through.objects.filter(user_id=user_id).values("campaign_id")
    )
    campaigns = (
        Campaign.objects.filter(
            covering, state=CampaignState.OPEN, due_on__gte=timezone.localdate()
        )
        .exclude(pk__in=Assignment.objects.filter(user_id=user_id).values("campaign_id"))
        .distinct()
        .order_by("pk")
    )
    total = 0
    for campaign in campaigns:
        created = assignments_create(
            campaign=campaign, source=Assignment.Source.LATER, user_ids=[user_id]
        )
        if created:
            # One person: one chain.
            transaction.on_commit(partial(_dispatch_emails, campaign.pk, chains=1), robust=True)
        total += created
    return total


def assignments_for_newcomer(*, user_id: int, entity_id: int | None) -> int:
    """Someone was attached to ``entity_id`` (a new account, a move): see
    ``assignments_for_person``."""
    if entity_id is None:
        return 0
    return assignments_for_person(user_id=user_id)


def assignments_mark_done(*, user_id: int, training_id: int, at) -> int:
    """The person completed the training: every open assignment of it (or of a training it
    is equivalent to) is done."""
    return Assignment.objects.filter(
        user_id=user_id,
        campaign__training_id__in=equivalent_training_ids(training_id),
        done_at__isnull=True,
    ).update(done_at=at)


# --- E-mails -------------------------------------------------------------------------------


def unsubscribe_token(assignment: Assignment) -> str:
    return signing.dumps(assignment.pk, salt=UNSUBSCRIBE_SALT)


@transaction.atomic
def assignment_reminders_off(*, token: str) -> Assignment:
    """Stop the reminders of one assignment (signed link in every e-mail). The obligation
    stays: the training is still listed, with its due date, in "Mes formations"."""
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as exc:
        raise PrescriptionError(_("Ce lien de désabonnement n'est pas valide.")) from exc
    assignment = Assignment.objects.select_related("campaign").filter(pk=pk).first()
    if assignment is None:
        raise PrescriptionError(_("Ce lien de désabonnement n'est pas valide."))
    if not assignment.reminders_off:
        assignment.reminders_off = True
        assignment.save(update_fields=["reminders_off"])
    return assignment


def _not_reminded_lately() -> Q:
    """Nobody gets two manual reminders of one campaign within the interval."""
    since = timezone.now() - timedelta(seconds=settings.PRESCRIPTIONS_RELAUNCH_INTERVAL)
    return Q(reminded_at__isnull=True) | Q(reminded_at__lt=since)


def _pending(kind: str, offset: int | None) -> Q:
    if kind == "opening":
        return Q(opening_sent_at__isnull=True, done_at__isnull=True)
    if kind == "relaunch":  # ``offset`` is the campaign's relaunch round
        return (
            Q(done_at__isnull=True, reminders_off=False, opening_sent_at__isnull=False)
            & (Q(relaunch_sent_for__isnull=True) | Q(relaunch_sent_for__lt=offset))
            & _not_reminded_lately()
        )
    return Q(done_at__isnull=True, reminders_off=False, opening_sent_at__isnull=False) & (
        Q(reminder_sent_for__isnull=True) | Q(reminder_sent_for__gt=offset)
    )


def _claim(campaign_id: int, pending: Q, size: int) -> list[int]:
    """Take a batch no other worker holds (rows locked by one are skipped, not waited for),
    and lease it: a worker that dies leaves its batch to others once the lease ends.

    Safe with any number of parallel chains: on PostgreSQL a row another claim is locking
    is skipped (``SKIP LOCKED``), and one it has just leased is re-checked against the
    lease once its lock is released, so it is skipped too; on SQLite the transaction takes
    the write lock first (``transaction_mode = IMMEDIATE``), so claims run one at a time."""
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            Assignment.objects.select_for_update(skip_locked=True)
            .filter(pending, campaign_id=campaign_id)
            .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
            .order_by("pk")
            .values_list("pk", flat=True)[:size]
        )
        lease = timedelta(seconds=settings.PRESCRIPTIONS_CLAIM_LEASE)
        Assignment.objects.filter(pk__in=ids).update(claimed_until=now + lease)
    return ids


def _session_for(campaign: Campaign) -> Session | None:
    if campaign.session_id:
        return campaign.session
    return (
        Session.objects.filter(open_sessions_q(), training_id=campaign.training_id)
        .order_by("starts_on", "pk")
        .first()
    )


def _message(assignment: Assignment, kind: str, offset: int | None) -> EmailMessage:
    campaign = assignment.campaign
    context = {
        "user": assignment.user,
        "campaign": campaign,
        "training": campaign.training,
        "offset": offset,
        "link": settings.SITE_URL + reverse("prescriptions:go", kwargs={"pk": campaign.pk}),
        "unsubscribe": settings.SITE_URL
        + reverse("prescriptions:reminders_off", kwargs={"token": unsubscribe_token(assignment)}),
    }
    template = "reminder" if kind in ("relaunch", "personal") else kind
    body = render_to_string(f"prescriptions/email/{template}.txt", context)
    if kind == "opening":
        subject = _("[Mentor] Formation %(kind)s : %(title)s") % {
            "kind": campaign.get_kind_display().lower(),
            "title": campaign.training.title,
        }
    else:
        subject = _("[Mentor] Rappel : %(title)s à terminer avant le %(due)s") % {
            "title": campaign.training.title,
            "due": campaign.due_on.strftime("%d/%m/%Y"),
        }
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [assignment.user.email])
    message.extra_headers["List-Unsubscribe"] = f"<{context['unsubscribe']}>"
    return message


_SENT_FIELDS = {
    "opening": ("opening_sent_at",),
    "relaunch": ("relaunch_sent_for", "reminded_at"),
    "reminder": ("reminder_sent_for", "reminded_at"),
}


def _sent_values(kind: str, offset: int | None, now) -> dict:
    if kind == "opening":
        return {"opening_sent_at": now}
    field_name = "relaunch_sent_for" if kind == "relaunch" else "reminder_sent_for"
    return {field_name: offset, "reminded_at": now}


def campaign_emails_send(
    *, campaign_id: int, kind: str = "opening", offset: int | None = None, batch_size: int = 200
) -> int:
    """Send one batch of the campaign's opening e-mails (or its reminders for ``offset``
    days before the due date, or a relaunch round). Returns the number sent.

    Never twice, even if the worker dies at any instant: each assignment is marked sent
    (committed) *before* its message goes to the mail server, and unmarked if the server
    refuses it or the connection fails while this worker is alive (the rest of the batch is
    then released for the next attempt). SMTP cannot make a delivery and a database write
    one atomic step, so the one message in flight when a worker is killed is counted as sent
    whether or not the server got it: at most one person per crash may miss that e-mail
    (the training stays in their "Mes formations", and reminders follow); nobody gets two."""
    if Campaign.objects.filter(pk=campaign_id, state=CampaignState.CLOSED).exists():
        return 0  # withdrawn meanwhile: the rest is not sent
    ids = _claim(campaign_id, _pending(kind, offset), batch_size)
    if not ids:
        return 0
    assignments = list(
        Assignment.objects.filter(pk__in=ids)
        .select_related("user", "campaign__training", "campaign__session")
        .order_by("pk")
    )
    campaign = assignments[0].campaign
    session = _session_for(campaign) if kind == "opening" and campaign.enrol_directly else None
    sent = 0
    remaining = set(ids)
    try:
        with get_connection() as mail:
            for assignment in assignments:
                if session is not None:
                    try:
                        enrolment_create(user=assignment.user, session_id=session.pk)
                    except EnrolmentError:
                        pass  # full or closed meanwhile: the direct link lets them choose
                message = _message(assignment, kind, offset)
                row = Assignment.objects.filter(pk=assignment.pk)
                row.update(**_sent_values(kind, offset, timezone.now()), claimed_until=None)
                remaining.discard(assignment.pk)
                try:
                    mail.send_messages([message])
                except BaseException:
                    # Refused or failed while alive: not delivered, so not sent.
                    row.update(
                        **{f: getattr(assignment, f) for f in _SENT_FIELDS[kind]},
                        claimed_until=None,
                    )
                    raise
                sent += 1
    finally:
        if remaining:
            Assignment.objects.filter(pk__in=remaining).update(claimed_until=None)
    return sent


def campaign_summary_send(*, campaign_id: int) -> bool:
    """Once every opening e-mail is out, tell the campaign's author what happened (assigned,
    already done, e-mails sent). Sent once: the conditional UPDATE elects a single sender
    even if two workers finish together. Returns True when this call sent it."""
    if Assignment.objects.filter(_pending("opening", None), campaign_id=campaign_id).exists():
        return False
    claimed = Campaign.objects.filter(
        pk=campaign_id, summary_sent_at__isnull=True, created_by__isnull=False
    ).update(summary_sent_at=timezone.now())
    if not claimed:
        return False
    campaign = Campaign.objects.select_related("created_by", "training").get(pk=campaign_id)
    author = campaign.created_by
    if author is None:  # the author's account was deleted meanwhile
        return False
    figures = Assignment.objects.filter(campaign_id=campaign_id).aggregate(
        assigned=Count("pk"),
        done=Count("pk", filter=Q(done_at__isnull=False)),
        sent=Count("pk", filter=Q(opening_sent_at__isnull=False)),
    )
    context = {
        "campaign": campaign,
        "figures": figures,
        "link": settings.SITE_URL + campaign.get_absolute_url(),
    }
    subject = _("[Mentor] Campagne ouverte : %(title)s") % {"title": campaign.title}
    body = render_to_string("prescriptions/email/summary.txt", context)
    get_connection().send_messages(
        [EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [author.email])]
    )
    return True


@transaction.atomic
def campaign_relaunch(*, actor: User, campaign: Campaign) -> int:
    """Remind again, now, everyone who has not finished (overdue once the due date has
    passed) and has not refused reminders. Each click is a new round: a person gets one
    e-mail per round, sent in the background like the others. Audited. Returns how many
    people the round targets."""
    if not can(actor, "prescriptions.change_campaign", campaign):
        raise PermissionDenied
    if campaign.state != CampaignState.OPEN:
        raise PrescriptionError(_("Seule une campagne ouverte peut être relancée."))
    Campaign.objects.filter(pk=campaign.pk).update(relaunch_round=F("relaunch_round") + 1)
    campaign.refresh_from_db(fields=["relaunch_round"])
    round_ = campaign.relaunch_round
    targeted = Assignment.objects.filter(_pending("relaunch", round_), campaign=campaign).count()
    audit_record(
        actor=actor,
        action="prescriptions.relaunch",
        target=campaign,
        entity=campaign.owner_entity,
        data={"round": round_, "targeted": targeted},
    )
    campaign_id = campaign.pk
    transaction.on_commit(lambda: _dispatch_emails(campaign_id, "relaunch", round_), robust=True)
    return targeted


@transaction.atomic
def assignment_relaunch(*, actor: User, assignment: Assignment) -> Assignment:
    """Remind one person now ("Relancer" on their line of the follow-up). Refused — with
    the reason, in French — when the campaign is not open, the person has finished, refused
    reminders, has not had the opening e-mail yet, or was reminded (or personally relaunched)
    less than ``PRESCRIPTIONS_RELAUNCH_INTERVAL`` ago. The row lock makes a double click one
    request. Audited; the e-mail leaves in the background."""
    locked = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("user", "campaign")
        .get(pk=assignment.pk)
    )
    campaign = locked.campaign
    if not can(actor, "prescriptions.change_campaign", campaign):
        raise PermissionDenied
    since = timezone.now() - timedelta(seconds=settings.PRESCRIPTIONS_RELAUNCH_INTERVAL)
    if campaign.state != CampaignState.OPEN:
        raise PrescriptionError(_("Seule une campagne ouverte peut être relancée."))
    if locked.done_at is not None:
        raise PrescriptionError(_("Cette personne a terminé la formation."))
    if locked.reminders_off:
        raise PrescriptionError(
            _("Cette personne a refusé les relances de cette formation : elle reste prescrite.")
        )
    if locked.opening_sent_at is None:
        raise PrescriptionError(
            _("Le courriel d'ouverture n'est pas encore parti : il part avant toute relance.")
        )
    last = locked.last_relaunch
    if last is not None and last > since:
        hours = settings.PRESCRIPTIONS_RELAUNCH_INTERVAL // 3600
        raise PrescriptionError(
            _(
                "%(who)s a déjà été relancé(e) le %(when)s : une seule relance par période de "
                "%(h)s h."
            )
            % {
                "who": locked.user.get_full_name() or locked.user.email,
                "when": timezone.localtime(last).strftime("%d/%m/%Y à %H:%M"),
                "h": hours,
            }
        )
    locked.personal_relaunch_at = timezone.now()
    locked.save(update_fields=["personal_relaunch_at"])
    audit_record(
        actor=actor,
        action="prescriptions.relaunch_person",
        target=campaign,
        entity=campaign.owner_entity,
        data={"assignment": locked.pk, "user": locked.user_id},
    )
    assignment_id = locked.pk
    transaction.on_commit(lambda: _dispatch_personal(assignment_id), robust=True)
    return locked


def _dispatch_personal(assignment_id: int) -> None:
    from mentor.prescriptions.tasks import assignment_relaunch_task  # noqa: PLC0415  (cycle)

    task_dispatch(assignment_relaunch_task, assignment_id=assignment_id)


def assignment_relaunch_send(*, assignment_id: int) -> bool:
    """Send the personal reminder asked for, once: under the row's lock, and only while it
    is pending (``reminded_at`` recorded in the same transaction). Nothing is sent if the
    person finished, refused reminders or the campaign was closed meanwhile. Returns True
    when it sent."""
    with transaction.atomic():
        assignment = (
            Assignment.objects.select_for_update(of=("self",))
            .select_related("user", "campaign__training")
            .filter(pk=assignment_id)
            .first()
        )
        if (
            assignment is None
            or not assignment.personal_relaunch_pending
            or assignment.done_at is not None
            or assignment.reminders_off
            or assignment.campaign.state != CampaignState.OPEN
        ):
            return False
        get_connection().send_messages([_message(assignment, "personal", None)])
        assignment.reminded_at = timezone.now()
        assignment.save(update_fields=["reminded_at"])
    return True


def campaigns_daily() -> dict[str, list[int]]:
    """What the daily beat does: open the campaigns starting today, queue the reminders
    due today, and resume any sending left unfinished. Idempotent."""
    today = timezone.localdate()
    opened = list(
        Campaign.objects.filter(state=CampaignState.SCHEDULED, starts_on__lte=today).values_list(
            "pk", flat=True
        )
    )
    for pk in opened:
        _dispatch_open(pk)
    reminded = []
    for campaign in Campaign.objects.filter(state=CampaignState.OPEN, due_on__gte=today):
        days = (campaign.due_on - today).days
        # The largest offset already reached: a missed day still sends the next one.
        reached = [o for o in campaign.offsets if o >= days]
        if reached:
            _dispatch_emails(campaign.pk, "reminder", min(reached))
            reminded.append(campaign.pk)
        if campaign.assignments.filter(_pending("opening", None)).exists():
            _dispatch_emails(campaign.pk)
    return {"opened": opened, "reminded": reminded}


def campaigns_resume() -> list[int]:
    """Queue again the opening e-mails of every open campaign that still has some to send
    (a worker starting after another died: sending resumes at once, not at the next hourly
    beat). Idempotent: two chains of one campaign share its rows without sending twice."""
    pending = Assignment.objects.filter(_pending("opening", None), campaign_id=OuterRef("pk"))
    resumed = list(
        Campaign.objects.filter(state=CampaignState.OPEN)
        .filter(Exists(pending))
        .values_list("pk", flat=True)
    )
    for pk in resumed:
        _dispatch_emails(pk)
    return resumed


@transaction.atomic
def campaign_export_start(*, actor: User, campaign: Campaign, only_late: bool) -> ExportJob:
    """Queue the follow-up's CSV (everyone, or the people not finished) for a worker; the
    file is private to ``actor`` (``core.export_jobs``). Audited when it is asked for."""
    if not can(actor, "prescriptions.view_campaign", campaign):
        raise PermissionDenied
    audit_record(
        actor=actor,
        action="prescriptions.export_campaign",
        target=campaign,
        entity=campaign.owner_entity,
        data={"only_late": only_late},
    )
    return export_job_start(
        actor=actor,
        kind=FOLLOW_UP_EXPORT,
        params={"campaign": campaign.pk, "late": only_late},
    )


def campaign_follow_up_refresh(*, campaign_id: int) -> None:
    """Compute a large campaign's follow-up (figures, progress, people not finished) in the
    worker and keep it in the shared cache for the campaign's pages."""
    campaign = Campaign.objects.select_related("training").filter(pk=campaign_id).first()
    if campaign is not None:
        follow_up_store(campaign)


def campaign_follow_up_request(*, campaign_id: int) -> None:
    """Ask the worker for a fresh follow-up of a large campaign, once per period whatever
    the number of people looking at the page."""
    from mentor.prescriptions.tasks import campaign_follow_up_task  # noqa: PLC0415  (cycle)

    key = f"prescriptions:follow-up-asked:{campaign_id}"
    if cache.add(key, 1, timeout=settings.PRESCRIPTIONS_FIGURES_MAX_AGE):
        task_dispatch(campaign_follow_up_task, campaign_id=campaign_id)
