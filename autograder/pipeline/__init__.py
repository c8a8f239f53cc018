"""The grading pipeline's stages, one module each, in the order `autograder.driver` runs them.

1. `rebuild`       precheck each submission, rebuild it from the release
2. `static_flags`  read the learner's code for attempts on the grader
3. `execute`       run nbgrader's autograde in the sandbox, in worker processes
4. `verify`        recompute every checked cell's verdict from its answer records
5. `status`        decide status, score and flags from structured data only
6. `outputs`       write grades.csv, results/, feedback/ and the ledger

`workspace` is the course (folder, gradebook, nbgrader's API) the stages share. A stage
imports only `workspace` and the stages before it (tests/test_pipeline.py checks).
"""
