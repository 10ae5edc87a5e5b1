"""Rescoring model generations in batch (``ioi-judge rescore``)."""
