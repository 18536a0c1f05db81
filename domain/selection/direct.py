"""Direct selection (直接选取): the owner picks one eligible signed-up agency, with a reason."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from zhongjie.auth.principal import Principal
from zhongjie.base.errors import RuleViolation, UserErrorCode
from zhongjie.base.settings import Thresholds
from zhongjie.domain.agencies import validation
from zhongjie.domain.projects.results import Winner, announce_result
from zhongjie.domain.projects.signups import eligible_signups
from zhongjie.domain.projects.transitions import allowed_role, load_project
from zhongjie.domain.projects.vocabulary import ProjectAction, SelectionMethod
from zhongjie.domain.selection.methods import require_method
from zhongjie.models import Project


async def select_directly(
    session: AsyncSession,
    actor: Principal,
    project_id: int,
    agency_id: int,
    reason: str | None,
    thresholds: Thresholds,
    now: datetime,
) -> Project:
    """The result is announced for publicity at once."""
    project = await load_project(session, actor, project_id)
    require_method(project, SelectionMethod.DIRECT)
    allowed_role(project, ProjectAction.SELECT, actor)
    if agency_id not in {signup.agency_id for signup in await eligible_signups(session, project, now)}:
        raise RuleViolation(UserErrorCode.NOT_ALLOWED, "selected_not_eligible", field="input.agencyId")
    reason = validation.text(reason, "input.reason", 1000, required=False)
    await announce_result(
        session,
        project,
        ProjectAction.SELECT,
        actor,
        Winner(agency_id, reason),
        thresholds,
        now,
        comment=reason,
    )
    return project
