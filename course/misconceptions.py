"""The misconception catalogue, as tools outside the lessons import it.

A façade over `course.feedback.misconceptions`: ``course.misconceptions.MISCONCEPTIONS`` maps
each catalogue id to a `Misconception`, whose ``.hint`` is the text a check shows when an
answer matches that wrong idea.
"""

from course.feedback.misconceptions import MISCONCEPTIONS, Misconception

__all__ = ["MISCONCEPTIONS", "Misconception"]
