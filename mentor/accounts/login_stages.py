"""allauth's sign-in stages that ask the database about the account, answered from the
facts read with it (``selectors.SignInFacts``) when they are there.

Only the outcome allauth would reach anyway is short-cut: a verified address goes on, an
account without a second factor goes on. Anything else (an unverified or unknown address,
a second factor, an account that came without the facts) is allauth's own stage, queries
and all.
"""

from allauth.account.stages import EmailVerificationStage
from allauth.mfa.stages import AuthenticateStage

from mentor.accounts.selectors import sign_in_facts


class KnownEmailVerificationStage(EmailVerificationStage):
    def handle(self):
        facts = sign_in_facts(self.login.user, email=self.login.email)
        if facts is not None and facts.email_verified:
            return None, True
        return super().handle()


class KnownSecondFactorStage(AuthenticateStage):
    def _should_handle(self, request) -> bool:
        user = self.login.user
        facts = getattr(user, "sign_in_facts", None) if user is not None else None
        if facts is not None and not facts.second_factor:
            return False
        return super()._should_handle(request)


#: allauth's stage -> ours (``adapter.AccountAdapter.get_login_stages``).
REPLACED = {
    "allauth.account.stages.EmailVerificationStage": (
        f"{__name__}.{KnownEmailVerificationStage.__name__}"
    ),
    "allauth.mfa.stages.AuthenticateStage": f"{__name__}.{KnownSecondFactorStage.__name__}",
}
