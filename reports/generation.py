"""The markdown of a test-generation report (a Prefect artifact of the generate-tests flow)."""

from __future__ import annotations

from qatron.generation import GenerationReport


def generation_markdown(report: GenerationReport) -> str:
    """Headline figures, then one row per function: cases kept, or why it was skipped."""
    lines = [f"# Generated tests of `{report.module}`", "",
             f"{report.message}", "",
             f"- cases: **{report.cases}**",
             f"- mutants killed: **{report.killed}/{report.mutants}** "
             f"({100 * report.mutation_score:.0f}%)",
             f"- time: {report.seconds:.1f} s", "",
             "| function | cases | notes |", "|---|---:|---|"]
    for result in report.functions:
        notes = result.skipped and f"skipped: {result.skipped}" or "; ".join(result.notes)
        lines.append(f"| `{result.info.qualname}` | {len(result.cases)} | "
                     f"{notes.replace('|', '/')} |")
    return "\n".join(lines) + "\n"
