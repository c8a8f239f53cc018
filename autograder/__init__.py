"""Margin Mechanics' nbgrader set-up: authoring helpers, the release pipeline and the grader."""
