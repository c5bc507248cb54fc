"""/api/correction-requests/: a cadre's requests to correct his or her own record (更正申请), as on the pages:
a cadre lists and files his own; staff list those of their scope and answer one with ``POST …/{id}/handle/``.
Out of scope is 404; the rules are ``cadres.services``'s."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from cadres import selectors, services
from cadres.choices import CorrectionItem
from cadres.models import CorrectionRequest


class CorrectionRequestSerializer(serializers.ModelSerializer):
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    item_display = serializers.CharField(source="get_item_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    item = serializers.ChoiceField(label=_("更正项目"), choices=CorrectionItem.choices)

    class Meta:
        model = CorrectionRequest
        fields = [
            "id",
            "cadre",
            "cadre_name",
            "item",
            "item_display",
            "current_value",
            "requested_value",
            "reason",
            "status",
            "status_display",
            "reply",
            "handled_at",
            "created_at",
        ]
        read_only_fields = ["cadre", "current_value", "status", "reply", "handled_at", "created_at"]


class CorrectionHandleSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(label=_("处理结果"), choices=[("accept", _("采纳")), ("reject", _("不予采纳"))])
    reply = serializers.CharField(label=_("处理意见"), max_length=500, required=False, allow_blank=True, default="")


@extend_schema(tags=["cadres"])
class CorrectionRequestViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """List and read the requests the user may see; a cadre files one for himself; staff answer one."""

    serializer_class = CorrectionRequestSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_fields = ["status", "cadre"]

    def get_queryset(self):
        return selectors.correction_request_list(user=self.request.user).order_by("-created_at", "-pk")

    def perform_create(self, serializer):
        serializer.instance = services.correction_request_create(actor=self.request.user, **serializer.validated_data)

    @extend_schema(request=CorrectionHandleSerializer, responses=CorrectionRequestSerializer, summary="处理更正申请")
    @action(detail=True, methods=["post"])
    def handle(self, request, pk=None):
        correction = self.get_object()
        answer = CorrectionHandleSerializer(data=request.data)
        answer.is_valid(raise_exception=True)
        handled = services.correction_request_handle(
            actor=request.user,
            correction=correction,
            accept=answer.validated_data["decision"] == "accept",
            reply=answer.validated_data["reply"],
        )
        return Response(CorrectionRequestSerializer(handled).data)
