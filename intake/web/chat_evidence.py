"""Evidence on the web chat: `POST /api/chat/sessions/{id}/evidence` takes one photo or PDF
(multipart field `file`) and answers like a message (TurnOut)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.responses import JSONResponse, Response
from starlette.datastructures import UploadFile

from intake.chats import evidence_files
from intake.dialogue import UserInput
from intake.web.chat import IdempotencyKey, TurnOut, answer_once, checked_key

router = APIRouter(tags=["worker chat"])
# room for the multipart envelope around the largest file taken
_ENVELOPE = 64 * 1024


def _refuse(code: str, message: str, status_code: int = 422) -> JSONResponse:
    return JSONResponse({"error": code, "message": message}, status_code=status_code)


@router.post(
    "/api/chat/sessions/{session_id}/evidence",
    response_model=TurnOut,
    responses={
        413: {"description": "the file is larger than 10 MB"},
        422: {"description": "not a photo or PDF, an empty file, or a bad Idempotency-Key"},
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "required": ["file"],
                        "properties": {"file": {"type": "string", "format": "binary"}},
                    }
                }
            },
        }
    },
)
async def post_evidence(
    session_id: str,
    request: Request,
    idempotency_key: str | None = IdempotencyKey,
) -> Response:
    """A photo (JPEG, PNG, WebP, HEIC) or a PDF, up to 10 MB, judged by its content; a file
    refused is answered with a message in Chinese for the worker, and nothing is stored."""
    checked_key(idempotency_key)  # a bad key is refused before the upload is read
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > evidence_files.MAX_BYTES + _ENVELOPE:
        # refused before reading: the body is not even parsed
        refused = evidence_files.too_large(int(declared))
        return _refuse(refused.code, refused.message, status.HTTP_413_CONTENT_TOO_LARGE)
    form = await request.form(max_files=1, max_fields=2)
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            detail="send the file as the multipart field `file`",
        )
    data = await upload.read(evidence_files.MAX_BYTES + 1)
    await form.close()
    try:
        found = evidence_files.check(data)
    except evidence_files.BadEvidence as exc:
        code = (
            status.HTTP_413_CONTENT_TOO_LARGE
            if exc.code == "too_large"
            else status.HTTP_422_UNPROCESSABLE_CONTENT
        )
        return _refuse(exc.code, exc.message, code)
    file_id = evidence_files.new_file_id()
    name = evidence_files.clean_name(upload.filename or "", found)
    hook = evidence_files.store(
        file_id=file_id,
        channel="web",
        external_id=session_id,
        found=found,
        name=name,
        data=data,
    )
    inp = UserInput.from_attachment(found.kind, file_id, name)
    answer = await answer_once(request, session_id, idempotency_key, inp, hook)
    return Response(answer, media_type="application/json")
