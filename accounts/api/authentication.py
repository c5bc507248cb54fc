"""How API clients authenticate: a token (``Authorization: Token …``) or the browser session.

The token scheme comes first so that a request without credentials gets a 401 with
``WWW-Authenticate: Token`` (DRF takes that header from the first class); a session-first order answers 403.
"""

from rest_framework.authentication import SessionAuthentication, TokenAuthentication

API_AUTHENTICATION_CLASSES = [TokenAuthentication, SessionAuthentication]
