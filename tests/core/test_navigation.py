"""The navigation registry (``core.navigation``) the shell and the lower apps' pages read
their upper links from: who sees which link, in which order, marked current when."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory

from mentor.accounts.models import Role
from mentor.accounts.services import role_grant
from mentor.core import navigation
from mentor.core.navigation import Link, register_link, register_provider, signed_in
from tests.factories import UserFactory, role_holder


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


def _header(html: str) -> str:
    return html[html.index('id="fr-navigation"') : html.index("</header>")]


@pytest.mark.django_db
class TestSharedThroughTheProcess:
    """The shell's links and fragments are kept per audience (language, sign-in, flags,
    roles) in the process: whoever came first, each person sees their own."""

    @pytest.mark.parametrize("first", ["designer", "agent", "admin", "visitor"])
    def test_each_person_sees_their_own_links_whoever_came_first(
        self, client, justice, platform_admin, first
    ):
        agent = UserFactory(entity=justice, first_name="Aline", last_name="Agent")
        designer = role_holder(
            Role.DESIGNER, justice, actor=platform_admin, first_name="Denis", last_name="Designer"
        )
        people = {"designer": designer, "agent": agent, "admin": platform_admin, "visitor": None}
        order = [first, *(name for name in people if name != first)]
        pages = {}
        for name in order:
            client.logout()
            if people[name] is not None:
                client.force_login(people[name])
            pages[name] = client.get("/mes-formations/").content.decode()
            pages[name] = client.get("/formations/").content.decode()  # another current link

        assert "Mes conceptions" in _header(pages["designer"])
        assert "Mes conceptions" not in _header(pages["agent"])
        assert "Administration" in _header(pages["admin"])
        assert "Administration" not in _header(pages["designer"])
        assert "Mon profil" not in _header(pages["visitor"])
        # The person's name is never shared: it is in no cached fragment.
        assert "Aline" in pages["agent"] and "Denis" not in pages["agent"]
        assert "Denis" in pages["designer"] and "Aline" not in pages["designer"]
        for page in pages.values():  # the current link is the page's, not the first's
            current = _header(page).split('aria-current="page"')
            assert len(current) == 2 and "Offre de formation" in current[1][:40]

    def test_a_role_granted_shows_its_links_at_once(self, client, justice, platform_admin):
        person = UserFactory(entity=justice)
        client.force_login(person)
        assert "Mes conceptions" not in _header(client.get("/").content.decode())
        role_grant(actor=platform_admin, user=person, role=Role.DESIGNER, entity=justice)
        assert "Mes conceptions" in _header(client.get("/").content.decode())

    def test_the_language_is_part_of_the_audience(self, client):
        assert "Offre de formation" in _header(client.get("/formations/").content.decode())
        client.post("/i18n/setlang/", {"language": "en", "next": "/"})
        english = _header(client.get("/formations/").content.decode())
        assert "Training offer" in english and "Offre de formation" not in english
        client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
        assert "Offre de formation" in _header(client.get("/formations/").content.decode())

    def test_a_link_registered_later_shows(self, slot):
        request = _request()
        assert navigation.links(slot, request) == []
        register_link(slot, "late", label="L", url="catalog:home")
        assert [link.label for link in navigation.links(slot, _request())] == ["L"]
