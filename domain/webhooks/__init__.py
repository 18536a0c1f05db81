"""Webhook endpoints of partner systems: who sees them (their delivery lives in `zhongjie.events`)."""
