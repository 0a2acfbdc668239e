"""What the help centre adds to lower apps' pages: the person's requests in "Mon profil"
(``accounts.profile_sections``)."""

from mentor.accounts.profile_sections import ProfileSection, register_profile_section
from mentor.help.selectors import contact_requests_of


@register_profile_section("help-requests", order=10)
def requests_section(*, user) -> ProfileSection:
    return ProfileSection(
        "help/_profile_requests.html", {"requests": list(contact_requests_of(user=user)[:20])}
    )
