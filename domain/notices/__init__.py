"""Notices (通知公告): an operator drafts, publishes and withdraws notices for its region or one below it.

create ─▶ DRAFT ─publish─▶ PUBLISHED ─withdraw─▶ WITHDRAWN      (edit: drafts only; every step: operators)
"""
