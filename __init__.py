"""Zhongjie (中介): the GraphQL API platform of an online intermediary service marketplace."""

__version__ = "0.1.0"
