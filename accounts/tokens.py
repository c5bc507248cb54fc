"""API tokens that die (issue 14.6).

A token is a login for programs. It expires ``settings.API_TOKEN_LIFETIME`` after it was issued, and dies
at once when its user's password changes, when the user is deactivated, and when the user revokes it
(``DELETE /api/auth/token/``). DRF's ``Token`` model holds it; ``ExpiringTokenAuthentication`` refuses an
expired one (401, and the token is deleted), and ``User.save`` deletes a user's tokens on a password change
or deactivation (``tokens_revoke``).
"""

from datetime import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token


def token_expires_at(token: Token) -> datetime:
    return token.created + settings.API_TOKEN_LIFETIME


def token_issue(*, user) -> Token:
    """A live token for ``user``: the current one while it lasts, else a new one."""
    token = Token.objects.filter(user=user).first()
    if token is not None and token_expires_at(token) > timezone.now():
        return token
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)


def tokens_revoke(*, user) -> int:
    """Delete every API token of ``user``; returns how many there were."""
    return Token.objects.filter(user=user).delete()[0]


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's token authentication, refusing tokens past ``settings.API_TOKEN_LIFETIME``."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if token_expires_at(token) <= timezone.now():
            token.delete()
            raise exceptions.AuthenticationFailed(_("认证令牌已过期，请重新获取。"), code="token_expired")
        return user, token
