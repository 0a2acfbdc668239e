from allauth.account.adapter import DefaultAccountAdapter

from mentor.core.email import email_enqueue


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render as allauth does, but send through Celery (inline in the embedded default)."""
        email_enqueue(self.render_mail(template_prefix, email, context))
