"""The judging service behind the API: the submission store and job queues in
Redis, the RQ workers and their supervisor, problem versions shared through
Redis, and the Prometheus metrics."""
