from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status
from rest_framework.authtoken.models import Token
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.serializers import MeSerializer, TokenObtainSerializer
from accounts.selectors import user_with_cadre


class TokenObtainView(APIView):
    """Exchange a username and password for an API token (send it as ``Authorization: Token …``)."""

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]
    serializer_class = TokenObtainSerializer

    @extend_schema(request=TokenObtainSerializer, responses={200: TokenObtainSerializer})
    def post(self, request):
        serializer = TokenObtainSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        token, _created = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key}, status=status.HTTP_200_OK)


class MeView(APIView):
    """The logged-in user, and the cadre record linked to it (if any)."""

    serializer_class = MeSerializer

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(MeSerializer(user_with_cadre(user=request.user), context={"request": request}).data)
