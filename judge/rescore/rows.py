"""Building result rows from judging outcomes."""

from __future__ import annotations

from judge.problems.model import Problem, match_subtask
from judge.rescore.models import Generation, OpenR1SubtaskResult, RescoreRow, RowStatus
from judge.wire.results import SubmissionResult, Verdict, worst_verdict


def _base(gen: Generation) -> dict[str, object]:
    own = RescoreRow.model_fields
    kept = {name: value for name, value in gen.input_fields.items() if name not in own}
    return kept | {
        "key": gen.key,
        "id": gen.id,
        "year": gen.year,
        "problem_id": gen.problem_id,
        "day": gen.day,
        "target_subtask": gen.target_subtask,
        "output_tokens": gen.output_tokens,
        "generation_chars": len(gen.generation or gen.code or ""),
    }


def subtask_results(result: SubmissionResult) -> list[OpenR1SubtaskResult]:
    """Per-subtask results in open-r1's shape, whose ``score`` is the subtask's
    fraction (so a zero-point samples subtask still says whether the samples pass)."""
    return [
        OpenR1SubtaskResult(
            problem=result.problem,
            subtask=sub.name,
            index=sub.index,
            score=round(sub.fraction, 6),
            weighted_score=sub.score,
            points=sub.max_score,
            status=sub.status.value,
        )
        for sub in result.subtasks
    ]


def summary_verdict(result: SubmissionResult) -> str:
    if not result.compile.ok:
        return result.compile.status.value
    if result.max_score > 0 and result.score >= result.max_score - 1e-9:
        return Verdict.AC.value
    if result.score > 0:
        return Verdict.PA.value
    failing: list[Verdict] = [s.status for s in result.subtasks if s.status is not Verdict.AC]
    return worst_verdict(failing).value


def target_result(
    results: list[OpenR1SubtaskResult], target: str | None
) -> OpenR1SubtaskResult | None:
    """The targeted subtask's result (``01-len64`` finds ``len64`` at index 1)."""
    return None if target is None else match_subtask(target, results)


def judged_row(
    gen: Generation,
    result: SubmissionResult,
    code: str,
    source_hash: str,
    seconds: float,
    precision: int = 2,
    queue_seconds: float | None = None,
) -> RescoreRow:
    scores = subtask_results(result)
    target = target_result(scores, gen.target_subtask)
    compiles = result.compile.ok
    return RescoreRow.model_validate(
        _base(gen)
        | {
            "problem": result.problem,
            "problem_version": result.problem_version,
            "language": result.language,
            "score_precision": precision,
            "source_hash": source_hash,
            "status": RowStatus.JUDGED,
            "verdict": summary_verdict(result),
            "code_compiles": compiles,
            "compile_message": "" if compiles else result.compile.message[:2000],
            "all_subtasks_points": result.score,
            "max_score": result.max_score,
            "all_subtasks_results": scores,
            "target_subtask_score": None if target is None else target.score,
            "target_subtask_status": None if target is None else target.status,
            "tests_run": _tests_run(result),
            "judge_seconds": round(seconds, 3),
            "queue_seconds": None if queue_seconds is None else round(queue_seconds, 3),
            "code": code,
        }
    )


def _tests_run(result: SubmissionResult) -> int:
    if not result.compile.ok:
        return 0
    return sum(t.status is not Verdict.SKIPPED for t in result.tests)


def duplicate_row(gen: Generation, judged: RescoreRow) -> RescoreRow:
    """The row of ``gen`` whose source was already judged as ``judged``."""
    target = target_result(judged.all_subtasks_results, gen.target_subtask)
    shared = judged.model_dump(
        include={
            "problem", "problem_version", "score_precision", "language", "source_hash", "verdict",
            "code_compiles", "compile_message", "all_subtasks_points", "max_score",
            "all_subtasks_results", "code",
        }
    )
    return RescoreRow.model_validate(
        _base(gen)
        | shared
        | {
            "status": RowStatus.DUPLICATE,
            "target_subtask_score": None if target is None else target.score,
            "target_subtask_status": None if target is None else target.status,
        }
    )


def no_code_row(gen: Generation, problem: Problem | None, language: str) -> RescoreRow:
    """No code could be extracted: every subtask scores 0 with status CE, as
    open-r1 records it, and nothing is judged."""
    scores = [
        OpenR1SubtaskResult(
            problem=problem.id, subtask=s.name, index=s.index, score=0.0,
            weighted_score=0.0, points=s.max_score, status=Verdict.CE.value,
        )
        for s in problem.subtasks
    ] if problem is not None else []
    target = target_result(scores, gen.target_subtask)
    return RescoreRow.model_validate(
        _base(gen)
        | {
            "problem": problem.id if problem is not None else "",
            "problem_version": problem.version if problem is not None else "",
            "score_precision": problem.score_precision if problem is not None else 2,
            "language": language,
            "status": RowStatus.NO_CODE,
            "verdict": "NO_CODE",
            "compile_message": "no code block found in the generation",
            "max_score": problem.max_score if problem is not None else 0.0,
            "all_subtasks_results": scores,
            "target_subtask_score": None if target is None else 0.0,
            "target_subtask_status": None if target is None else Verdict.CE.value,
        }
    )


def error_row(gen: Generation, message: str, problem: str = "") -> RescoreRow:
    return RescoreRow.model_validate(
        _base(gen)
        | {"problem": problem, "status": RowStatus.ERROR, "verdict": "ERROR", "error": message}
    )
