"""Feedback: the question registry, the visible check and the hidden grade.

The modules, from the bottom up:

* `misconceptions`: the catalogue of wrong ideas, each with the hint that names it;
* `answers`: reading a learner's answer as plain numbers, trusting nothing about it;
* `registry`: `Question`, `register` and `question`; the questions themselves live in
  `course.feedback.questions`, one module per lesson;
* `records`: answer records, judged by the grading driver outside the learner's kernel;
* `hints`: ``check(question_id)``, the instant hint;
* `grading`: ``grade(question_id)``, the hidden test.

Lessons reach them through the façades `course.hints` and `course.grading`.
"""
