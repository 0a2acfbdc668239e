"""Signed commit tokens: how a SCORM commit is authenticated without the session.

scorm-again commits every few seconds per learner. Through the full request path, each
commit loads the session and the user, checks the CSRF cookie, and runs a dozen
middleware written for pages. Instead, the player page (and every commit authenticated
by the session) hands the bridge a short-lived token, which it sends in the
``X-Mentor-Commit`` header; ``ScormCommitMiddleware`` answers such a commit straight
away, before the session and CSRF middleware.

What a token proves, and what it does not:

- It is signed with ``SECRET_KEY`` (its own salt) and names the user, the enrolment, the
  activity and the attempt number of the commit URL it was given for: a forged token, or
  one used for another URL (another learner, enrolment, activity or attempt), is refused
  with a 403 and nothing stored.
- It expires ``settings.SCORM_COMMIT_TOKEN_MAX_AGE`` seconds after it was given (10
  minutes by default). It is renewed only by a commit authenticated by the session (the
  bridge falls back to one when its token is half-way through its life, or refused), so
  a signed-out user's token stops working within that time at most. The session's own
  idle timeout keeps counting: the renewal marks the session seen.
- It carries the user's session epoch (``User.session_epoch``): "sign out everywhere"
  (``user_sessions_revoke``) raises it, and every token given before stops working at
  once, as every session does.
- It is sent in a header, never a cookie: a cross-site page cannot make the browser send
  it (the CSRF-equivalent protection), and a script needs a CORS preflight, which Mentor
  never grants.
- Access is still checked in the database at every commit, as with the session: the
  enrolment must be the user's own and active, the user account active. A revoked
  enrolment is refused at its next commit.
"""

from django.conf import settings
from django.core import signing

_SALT = "mentor.scorm.commit"
HEADER = "X-Mentor-Commit"
#: The response header carrying a fresh token (commits authenticated by the session).
RENEWED_HEADER = "X-Mentor-Commit-Token"


class CommitTokenRefused(Exception):
    """Not a valid token for this commit URL (forged, expired, for another URL)."""


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=_SALT, sep="~")


def commit_token(
    *,
    user_id: int,
    session_epoch: int,
    enrolment_id: int,
    activity_id: int,
    attempt_number: int | None,
) -> str:
    """The token for commits of ``user_id`` to this URL (``attempt_number`` as in the URL:
    None for the URL without one), valid while their session epoch is ``session_epoch``."""
    return _signer().sign(
        f"{user_id}:{session_epoch}:{enrolment_id}:{activity_id}:{attempt_number or 0}"
    )


def commit_token_read(
    token: str, *, enrolment_id: int, activity_id: int, attempt_number: int | None
) -> tuple[int, int]:
    """The user a token authenticates for this commit URL, and the session epoch it was
    given in (the commit checks it is still the user's). Raises
    :class:`CommitTokenRefused`."""
    try:
        value = _signer().unsign(token, max_age=settings.SCORM_COMMIT_TOKEN_MAX_AGE)
        user, epoch, enrolment, activity, attempt = value.split(":")
        user_id, session_epoch = int(user), int(epoch)
    except (signing.BadSignature, ValueError, UnicodeError) as exc:  # expired included
        raise CommitTokenRefused from exc
    if (enrolment, activity, attempt) != (
        str(enrolment_id),
        str(activity_id),
        str(attempt_number or 0),
    ):
        raise CommitTokenRefused
    return user_id, session_epoch
