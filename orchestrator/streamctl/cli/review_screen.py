"""The review screen: per layer the resources with their action, like `terraform plan`.

Rich renderables only; printing is the caller's. Every value text goes through
`redact`, which knows this run's secrets (Terraform marks most sensitive values, not
all: `terraform_data.output` mirrors a sensitive input unmarked).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.console import Group, RenderableType
from rich.text import Text

from streamctl.review.approval import Kind, Review
from streamctl.review.plan import Action, LayerPlan, ResourceChange

Redact = Callable[[str], str]
ACTION_STYLE = {
    Action.CREATE: "green",
    Action.UPDATE: "yellow",
    Action.REPLACE: "magenta",
    Action.REPLACE_CREATE_FIRST: "magenta",
    Action.DELETE: "red",
    Action.READ: "cyan",
    Action.MOVE: "blue",
    Action.IMPORT: "blue",
    Action.NOOP: "dim",
}
REASONS = {
    "delete_because_no_resource_config": "not in the configuration any more",
    "delete_because_no_module": "its module is gone",
    "delete_because_count_index": "count no longer includes it",
    "delete_because_each_key": "for_each no longer includes it",
    "replace_because_tainted": "tainted",
    "replace_by_request": "replacement requested",
    "replace_by_triggers": "replace_triggered_by",
}


def _counts(plans: Sequence[LayerPlan]) -> str:
    create = sum(p.count(Action.CREATE) for p in plans)
    update = sum(p.count(Action.UPDATE) for p in plans)
    replace = sum(p.count(Action.REPLACE, Action.REPLACE_CREATE_FIRST) for p in plans)
    delete = sum(p.count(Action.DELETE) for p in plans)
    moved = sum(p.count(Action.MOVE, Action.IMPORT) for p in plans)
    counts = f"{create} to create, {update} to update, {replace} to replace, {delete} to destroy"
    return f"{counts}, {moved} to move or import in state" if moved else counts


def _resource(change: ResourceChange, redact: Redact, *, details: bool) -> list[Text]:
    style = ACTION_STYLE[change.action]
    line = Text("    ")
    line.append(f"{change.action.symbol:>3} ", style=f"bold {style}")
    line.append(change.address)
    if change.forced_by:
        line.append(f"  (replaced: {', '.join(change.forced_by)} forces it)", style=style)
    elif change.reason in REASONS:
        line.append(f"  ({REASONS[change.reason]})", style="dim")
    elif change.action in {Action.MOVE, Action.IMPORT}:
        line.append(f"  ({change.reason})", style="dim")  # "moved from <old address>"
    lines = [line]
    if details:
        for attr in change.attributes:
            text = Text("          ")
            if attr.before is None:
                text.append("+ ", style="green")
                text.append(f"{attr.path} = {redact(attr.after or '')}")
            elif attr.after is None:
                text.append("- ", style="red")
                text.append(f"{attr.path} = {redact(attr.before)} -> null")
            else:
                text.append("~ ", style="yellow")
                text.append(f"{attr.path} = {redact(attr.before)} -> {redact(attr.after)}")
            if attr.forces_replacement:
                text.append("  # forces replacement", style="bold magenta")
            lines.append(text)
    return lines


def layer_block(plan: LayerPlan, redact: Redact, *, details: bool = False) -> Group:
    head = Text("  ")
    head.append(plan.layer, style="bold")
    head.append(f"  +{plan.add} ~{plan.change} -{plan.remove}", style="dim")
    lines: list[RenderableType] = [head]
    for change in plan.resources:
        lines += _resource(change, redact, details=details)
    if plan.outputs:
        names = ", ".join(
            f"{o.action.symbol}{o.name}{' (sensitive)' if o.sensitive else ''}"
            for o in plan.outputs
        )
        lines.append(Text(f"    outputs: {names}", style="dim"))
    return Group(*lines)


def review_screen(
    review: Review, redact: Redact, *, details: bool = False, asking: bool = True
) -> Group:
    """What is shown before the question; `details` adds attribute-level changes.
    `asking=False` (preview): the same review, without what an approval would cover."""
    parts: list[RenderableType] = []
    if review.kind is Kind.FIRST:
        verb = "destroy" if review.destroy else "change"
        parts.append(Text(f"Review: what this run will {verb}", style="bold"))
    elif review.kind is Kind.RECHECK:
        names = ", ".join(review.layers)
        parts.append(
            Text(
                f"Asking again: {names}, planned once its upstreams applied, changes what "
                "exists (the first approval covers only plans that create):",
                style="bold yellow",
            )
        )
    else:
        parts.append(Text(f"Planned once its upstreams applied: {', '.join(review.layers)}"))
    parts += [layer_block(plan, redact, details=details) for plan in review.plans]
    if review.waiting:
        parts.append(Text("  Waiting (planned once their upstreams apply):", style="bold yellow"))
        width = max(len(w.layer) for w in review.waiting)
        for waiting in review.waiting:
            line = Text(f"    {waiting.layer:<{width}}  ")
            line.append(f"waits for {', '.join(waiting.waits_for) or 'its upstreams'}", "dim")
            parts.append(line)
        if asking:
            parts.append(
                Text(
                    "  Approving covers their plans when they only create resources; "
                    "a plan that updates, replaces or destroys asks again.",
                    style="dim",
                )
            )
    total = f"Resources: {_counts(review.plans)}, in {len(review.plans)} layer(s)"
    if review.waiting:
        total += f"; {len(review.waiting)} layer(s) waiting"
    parts.append(Text(total, style="bold"))
    return Group(*parts)


def question(review: Review) -> str:
    if review.destroy:
        return "Destroy these resources?"
    if review.kind is Kind.FIRST:
        return "Apply these changes?"
    return f"Apply the changes to {', '.join(review.layers)}?"
