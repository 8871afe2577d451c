"""Every action the code records has a label and every kind of object a name, so the audit log
never shows "hotel.created" or "visa_letter" to a reader; the actions are read from the source
(each ``audit.record`` call and, where it passes a variable, what that variable can hold)."""

import ast
from pathlib import Path

from meetings.audit_labels import ACTION_LABELS, OBJECT_TYPE_LABELS
from meetings.history import ENUMS_OF_TYPE

PACKAGE = Path(__file__).resolve().parents[2] / "meetings"
# Kinds of object written as ``type(obj).__tablename__``: the models those functions are given.
TABLE_NAMES = {"_save": {"venue", "room"}, "_edit": {"hotel", "hotel_block", "hotel_assignment"}}


def _strings(node: ast.AST) -> set[str]:
    return {n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)}


def _parameters(function: ast.FunctionDef) -> list[str]:
    return [a.arg for a in function.args.args + function.args.kwonlyargs]


def _calls_of(trees: list[ast.Module], name: str) -> list[tuple[ast.Call, ast.FunctionDef]]:
    """Calls of the function ``name`` (``name(...)`` or ``module.name(...)``, not audit.record),
    each with the function it is made in."""
    found = []
    for tree in trees:
        for caller in ast.walk(tree):
            if not isinstance(caller, ast.FunctionDef):
                continue
            for node in ast.walk(caller):
                if isinstance(node, ast.Call):
                    func = node.func
                    if (isinstance(func, ast.Name) and func.id == name) or (
                            isinstance(func, ast.Attribute) and func.attr == name
                            and not (isinstance(func.value, ast.Name) and func.value.id == "audit")):
                        found.append((node, caller))
    return found


def _argument(call: ast.Call, function: ast.FunctionDef, parameter: str) -> ast.AST | None:
    index = [a.arg for a in function.args.args].index(parameter) if parameter in [
        a.arg for a in function.args.args] else len(call.args)
    if index < len(call.args):
        return call.args[index]
    return next((k.value for k in call.keywords if k.arg == parameter), None)


def _values(node: ast.AST, function: ast.FunctionDef, trees: list[ast.Module]) -> list[tuple[set[str], ast.Call | None]]:
    """What the expression can be: sets of strings, each with the call of ``function`` it came from
    (when it is a parameter) so that two parameters of one call are paired, never crossed."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and isinstance(node.left, ast.Constant):
        return [({node.left.value + v for v in values}, call) for values, call in _values(node.right, function, trees)]
    if isinstance(node, ast.Name):
        if node.id in _parameters(function):
            return [(set().union(*(values for values, _call in _values(arg, caller, trees))), call)
                    for call, caller in _calls_of(trees, function.name)
                    if (arg := _argument(call, function, node.id)) is not None]
        assigned: set[str] = set()
        for statement in ast.walk(function):
            if isinstance(statement, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == node.id for t in statement.targets):
                assigned = assigned.union(*(values for values, _call in _values(statement.value, function, trees)))
        return [(assigned, None)]
    if isinstance(node, ast.Attribute) and node.attr == "__tablename__":
        return [(TABLE_NAMES[function.name], None)]
    if isinstance(node, ast.IfExp) and isinstance(node.test, ast.Compare):
        # "agenda_item" if item is not None else "meeting": which one depends on the caller's item=.
        parameter = node.test.left.id if isinstance(node.test.left, ast.Name) else None
        if parameter in _parameters(function):
            return [({node.body.value} if _argument(call, function, parameter) is not None else {node.orelse.value}, call)
                    for call, _caller in _calls_of(trees, function.name)]
    return [(_strings(node), None)]


def recorded_actions() -> set[str]:
    trees = [ast.parse(path.read_text(), str(path)) for path in sorted(PACKAGE.rglob("*.py"))]
    actions = set()
    for tree in trees:
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef):
                continue
            for call in ast.walk(function):
                if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                        and call.func.attr == "record" and isinstance(call.func.value, ast.Name)
                        and call.func.value.id == "audit"):
                    continue
                kinds = _values(call.args[1], function, trees)
                verbs = _values(call.args[2], function, trees)
                for kind_values, kind_call in kinds:
                    for verb_values, verb_call in verbs:
                        if kind_call is None or verb_call is None or kind_call is verb_call:
                            actions |= {f"{kind}.{verb}" for kind in kind_values for verb in verb_values}
    return actions


def test_the_source_is_read_as_it_is_written():
    actions = recorded_actions()
    # One of each way an action is written: literal, a wrapper's parameter, a table name, a prefix.
    assert {"person.exported", "task.status_changed", "agenda_item.added", "meeting.created", "meeting.held",
            "hotel_block.edited", "room.edited", "person.photo_replaced", "visa_letter.requested_again",
            "user.deactivated"} <= actions
    assert "meeting.added" not in actions and "agenda_item.created" not in actions


def test_every_recorded_action_has_a_label():
    assert sorted(recorded_actions() - set(ACTION_LABELS)) == []


def test_every_recorded_kind_of_object_has_a_name_and_its_vocabularies():
    kinds = {action.split(".")[0] for action in recorded_actions()}
    assert sorted(kinds - set(OBJECT_TYPE_LABELS)) == []
    assert sorted(kinds - set(ENUMS_OF_TYPE)) == []
