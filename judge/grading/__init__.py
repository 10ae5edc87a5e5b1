"""The grading core: a submission against one problem version.

``evaluate`` drives a task type (``tasktypes/``) over the tests, ``checking``
compares outputs, ``scoring`` turns test outcomes into IOI subtask scores,
``verify`` holds reference solutions to their categories, and ``runtime``
builds the sandbox and compiler a process judges with."""
