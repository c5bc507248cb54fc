from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, permissions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.serializers import MeSerializer, TokenObtainSerializer, TokenSerializer
from accounts.selectors import user_with_cadre
from accounts.tokens import ExpiringTokenAuthentication, token_expires_at, token_issue, tokens_revoke
from core.api.exceptions import ErrorSerializer


class LockedOut(exceptions.APIException):
    """Too many failed logins for this username and address (django-axes); same status as the login page."""

    default_detail = _("登录失败次数过多，账号已暂时锁定。请稍后再试，或联系系统管理员解锁。")
    default_code = "locked_out"

    @property
    def status_code(self) -> int:
        return settings.AXES_HTTP_RESPONSE_CODE


class TokenObtainView(APIView):
    """Exchange a username and password for an API token (send it as ``Authorization: Token …``).

    Failed attempts count towards the same lockout as the login page. The token expires after
    ``API_TOKEN_LIFETIME`` (its ``expires`` says when) and dies with a password change or deactivation;
    ``DELETE`` with the token revokes every token of its user.
    """

    permission_classes = [permissions.AllowAny]
    serializer_class = TokenObtainSerializer

    def get_authenticators(self):
        # POST takes a username and password, nothing else; DELETE needs the token it revokes
        method = getattr(self.request, "method", "")  # no request while the schema is generated
        return [ExpiringTokenAuthentication()] if method == "DELETE" else []

    def get_permissions(self):
        if getattr(self.request, "method", "") == "DELETE":
            return [permissions.IsAuthenticated()]
        return super().get_permissions()

    @extend_schema(
        request=TokenObtainSerializer,
        responses={
            200: TokenSerializer,
            400: OpenApiResponse(description=_("用户名或密码错误。")),
            429: OpenApiResponse(description=_("登录失败次数过多，账号已暂时锁定。")),
        },
    )
    def post(self, request: Request) -> Response:
        serializer = TokenObtainSerializer(data=request.data, context={"request": request})
        valid = serializer.is_valid()
        # axes sets the flag on the object handed to authenticate(): here DRF's Request, which the axes
        # middleware never sees, so the lockout is answered here, as JSON.
        if getattr(request, "axes_locked_out", False):
            raise LockedOut
        if not valid:
            raise exceptions.ValidationError(serializer.errors)
        user = serializer.validated_data["user"]
        # A token is a login: the signal resets the axes failure count and records last_login, as login() does.
        user_logged_in.send(sender=type(user), request=request, user=user)
        token = token_issue(user=user)
        return Response(TokenSerializer({"token": token.key, "expires": token_expires_at(token)}).data)

    @extend_schema(
        summary="注销本人的全部令牌",
        request=None,
        responses={204: OpenApiResponse(description=_("已注销。")), 401: ErrorSerializer},
    )
    def delete(self, request: Request) -> Response:
        tokens_revoke(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
    """The logged-in user, and the cadre record linked to it (``null`` if none)."""

    serializer_class = MeSerializer

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(user_with_cadre(user=request.user), context={"request": request}).data)
