from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from mentor.organisations.models import Entity
from mentor.organisations.selectors import entity_get_for_contact_page, entity_tree


def entity_list(request: HttpRequest) -> HttpResponse:
    return render(request, "organisations/entity_list.html", {"entities": entity_tree()})


def entity_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        entity = entity_get_for_contact_page(slug=slug)
    except Entity.DoesNotExist as exc:
        raise Http404 from exc
    return render(request, "organisations/entity_detail.html", {"entity": entity})
