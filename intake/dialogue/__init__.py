"""The channel-independent complaint dialogue of anxin (安薪).

Pure domain code: no web/bot framework and no database. Telegram, the web chat and the
terminal are thin adapters around three functions; the service layer stores what the
engine asks it to store.

Contract
--------
::

    from intake import dialogue

    state = dialogue.new_state("telegram:12345")        # or dialogue.load_state(row.json)
    result = await dialogue.step(state, dialogue.UserInput.from_text("..."), ctx)
    result.state      # DialogueState: persist it (dialogue.dump_state -> JSON column)
    result.replies    # list[Reply(text, buttons=[Button(label, value)])]: send them
    result.awaiting   # the web chat's `awaiting` slot (see `Slot`)
    result.effects    # list of requests for the service layer, see below

Inputs (`UserInput`): ``from_text(text)``, ``from_choice(button_value)`` (a pressed
button; a typed button label works too), ``from_attachment(kind, file_id, file_name)``
(photo / document / video are evidence; other kinds count as unsupported) and
``unsupported(kind)`` (sticker, voice, location, ...). Unusable input (unsupported kinds,
text over 2000 characters, emoji only) gets a clear reply and returns the state
unchanged. Commands: /back /restart /cancel /help /status /start, also in words
(返回, 重新开始, 取消, 帮助, 查询进度). Button values starting with "/" are commands too.

Replies are in simplified Chinese from ``messages.zh-Hans.yaml``; when the worker writes
traditional characters, texts and button labels come converted (OpenCC s2tw: the usual
character forms; plain s2t would write 覈對 for 核对). Button *values* are never
translated. Facts are stored in simplified form; every message is also kept verbatim in
``Draft.worker_messages``.

Every button can be typed: its label with fillers and particles around it ("嗯，同意吧"),
its meaning in words (没有 / 不知道 / 跳过 / 对 / 不对 / 改一下) or its position ("第二家",
"上面那个"). No question is asked a third time: after a second answer that cannot be read,
the words are kept as written (`Draft.unverified` lists employer / township / project so
kept, `Draft.unverified_note()` is the line for the office) or an optional slot is left
open; only a missing phone number is asked again, explained, with the 12333 hotline.

``awaiting`` is the question being asked. While a side question is open (offer to resume
an old draft, confirm /restart or /cancel, add to an open complaint) it stays the slot
that question interrupts; while a submission is in flight it is ``confirm``; after the
receipt it is ``done`` (the ticket number is in ``state.tickets[-1]``).

Context (`DialogueContext`, supplied per call; `SimpleDialogueContext` builds one from an
`EmployerIndex`, a `TownshipGazetteer` and two optional async lookups):
``now`` (aware datetime; the engine is deterministic given it), ``townships``,
``match_employer(text) -> MatchResult`` (``routing.employers.index``),
``find_township(text)``, ``await find_open_complaint(phone=, employer_id=, employer_name=)``
and ``await complaint_statuses(phone=, ticket_numbers=)``.

Effects the service layer must carry out, in order, after persisting ``result.state``:

* ``SubmitComplaint(idempotency_key, conversation_id, draft, over_two_years)`` — store and
  route a new complaint. Emitted once per draft; store it keyed by ``idempotency_key``
  (unique constraint) so a retry never creates a second complaint. Then call
  ``on_submitted(state, SubmissionReceipt(...), ctx)`` and send its replies (ticket number,
  task force, township, expected acceptance date, /status, 12333). On failure call
  ``on_submit_failed(state, idempotency_key, ctx)``: the worker's next "确认提交" re-emits
  the submission with the *same* key. Until one of the two is called the engine answers
  "正在提交" and emits nothing. ``over_two_years``: the work ended more than two years
  ago — take the complaint, mark it for a reasoned refusal.
* ``AttachToComplaint(idempotency_key, conversation_id, ticket_number, draft)`` — the
  worker chose to add to an open complaint against the same employer; same receipt flow
  (``SubmissionReceipt(attached=True)``).
* ``FlagUnknownEmployer(idempotency_key, conversation_id, name, kind)`` — emitted with the
  submission when the employer is kept as typed (not in the registry); for the admins.
* ``AddEvidence(conversation_id, ticket_number, evidence)`` — a file sent after submission.

``Draft.routing_input()`` gives ``{"text", "fields"}`` in the routing-case format.

Slots: each question is declared once in ``slots.py`` (``SLOTS``): where the draft keeps
its answer, the complaint columns that store it, whether it may be left open, how its
answer is read. Its texts are ``ask.<slot>``, ``invalid.<slot>`` and ``fields.<slot>`` in
the catalog. Every change to an answer goes through ``slot_editor.SlotEditor``.

Modules: ``engine`` (a turn's entry and end), ``flow`` (answers, buttons, files),
``worker_commands`` (/back, /restart, ...), ``side_questions`` (resume, confirmations, an
open complaint against the same employer), ``submission`` (the submission and after it),
``turn`` (the working copy of one turn), ``absorb`` (what a message says), ``prompts`` and
``present`` (what the worker is asked and shown).

State: a pydantic v2 model with ``schema_version``; ``dump_state`` / ``load_state``
round-trip it through JSON. A draft left for more than a day is offered back
("接着填 / 重新开始"), never dropped; what the worker typed meanwhile is kept and applied.
"""

from __future__ import annotations

from intake.dialogue.catalog import Catalog, default_catalog
from intake.dialogue.context import DialogueContext, SimpleDialogueContext
from intake.dialogue.draft import (
    Draft,
    EmployerCandidate,
    EmployerChoice,
    EmployerRef,
    Evidence,
    OpenComplaint,
    PeriodValue,
    TypedMessage,
)
from intake.dialogue.effects import (
    AddEvidence,
    AttachToComplaint,
    ComplaintStatus,
    Effect,
    FlagUnknownEmployer,
    SubmissionReceipt,
    SubmitComplaint,
)
from intake.dialogue.engine import (
    RESUME_AFTER,
    StepResult,
    next_missing,
    on_submit_failed,
    on_submitted,
    step,
)
from intake.dialogue.io import Button, Reply, UserInput
from intake.dialogue.resources import load_resources
from intake.dialogue.slots import SLOTS, Slot, SlotSpec, SlotTable
from intake.dialogue.state import (
    SCHEMA_VERSION,
    DialogueState,
    UnsupportedStateVersion,
    dump_state,
    load_state,
    new_state,
)
from routing.townships import TownshipGazetteer

__all__ = [
    "RESUME_AFTER",
    "SCHEMA_VERSION",
    "SLOTS",
    "AddEvidence",
    "AttachToComplaint",
    "Button",
    "Catalog",
    "ComplaintStatus",
    "DialogueContext",
    "DialogueState",
    "Draft",
    "Effect",
    "EmployerCandidate",
    "EmployerChoice",
    "EmployerRef",
    "Evidence",
    "FlagUnknownEmployer",
    "OpenComplaint",
    "PeriodValue",
    "Reply",
    "SimpleDialogueContext",
    "Slot",
    "SlotSpec",
    "SlotTable",
    "StepResult",
    "SubmissionReceipt",
    "SubmitComplaint",
    "TownshipGazetteer",
    "TypedMessage",
    "UnsupportedStateVersion",
    "UserInput",
    "default_catalog",
    "dump_state",
    "load_resources",
    "load_state",
    "new_state",
    "next_missing",
    "on_submit_failed",
    "on_submitted",
    "step",
]
