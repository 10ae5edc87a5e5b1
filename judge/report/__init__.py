"""The rescoring report (``ioi-judge report``): the IOI selection per problem and
year for one or several results files (models) side by side, as rich tables, JSON
or one self-contained HTML page."""

from judge.report.comparison import ComparisonReport, ModelRows, build_comparison, default_labels
from judge.report.html import render_html
from judge.report.summary import ReportOptions, RescoreReport, build_report, parse_thresholds

__all__ = [
    "ComparisonReport",
    "ModelRows",
    "ReportOptions",
    "RescoreReport",
    "build_comparison",
    "build_report",
    "default_labels",
    "parse_thresholds",
    "render_html",
]
