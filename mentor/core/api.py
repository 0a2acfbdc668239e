"""The error answers every API router declares (django-ninja schemas), so that routers of
several apps (api, reporting) document them alike."""

from ninja import Schema


class ErrorOut(Schema):
    """Every error answer: a French message."""

    detail: str


class ValidationErrorOut(Schema):
    """422: a parameter has the wrong type or value; ``errors`` says which (pydantic)."""

    detail: str
    errors: list[dict]


#: The errors each kind of endpoint may answer, declared in the OpenAPI document:
#: 400 from the input guard (NUL, lone surrogates: mentor.core.input_guard), 422 for bad
#: parameters, 404 for what does not exist or is not visible, 401 without a session.
_BAD_INPUT = {400: ErrorOut}
_WITH_PARAMS = {**_BAD_INPUT, 422: ValidationErrorOut}
_ONE_ITEM = {**_WITH_PARAMS, 404: ErrorOut}
_SIGNED_IN = {401: ErrorOut}
_IN_SCOPE = {403: ErrorOut}  # outside the caller's reporting scope
