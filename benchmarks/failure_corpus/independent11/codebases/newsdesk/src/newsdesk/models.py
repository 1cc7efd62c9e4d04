"""ORM models of the newsroom database."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    """Declarative base of the newsroom schema."""


class Desk(Base):
    """An editorial desk (metro, sport, business...)."""

    __tablename__ = "desks"
    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))


class Author(Base):
    """A reporter or editor."""

    __tablename__ = "authors"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(200), unique=True)
    desk_code: Mapped[str] = mapped_column(ForeignKey("desks.code"))


class Story(Base):
    """A story moving through the desk: draft, edited, published or killed."""

    __tablename__ = "stories"
    __table_args__ = (
        CheckConstraint("priority BETWEEN 1 AND 5", name="stories_priority_range"),
        CheckConstraint(
            "status IN ('draft', 'edited', 'published', 'killed')", name="stories_status_known"
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    headline: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    word_count: Mapped[int] = mapped_column(Integer, default=0)
    priority: Mapped[int] = mapped_column(Integer, default=3)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    source: Mapped[str] = mapped_column(String(40), default="staff")
    desk_code: Mapped[str] = mapped_column(ForeignKey("desks.code"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("authors.id"), nullable=True)
    embargo_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    author: Mapped[Author | None] = relationship()
    revisions: Mapped[list[Revision]] = relationship(
        back_populates="story", order_by="Revision.number"
    )


class Revision(Base):
    """One edit of a story."""

    __tablename__ = "revisions"
    __table_args__ = (UniqueConstraint("story_id", "number", name="revisions_story_number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id"))
    number: Mapped[int] = mapped_column(Integer)
    editor: Mapped[str] = mapped_column(String(120))
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    story: Mapped[Story] = relationship(back_populates="revisions")


class Publication(Base):
    """A story put out on a channel (web, print, syndication)."""

    __tablename__ = "publications"
    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id"))
    channel: Mapped[str] = mapped_column(String(20))
    syndication_ref: Mapped[str | None] = mapped_column(String(80), nullable=True)
    published_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class Correction(Base):
    """A published correction attached to a story."""

    __tablename__ = "corrections"
    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id"))
    text: Mapped[str] = mapped_column(Text)


class Tag(Base):
    """A topic tag on a story."""

    __tablename__ = "story_tags"
    __table_args__ = (UniqueConstraint("story_id", "tag", name="story_tags_unique"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id"))
    tag: Mapped[str] = mapped_column(String(40))


class ArchivedStory(Base):
    """A published story copied into the archive database."""

    __tablename__ = "archived_stories"
    slug: Mapped[str] = mapped_column(String(120), primary_key=True)
    headline: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
