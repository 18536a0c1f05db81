"""Configuration from `ZHONGJIE_*` environment variables, with defaults that need none."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ZHONGJIE_", extra="ignore")

    data_dir: Path = Field(default=Path("var"), description="Local folder of the embedded SQLite database.")
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy async URL, e.g. postgresql+asyncpg://user@host/db; "
        "unset means SQLite under data_dir.",
    )
    demo: bool = Field(default=False, description="Demo mode: GraphiQL, demo data. Never in production.")
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    workers: int = Field(default=1, ge=1, le=64)
    default_language: str = Field(default="zh-CN", pattern=r"^(zh-CN|en)$")
    max_body_bytes: int = Field(default=1_000_000, ge=1024)

    @cached_property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'zhongjie.sqlite3').as_posix()}"
