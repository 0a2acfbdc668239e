import pytest
from django.core.exceptions import ValidationError

from mentor.organisations.models import Entity
from mentor.organisations.selectors import entity_for_email
from mentor.organisations.services import entity_upsert


class TestEntityForEmail:
    def test_the_ministry_domain_attaches_to_the_ministry(self, justice, penitentiaire):
        assert entity_for_email("claire.martin@justice.gouv.fr") == justice

    def test_a_more_specific_domain_wins(self, justice, penitentiaire):
        assert entity_for_email("paul@dap.justice.gouv.fr") == penitentiaire

    def test_subdomains_are_included(self, justice, penitentiaire):
        assert entity_for_email("paul@lyon.dap.justice.gouv.fr") == penitentiaire
        assert entity_for_email("paul@ca-paris.justice.gouv.fr") == justice

    def test_case_and_trailing_dot_are_normalised(self, justice):
        assert entity_for_email("Paul@JUSTICE.Gouv.FR.") == justice

    @pytest.mark.parametrize(
        "email", ["paul@gmail.com", "paul@notjustice.gouv.fr", "paul@gouv.fr", "garbage", ""]
    )
    def test_anything_else_is_no_entity(self, justice, email):
        assert entity_for_email(email) is None

    def test_it_takes_one_query(self, justice, penitentiaire, django_assert_num_queries):
        with django_assert_num_queries(1):
            entity_for_email("a@b.c.dap.justice.gouv.fr")


class TestTree:
    def test_subtree_contains_the_entity_and_its_descendants_only(
        self, justice, penitentiaire, agriculture
    ):
        service = entity_upsert(
            slug="dap-sud", name="DISP Sud", short_name="DISP", kind="service", parent=penitentiaire
        )
        assert set(Entity.objects.subtree_of(justice)) == {justice, penitentiaire, service}
        assert service.is_within(justice) and not service.is_within(agriculture)

    def test_moving_an_entity_moves_its_subtree(self, justice, penitentiaire, agriculture):
        service = entity_upsert(
            slug="dap-sud", name="DISP Sud", short_name="DISP", kind="service", parent=penitentiaire
        )
        penitentiaire.parent = agriculture
        penitentiaire.save()
        service.refresh_from_db()
        assert service.is_within(agriculture)
        assert service.depth == 2

    def test_an_entity_cannot_be_put_under_itself(self, justice, penitentiaire):
        justice.parent = penitentiaire
        with pytest.raises(ValidationError):
            justice.full_clean()

    def test_upsert_is_idempotent(self, justice):
        again = entity_upsert(
            slug="justice",
            name="Ministère de la Justice",
            short_name="MJ",
            kind="ministry",
            domains=["JUSTICE.gouv.fr."],
        )
        assert again.pk == justice.pk
        assert list(again.domains.values_list("domain", flat=True)) == ["justice.gouv.fr"]
