from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction

from mentor.core.tasks import send_email, task_dispatch


def email_enqueue(message: EmailMessage) -> None:
    """Queue a rendered message for sending once the current transaction commits."""
    html = None
    if isinstance(message, EmailMultiAlternatives):
        html = next((c for c, mime in message.alternatives if mime == "text/html"), None)
    if message.content_subtype == "html":
        html, body = message.body, ""
    else:
        body = message.body
    payload = {
        "subject": str(message.subject),
        "body": body,
        "from_email": message.from_email,
        "to": list(message.to),
        "html": html,
        "reply_to": list(message.reply_to),
    }
    if settings.CELERY_TASK_ALWAYS_EAGER:
        # Embedded mode: the message is already rendered, send it now (no worker to wait for).
        send_email.apply(kwargs=payload)
    else:
        # A worker must only see the message once the rows it talks about are committed;
        # robust: a failure after the commit is logged, never turned into an error page.
        transaction.on_commit(lambda: task_dispatch(send_email, **payload), robust=True)
