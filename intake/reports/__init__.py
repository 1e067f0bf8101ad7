"""What inspectors and the office read: the work queue, ticket views, the dashboard, the
ranking (通报排名), the ledger (台账) and the weekly report. Plain Python over an SQL
session; the web pages, the JSON API and the command line are thin adapters around it."""
