"""Persistence: SQLModel tables, the async engine and session factory, Alembic migrations.

Importing this package registers every table on `SQLModel.metadata`.
"""

from models.cases import CaseGroup, Complaint, Ticket, TicketEvent, TicketWeekStat
from models.dialogue import DialogueSession
from models.employers import Employer, EmployerAlias
from models.evidence import EvidenceFile
from models.geography import TaskForce, Township, TownshipAlias
from models.messaging import AnsweredMessage, OutboxMessage, ProcessedUpdate
from models.people import (
    ROLES,
    AuditLog,
    LoginFailure,
    PendingQuestion,
    TelegramLinkCode,
    User,
    UserTaskForce,
    UserTownship,
)
from models.routing_tables import RoutingDecisionRecord, RoutingRule, RoutingTableVersion

__all__ = [
    "ROLES",
    "AnsweredMessage",
    "AuditLog",
    "CaseGroup",
    "Complaint",
    "DialogueSession",
    "Employer",
    "EmployerAlias",
    "EvidenceFile",
    "LoginFailure",
    "OutboxMessage",
    "PendingQuestion",
    "ProcessedUpdate",
    "RoutingDecisionRecord",
    "RoutingRule",
    "RoutingTableVersion",
    "TaskForce",
    "TelegramLinkCode",
    "Ticket",
    "TicketEvent",
    "TicketWeekStat",
    "Township",
    "TownshipAlias",
    "User",
    "UserTaskForce",
    "UserTownship",
]
