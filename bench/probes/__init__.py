"""The probe's wrong answers for lessons 06-10, one module per lesson.

Each ``lesson_NN`` module holds ``VALUES`` (as `bench.probe_values.VALUES`) and ``FUNCTIONS``
(as `bench.probe_functions.FUNCTIONS`), written from that lesson's statements and the engine
façade, never from `course.feedback.families`. Kept apart so lessons can be written side by side.
"""

from bench.probes import lesson_06, lesson_07, lesson_08, lesson_09, lesson_10

LESSONS = (lesson_06, lesson_07, lesson_08, lesson_09, lesson_10)
