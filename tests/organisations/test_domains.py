"""Domain normalisation and the longest-suffix rule, checked as properties."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentor.organisations.domains import (
    InvalidDomain,
    domain_suffixes,
    email_domain,
    longest_suffix_match,
    normalise_domain,
)

label = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?", fullmatch=True)
domain = st.lists(label, min_size=1, max_size=5).map(".".join)


@given(domain)
def test_normalisation_is_idempotent(value):
    assert normalise_domain(normalise_domain(value)) == normalise_domain(value)


@given(domain, st.integers(min_value=0, max_value=3), st.booleans())
def test_case_trailing_dots_and_at_sign_do_not_matter(value, dots, at):
    noisy = ("@" if at else "") + value.upper() + "." * dots
    assert normalise_domain(noisy) == value


@given(domain)
def test_suffixes_run_from_the_domain_to_its_top_level_label(value):
    suffixes = domain_suffixes(value)
    assert suffixes[0] == value
    assert suffixes[-1] == value.rsplit(".", 1)[-1]
    assert all(value.endswith(s) for s in suffixes)
    assert [len(s) for s in suffixes] == sorted((len(s) for s in suffixes), reverse=True)


@given(domain, st.lists(label, max_size=3), st.lists(domain, max_size=5))
def test_the_longest_registered_suffix_wins(base, sub_labels, others):
    address_domain = ".".join([*sub_labels, base])
    registered = [base, *others]
    match = longest_suffix_match(address_domain, registered)
    assert match is not None
    assert address_domain == match or address_domain.endswith("." + match)
    for other in registered:
        if address_domain == other or address_domain.endswith("." + other):
            assert len(other) <= len(match)


@given(domain, label)
def test_a_domain_that_only_ends_with_the_same_letters_does_not_match(base, prefix):
    # "notjustice.gouv.fr" must not match "justice.gouv.fr": suffixes break on dots only.
    assert longest_suffix_match(prefix + base, [base]) is None


def test_no_registered_suffix_means_no_match():
    assert longest_suffix_match("gmail.com", ["justice.gouv.fr", "gouv.fr.example"]) is None


@pytest.mark.parametrize(
    "value", ["", "   ", "@", "a..b", "-a.fr", "a-.fr", "a b.fr", "x" * 64 + ".fr", "é" * 80]
)
def test_malformed_domains_are_rejected(value):
    with pytest.raises(InvalidDomain):
        normalise_domain(value)


def test_unicode_domains_are_idna_encoded():
    assert normalise_domain("Écologie.Gouv.FR.") == "xn--cologie-9xa.gouv.fr"


@pytest.mark.parametrize("value", ["no-at-sign", "", "a@", "a@-bad.fr"])
def test_email_without_valid_domain_is_rejected(value):
    with pytest.raises(InvalidDomain):
        email_domain(value)
