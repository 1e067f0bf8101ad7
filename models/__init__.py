"""Persistence: SQLModel tables, the async engine and session factory, Alembic migrations.

Importing this package registers every table on `SQLModel.metadata`.
"""

from models.cases import CaseGroup, Complaint, Ticket, TicketEvent, TicketWeekStat
from models.dialogue import DialogueSession
from models.employers import Employer, EmployerAlias
from models.geography import TaskForce, Township, TownshipAlias
from models.messaging import OutboxMessage, ProcessedUpdate
from models.people import ROLES, AuditLog, User, UserTaskForce, UserTownship
from models.routing_tables import RoutingDecision, RoutingRule, RoutingTable

__all__ = [
    "ROLES",
    "AuditLog",
    "CaseGroup",
    "Complaint",
    "DialogueSession",
    "Employer",
    "EmployerAlias",
    "OutboxMessage",
    "ProcessedUpdate",
    "RoutingDecision",
    "RoutingRule",
    "RoutingTable",
    "TaskForce",
    "Ticket",
    "TicketEvent",
    "TicketWeekStat",
    "Township",
    "TownshipAlias",
    "User",
    "UserTaskForce",
    "UserTownship",
]
