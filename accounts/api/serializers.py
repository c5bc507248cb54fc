from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.models import User


class TokenObtainSerializer(serializers.Serializer):
    username = serializers.CharField(label=_("用户名"))
    password = serializers.CharField(label=_("密码"), style={"input_type": "password"}, trim_whitespace=False)
    token = serializers.CharField(read_only=True)

    def validate(self, attrs):
        # authenticate() with the request lets django-axes count failures and lock out, as on the login page.
        user = authenticate(request=self.context["request"], username=attrs["username"], password=attrs["password"])
        if user is None or not user.is_active:
            raise serializers.ValidationError({"non_field_errors": [_("用户名或密码错误。")]})
        attrs["user"] = user
        return attrs


class MeSerializer(serializers.ModelSerializer):
    role_display = serializers.CharField(source="get_role_display", read_only=True)
    cadre = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "role", "role_display", "cadre"]

    def get_cadre(self, user: User) -> dict | None:
        from cadres.api.serializers import CadreDetailSerializer

        if user.cadre is None:
            return None
        return CadreDetailSerializer(user.cadre, context=self.context).data
