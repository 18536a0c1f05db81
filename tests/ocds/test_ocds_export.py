"""The OCDS export through the API: a release per stage, clean under libcoveocds, served as packages."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.agency_flow import actors, admitted_agency, graphql
from tests.awards.award_flow import at, mutate, signed_contract
from tests.ocds.validation import CLEAN, problems
from tests.project_flow import (
    act,
    close_signups,
    create,
    new_owner,
    operator_token,
    published,
    run,
    signed_up_agency,
)

RELEASE = "query($code: String!) { project(code: $code) { status ocdsRelease } }"
PREFIX = "ocds-zhngje"


def days_from_now(days: int) -> datetime:
    return datetime.now(UTC) + timedelta(days=days)


def package(*releases: dict) -> dict:
    return {
        "uri": "http://testserver/ocds/releases",
        "version": "1.1",
        "publishedDate": "2026-12-01T00:00:00Z",
        "publisher": {"name": "网上中介服务超市"},
        "releases": list(releases),
    }


async def release_of(client, code: str, token: str | None = None) -> dict | None:
    result = await graphql(client, token, RELEASE, {"code": code})
    assert "errors" not in result, result["errors"]
    return result["data"]["project"]["ocdsRelease"]


async def feed(client, **parameters) -> list[dict]:
    """Every package of `/ocds/releases` from `parameters` on, following the `next` links until a page
    comes back empty (every page links to where it ended, the last one too)."""
    packages, url = [], "/ocds/releases"
    query = {key: str(value) for key, value in parameters.items()}
    while True:
        response = await client.get(url, params=query)
        assert response.status_code == 200, response.text
        package, link = response.json(), response.headers["link"]
        if not package["releases"]:
            return packages
        packages.append(package)
        target = urlsplit(link[1 : link.index(">")])
        url, query = target.path, {key: values[0] for key, values in parse_qs(target.query).items()}


def party_roles(release: dict) -> dict[str, list[str]]:
    return {party["name"]: party["roles"] for party in release["parties"]}


async def test_a_release_per_stage_each_clean_and_the_feed_serves_the_same(
    client, database, test_issuer, tmp_path
) -> None:
    started = datetime.now(UTC) - timedelta(seconds=1)
    people = actors(test_issuer, f"ORG{uuid.uuid4().hex[:8].upper()}", f"admin-{uuid.uuid4().hex[:8]}")
    agency = await admitted_agency(client, database, people)
    owner, operator = new_owner(test_issuer), operator_token(test_issuer)
    project = await create(client, owner, priceFloor="50000.00")
    code, pid = project["code"], project["id"]
    assert await release_of(client, code, owner.token) is None  # a draft has no release, even for its owner
    for name, token in (("submitProject", owner.token), ("approveProject", operator)):
        assert (await act(client, token, name, pid))["errors"] == []
    assert await release_of(client, code, operator) is None  # nor an application under review
    stages: list[dict] = []

    async def stage(expected_tags: list[str], moment_client=client) -> dict:
        release = await release_of(moment_client, code)
        assert release["tag"] == expected_tags
        assert problems(package(release), tmp_path) == CLEAN, release
        stages.append(release)
        return release

    published_project = (await act(client, operator, "publishProject", pid))["project"]
    tender = await stage(["tender"])
    assert tender["ocid"] == f"{PREFIX}-{code}" and tender["initiationType"] == "tender"
    assert tender["tender"]["status"] == "active" and "tenderers" not in tender["tender"]
    assert tender["tender"]["value"] == {"amount": 75000.0, "currency": "CNY"}
    assert tender["tender"]["minValue"] == {"amount": 50000.0, "currency": "CNY"}
    assert tender["tender"]["tenderPeriod"]["endDate"] == published_project["signupDeadline"].replace(
        "+00:00", "Z"
    )
    assert tender["planning"]["budget"]["projectID"] == "2026-370102-70-01-000123"
    assert tender["tender"]["items"][0]["classification"]["id"] == "ZJ-ZR-006"
    assert party_roles(tender) == {owner.organisation: ["buyer", "procuringEntity"]}

    await run(
        client, people.admin, "signUpForProject", "ProjectSignupInput", {"projectId": pid}, "project { id }"
    )
    sealed = await release_of(client, code)
    assert sealed == tender  # who signed up stays hidden until sign-up closes (anti-collusion)

    await close_signups(database, code)
    closed = await stage(["tenderUpdate"])
    assert closed["tender"]["numberOfTenderers"] == 1
    assert [t["name"] for t in closed["tender"]["tenderers"]] == [agency["name"]]

    selected = await run(
        client,
        owner.token,
        "selectProjectAgency",
        "SelectProjectAgencyInput",
        {"projectId": pid, "agencyId": agency["id"], "reason": "经比选报价最优"},
    )
    assert selected["errors"] == []
    awarded = await stage(["award"])
    assert awarded["tender"]["status"] == "complete"
    [award] = awarded["awards"]
    assert award["status"] == "pending" and [s["name"] for s in award["suppliers"]] == [agency["name"]]
    assert party_roles(awarded)[agency["name"]] == ["tenderer", "supplier"]
    assert "value" not in award  # a direct selection has no price until the contract

    async with at(database, test_issuer, days_from_now(30)) as later:
        for token in (owner.token, people.admin):
            confirmed = await mutate(later, token, "confirmAward", "ProjectActionInput", {"projectId": pid})
            assert confirmed["errors"] == []
    confirmed = await stage(["awardUpdate"])
    assert confirmed["awards"][0]["status"] == "active"
    assert confirmed["awards"][0]["documents"][0]["url"].endswith(f"/letters/{code}.pdf")

    async with at(database, test_issuer, days_from_now(31)) as signing:
        await signed_contract(signing, owner.token, people.admin, pid, "70000.00")
    contracted = await stage(["contract"])
    [contract] = contracted["contracts"]
    assert contract["status"] == "active" and contract["awardID"] == award["id"]
    assert contract["value"] == {"amount": 70000.0, "currency": "CNY"}
    assert contract["period"]["startDate"] == contract["dateSigned"]

    async with at(database, test_issuer, days_from_now(32)) as working:
        for name, token, input_type, extra, statuses in (
            ("deliverService", people.admin, "DeliverServiceInput", {"summary": "成果第一版"}, ["scheduled"]),
            ("returnService", owner.token, "ReturnServiceInput", {"reasons": "缺少附图"}, ["notMet"]),
            (
                "deliverService",
                people.admin,
                "DeliverServiceInput",
                {"summary": "成果第二版"},
                ["notMet", "scheduled"],
            ),
        ):
            done = await mutate(working, token, name, input_type, {"projectId": pid, **extra})
            assert done["errors"] == [], name
            delivered = await stage(["implementation"])
            milestones = delivered["contracts"][0]["implementation"]["milestones"]
            assert [m["status"] for m in milestones] == statuses, name
    assert [m["id"] for m in milestones] == ["delivery-1", "delivery-2"]
    assert "成果第" not in str(delivered)  # delivery summaries are the parties' only

    async with at(database, test_issuer, days_from_now(33)) as late:
        accepted = await mutate(late, owner.token, "acceptService", "ProjectActionInput", {"projectId": pid})
        assert accepted["errors"] == []
        finished = await stage(["implementation", "contractTermination"], late)
        evaluation = {
            "quality": 5,
            "timeliness": 4,
            "attitude": 5,
            "feeReasonableness": 4,
            "standardisation": 5,
        }
        evaluated = await mutate(
            late, owner.token, "evaluateService", "EvaluateServiceInput", {"projectId": pid, **evaluation}
        )
        assert evaluated["project"]["status"] == "COMPLETED"
    assert finished["contracts"][0]["status"] == "terminated"
    assert finished["contracts"][0]["implementation"]["milestones"][1]["status"] == "met"
    assert await release_of(client, code) == finished  # an evaluation is no OCDS stage

    # the feed serves exactly these releases for the project, unchanged since their stage
    packages = await feed(client, since=started.isoformat(), limit=7)
    served = [r for p in packages for r in p["releases"] if r["ocid"] == f"{PREFIX}-{code}"]
    assert served == stages
    assert len({release["id"] for release in served}) == len(served)
    for page in packages:
        assert problems(page, tmp_path) == CLEAN


async def test_a_withdrawn_award_is_cancelled_and_the_next_carries_its_offer(
    client, database, test_issuer, tmp_path
) -> None:
    owner, operator = new_owner(test_issuer), operator_token(test_issuer)
    project = await published(client, owner, operator, selectionMethod="AVERAGE_PRICE", priceFloor="30000.00")
    bidders = []
    for price in ("60000.00", "50000.00", "72000.00"):
        agency, people = await signed_up_agency(client, database, test_issuer, project["id"])
        offered = await mutate(
            client,
            people.admin,
            "submitOffer",
            "SubmitOfferInput",
            {"projectId": project["id"], "price": price},
            "offer { price }",
        )
        assert offered["errors"] == []
        bidders.append((agency, people))
    await close_signups(database, project["code"])
    sealed_until_opening = await release_of(client, project["code"])
    assert "awards" not in sealed_until_opening and "60000" not in str(sealed_until_opening)
    opened = await mutate(
        client, owner.token, "openOffers", "ProjectActionInput", {"projectId": project["id"]}
    )
    assert opened["errors"] == []
    first = await release_of(client, project["code"])
    assert first["awards"][0]["value"] == {"amount": 60000.0, "currency": "CNY"}
    withdrawn = await mutate(
        client,
        bidders[0][1].admin,
        "withdrawFromAward",
        "EndAwardInput",
        {"projectId": project["id"], "reason": "无法履约"},
    )
    assert withdrawn["errors"] == []
    cancelled = await release_of(client, project["code"])
    assert cancelled["tag"] == ["awardUpdate"] and cancelled["tender"]["status"] == "active"
    assert [a["status"] for a in cancelled["awards"]] == ["cancelled"]
    reopened = await mutate(
        client, operator, "openOffers", "ProjectActionInput", {"projectId": project["id"]}
    )
    assert reopened["errors"] == []
    second = await release_of(client, project["code"])
    assert [(a["status"], a["value"]["amount"]) for a in second["awards"]] == [
        ("cancelled", 60000.0),
        ("pending", 50000.0),
    ]
    assert second["awards"][1]["suppliers"][0]["name"] == bidders[1][0]["name"]
    assert second["tender"]["numberOfTenderers"] == 3
    assert problems(package(first, cancelled, second), tmp_path) == CLEAN


async def test_a_failed_tender_is_unsuccessful_until_republished(
    client, database, test_issuer, tmp_path
) -> None:
    owner, operator = new_owner(test_issuer), operator_token(test_issuer)
    project = await published(client, owner, operator)
    first = await release_of(client, project["code"])
    await close_signups(database, project["code"])  # nobody signed up
    failed = await release_of(client, project["code"])
    assert failed["tag"] == ["tenderUpdate"] and failed["tender"]["status"] == "unsuccessful"
    assert failed["tender"]["numberOfTenderers"] == 0
    async with at(database, test_issuer, days_from_now(10)) as later:
        again = await act(later, operator, "republishProject", project["id"])
        assert again["errors"] == []
        republished = await release_of(later, project["code"])
    assert republished["tag"] == ["tenderUpdate"] and republished["tender"]["status"] == "active"
    assert republished["tender"]["tenderPeriod"]["startDate"] > first["tender"]["tenderPeriod"]["endDate"]
    assert "numberOfTenderers" not in republished["tender"]  # a new sign-up period is open
    assert problems(package(first, failed, republished), tmp_path) == CLEAN


async def test_a_project_cancelled_after_publication_is_told_by_a_release_of_its_own(
    client, test_issuer, tmp_path
) -> None:
    owner, operator = new_owner(test_issuer), operator_token(test_issuer)
    started = datetime.now(UTC) - timedelta(seconds=1)
    project = await published(client, owner, operator)
    ocid = f"{PREFIX}-{project['code']}"

    async def releases_of_the_project() -> list[dict]:
        packages = await feed(client, since=started.isoformat())
        return [r for p in packages for r in p["releases"] if r["ocid"] == ocid]

    [tender] = await releases_of_the_project()
    assert (await act(client, owner.token, "cancelProject", project["id"]))["errors"] == []
    first, cancellation = await releases_of_the_project()
    assert first == tender  # what was published stays as it was
    assert cancellation["tag"] == ["tenderCancellation"] and cancellation["tender"]["status"] == "cancelled"
    assert problems(package(first, cancellation), tmp_path) == CLEAN
    assert await release_of(client, project["code"], owner.token) == cancellation


async def test_paging_since_and_bad_parameters(client) -> None:
    everything = await feed(client, limit=500)
    releases = [r for p in everything for r in p["releases"]]
    paged = [r for p in await feed(client, limit=3) for r in p["releases"]]
    assert [r["id"] for r in paged] == [r["id"] for r in releases]  # each release once, in feed order
    response = await client.get("/ocds/releases", params={"limit": 2})
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["uri"] == "http://127.0.0.1:8000/ocds/releases?limit=2"  # the public URL
    assert 'rel="next"' in response.headers["link"]
    following = "/ocds/releases?limit=500"
    while True:  # to the end of the feed: the first page that comes back empty
        last = await client.get(following)
        following = last.headers["link"][1 : last.headers["link"].index(">")]
        if not last.json()["releases"]:
            break
    resumed = await client.get(following)  # the end's cursor: nothing new yet, the same cursor again
    assert resumed.json()["releases"] == [] and resumed.headers["link"] == last.headers["link"]
    tomorrow = (datetime.now(UTC) + timedelta(days=400)).date().isoformat()
    assert (await client.get("/ocds/releases", params={"since": tomorrow})).json()["releases"] == []
    for parameters in (
        {"limit": "0"},
        {"limit": "501"},
        {"limit": "x"},
        {"cursor": "nope"},
        {"since": "2026-13-01"},
    ):
        refused = await client.get("/ocds/releases", params=parameters, headers={"accept-language": "en"})
        assert refused.status_code == 400, parameters
        assert refused.json()["error"]["code"] == "BAD_USER_INPUT"
    naive = await client.get("/ocds/releases", params={"since": "2026-12-01T08:00:00"})
    assert naive.status_code == 400 and "时区" in naive.json()["error"]["message"]  # zh-CN by default


@pytest.mark.parametrize("limit", [5, 50])
async def test_a_page_takes_the_same_statements_whatever_its_size(client, count_statements, limit) -> None:
    with count_statements() as counter:
        response = await client.get("/ocds/releases", params={"limit": limit})
    assert len(response.json()["releases"]) > 1
    assert counter.count == 1, counter.statements  # the releases as they were published
