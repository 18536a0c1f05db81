"""`zhongjie import holidays`: an operator loads the State Council's notice without a release; open
deadlines it moves are moved and listed; `workingCalendar(year:)` shows it; a deadline reaching a year
the calendar does not know is refused."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.agency_flow import graphql
from tests.apps import http, static_key_app
from tests.awards.award_flow import beijing
from tests.commands import database_environment, run_zhongjie
from tests.project_flow import act, create, new_owner, operator_token
from zhongjie.models.database import Database
from zhongjie.server.database_setup import prepare_database
from zhongjie.server.demo import load_demo_data

# a notice for 2027 as the State Council might publish it: the Spring Festival from 5 to 11 February,
# worked back on Sunday 31 January and Saturday 20 February
NOTICE_2027 = """date,kind,name,provisional
2027-01-01,holiday,元旦,no
2027-01-31,workday,春节调休上班,no
2027-02-05,holiday,春节,no
2027-02-06,holiday,春节,no
2027-02-07,holiday,春节,no
2027-02-08,holiday,春节,no
2027-02-09,holiday,春节,no
2027-02-10,holiday,春节,no
2027-02-11,holiday,春节,no
2027-02-20,workday,春节调休上班,no
2027-10-01,holiday,国庆节,no
"""
YEAR = """query($year: Int!) { workingCalendar(year: $year) {
  year status provisional workingDays source holidays { date name } makeUpWorkdays { date name } } }"""
DEADLINE = "query($code: String!) { project(code: $code) { status signupDeadline } }"


@pytest.fixture
async def fresh(empty_database: Database) -> Database:
    """A database of its own: importing a calendar here leaves the shared one alone."""
    await prepare_database(empty_database)
    await load_demo_data(empty_database)
    return empty_database


async def _published_at(database, issuer, moment: datetime) -> tuple[dict, dict]:
    async with http(static_key_app(database, issuer, clock=lambda: moment)) as client:
        owner, operator = new_owner(issuer), operator_token(issuer)
        project = await create(client, owner)
        outcomes = {}
        for name, token in (
            ("submitProject", owner.token),
            ("approveProject", operator),
            ("publishProject", operator),
        ):
            outcomes[name] = await act(client, token, name, project["id"])
        return project, outcomes


async def test_a_notice_replaces_a_provisional_year_and_moves_open_deadlines(
    fresh, test_issuer, tmp_path
) -> None:
    project, outcomes = await _published_at(fresh, test_issuer, beijing("2027-02-03 10:00"))
    assert outcomes["publishProject"]["errors"] == []
    async with http(static_key_app(fresh, test_issuer)) as client:
        before = (await graphql(client, None, DEADLINE, {"code": project["code"]}))["data"]["project"]
        provisional = (await graphql(client, None, YEAR, {"year": 2027}))["data"]["workingCalendar"]
    # provisional 2027: Thu 4 Feb, then (5–8 off) Tue 9 and Wed 10
    assert datetime.fromisoformat(before["signupDeadline"]) == beijing("2027-02-10 17:00")
    assert (provisional["status"], provisional["provisional"], provisional["source"]) == (
        "PROVISIONAL",
        True,
        "shipped",
    )
    assert provisional["makeUpWorkdays"] == []

    notice = tmp_path / "2027.csv"
    notice.write_text(NOTICE_2027, encoding="utf-8")
    imported = await run_zhongjie("import", "holidays", str(notice), env=database_environment(fresh))
    assert imported.returncode == 0, imported.stderr
    assert "2027: official, 11 days, changed" in imported.stdout
    # now Thu 4 Feb, then (5–11 off) Fri 12 and Mon 15
    moved = f"moved {project['code']} signup_deadline: 2027-02-10T09:00:00+00:00 -> 2027-02-15T09:00:00+00:00"
    assert moved in imported.stdout, imported.stdout
    assert "years changed=1 deadlines moved=1" in imported.stdout

    async with http(static_key_app(fresh, test_issuer)) as client:
        after = (await graphql(client, None, DEADLINE, {"code": project["code"]}))["data"]["project"]
        official = (await graphql(client, None, YEAR, {"year": 2027}))["data"]["workingCalendar"]
    assert datetime.fromisoformat(after["signupDeadline"]) == beijing("2027-02-15 17:00")
    assert (official["status"], official["provisional"], official["source"]) == (
        "OFFICIAL",
        False,
        "import of 2027.csv",
    )
    assert [day["date"] for day in official["makeUpWorkdays"]] == ["2027-01-31", "2027-02-20"]
    assert {"date": "2027-02-11", "name": "春节"} in official["holidays"]

    again = await run_zhongjie("import", "holidays", str(notice), env=database_environment(fresh))
    assert again.returncode == 0 and "2027: official, 11 days, unchanged" in again.stdout
    assert "years changed=0 deadlines moved=0" in again.stdout
    await prepare_database(fresh)  # a migration keeps what an operator imported
    async with http(static_key_app(fresh, test_issuer)) as client:
        kept = (await graphql(client, None, YEAR, {"year": 2027}))["data"]["workingCalendar"]
    assert kept["source"] == "import of 2027.csv"


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("2027-02-09,workday,调休,no", "is not a weekend day"),
        ("2027-02-31,holiday,春节,no", "line 2 is invalid"),
        ("2027-02-09,vacation,春节,no", "line 2 is invalid"),
        ("2027-02-09,holiday,春节,maybe", "line 2 is invalid"),
    ],
)
async def test_a_bad_file_imports_nothing_and_says_which_line(fresh, tmp_path, row, reason) -> None:
    notice = tmp_path / "bad.csv"
    notice.write_text(f"date,kind,name,provisional\n{row}\n2027-10-01,holiday,国庆节,no\n", encoding="utf-8")
    refused = await run_zhongjie(
        "import", "holidays", str(notice), "--lang", "en", env=database_environment(fresh)
    )
    assert refused.returncode == 1 and "Nothing imported" in refused.stderr and reason in refused.stderr


async def test_mixing_official_and_provisional_rows_of_a_year_is_refused(fresh, tmp_path) -> None:
    notice = tmp_path / "mixed.csv"
    notice.write_text(
        "date,kind,name,provisional\n2027-01-01,holiday,元旦,no\n2027-10-01,holiday,国庆节,yes\n"
    )
    refused = await run_zhongjie(
        "import", "holidays", str(notice), "--lang", "en", env=database_environment(fresh)
    )
    assert refused.returncode == 1 and "line 3" in refused.stderr and "2027" in refused.stderr


async def test_a_deadline_in_a_year_the_calendar_does_not_know_is_refused(
    client, database, test_issuer
) -> None:
    last_known = 2028  # the last provisional year shipped
    project, outcomes = await _published_at(database, test_issuer, beijing(f"{last_known}-12-28 10:00"))
    refused = outcomes["publishProject"]
    assert [(error["code"], error["field"]) for error in refused["errors"]] == [
        ("NOT_ALLOWED", ["input", "projectId"])
    ]
    assert str(last_known + 1) in refused["errors"][0]["message"]
    unchanged = await graphql(client, operator_token(test_issuer), DEADLINE, {"code": project["code"]})
    assert unchanged["data"]["project"] == {"status": "APPROVED", "signupDeadline": None}


async def test_working_calendar_answers_every_year_and_refuses_nonsense(client) -> None:
    async def year(value: int) -> dict:
        return await graphql(client, None, YEAR, {"year": value})

    official = (await year(2024))["data"]["workingCalendar"]
    assert (official["status"], official["workingDays"]) == ("OFFICIAL", 251)
    assert {"date": "2024-02-04", "name": "春节调休上班"} in official["makeUpWorkdays"]
    unknown = (await year(2040))["data"]["workingCalendar"]
    assert (unknown["status"], unknown["workingDays"], unknown["holidays"]) == ("UNKNOWN", None, [])
    refused = await year(1800)
    assert [error["extensions"]["code"] for error in refused["errors"]] == ["BAD_USER_INPUT"]
