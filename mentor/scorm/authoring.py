"""Designers' side of SCORM: the card on the course page (what each import found), and the
options of a SCORM activity (attempts, grading, completion on exit, display)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from mentor.core.permissions import can
from mentor.learning.authoring_parts import AuthoringPart, register_authoring_part
from mentor.learning.models import Activity, ActivityKind
from mentor.scorm.models import ACTIVITY_PACKAGE, Options, activity_package
from mentor.scorm.services import options_of, options_save


@register_authoring_part("scorm", order=3)
def scorm_card(*, training) -> AuthoringPart | None:
    """Each SCORM activity's import report: version, title, SCO count, size, warnings."""
    activities = list(
        Activity.objects.filter(
            section__training=training, kind=ActivityKind.SCORM, scorm_package_link__isnull=False
        )
        .select_related(ACTIVITY_PACKAGE)
        .order_by("section__position", "position", "pk")
    )
    if not activities:
        return None
    counts = {}
    for activity in activities:
        package = activity_package(activity)
        scos = list(package.scos.all()) if package is not None else []
        counts[activity.pk] = len([sco for sco in scos if sco.launch_path])
    return AuthoringPart(
        template="scorm/_authoring_card.html",
        data={"rows": [(a, activity_package(a), counts[a.pk]) for a in activities]},
    )


class OptionsForm(forms.ModelForm):
    class Meta:
        model = Options
        fields = (
            "max_attempts",
            "attempt_policy",
            "grading",
            "completion_attempt",
            "force_completed",
            "display",
        )
        widgets = {
            "max_attempts": forms.NumberInput(attrs={"class": "fr-input", "min": 1}),
            "attempt_policy": forms.Select(attrs={"class": "fr-select"}),
            "grading": forms.Select(attrs={"class": "fr-select"}),
            "completion_attempt": forms.Select(attrs={"class": "fr-select"}),
            "display": forms.Select(attrs={"class": "fr-select"}),
        }

    def clean_max_attempts(self):
        value = self.cleaned_data["max_attempts"]
        if value == 0:
            raise forms.ValidationError(_("Indiquez au moins une tentative, ou laissez vide."))
        return value


@login_required
def options(request: HttpRequest, activity_id: int) -> HttpResponse:
    """The options of a SCORM activity and its import report, for the course's authors."""
    activity = (
        Activity.objects.select_related(ACTIVITY_PACKAGE, "section__training")
        .filter(pk=activity_id, kind=ActivityKind.SCORM)
        .first()
    )
    if activity is None or not can(
        request.user, "learning.author_training", activity.section.training
    ):
        raise Http404
    form = OptionsForm(request.POST or None, instance=options_of(activity))
    if request.method == "POST" and form.is_valid():
        options_save(activity=activity, data=form.cleaned_data, actor=request.user)
        messages.success(request, _("Options du module SCORM enregistrées."))
        return redirect(request.path)
    package = activity_package(activity)
    scos = list(package.scos.all()) if package else []
    return render(
        request,
        "scorm/options.html",
        {
            "activity": activity,
            "training": activity.section.training,
            "package": package,
            "scos": scos,
            "sco_count": len([sco for sco in scos if sco.launch_path]),
            "form": form,
        },
    )
