"""The sign-in form. Its own module: allauth's forms import ``mentor.accounts.forms`` (the
sign-up extra form), so that module cannot import them back."""

from allauth.account.forms import LoginForm as AllauthLoginForm


class LoginForm(AllauthLoginForm):
    """allauth's sign-in form without the reset link inside the password label: the
    template puts "Mot de passe oublié ?" after the field, so it follows it in the tab order."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = ""
