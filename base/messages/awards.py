"""After the award: confirmation, the contract, the service and its acceptance, evaluations, questions,
objections and complaints."""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, tuple[str, str]]] = {
    "no_active_award": ("该项目没有有效的中选结果", "The project has no active award"),
    "award_not_confirmable": ("当前状态不能进行中选确认", "The award cannot be confirmed in this status"),
    "publicity_not_over": ("公示期尚未结束", "The publicity period is not over yet"),
    "stand_still": (
        "存在未处理的质疑或投诉，中选确认暂停",
        "Confirmation is suspended while an objection or complaint is open",
    ),
    "already_confirmed": ("您已确认过", "You have already confirmed"),
    "price_out_of_range": (
        "合同金额必须在最低限价与最高限价之间",
        "The price must lie within the floor and ceiling",
    ),
    "contract_not_preparable": ("中选确认后方可拟定合同", "The contract is drafted after confirmation"),
    "contract_not_ready": ("合同尚未拟定或已签订", "There is no contract draft to sign"),
    "contract_hash_mismatch": (
        "合同文本已变更，请重新审阅后签署",
        "The contract changed since you reviewed it; review it again",
    ),
    "already_signed": ("您已签署", "You have already signed"),
    "not_in_service": ("项目不在服务期内", "The project is not in service"),
    "extension_out_of_range": (
        "延期工作日数须在 1 到 {maximum} 之间",
        "Extensions are 1 to {maximum} working days",
    ),
    "extension_decided": ("该延期申请已处理", "The extension was already decided"),
    "evaluation_aspects": ("评价须包含全部五项评分", "An evaluation scores all five aspects"),
    "score_out_of_range": ("评分须在 1 到 5 之间", "Scores are 1 to 5"),
    "not_accepted_yet": ("验收后方可评价", "Evaluations follow acceptance"),
    "already_evaluated": ("您的单位已评价过", "Your organisation has already evaluated"),
    "questions_closed": ("报名截止后不再受理咨询", "Questions close at the sign-up deadline"),
    "participants_only": ("只有报名参与的中介机构可以提出", "Only agencies that signed up may raise this"),
    "objection_window_closed": ("已超过质疑期", "The objection period is over"),
    "complaints_closed": ("合同签订后不再受理投诉", "Complaints close once the contract is signed"),
    "enquiry_closed": ("该事项已处理", "This was already dealt with"),
    "owner_answers": ("只有项目业主可以答复咨询和质疑", "Only the owner answers questions and objections"),
    "operator_decides": ("只有本区域的运营方可以处理投诉", "Only the region's operator decides complaints"),
}
