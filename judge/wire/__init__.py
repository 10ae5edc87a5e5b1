"""The wire schema: every request and response model of the REST API, shared by
the service, the workers, the CLI and the client (which re-exports them)."""
