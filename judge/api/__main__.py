"""``python -m judge.api``: serve the API with settings from the environment
(what ``ioi-judge up`` starts)."""

from judge.api.server import serve_api
from judge.settings import Settings

if __name__ == "__main__":
    serve_api(Settings())
