"""Events the accounts app announces to the apps above it (which connect receivers; the
accounts app imports none of them)."""

from django.dispatch import Signal

#: Sent after commit when a person's attachment changed (sign-up, sign-in, e-mail change,
#: an administrator's decision). Kwargs: ``user_id``, ``entity_id`` (the new one, or None).
user_attached = Signal()

#: Sent after commit when a person's typology changed — the optional profile fields
#: ``category``, ``employment_status``, ``gender`` that populations may select on. Kwargs:
#: ``user_id``, ``fields`` (the names of the fields that changed).
user_typology_changed = Signal()
