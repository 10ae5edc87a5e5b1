"""Output files through the API and the Python client: OutputOnly and
BatchAndOutput submissions judged by real workers, and the clear 4xx of output
files a problem cannot take."""

from __future__ import annotations

import pytest
import redis
from output_problems import PY_SUM, RIGHT, batch_and_output, files, output_only
from service_helpers import SUBMIT, ApiServer, Uploader, Workers

from judge.client import JudgeClient
from judge.problems.store import ProblemStore
from judge.service.problem_cache import SharedProblems
from judge.settings import Settings
from judge.wire.submissions import SubmissionRequest

pytestmark = pytest.mark.slow


@pytest.fixture
def published(settings: Settings) -> None:
    """The two problems, built into a store and published as an upload is."""
    store = ProblemStore(settings.data_dir / "built")
    with redis.Redis.from_url(settings.redis_url) as connection:
        shared = SharedProblems(connection, store)
        shared.publish(output_only(store))
        shared.publish(batch_and_output(store))


def test_output_files_are_judged_through_the_client(
    api: ApiServer, workers: Workers, published: None
) -> None:
    workers.start(1)
    with JudgeClient(api.url, SUBMIT) as client:
        only = client.score(SubmissionRequest(
            problem_id="oonly", outputs=files({"b1": "3\n", "oo": "10\n"})), timeout=120)
        both = client.score(SubmissionRequest(
            problem_id="bao", language="python3", source=PY_SUM,
            outputs=files({"oo": RIGHT["oo"]})), timeout=120)
    assert only.result is not None and both.result is not None
    tests = {t.name: (t.status.value, t.message) for t in only.result.tests}
    assert tests["b1"] == ("AC", "Output is correct")
    assert tests["oo"][0] == "WA"
    assert tests["b2"] == ("WA", "File not submitted (output_b2.txt: an output-only test)")
    assert only.result.score == 30
    assert {t.name: t.message for t in both.result.tests} == {
        "b1": "right batch", "b2": "right batch", "oo": "right outputonly"}
    assert both.result.score == 100


def test_output_files_a_problem_cannot_take_get_a_clear_4xx(
    api: ApiServer, published: None, settings: Settings, upload: Uploader
) -> None:
    assert upload().status_code in (200, 201)  # apb, a Batch problem
    cases = [
        ({"problem_id": "apb", "language": "python3", "source": PY_SUM,
          "outputs": files(RIGHT)}, 422, "'apb' is Batch: it takes a source, not output files"),
        ({"problem_id": "oonly", "language": "python3", "source": PY_SUM}, 422,
         "is OutputOnly: it takes output files (output_<test>.txt), not a source"),
        ({"problem_id": "bao"}, 422, "a submission needs a source or output files"),
        ({"problem_id": "bao", "outputs": {"output_zz.txt": "1\n"}}, 422,
         "has no test for output file(s) output_zz.txt"),
        ({"problem_id": "bao", "outputs": {"answer.txt": "1\n"}}, 422,
         "is not named output_<test>.txt"),
        ({"problem_id": "bao", "outputs": {"output_oo.txt": "1" * (settings.max_outputs_bytes
                                                                   + 1)}}, 413,
         f"the limit is {settings.max_outputs_bytes} bytes"),
    ]
    with api.client() as client:
        for body, status, message in cases:
            response = client.post("/v1/submissions", json=body)
            assert response.status_code == status, (body.keys(), response.text)
            assert message in response.text
