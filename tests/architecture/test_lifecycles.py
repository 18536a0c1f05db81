"""Every stateful aggregate answers "who may do what, when" from one table (a `Lifecycle` of
`domain/transitions.py`). The tables are found by walking the domain package, so a new one is checked
without being listed: each move names who may take it, and each refusal is a message of the catalogue
that renders in both languages."""

from __future__ import annotations

import importlib
import pkgutil
from enum import StrEnum

import pytest

from zhongjie import domain
from zhongjie.base.errors import Forbidden, RuleViolation, UserErrorCode
from zhongjie.base.messages import LANGUAGES
from zhongjie.domain.transitions import Lifecycle

AGGREGATES = {
    "agencies.lifecycle.AGENCY_LIFECYCLE",
    "agencies.lifecycle.QUALIFICATION_CHECK",
    "agencies.lifecycle.CHANGE_REVIEW",
    "credit.lifecycle.CREDIT_RECORD",
    "credit.lifecycle.INSPECTION_PLAN",
    "credit.lifecycle.INSPECTION_TARGET",
    "awards.lifecycle.AWARD",
    "awards.lifecycle.ENQUIRY",
    "awards.lifecycle.EXTENSION",
    "projects.lifecycle.PROJECT_LIFECYCLE",
    "notices.lifecycle.NOTICE_LIFECYCLE",
}


def _tables() -> dict[str, Lifecycle]:
    """Each table of the domain, named by the module that defines it (its refusal's) and its name there."""
    tables = {}
    for module in pkgutil.walk_packages(domain.__path__, f"{domain.__name__}."):
        loaded = importlib.import_module(module.name)
        for name, value in vars(loaded).items():
            if isinstance(value, Lifecycle) and value.refusal.__module__ == module.name:
                tables[f"{module.name.removeprefix(f'{domain.__name__}.')}.{name}"] = value
    return tables


TABLES = _tables()


def test_every_stateful_aggregate_has_its_table() -> None:
    assert AGGREGATES <= set(TABLES), sorted(AGGREGATES - set(TABLES))


@pytest.mark.parametrize("name", sorted(TABLES))
def test_each_move_names_who_may_take_it(name: str) -> None:
    table = TABLES[name]
    assert table.moves, f"{name} has no moves"
    for (state, action), move in table.moves.items():
        assert move.by, f"{name}: nobody may {action} from {state}"
        assert all(isinstance(actor, StrEnum) for actor in move.by), f"{name}: {action} from {state}"


@pytest.mark.parametrize("name", sorted(TABLES))
def test_each_refusal_is_a_message_in_both_languages(name: str) -> None:
    table = TABLES[name]
    states = {state for state, _ in table.moves} | {move.target for move in table.moves.values()}
    for state in states - {None}:  # a refusal is of an aggregate that exists (a creating move never fails)
        for action in {action for _, action in table.moves}:
            refusal = table.refusal(state, action)
            assert isinstance(refusal, RuleViolation)
            for language in LANGUAGES:
                assert refusal.message(language), f"{name}: {refusal.message_key} in {language}"


class State(StrEnum):
    OPEN = "open"
    SHUT = "shut"


class Act(StrEnum):
    SHUT = "shut"
    NOTE = "note"


class Who(StrEnum):
    KEEPER = "keeper"
    CLERK = "clerk"


DOOR: Lifecycle[State, Act, Who] = Lifecycle(
    {(State.OPEN, Act.SHUT): (State.SHUT, {Who.KEEPER}), (State.SHUT, Act.NOTE): (State.SHUT, {Who.CLERK})},
    lambda state, action: RuleViolation(
        UserErrorCode.NOT_ALLOWED, "not_allowed_in_status", status=f"{state}/{action}"
    ),
    creating={Act.NOTE: (State.OPEN, {Who.CLERK, Who.KEEPER})},
)


def _forbidden() -> Forbidden:
    return Forbidden("forbidden_role")


def test_a_move_is_refused_by_the_table_when_the_state_or_the_actor_does_not_allow_it() -> None:
    assert DOOR.target(State.OPEN, Act.SHUT) is State.SHUT
    assert DOOR.target(State.OPEN, Act.SHUT, Who.KEEPER) is State.SHUT
    assert DOOR.target(None, Act.NOTE, Who.CLERK) is State.OPEN  # a creating move
    with pytest.raises(RuleViolation) as refused:
        DOOR.target(State.SHUT, Act.SHUT)
    assert refused.value.params["status"] == "shut/shut"
    with pytest.raises(RuleViolation):
        DOOR.target(State.OPEN, Act.SHUT, Who.CLERK)  # the table's move, not the clerk's
    assert DOOR.states(Act.NOTE) == {State.SHUT}  # existing states only
    assert DOOR.actors(Act.NOTE) == {Who.CLERK, Who.KEEPER}


def test_actor_checks_the_state_before_the_caller_and_role_the_caller_only() -> None:
    with pytest.raises(RuleViolation):  # the state first, whoever calls
        DOOR.actor(State.SHUT, Act.SHUT, (), _forbidden)
    with pytest.raises(Forbidden):
        DOOR.actor(State.OPEN, Act.SHUT, (Who.CLERK,), _forbidden)
    assert DOOR.actor(State.OPEN, Act.SHUT, (Who.CLERK, Who.KEEPER), _forbidden) == (State.SHUT, Who.KEEPER)
    assert DOOR.role(Act.NOTE, (Who.KEEPER, Who.CLERK), _forbidden) is Who.CLERK  # the first in sorted order
    with pytest.raises(Forbidden):
        DOOR.role(Act.SHUT, (Who.CLERK,), _forbidden)  # whatever the state
