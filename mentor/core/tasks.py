from celery import shared_task
from django.core.mail import EmailMultiAlternatives


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_email(
    *,
    subject: str,
    body: str,
    from_email: str,
    to: list[str],
    html: str | None = None,
    reply_to: list[str] | None = None,
) -> None:
    """Send one e-mail. Queued by services so a slow mail server never slows a request."""
    message = EmailMultiAlternatives(
        subject=subject, body=body, from_email=from_email, to=to, reply_to=reply_to or []
    )
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


@shared_task
def clear_expired_sessions() -> None:
    """Periodic (Celery beat): drop expired sessions from the database."""
    from django.core.management import call_command

    call_command("clearsessions")
