"""The states of a notice and the actions on it."""

from __future__ import annotations

from zhongjie.domain.catalog.vocabulary import LabelledEnum


class NoticeStatus(LabelledEnum):
    DRAFT = ("DRAFT", "草稿")
    PUBLISHED = ("PUBLISHED", "已发布")
    WITHDRAWN = ("WITHDRAWN", "已撤回")


class NoticeAction(LabelledEnum):
    CREATE = ("CREATE", "起草")
    EDIT = ("EDIT", "修改")
    PUBLISH = ("PUBLISH", "发布")
    WITHDRAW = ("WITHDRAW", "撤回")
