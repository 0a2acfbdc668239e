"""Learning paths' equivalences between trainings, for whoever counts earlier work
(prescriptions: an equivalent training completed before counts as done)."""

from mentor.learning.earlier_work import register_equivalent_trainings
from mentor.paths.selectors import equivalent_trainings

register_equivalent_trainings("paths.equivalences")(equivalent_trainings)
