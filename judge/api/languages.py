"""``/v1/languages``: the languages a submission may be written in, with their
compile lines and compiler versions (read once per API process)."""

from __future__ import annotations

import functools

from fastapi import APIRouter, Depends
from starlette.concurrency import run_in_threadpool

from judge.api.auth import Role, require
from judge.languages.base import Language
from judge.languages.registry import LANGUAGES
from judge.languages.toolchain import toolchain_id
from judge.wire.languages import LanguageInfo

router = APIRouter(prefix="/v1/languages", tags=["languages"])


def language_info(lang: Language) -> LanguageInfo:
    version = toolchain_id(tuple(lang.toolchain_argv()))
    return LanguageInfo(
        name=lang.name, family=lang.family,
        aliases=sorted(lang.aliases | lang.family_aliases),
        extensions=list(lang.extensions),
        compile=lang.compile_argv([lang.source_name()]),
        version=version.splitlines()[0] if version else "",
    )


@functools.cache
def all_languages() -> list[LanguageInfo]:
    return [language_info(lang) for lang in LANGUAGES.values()]


@router.get("", response_model=list[LanguageInfo], dependencies=[Depends(require(Role.SUBMIT))],
            summary="Languages a submission may use (names, aliases, compile line, version)")
async def list_languages() -> list[LanguageInfo]:
    return await run_in_threadpool(all_languages)
