"""Random selection (随机选取) through GraphQL: commitment at close, draw with public entropy, a record anyone
can re-compute, a new round after a withdrawal; and the draw's uniformity."""

from __future__ import annotations

import copy
import hashlib
import json
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from tests.agency_flow import graphql
from tests.awards.award_flow import mutate
from tests.commands import run_zhongjie
from tests.project_flow import (
    application,
    close_signups,
    new_owner,
    operator_token,
    published,
    run,
    signed_up_agency,
)
from zhongjie.domain import draws

DRAWS = """query($code: String!) { project(code: $code) { status
  result { agency { creditCode } }
  draws { round commitment candidates candidatesHash drawnAt record } } }"""
DRAW = ("drawProjectAgency", "DrawProjectAgencyInput")
# chi-square critical value for 6 degrees of freedom at p = 0.001
CHI_SQUARE_6_AT_0_001 = 22.458
CHI_SQUARE_3_AT_0_001 = 16.266


async def _random_project(client, database, issuer, bidders: int = 3):
    owner, operator = new_owner(issuer), operator_token(issuer)
    project = await published(client, owner, operator, selectionMethod="RANDOM")
    agencies = []
    for _ in range(bidders):
        agency, people = await signed_up_agency(client, database, issuer, project["id"])
        agencies.append((agency, people))
    await close_signups(database, project["code"])
    return project, agencies, owner, operator


async def _verify(record: dict, folder, name: str = "draw.json"):
    path = folder / name
    path.write_text(json.dumps(record, ensure_ascii=False))
    return await run_zhongjie("verify-draw", str(path))


async def test_a_random_selection_commits_at_close_and_draws_verifiably(
    client, database, test_issuer, tmp_path
) -> None:
    project, agencies, owner, _operator = await _random_project(client, database, test_issuer)
    before = (await graphql(client, None, DRAWS, {"code": project["code"]}))["data"]["project"]
    assert before["status"] == "SELECTION"
    [committed] = before["draws"]
    assert committed["record"] is None and committed["drawnAt"] is None
    assert committed["candidates"] == [agency["creditCode"] for agency, _ in agencies]  # in sign-up order
    assert committed["candidatesHash"] == draws.candidates_hash(committed["candidates"])

    by_agency = await mutate(
        client, agencies[0][1].admin, *DRAW, {"projectId": project["id"], "witness": "x"}
    )
    assert [e["code"] for e in by_agency["errors"]] == ["FORBIDDEN"]
    no_witness = await mutate(client, owner.token, *DRAW, {"projectId": project["id"], "witness": " "})
    assert [e["code"] for e in no_witness["errors"]] == ["REQUIRED"]
    drawn = await mutate(
        client, owner.token, *DRAW, {"projectId": project["id"], "witness": "公证员王某现场提供：739201"}
    )
    assert drawn["errors"] == [] and drawn["project"]["status"] == "RESULT_ANNOUNCED"

    after = (await graphql(client, None, DRAWS, {"code": project["code"]}))["data"]["project"]
    record = after["draws"][0]["record"]
    assert (
        record["commitment"] == committed["commitment"]
        and draws.commitment(bytes.fromhex(record["seed"])) == record["commitment"]
    )
    assert after["result"]["agency"]["creditCode"] == record["picked"][0]
    verified = await _verify(record, tmp_path)
    assert verified.returncode == 0, verified.stderr

    tampered = []
    swapped = copy.deepcopy(record)
    swapped["candidates"][0], swapped["candidates"][1] = swapped["candidates"][1], swapped["candidates"][0]
    tampered.append(("order", swapped))
    replaced = copy.deepcopy(record)
    replaced["candidates"][2] = "91370100MA3XXXXX0X"
    tampered.append(("candidate", replaced))
    for field, value in (
        ("seed", "00" * 32),
        ("witness", record["witness"] + "1"),
        ("picked", [c for c in record["candidates"] if c != record["picked"][0]][:1]),
    ):
        changed = copy.deepcopy(record)
        changed[field] = value
        tampered.append((field, changed))
    for what, changed in tampered:
        result = await _verify(changed, tmp_path, f"{what}.json")
        assert result.returncode != 0, what


async def test_a_withdrawn_winner_is_replaced_by_a_new_round(client, database, test_issuer) -> None:
    project, agencies, owner, _operator = await _random_project(client, database, test_issuer)
    await mutate(client, owner.token, *DRAW, {"projectId": project["id"], "witness": "第一轮"})
    first = (await graphql(client, None, DRAWS, {"code": project["code"]}))["data"]["project"]
    winner = first["result"]["agency"]["creditCode"]
    people = next(p for agency, p in agencies if agency["creditCode"] == winner)
    withdrawn = await mutate(
        client,
        people.admin,
        "withdrawFromAward",
        "EndAwardInput",
        {"projectId": project["id"], "reason": "无法履约"},
    )
    assert withdrawn["project"]["status"] == "SELECTION"
    second = (await graphql(client, None, DRAWS, {"code": project["code"]}))["data"]["project"]["draws"]
    assert [d["round"] for d in second] == [1, 2]
    assert second[1]["commitment"] != second[0]["commitment"] and second[1]["record"] is None
    assert winner not in second[1]["candidates"] and len(second[1]["candidates"]) == 2
    await mutate(client, owner.token, *DRAW, {"projectId": project["id"], "witness": "第二轮"})
    final = (await graphql(client, None, DRAWS, {"code": project["code"]}))["data"]["project"]
    assert final["result"]["agency"]["creditCode"] in second[1]["candidates"]


async def test_fewer_than_three_eligible_sign_ups_fail_a_random_selection(
    client, database, test_issuer
) -> None:
    project, _agencies, _owner, _operator = await _random_project(client, database, test_issuer, bidders=2)
    after = (await graphql(client, None, DRAWS, {"code": project["code"]}))["data"]["project"]
    assert after["status"] == "FAILED" and after["draws"] == []


def test_draws_are_uniform_over_ten_thousand_rounds() -> None:
    """Chi-square goodness of fit: 10,000 draws (independent seeds) among 7 candidates; p > 0.001."""
    candidates = [f"C{n}" for n in range(7)]
    digest = draws.candidates_hash(candidates)
    counts = Counter(
        draws.pick(
            draws.draw_key(hashlib.sha256(str(n).encode()).digest(), digest, "witness"),
            "selection",
            candidates,
            1,
        )[0]
        for n in range(10_000)
    )
    expected = 10_000 / len(candidates)
    statistic = sum((counts[c] - expected) ** 2 / expected for c in candidates)
    assert statistic < CHI_SQUARE_6_AT_0_001, (statistic, counts)


def test_weighted_draws_follow_their_weights() -> None:
    """10,000 credit-weighted draws with weights 4, 3, 2, 1: chi-square against the weights (3 df, p > 0.001)."""
    candidates, weights = ["A", "B", "C", "D"], [4, 3, 2, 1]
    digest = draws.candidates_hash(candidates, weights)
    counts = Counter(
        draws.weighted_pick(
            draws.draw_key(hashlib.sha256(b"w%d" % n).digest(), digest, "witness"),
            "selection",
            candidates,
            weights,
        )
        for n in range(10_000)
    )
    expected = {c: 10_000 * w / sum(weights) for c, w in zip(candidates, weights, strict=True)}
    statistic = sum((counts[c] - expected[c]) ** 2 / expected[c] for c in candidates)
    assert statistic < CHI_SQUARE_3_AT_0_001, (statistic, counts)


async def test_a_credit_weighted_draw_publishes_and_verifies_its_weights(
    client, database, test_issuer, tmp_path
) -> None:
    owner, operator = new_owner(test_issuer), operator_token(test_issuer)
    project = await published(client, owner, operator, selectionMethod="RANDOM", creditWeightedDraw=True)
    for _ in range(3):
        await signed_up_agency(client, database, test_issuer, project["id"])
    await close_signups(database, project["code"])
    await mutate(client, owner.token, *DRAW, {"projectId": project["id"], "witness": "加权抽取见证值 42"})
    drawn = (await graphql(client, None, DRAWS, {"code": project["code"]}))["data"]["project"]["draws"][0]
    record = drawn["record"]
    assert record["weights"] == [4, 4, 4]  # no credit records: level A for all
    assert (await _verify(record, tmp_path)).returncode == 0
    reweighted = copy.deepcopy(record)
    reweighted["weights"][0] = 1
    assert (await _verify(reweighted, tmp_path, "reweighted.json")).returncode != 0


async def test_weighting_is_for_random_selection_only(client, test_issuer) -> None:
    owner = new_owner(test_issuer)
    refused = await run(
        client,
        owner.token,
        "createProject",
        "CreateProjectInput",
        {"project": {**application(), "creditWeightedDraw": True}},
    )
    assert [(e["code"], e["field"]) for e in refused["errors"]] == [
        ("INVALID", ["input", "creditWeightedDraw"])
    ]


@given(
    st.lists(
        st.text(alphabet="ABCDEFGH0123456789", min_size=18, max_size=18), min_size=1, max_size=12, unique=True
    ),
    st.binary(min_size=32, max_size=32),
    st.text(max_size=40),
)
def test_a_draw_is_a_candidate_and_the_same_for_the_same_inputs(candidates, seed, witness) -> None:
    digest = draws.candidates_hash(candidates)
    key = draws.draw_key(seed, digest, witness)
    picked = draws.pick(key, "selection", candidates, 1)
    assert picked[0] in candidates and picked == draws.pick(key, "selection", candidates, 1)
