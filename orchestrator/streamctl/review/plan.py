"""A saved plan as a reviewer reads it: per resource its action, and why a replace.

Built from `terraform show -json PLANFILE` only (Terraform's own JSON). Values that
Terraform marks sensitive never leave this module unmasked: `AttributeChange` holds
the display text, not the value.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

SENSITIVE = "(sensitive value)"
UNKNOWN = "(known after apply)"


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    REPLACE = "replace"  # destroy, then create (Terraform's default order)
    REPLACE_CREATE_FIRST = "replace (create first)"  # create_before_destroy
    DELETE = "delete"
    READ = "read"
    MOVE = "move"  # a new address in state, nothing changes in the infrastructure
    IMPORT = "import"  # an existing object taken into state as it is
    NOOP = "no-op"

    @property
    def symbol(self) -> str:
        return _SYMBOLS[self]

    @property
    def changes_existing(self) -> bool:
        """Whether it touches something that exists: what a re-ask is about (a move or
        an import changes no infrastructure, but rewrites what state says of it)."""
        return self in {
            Action.UPDATE,
            Action.REPLACE,
            Action.REPLACE_CREATE_FIRST,
            Action.DELETE,
            Action.MOVE,
            Action.IMPORT,
        }


_SYMBOLS = {
    Action.CREATE: "+",
    Action.UPDATE: "~",
    Action.REPLACE: "-/+",
    Action.REPLACE_CREATE_FIRST: "+/-",
    Action.DELETE: "-",
    Action.READ: "<=",
    Action.MOVE: "->",
    Action.IMPORT: "<-",
    Action.NOOP: " ",
}


def action_of(actions: Sequence[str]) -> Action:
    """Terraform's `actions` list as one action."""
    match list(actions):
        case ["create"]:
            return Action.CREATE
        case ["update"]:
            return Action.UPDATE
        case ["delete", "create"]:
            return Action.REPLACE
        case ["create", "delete"]:
            return Action.REPLACE_CREATE_FIRST
        case ["delete"]:
            return Action.DELETE
        case ["read"]:
            return Action.READ
        case _:
            return Action.NOOP


@dataclass(frozen=True)
class AttributeChange:
    path: str  # e.g. "input", "tags.Name", "ingress[0].cidr_blocks[1]"
    before: str | None  # display text; None: absent on that side
    after: str | None
    forces_replacement: bool = False


@dataclass(frozen=True)
class ResourceChange:
    address: str
    action: Action
    forced_by: tuple[str, ...] = ()  # attributes whose change forces the replacement
    reason: str = ""  # Terraform's action_reason, e.g. delete_because_no_resource_config
    attributes: tuple[AttributeChange, ...] = ()


@dataclass(frozen=True)
class OutputChange:
    name: str
    action: Action
    sensitive: bool


@dataclass(frozen=True)
class LayerPlan:
    """One layer's saved plan: what it does to each resource and output."""

    layer: str
    resources: tuple[ResourceChange, ...] = ()
    outputs: tuple[OutputChange, ...] = ()
    destroy: bool = False  # a `plan -destroy`

    def count(self, *actions: Action) -> int:
        return sum(1 for r in self.resources if r.action in actions)

    @property
    def add(self) -> int:
        return self.count(Action.CREATE, Action.REPLACE, Action.REPLACE_CREATE_FIRST)

    @property
    def change(self) -> int:
        return self.count(Action.UPDATE)

    @property
    def remove(self) -> int:
        return self.count(Action.DELETE, Action.REPLACE, Action.REPLACE_CREATE_FIRST)

    @property
    def creates_only(self) -> bool:
        """Nothing that exists is updated, replaced or destroyed (outputs aside)."""
        return not any(r.action.changes_existing for r in self.resources)

    def touching_existing(self) -> LayerPlan:
        """The same plan with only what updates, replaces or destroys."""
        kept = tuple(r for r in self.resources if r.action.changes_existing)
        return replace(self, resources=kept, outputs=())


def layer_plan(layer: str, shown: Mapping[str, Any], *, destroy: bool = False) -> LayerPlan:
    """A LayerPlan from the document `terraform show -json PLANFILE` prints."""
    resources = []
    for raw in shown.get("resource_changes") or []:
        if raw.get("mode") == "data":
            continue  # reads are not changes a reviewer approves
        change = raw.get("change") or {}
        action = action_of(change.get("actions") or [])
        reason = str(raw.get("action_reason") or "")
        if action is Action.NOOP and raw.get("previous_address"):
            action, reason = Action.MOVE, f"moved from {raw['previous_address']}"
        elif action is Action.NOOP and change.get("importing"):
            action, reason = Action.IMPORT, "imported as it is"
        if action is Action.NOOP:
            continue
        forced = tuple(_path(p) for p in change.get("replace_paths") or [])
        resources.append(
            ResourceChange(
                address=str(raw.get("address", "")),
                action=action,
                forced_by=forced if action in {Action.REPLACE, Action.REPLACE_CREATE_FIRST} else (),
                reason=reason,
                attributes=tuple(_attributes(change, action, set(forced))),
            )
        )
    outputs = []
    for name, raw in (shown.get("output_changes") or {}).items():
        action = action_of(raw.get("actions") or [])
        if action is not Action.NOOP:
            sensitive = bool(raw.get("before_sensitive") or raw.get("after_sensitive"))
            outputs.append(OutputChange(name, action, sensitive))
    return LayerPlan(layer, tuple(resources), tuple(outputs), destroy)


def _path(steps: Sequence[Any]) -> str:
    text = ""
    for step in steps:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text


def _leaves(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Every scalar (and empty collection) of a nested value, with its path."""
    if isinstance(value, dict) and value:
        for key in sorted(value):
            yield from _leaves(value[key], (*prefix, key))
    elif isinstance(value, list) and value:
        for index, item in enumerate(value):
            yield from _leaves(item, (*prefix, index))
    else:
        yield prefix, value


def _marked(mask: Any, path: tuple[Any, ...]) -> bool:
    """Whether Terraform's mask (after_unknown, *_sensitive) is true at path or above."""
    for step in path:
        if mask is True:
            return True
        if isinstance(mask, dict) and isinstance(step, str):
            mask = mask.get(step)
        elif isinstance(mask, list) and isinstance(step, int) and step < len(mask):
            mask = mask[step]
        else:
            return False
    return mask is True


def _at(value: Any, path: tuple[Any, ...]) -> tuple[bool, Any]:
    for step in path:
        found_in_dict = isinstance(value, dict) and isinstance(step, str) and step in value
        found_in_list = isinstance(value, list) and isinstance(step, int) and step < len(value)
        if not (found_in_dict or found_in_list):
            return False, None
        value = value[step]
    return True, value


def _display(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


def _attributes(
    change: Mapping[str, Any], action: Action, forced: set[str]
) -> Iterator[AttributeChange]:
    """Attribute-level changes, masked: for `details` (like `terraform plan`)."""
    if action in {Action.DELETE, Action.READ, Action.MOVE, Action.IMPORT}:
        return  # nothing of the object itself changes
    before, after = change.get("before"), change.get("after")
    unknown = change.get("after_unknown")
    before_secret, after_secret = change.get("before_sensitive"), change.get("after_sensitive")
    paths: dict[tuple[Any, ...], None] = {}
    if action is not Action.CREATE:
        paths.update((p, None) for p, _ in _leaves(before))
    paths.update((p, None) for p, _ in _leaves(after))
    paths.update((p, None) for p, v in _leaves(unknown) if v is True)
    for path in sorted(paths, key=lambda p: [str(s) for s in p]):
        if not path:
            continue
        had, old = _at(before, path) if action is not Action.CREATE else (False, None)
        has, new = _at(after, path)
        is_unknown = _marked(unknown, path)
        if is_unknown and _marked(unknown, path[:-1]):
            continue  # a part of a value known only after apply: its whole is shown
        if action is Action.CREATE and (new is None and not is_unknown):
            continue  # unset arguments: terraform plan leaves them out too
        if not is_unknown and had == has and old == new:
            continue
        name = _path(path)
        yield AttributeChange(
            path=name,
            before=None
            if not had or old is None
            else (SENSITIVE if _marked(before_secret, path) else _display(old)),
            after=UNKNOWN
            if is_unknown
            else None
            if not has or new is None
            else (SENSITIVE if _marked(after_secret, path) else _display(new)),
            forces_replacement=any(name == f or name.startswith(f + ".") for f in forced)
            or any(name.startswith(f + "[") for f in forced),
        )


_EVENT_ACTIONS = {"create": Action.CREATE, "update": Action.UPDATE, "delete": Action.DELETE}


def events_plan(
    layer: str,
    actions: Mapping[str, str],
    outputs: Mapping[str, Mapping[str, Any]],
    *,
    destroy: bool = False,
) -> LayerPlan | None:
    """A plan that only creates (a `plan -destroy`: only deletes), from the plan's JSON
    events (`planned_change` and `outputs`), without `terraform show`; None when it does
    more (a reviewer then needs what `show -json` says: attributes, what forces a replace).

    Enough where nobody reads attributes: `--yes`, and a later plan that the first
    approval covers."""
    only = "delete" if destroy else "create"
    resources = []
    for address, action in actions.items():
        if action == "read":
            continue  # data sources: reads are not changes a reviewer approves
        if action != only:
            return None
        resources.append(ResourceChange(address, _EVENT_ACTIONS[only]))
    changed = []
    for name, raw in outputs.items():
        output_action = _EVENT_ACTIONS.get(str(raw.get("action", "noop")))
        if output_action is not None:
            changed.append(OutputChange(name, output_action, bool(raw.get("sensitive"))))
    return LayerPlan(layer, tuple(resources), tuple(changed), destroy)
