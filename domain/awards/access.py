"""Who sees a project's enquiries and its offers."""

from __future__ import annotations

from zhongjie.auth.principal import Role
from zhongjie.auth.visibility import OWN_ORGANISATION, Audience, RowRule
from zhongjie.domain.awards.vocabulary import EnquiryKind
from zhongjie.domain.projects.access import OWNER_ORGANISATION
from zhongjie.domain.projects.lifecycle import AFTER_RESULT

# questions are public; objections and complaints to the filer (`organisation_id`), the project's owner
# (`owner_organisation_id`) and the operators
ENQUIRY_ROWS = RowRule(
    Audience(roles=frozenset({Role.OPERATOR}), relations=(OWN_ORGANISATION, OWNER_ORGANISATION)),
    public_when=lambda enquiry: EnquiryKind(enquiry.kind) is EnquiryKind.QUESTION,
)

# sealed until the result: the offering agency alone sees its offer; afterwards everyone sees all offers
OFFER_ROWS = RowRule(
    Audience(relations=(OWN_ORGANISATION,)),
    public_when=lambda offer: offer.project_status in AFTER_RESULT,
)
