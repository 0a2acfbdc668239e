from django.dispatch import Signal

#: Sent once, after commit, when an enrolment completes its training (kwarg: completion).
training_completed = Signal()
