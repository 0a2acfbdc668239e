from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from mentor.catalog.search import MAX_QUERY_LENGTH
from mentor.core.permissions import can
from mentor.help import selectors, services
from mentor.help.context_processors import SESSION_KEY
from mentor.help.forms import ContactForm

_VOTED = "help_faq_voted"


def index(request: HttpRequest) -> HttpResponse:
    query = (request.GET.get("q") or "").replace("\x00", " ").strip()[:MAX_QUERY_LENGTH]
    return render(
        request,
        "help/index.html",
        {
            "query": query,
            "results": selectors.faq_search(query=query) if query else None,
            "categories": selectors.faq_categories() if not query else [],
            "voted": set(request.session.get(_VOTED, [])),
            "may_design": can(request.user, "catalog.add_training"),
        },
    )


@require_POST
def vote(request: HttpRequest, entry_id: int) -> HttpResponse:
    """ "Cette réponse vous a-t-elle aidé ?": counted once per browser session."""
    voted = request.session.get(_VOTED, [])
    if entry_id not in voted and services.faq_vote(
        entry_id=entry_id, helpful=request.POST.get("helpful") == "1"
    ):
        request.session[_VOTED] = [*voted, entry_id][-200:]
    messages.success(request, _("Merci pour votre avis."))
    return redirect(f"{reverse('help:index')}#faq-{entry_id}")


@login_required
@require_http_methods(["GET", "POST"])
def contact(request: HttpRequest) -> HttpResponse:
    form = ContactForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            ticket = services.contact_request_create(
                user=request.user,
                topic=form.cleaned_data["topic"],
                message=form.cleaned_data["message"],
                attachment=form.cleaned_data["attachment"],
            )
        except services.HelpError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _(
                    "Votre demande %(ticket)s a été transmise à %(who)s. Un accusé de réception "
                    "vous a été envoyé ; vous la retrouvez dans votre profil."
                )
                % {"ticket": ticket.ticket, "who": ticket.get_routed_to_display().lower()},
            )
            return redirect("help:contact")
    return render(request, "help/contact.html", {"form": form})


@login_required
@require_POST
def tour_seen(request: HttpRequest) -> JsonResponse:
    tour = request.POST.get("tour", "")
    services.tour_seen(user=request.user, tour=tour)
    pending = request.session.get(SESSION_KEY, "").split()
    request.session[SESSION_KEY] = " ".join(t for t in pending if t != tour)
    return JsonResponse({"ok": True})
