"""The trusted programs the judge ships, as source (``graders/`` in the repository,
installed as the package ``judge.graders``).

* ``launcher/launcher.c``: the sandbox launcher, compiled with gcc on first use
  (see ``docs/sandbox.md``).
* ``checkers/*.cpp``: the standard checkers, CMS convention (``checker input
  correct_output contestant_output``; a score in [0, 1] on stdout, the message
  on stderr), used by plain problems' ``compare`` setting; ``checkers/checker_io.h``
  is what they share.

Nothing here is Python: find a source with :func:`judge.shipped.source`, which
also works from a source checkout, where ``judge.graders`` does not exist.
"""
