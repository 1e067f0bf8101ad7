"""The inspectors' ticket workflow: lifecycle, deadlines, group cases, follow-up, sweeper.

Domain code: plain Python over an AsyncSession, no web or bot framework. Import the
modules (`from intake.tickets import service as ticket_service`).
"""
