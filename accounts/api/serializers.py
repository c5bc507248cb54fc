from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import User
from cadres.api.serializers import CadreDetailSerializer


class TokenObtainSerializer(serializers.Serializer):
    """A username and password; ``validate`` authenticates them and puts the user in ``validated_data``."""

    username = serializers.CharField(label=_("用户名"))
    password = serializers.CharField(label=_("密码"), style={"input_type": "password"}, trim_whitespace=False)

    def validate(self, attrs: dict) -> dict:
        # authenticate() gets the request so that django-axes counts failures and locks out, as on the login
        # page. axes marks a locked-out request with ``axes_locked_out``; the view turns that into a 429.
        request = self.context["request"]
        user = authenticate(request=request, username=attrs["username"], password=attrs["password"])
        if user is None or not user.is_active:
            raise serializers.ValidationError({"non_field_errors": [_("用户名或密码错误。")]})
        attrs["user"] = user
        return attrs


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(label=_("令牌"), read_only=True)
    expires = serializers.DateTimeField(label=_("过期时间"), read_only=True)


class MeSerializer(serializers.ModelSerializer):
    role_display = serializers.CharField(source="get_role_display", read_only=True)
    sees_everything = serializers.BooleanField(read_only=True, help_text="Admin or org staff: every unit and record.")
    can_write_cadres = serializers.BooleanField(read_only=True, help_text="May create and change cadre records.")
    cadre = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "role", "role_display", "sees_everything", "can_write_cadres", "cadre"]

    @extend_schema_field(CadreDetailSerializer(allow_null=True))
    def get_cadre(self, user: User) -> dict | None:
        if user.cadre is None:
            return None
        return CadreDetailSerializer(user.cadre, context=self.context).data
