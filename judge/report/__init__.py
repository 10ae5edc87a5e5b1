"""The rescoring report (``ioi-judge report``): the IOI selection per problem and
year, as rich tables or one self-contained HTML page."""

from judge.report.html import render_html
from judge.report.summary import RescoreReport, build_report, parse_thresholds

__all__ = ["RescoreReport", "build_report", "parse_thresholds", "render_html"]
