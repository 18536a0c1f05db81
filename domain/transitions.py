"""Transition tables: for each (state, action) of an aggregate, the state it leads to and who may take it.

Every stateful aggregate declares one `Lifecycle` next to its vocabulary, so one look answers "who may
do what, when". The table refuses an action its state does not allow with the aggregate's own refusal;
who the caller is (its roles, organisation, region) is proven by the aggregate's permissions, and the
change is written by the aggregate's one recording step.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

from zhongjie.base.errors import DomainError, RuleViolation

StateT = TypeVar("StateT")
ActionT = TypeVar("ActionT")
ActorT = TypeVar("ActorT", bound=StrEnum)


@dataclass(frozen=True)
class Move(Generic[StateT, ActorT]):
    target: StateT
    by: frozenset[ActorT]


class Lifecycle(Generic[StateT, ActionT, ActorT]):
    """An aggregate's allowed moves from a state, and the `creating` ones from nothing (the state None: the
    aggregate, or the part of it the table is about, does not exist yet); `refusal(state, action)` is the
    error when there is no such move."""

    def __init__(
        self,
        moves: Mapping[tuple[StateT, ActionT], tuple[StateT, Iterable[ActorT]]],
        refusal: Callable[[StateT | None, ActionT], RuleViolation],
        *,
        creating: Mapping[ActionT, tuple[StateT, Iterable[ActorT]]] | None = None,
    ) -> None:
        self.moves: dict[tuple[StateT | None, ActionT], Move[StateT, ActorT]] = {
            key: Move(target, frozenset(by)) for key, (target, by) in moves.items()
        }
        for action, (target, by) in (creating or {}).items():
            self.moves[(None, action)] = Move(target, frozenset(by))
        self.refusal = refusal

    def move(
        self, state: StateT | None, action: ActionT, actor: ActorT | None = None
    ) -> Move[StateT, ActorT]:
        """The move `action` makes from `state` (by `actor`, if given); refused when the table has none."""
        move = self.moves.get((state, action))
        if move is None or (actor is not None and actor not in move.by):
            raise self.refusal(state, action)
        return move

    def target(self, state: StateT | None, action: ActionT, actor: ActorT | None = None) -> StateT:
        return self.move(state, action, actor).target

    def states(self, action: ActionT) -> frozenset[StateT]:
        """The states an existing aggregate may take `action` in."""
        return frozenset(state for state, taken in self.moves if taken == action and state is not None)

    def actors(self, action: ActionT) -> frozenset[ActorT]:
        """Who may take `action` in some state."""
        return frozenset(
            actor for (_, taken), move in self.moves.items() if taken == action for actor in move.by
        )

    def role(
        self, action: ActionT, acting_as: Iterable[ActorT], forbidden: Callable[[], DomainError]
    ) -> ActorT:
        """The role the caller takes `action` in, whatever the state (checked after, by `move`): the first of
        its roles (`acting_as`) in sorted order that may take it in some state."""
        roles = self.actors(action).intersection(acting_as)
        if not roles:
            raise forbidden()
        return sorted(roles)[0]

    def actor(
        self,
        state: StateT | None,
        action: ActionT,
        acting_as: Iterable[ActorT],
        forbidden: Callable[[], DomainError],
    ) -> tuple[StateT, ActorT]:
        """The state `action` leads to and the role the caller takes it in: the state is checked first, then
        whether one of the caller's roles (`acting_as`) may take it; the first such role in sorted order."""
        move = self.move(state, action)
        roles = move.by.intersection(acting_as)
        if not roles:
            raise forbidden()
        return move.target, sorted(roles)[0]
