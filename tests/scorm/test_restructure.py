"""Packages imported before multi-SCO support (one placeholder SCO) get their whole tree
from their stored manifest: ``manage.py scorm_restructure``, idempotent, data kept."""

from io import StringIO

import pytest
from django.core.management import call_command

from mentor.scorm.models import Attempt, Package, Runtime, Sco
from mentor.scorm.services import package_restructure
from tests.scorm.multisco import multi_12
from tests.scorm.test_structure import _course

pytestmark = pytest.mark.django_db


def _as_before_multi_sco(activity, enrolment) -> Sco:
    """What migration 0003 left: one SCO "ITEM-1" at the launch page, played once."""
    package = activity.scorm_package_link.package
    package.scos.all().delete()
    placeholder = Sco.objects.create(
        package=package,
        identifier="ITEM-1",
        title=package.title,
        launch_path=package.launch_path,
    )
    attempt = Attempt.objects.create(enrolment=enrolment, activity=activity, completed=True)
    Runtime.objects.create(
        enrolment=enrolment,
        activity=activity,
        attempt=attempt,
        sco=placeholder,
        lesson_status="completed",
        suspend_data="page=3",
    )
    return placeholder


def _run() -> str:
    out = StringIO()
    call_command("scorm_restructure", stdout=out, stderr=StringIO())
    return out.getvalue()


def test_the_tree_comes_back_and_the_learners_data_stays():
    enrolment, activity, _scos = _course(multi_12())
    placeholder = _as_before_multi_sco(activity, enrolment)

    assert "updated: 1, unchanged: 0, failed: 0" in _run()

    scos = list(activity.scorm_package_link.package.scos.order_by("position"))
    assert [s.identifier for s in scos] == [
        "ITEM-INTRO",
        "ITEM-QUIZ",
        "ITEM-CH2",
        "ITEM-END",
        "ITEM-NOTE",
    ]
    assert scos[0].pk == placeholder.pk  # the same row: its runtime data is kept
    assert Runtime.objects.get().sco_id == placeholder.pk
    assert scos[3].parent_id == scos[2].pk
    assert str(scos[1].mastery_score) == "70.00"

    assert "updated: 0, unchanged: 1, failed: 0" in _run()  # idempotent


def test_an_item_gone_from_the_manifest_is_hidden_if_played_else_deleted():
    enrolment, activity, scos = _course(multi_12())
    package = activity.scorm_package_link.package
    played = Sco.objects.create(package=package, identifier="OLD", title="Ancien", launch_path="x")
    Sco.objects.create(package=package, identifier="UNUSED", title="Inutile")
    attempt = Attempt.objects.create(enrolment=enrolment, activity=activity)
    Runtime.objects.create(enrolment=enrolment, activity=activity, attempt=attempt, sco=played)

    assert package_restructure(package=package) is True

    played.refresh_from_db()
    assert (played.visible, played.launch_path) == (False, "")
    assert not Sco.objects.filter(identifier="UNUSED").exists()
    assert package_restructure(package=package) is False


def test_a_package_without_its_files_is_reported_not_fatal():
    _enrolment, activity, _scos = _course(multi_12())
    Package.objects.filter(pk=activity.scorm_package_link.package_id).update(
        storage_prefix="scorm/absent"
    )
    out, err = StringIO(), StringIO()

    call_command("scorm_restructure", stdout=out, stderr=err)

    assert f"Package {activity.scorm_package_link.package_id} " in err.getvalue()
    assert "failed: 1" in out.getvalue()
