"""REST endpoints of postings: thin, scoped by the same selectors and services as the pages."""

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import policy
from accounts.policy import Action
from core.api.permissions import StaffOnly, StaffWritesOnly
from postings import selectors, services
from postings.api.serializers import (
    EndSerializer,
    EvaluateSerializer,
    ExtendSerializer,
    PostingSerializer,
    PresenceSerializer,
    RecallSerializer,
    ReminderSerializer,
    VillageProfileSerializer,
    VillageSerializer,
)
from postings.filters import PostingFilter


@extend_schema_view(
    list=extend_schema(summary="实践锻炼列表（按管理范围）"),
    retrieve=extend_schema(summary="实践锻炼详情"),
    create=extend_schema(summary="登记实践锻炼"),
)
@extend_schema(tags=["postings"])
class PostingViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Postings visible to the user, with the list page's filters; changes through the action endpoints."""

    serializer_class = PostingSerializer
    permission_classes = [permissions.IsAuthenticated, StaffWritesOnly]
    filterset_class = PostingFilter
    ordering_fields = ["planned_start", "end", "id", "cadre__name_pinyin"]

    def get_queryset(self):
        return selectors.posting_list(user=self.request.user).order_by("-planned_start", "id")

    def perform_create(self, serializer: PostingSerializer) -> None:
        serializer.instance = services.posting_create(actor=self.request.user, data=dict(serializer.validated_data))

    def _change(self, request, serializer_class, perform):
        posting = self.get_object()
        if not policy.may(request.user, Action.HOST, posting):
            raise PermissionDenied(_("您没有管理该实践锻炼的权限。"))
        payload = serializer_class(data=request.data)
        payload.is_valid(raise_exception=True)
        perform(posting, payload.validated_data)
        return Response(PostingSerializer(selectors.posting_get(user=request.user, pk=posting.pk)).data)

    @extend_schema(summary="延期", request=ExtendSerializer, responses=PostingSerializer)
    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        return self._change(
            request,
            ExtendSerializer,
            lambda p, d: services.posting_extend(
                actor=request.user, posting=p, new_end=d["new_end"], reason=d["reason"]
            ),
        )

    @extend_schema(summary="结束", request=EndSerializer, responses=PostingSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        return self._change(
            request,
            EndSerializer,
            lambda p, d: services.posting_end(
                actor=request.user, posting=p, actual_end=d["actual_end"], reason=d["reason"]
            ),
        )

    @extend_schema(summary="召回", request=RecallSerializer, responses=PostingSerializer)
    @action(detail=True, methods=["post"])
    def recall(self, request, pk=None):
        return self._change(
            request,
            RecallSerializer,
            lambda p, d: services.posting_recall(actor=request.user, posting=p, on=d["on"], reason=d["reason"]),
        )

    @extend_schema(summary="接收单位鉴定", request=EvaluateSerializer, responses=PostingSerializer)
    @action(detail=True, methods=["post"])
    def evaluate(self, request, pk=None):
        return self._change(
            request,
            EvaluateSerializer,
            lambda p, d: services.posting_evaluate(
                actor=request.user, posting=p, grade=d["grade"], comment=d["comment"], on=d["on"]
            ),
        )

    @extend_schema(summary="登记月度在岗天数", request=PresenceSerializer, responses=PostingSerializer)
    @action(detail=True, methods=["post"])
    def presence(self, request, pk=None):
        return self._change(
            request,
            PresenceSerializer,
            lambda p, d: services.presence_record(actor=request.user, posting=p, month=d["month"], days=d["days"]),
        )


@extend_schema_view(list=extend_schema(summary="村（社区）与在岗第一书记"))
@extend_schema(tags=["postings"])
class VillageViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = VillageSerializer
    permission_classes = [permissions.IsAuthenticated, StaffOnly]
    ordering_fields = ["path", "name"]

    def get_queryset(self):
        return selectors.village_list(user=self.request.user)

    @extend_schema(summary="设置村类别", request=VillageProfileSerializer, responses=VillageProfileSerializer)
    @action(detail=True, methods=["put"])
    def profile(self, request, pk=None):
        unit = self.get_object()
        payload = VillageProfileSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        profile = services.village_profile_save(actor=request.user, unit=unit, data=payload.validated_data)
        return Response(VillageProfileSerializer(profile).data, status=status.HTTP_200_OK)


@extend_schema_view(list=extend_schema(summary="实践锻炼提醒（未处理）"))
@extend_schema(tags=["postings"])
class ReminderViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = ReminderSerializer
    permission_classes = [permissions.IsAuthenticated, StaffOnly]

    def get_queryset(self):
        return selectors.reminder_list(user=self.request.user).order_by("-raised_on", "-id")


class PostingStatisticsView(APIView):
    """Cadres sent by kind, front line and year; serving first secretaries by village category."""

    permission_classes = [permissions.IsAuthenticated, StaffOnly]

    @extend_schema(summary="实践锻炼统计", tags=["postings"], responses=dict)
    def get(self, request):
        return Response({"date": timezone.localdate(), **selectors.statistics(user=request.user)})
