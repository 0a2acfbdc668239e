"""One base for the refusals a person may meet: a rule of the domain said no.

A ``Refusal`` carries a French message meant to be shown as is, and guarantees that nothing
was changed (the service raised it before writing, or inside a transaction that rolls
back). Each domain derives its own (``EnrolmentError``, ``LearningError``…) so callers can
catch narrowly; views that only need to show the message catch ``Refusal``.
"""


class Refusal(Exception):
    """Shown as is; nothing changed."""

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""

    def __str__(self) -> str:
        return self.message
