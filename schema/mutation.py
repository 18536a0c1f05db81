"""The root `Mutation` type: each mutation takes one `input` and returns a payload with `errors`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import strawberry

from zhongjie.events.endpoints import MAX_RETIRED_SECRETS
from zhongjie.schema import agency_mutations as agencies
from zhongjie.schema import award_mutations as awards
from zhongjie.schema import credit_mutations as credit
from zhongjie.schema import notice_mutations as notices
from zhongjie.schema import project_mutations as projects
from zhongjie.schema import webhook_mutations as webhooks
from zhongjie.schema.agency_inputs import AgencyChangeRequestPayload, AgencyPayload
from zhongjie.schema.award_inputs import EnquiryPayload, OfferPayload
from zhongjie.schema.credit_inputs import CreditRecordPayload, InspectionPlanPayload
from zhongjie.schema.notices import NoticePayload
from zhongjie.schema.project_inputs import ProjectPayload, ProjectSignupPayload
from zhongjie.schema.webhook_inputs import (
    DeleteWebhookEndpointPayload,
    WebhookDeliveryPayload,
    WebhookEndpointPayload,
)


def _agency(resolver: Callable[..., Awaitable[AgencyPayload]], description: str) -> AgencyPayload:
    return strawberry.mutation(resolver=resolver, description=description)


@strawberry.type(description="Changes to the marketplace; every one is checked, recorded and attributed.")
class Mutation:
    create_agency_application: AgencyPayload = _agency(
        agencies.create_agency_application,
        "Apply for entry (入驻申请) as the agency's administrator: a draft.",
    )
    update_agency_application: AgencyPayload = _agency(
        agencies.update_agency_application, "Edit a draft or returned application."
    )
    submit_agency_application: AgencyPayload = _agency(
        agencies.submit_agency_application, "Submit the application for review (提交申请)."
    )
    confirm_agency_application_complete: AgencyPayload = _agency(
        agencies.confirm_agency_application_complete,
        "Operator: the application is complete (材料齐全); admitted once all qualifications are verified.",
    )
    return_agency_application: AgencyPayload = _agency(
        agencies.return_agency_application,
        "Operator: return a submitted application with fixed reasons; refused for a complete, verified one.",
    )
    add_agency_qualification: AgencyPayload = _agency(
        agencies.add_agency_qualification,
        "Record a qualification certificate, checked against the e-license registry.",
    )
    remove_agency_qualification: AgencyPayload = _agency(
        agencies.remove_agency_qualification, "Remove a qualification certificate."
    )
    review_agency_qualification: AgencyPayload = _agency(
        agencies.review_agency_qualification,
        "Authority of the qualification's sector: verify or reject it (联合审查).",
    )
    extend_agency_qualification: AgencyPayload = _agency(
        agencies.extend_agency_qualification, "Extend a certificate's validity (延期); it is verified again."
    )
    offer_agency_service: AgencyPayload = _agency(
        agencies.offer_agency_service, "Offer a catalog item with a quote or fee reference."
    )
    withdraw_agency_service: AgencyPayload = _agency(
        agencies.withdraw_agency_service, "Stop offering an item."
    )
    add_agency_practitioner: AgencyPayload = _agency(
        agencies.add_agency_practitioner, "Register a practitioner."
    )
    remove_agency_practitioner: AgencyPayload = _agency(
        agencies.remove_agency_practitioner, "Remove a practitioner."
    )
    add_agency_branch: AgencyPayload = _agency(
        agencies.add_agency_branch, "Register a branch and its service regions."
    )
    remove_agency_branch: AgencyPayload = _agency(agencies.remove_agency_branch, "Remove a branch.")
    set_agency_contact: AgencyPayload = _agency(
        agencies.set_agency_contact, "Authorise or revoke a colleague as business contact (业务联系人)."
    )
    update_agency_profile: AgencyPayload = _agency(
        agencies.update_agency_profile, "Edit an admitted agency's phone, e-mail or introduction."
    )
    request_agency_change: AgencyChangeRequestPayload = strawberry.mutation(
        resolver=agencies.request_agency_change, description="Request a change of key fields (变更申请)."
    )
    review_agency_change: AgencyChangeRequestPayload = strawberry.mutation(
        resolver=agencies.review_agency_change, description="Operator: approve or refuse a change request."
    )
    remove_agency: AgencyPayload = _agency(
        agencies.remove_agency, "Operator: remove an agency from the market (清退)."
    )
    create_project: ProjectPayload = strawberry.mutation(
        resolver=projects.create_project,
        description="Owner: create a purchase application (采购申请), a draft.",
    )
    update_project: ProjectPayload = strawberry.mutation(
        resolver=projects.update_project, description="Owner: edit a draft or returned project."
    )
    submit_project: ProjectPayload = strawberry.mutation(
        resolver=projects.submit_project, description="Owner: submit the application for review."
    )
    approve_project: ProjectPayload = strawberry.mutation(
        resolver=projects.approve_project, description="Operator: approve the application (工作人员审核)."
    )
    return_project: ProjectPayload = strawberry.mutation(
        resolver=projects.return_project, description="Operator: return the application with fixed reasons."
    )
    publish_project: ProjectPayload = strawberry.mutation(
        resolver=projects.publish_project,
        description="Operator: publish the purchase notice (采购公告); sign-up runs for its working days.",
    )
    republish_project: ProjectPayload = strawberry.mutation(
        resolver=projects.republish_project,
        description="Operator: publish a failed project again (重新发布).",
    )
    cancel_project: ProjectPayload = strawberry.mutation(
        resolver=projects.cancel_project, description="Owner or operator: cancel before the result (取消)."
    )
    sign_up_for_project: ProjectSignupPayload = strawberry.mutation(
        resolver=projects.sign_up_for_project, description="Agency staff: sign up before the deadline (报名)."
    )
    withdraw_project_signup: ProjectSignupPayload = strawberry.mutation(
        resolver=projects.withdraw_project_signup, description="Agency staff: withdraw before the deadline."
    )
    select_project_agency: ProjectPayload = strawberry.mutation(
        resolver=projects.select_project_agency,
        description="Owner: direct selection (直接选取) of an eligible sign-up; announces the result.",
    )
    record_credit: CreditRecordPayload = strawberry.mutation(
        resolver=credit.record_credit, description="Authority or operator: record a credit record (信用记录)."
    )
    repair_credit_record: CreditRecordPayload = strawberry.mutation(
        resolver=credit.repair_credit_record,
        description="Credit repair (信用修复): a bad record stops counting.",
    )
    revoke_credit_record: CreditRecordPayload = strawberry.mutation(
        resolver=credit.revoke_credit_record, description="Revoke a wrongly recorded credit record."
    )
    create_inspection_plan: InspectionPlanPayload = strawberry.mutation(
        resolver=credit.create_inspection_plan,
        description="Authority: a double-random inspection plan; the seed commitment is published at once.",
    )
    draw_inspection_plan: InspectionPlanPayload = strawberry.mutation(
        resolver=credit.draw_inspection_plan,
        description="Authority: draw targets and inspectors (抽取), publicly.",
    )
    record_inspection_result: InspectionPlanPayload = strawberry.mutation(
        resolver=credit.record_inspection_result,
        description="Authority: publish a target's result; a failure becomes a credit record.",
    )
    draw_project_agency: ProjectPayload = strawberry.mutation(
        resolver=awards.draw_project_agency,
        description="Owner or operator: draw a random selection's winner (随机抽取) with public entropy.",
    )
    submit_offer: OfferPayload = strawberry.mutation(
        resolver=awards.submit_offer,
        description="Agency that signed up: seal a price offer (密封报价); replace it until the deadline.",
    )
    submit_bid: OfferPayload = strawberry.mutation(
        resolver=awards.submit_bid,
        description="Bidder: a bid in an open round (竞价), below the best price so far.",
    )
    assign_scorers: ProjectPayload = strawberry.mutation(
        resolver=awards.assign_scorers,
        description="Operator: name the scorers (评审人员) of a best-merit selection.",
    )
    score_bidder: ProjectPayload = strawberry.mutation(
        resolver=awards.score_bidder,
        description="Assigned scorer: score a bidder on every published criterion.",
    )
    rank_bidders: ProjectPayload = strawberry.mutation(
        resolver=awards.rank_bidders,
        description="Owner or operator: rank by the weighted totals and announce the best (择优选取).",
    )
    open_offers: ProjectPayload = strawberry.mutation(
        resolver=awards.open_offers,
        description="Owner or operator: open the sealed offers after the close; announce by the rule.",
    )
    confirm_award: ProjectPayload = strawberry.mutation(
        resolver=awards.confirm_award,
        description="Owner or winner: confirm the award (中选确认) after publicity; both: the sealed letter.",
    )
    withdraw_from_award: ProjectPayload = strawberry.mutation(
        resolver=awards.withdraw_from_award,
        description="Winning agency: withdraw (放弃) before the contract; the project returns to selection.",
    )
    disqualify_award: ProjectPayload = strawberry.mutation(
        resolver=awards.disqualify_award,
        description="Operator: disqualify the winner (取消中选资格) before the contract, with the reason.",
    )
    correct_award: ProjectPayload = strawberry.mutation(
        resolver=awards.correct_award,
        description="Operator: correct the published award's value (更正), with the reason; published as a "
        "new release, never by changing the earlier ones.",
    )
    prepare_contract: ProjectPayload = strawberry.mutation(
        resolver=awards.prepare_contract,
        description="Owner: draft the contract (合同) from the template of the item's service type.",
    )
    sign_contract: ProjectPayload = strawberry.mutation(
        resolver=awards.sign_contract,
        description="Owner or agency: sign the reviewed contract; the second signature starts the clock.",
    )
    request_service_extension: ProjectPayload = strawberry.mutation(
        resolver=awards.request_service_extension,
        description="Agency: ask for more working days (延期), with a reason.",
    )
    decide_service_extension: ProjectPayload = strawberry.mutation(
        resolver=awards.decide_service_extension,
        description="Owner: consent to an extension, or refuse it.",
    )
    deliver_service: ProjectPayload = strawberry.mutation(
        resolver=awards.deliver_service,
        description="Agency: deliver the service result (成果提交).",
    )
    accept_service: ProjectPayload = strawberry.mutation(
        resolver=awards.accept_service,
        description="Owner: accept the delivered result (验收); the service clock stops.",
    )
    return_service: ProjectPayload = strawberry.mutation(
        resolver=awards.return_service,
        description="Owner: return the delivered result with reasons for re-delivery (退回).",
    )
    evaluate_service: ProjectPayload = strawberry.mutation(
        resolver=awards.evaluate_service,
        description="Owner after acceptance, or an authority of the region: evaluate the service (服务评价).",
    )
    ask_question: EnquiryPayload = strawberry.mutation(
        resolver=awards.ask_question,
        description="Ask a public question (咨询) on a published project; you are not disclosed.",
    )
    file_objection: EnquiryPayload = strawberry.mutation(
        resolver=awards.file_objection,
        description="Participant: object to the result (质疑) within its publicity period.",
    )
    file_complaint: EnquiryPayload = strawberry.mutation(
        resolver=awards.file_complaint,
        description="Participant: complain (投诉) to the operator, before the contract.",
    )
    answer_enquiry: EnquiryPayload = strawberry.mutation(
        resolver=awards.answer_enquiry,
        description="Owner: answer a question or an objection (答复).",
    )
    decide_complaint: EnquiryPayload = strawberry.mutation(
        resolver=awards.decide_complaint,
        description="Operator: decide a complaint; an upheld one disqualifies the winner.",
    )
    create_notice: NoticePayload = strawberry.mutation(
        resolver=notices.create_notice,
        description="Operator: draft a notice (通知公告) for your region or one below it.",
    )
    edit_notice: NoticePayload = strawberry.mutation(
        resolver=notices.edit_notice, description="Operator: edit a draft notice."
    )
    publish_notice: NoticePayload = strawberry.mutation(
        resolver=notices.publish_notice, description="Operator: publish a notice; it becomes public."
    )
    withdraw_notice: NoticePayload = strawberry.mutation(
        resolver=notices.withdraw_notice,
        description="Operator: withdraw a published notice, with a reason.",
    )
    create_webhook_endpoint: WebhookEndpointPayload = strawberry.mutation(
        resolver=webhooks.create_webhook_endpoint,
        description="Partner or operator: register a webhook endpoint; the payload shows its secret once.",
    )
    update_webhook_endpoint: WebhookEndpointPayload = strawberry.mutation(
        resolver=webhooks.update_webhook_endpoint,
        description="Change an endpoint's settings: ordered delivery, description.",
    )
    rotate_webhook_secret: WebhookEndpointPayload = strawberry.mutation(
        resolver=webhooks.rotate_webhook_secret,
        description="A new signing secret (shown once). The secret it replaces keeps signing beside it for "
        "the grace period (`ZHONGJIE_WEBHOOK_SECRET_GRACE_SECONDS`, a day by default), and so does every "
        "secret an earlier rotation replaced, each until its own grace ends: rotating twice within a grace "
        "period leaves three secrets signing, one `v1,` signature each in `webhook-signature`, and a "
        "receiver holding any of them verifies. `secretGraceEnds` shows when each stops. While "
        f"{MAX_RETIRED_SECRETS} earlier secrets still sign, a rotation is refused (NOT_ALLOWED) until the "
        "first grace ends.",
    )
    enable_webhook_endpoint: WebhookEndpointPayload = strawberry.mutation(
        resolver=webhooks.enable_webhook_endpoint, description="Re-enable an endpoint that was disabled."
    )
    delete_webhook_endpoint: DeleteWebhookEndpointPayload = strawberry.mutation(
        resolver=webhooks.delete_webhook_endpoint, description="Remove an endpoint and its delivery log."
    )
    redeliver_webhook: WebhookDeliveryPayload = strawberry.mutation(
        resolver=webhooks.redeliver_webhook,
        description="Send a delivery again now (e.g. a dead-lettered one), with its original webhook-id.",
    )
