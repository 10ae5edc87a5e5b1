"""The wire schema: every request and response model of the REST API, shared by
the service, the workers, the CLI and the client (which re-exports them).

:mod:`~judge.wire.results` (what judging yields), :mod:`~judge.wire.submissions`
(``/v1/submissions``), :mod:`~judge.wire.problems` (``/v1/problems``) and
:mod:`~judge.wire.health` (``/healthz``, ``/readyz``) and
:mod:`~judge.wire.errors` (the body of every error answer). These modules
import nothing of :mod:`judge` but each other."""
