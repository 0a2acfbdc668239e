"""The navigation registry (``core.navigation``) the shell and the lower apps' pages read
their upper links from: who sees which link, in which order, marked current when."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory

from mentor.core import navigation
from mentor.core.navigation import Link, register_link, register_provider, signed_in
from tests.factories import UserFactory


def _request(path="/", user=None):
    request = RequestFactory().get(path)
    request.user = user or AnonymousUser()
    return request


@pytest.fixture
def slot():
    name = "test.slot"
    yield name
    navigation._SLOTS.pop(name, None)


def test_links_follow_their_order_predicate_and_match(slot):
    register_link(slot, "b", order=20, label="B", url="catalog:list")
    register_link(slot, "a", order=10, label="A", url="catalog:home", match="exact")
    register_link(slot, "mine", order=30, label="M", url="enrolments:mine", when=signed_in)
    register_link(slot, "help", order=40, label="H", url="help:index", fragment="#x")

    anonymous = navigation.links(slot, _request("/formations/x/"))
    assert [(link.label, link.current) for link in anonymous] == [
        ("A", False),
        ("B", True),
        ("H", False),
    ]
    assert anonymous[-1].url.endswith("#x")
    assert navigation.links(slot, _request("/"))[0].current


@pytest.mark.django_db
def test_a_provider_gets_the_page_context_and_may_give_several_links(slot):
    @register_provider(slot, "each")
    def each(request, *, items, **context):
        return [Link(label=str(i), url=f"/{i}/", name=f"n{i}") for i in items]

    register_link(slot, "signed", label="S", url="catalog:home", when=signed_in)
    user = UserFactory()
    assert [link.url for link in navigation.links(slot, _request(user=user), items=[1, 2])] == [
        "/1/",
        "/2/",
        "/",
    ]
    html = Template(
        '{% load mentor %}{% nav_url "test.slot" "n2" items=items as u %}[{{ u }}]'
        '{% nav_url "test.slot" "none" items=items as v %}[{{ v }}]'
    ).render(Context({"request": _request(), "items": [1, 2]}))
    assert html == "[/2/][]"


def test_an_empty_slot_or_no_request_gives_nothing():
    assert navigation.links("nobody.registered", _request()) == []
    assert navigation.links("header", None) == []


@pytest.mark.django_db
def test_the_header_shows_each_person_their_links():
    labels = lambda request: [str(link.label) for link in navigation.links("header", request)]  # noqa: E731
    assert labels(_request()) == [
        "Accueil",
        "Offre de formation",
        "Parcours",
        "Ministères et partenaires",
    ]
    agent = labels(_request(user=UserFactory()))
    assert agent[:5] == [
        "Accueil",
        "Offre de formation",
        "Parcours",
        "Mes formations",
        "Mes fichiers",
    ]
    assert agent[-2:] == ["Ministères et partenaires", "Mon profil"]
    assert "Pilotage" not in agent and "Mes conceptions" not in agent
