"""REST endpoints of the assessment app: scoped by the selectors, writing through the services.

Reading follows the policy (a cadre sees his or her own records only; others are 404). Writes are checked by
the services (org staff for periods, templates, committee; unit HR for their units' data; a rater for his or
her own tasks).
"""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import policy
from assessments import selectors, services
from assessments.api.serializers import (
    AnnualResultSerializer,
    AssessingUnitSerializer,
    CommitteeGradeSerializer,
    GenerationSerializer,
    JobStartedSerializer,
    ObjectionHandleSerializer,
    ObjectionSerializer,
    PeriodDetailSerializer,
    PeriodSerializer,
    PoolQuotaSerializer,
    PoolSerializer,
    ProposalRowSerializer,
    QuantitativeScoreSerializer,
    RaterAssignmentSerializer,
    RatingInputSerializer,
    RatingTaskDetailSerializer,
    RatingTaskSerializer,
    RegularAssessmentSerializer,
    SelfSummarySerializer,
    SuggestionHandleSerializer,
    SuggestionSerializer,
    TemplateGroupSerializer,
    TemplateItemSerializer,
    TemplateSerializer,
    TransitionInputSerializer,
    WorkCalendarDaySerializer,
    WorkCalendarYearSerializer,
)
from assessments.filters import AnnualResultFilter
from assessments.models import (
    Assessee,
    IndicatorTemplate,
    QuantitativeScore,
    RaterAssignment,
    RegularAssessment,
    SelfSummary,
    WorkCalendarDay,
    WorkCalendarYear,
)
from cadres.api.views import StaffWritesOnly
from cadres.models import Unit
from cadres.selectors import cadre_get, official_order, unit_get
from core.digits import whole_number
from postings.models import ExternalHost
from postings.selectors import cadre_assessing_unit


def _input(request, serializer_class, **kwargs) -> dict:
    serializer = serializer_class(data=request.data, context={"request": request}, **kwargs)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class StaffOnly(permissions.BasePermission):
    """Endpoints only staff use: 403 to anyone else (records stay scoped by the selectors)."""

    def has_permission(self, request, view) -> bool:
        return policy.is_staff(request.user)


@extend_schema_view(
    list=extend_schema(summary="年度考核结果列表（按管理范围；?cadre= 按干部）"),
    retrieve=extend_schema(summary="年度考核结果详情"),
    create=extend_schema(summary="录入历史年度考核结果（同一干部同一年度再次提交即更新）"),
)
@extend_schema(tags=["assessments"])
class AnnualResultViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    serializer_class = AnnualResultSerializer
    filterset_class = AnnualResultFilter
    permission_classes = [permissions.IsAuthenticated, StaffWritesOnly]
    ordering_fields = ["year", "confirmed_on", "id"]

    def get_queryset(self):
        return selectors.annual_result_list(user=self.request.user)  # each year in the official order

    def create(self, request, *args, **kwargs):
        data = _input(request, AnnualResultSerializer)
        data.pop("source", None)
        result, created = services.annual_result_record(actor=request.user, **data)
        output = self.get_serializer(selectors.annual_result_get(user=request.user, pk=result.pk))
        return Response(output.data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


# ---------------------------------------------------------------- periods and their transitions


@extend_schema_view(
    list=extend_schema(summary="考核周期列表"),
    retrieve=extend_schema(summary="考核周期详情（含可进行的操作和状态变更记录）"),
    create=extend_schema(summary="新建考核周期（kind, year, name；平时考核另填 quarter）"),
)
@extend_schema(tags=["assessments"])
class PeriodViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    permission_classes = [permissions.IsAuthenticated, StaffWritesOnly]
    filterset_fields = ["kind", "year", "state"]
    ordering_fields = ["year", "id"]

    def get_queryset(self):
        queryset = selectors.period_list(user=self.request.user)
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("transitions__actor")
        return queryset.order_by("-year", "kind", "quarter", "pk")

    def get_serializer_class(self):
        return PeriodDetailSerializer if self.action == "retrieve" else PeriodSerializer

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.period_create(
            actor=self.request.user,
            kind=data["kind"],
            year=data["year"],
            name=data.get("name", ""),
            quarter=data.get("quarter"),
        )

    @extend_schema(
        summary="考核周期状态变更（open-scoring、close-scoring、reopen-scoring、propose、withdraw-proposal、"
        "submit-to-committee、start-publicity、return-to-committee、confirm、reopen）",
        request=TransitionInputSerializer,
        responses=PeriodDetailSerializer,
        parameters=[OpenApiParameter("transition", str, OpenApiParameter.PATH)],
    )
    @action(detail=True, methods=["post"], url_path=r"transitions/(?P<transition>[^/.]+)")
    def transition(self, request, pk=None, transition: str = ""):
        period = self.get_object()
        data = _input(request, TransitionInputSerializer)
        services.period_transition(actor=request.user, period=period, action=transition, **data)
        return Response(PeriodDetailSerializer(self.get_object(), context={"request": request}).data)

    @extend_schema(
        summary="生成考核对象、优秀名额单元和评价人（草稿状态）", request=None, responses=GenerationSerializer
    )
    @action(detail=True, methods=["post"])
    def generate(self, request, pk=None):
        return Response(services.period_generate_assessees(actor=request.user, period=self.get_object()))

    @extend_schema(
        summary="重新计算综合得分和拟定等次（后台任务）", request=None, responses={202: JobStartedSerializer}
    )
    @action(detail=True, methods=["post"])
    def recompute(self, request, pk=None):
        job = services.period_recompute_start(actor=request.user, period=self.get_object())
        return Response({"job": job.pk}, status=status.HTTP_202_ACCEPTED)

    @extend_schema(summary="优秀名额单元（按管理范围）", responses=PoolSerializer(many=True))
    @action(detail=True, methods=["get"], permission_classes=[permissions.IsAuthenticated, StaffOnly])
    def pools(self, request, pk=None):
        pools = selectors.pool_list(user=request.user, period=self.get_object()).order_by("unit__path", "kind")
        return Response(PoolSerializer(pools, many=True).data)

    @extend_schema(
        summary="设置单位本年度“经批准提高优秀比例”",
        request=PoolQuotaSerializer,
        responses=PoolSerializer(many=True),
        parameters=[OpenApiParameter("unit_id", int, OpenApiParameter.PATH)],
    )
    @action(
        detail=True,
        methods=["patch"],
        url_path=r"pools/(?P<unit_id>[0-9]+)",
        permission_classes=[permissions.IsAuthenticated, StaffOnly],
    )
    def pool_quota(self, request, pk=None, unit_id: str = ""):
        period = self.get_object()
        unit = unit_get(user=request.user, pk=int(unit_id))
        data = _input(request, PoolQuotaSerializer)
        pools = services.pool_quota_set(
            actor=request.user,
            period=period,
            unit=unit,
            quota_raised=data["quota_raised"],
            basis=data.get("quota_raised_basis", ""),
        )
        return Response(PoolSerializer(pools, many=True).data)

    @extend_schema(
        summary="拟定等次：每名考核对象的综合得分、排名、拟定等次、等次限制、考核单位和依据",
        parameters=[OpenApiParameter("unit", int, description="优秀名额单元所在单位（含下级）")],
        responses=ProposalRowSerializer(many=True),
    )
    @action(detail=True, methods=["get"], permission_classes=[permissions.IsAuthenticated, StaffOnly])
    def proposals(self, request, pk=None):
        period = self.get_object()
        rows = selectors.proposal_rows(user=request.user, period=period)
        unit_text = request.query_params.get("unit")
        if unit_text:
            if (unit_id := whole_number(unit_text)) is None:
                raise ValidationError({"unit": [_("单位应为数字ID。")]})
            unit = unit_get(user=request.user, pk=unit_id)
            rows = rows.filter(pool__unit__path__startswith=unit.path)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(ProposalRowSerializer(page, many=True).data)


@extend_schema(tags=["assessments"])
class AssesseeCommitteeGradeView(APIView):
    """The committee (考核委员会) sets an assessee's grade with a reason; quota and caps are checked again."""

    permission_classes = [permissions.IsAuthenticated, StaffOnly]

    @extend_schema(summary="考核委员会调整等次", request=CommitteeGradeSerializer, responses=ProposalRowSerializer)
    def post(self, request, pk: int):
        assessee = selectors.assessee_get(user=request.user, pk=pk)
        data = _input(request, CommitteeGradeSerializer)
        services.committee_grade_set(actor=request.user, assessee=assessee, **data)
        return Response(ProposalRowSerializer(selectors.assessee_get(user=request.user, pk=pk)).data)


def _year_param(request) -> int:
    year = whole_number(request.query_params.get("year"))
    if year is None or not 1990 <= year <= 2100:
        raise ValidationError({"year": [_("考核年度应为四位数字年份。")]})
    return year


@extend_schema(
    tags=["assessments"],
    parameters=[OpenApiParameter("cadre", int, required=True), OpenApiParameter("year", int, required=True)],
)
class AssessingUnitView(APIView):
    """The unit that assesses a cadre in a year (home, or the host of a posting of more than 6 months)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(summary="考核单位：某干部某年度由哪个单位考核及依据", responses=AssessingUnitSerializer)
    def get(self, request):
        cadre_id = whole_number(request.query_params.get("cadre"))
        if cadre_id is None:
            raise ValidationError({"cadre": [_("请指定干部。")]})
        year = _year_param(request)  # the query's values are checked before anything is looked up
        cadre = cadre_get(user=request.user, pk=cadre_id)
        decision = cadre_assessing_unit(cadre=cadre, year=year)
        if not decision.by_host:
            unit_id, name = cadre.unit_id, cadre.unit.name
        elif decision.host_unit_id:
            unit_id, name = decision.host_unit_id, Unit.objects.get(pk=decision.host_unit_id).name
        else:  # a host outside the county: no unit of the county, its name
            unit_id, name = None, ExternalHost.objects.get(pk=decision.external_host_id).name
        return Response(
            {
                "cadre": cadre.pk,
                "year": year,
                "home_unit": cadre.unit_id,
                "home_unit_name": cadre.unit.name,
                "assessed_by_host": decision.by_host,
                "assessing_unit": unit_id,
                "assessing_unit_name": name,
                "days_at_host": decision.days_at_host,
                "reason": decision.reason,
            }
        )


# ---------------------------------------------------------------- scores and tasks


@extend_schema_view(
    list=extend_schema(summary="量化指标得分（按管理范围）"),
    create=extend_schema(summary="录入量化指标得分（period, cadre, item, score）；同一指标再次提交即更新"),
)
@extend_schema(tags=["assessments"])
class QuantitativeScoreViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    serializer_class = QuantitativeScoreSerializer
    permission_classes = [permissions.IsAuthenticated, StaffOnly]
    filterset_fields = ["item"]

    def get_queryset(self):
        scores = QuantitativeScore.objects.filter(
            policy.scope(self.request.user).cadres("assessee__cadre__")
        ).select_related("assessee__cadre", "item")
        return official_order(scores, "assessee__cadre__", before=("assessee__period_id",), then=("item_id",))

    def create(self, request, *args, **kwargs):
        data = _input(request, QuantitativeScoreSerializer)
        assessee = Assessee.objects.filter(period=data["period"], cadre=data["cadre"]).first()
        if assessee is None:
            raise ValidationError({"cadre": [_("该干部不是此考核周期的考核对象。")]})
        row = services.quantitative_score_set(
            actor=request.user, assessee=assessee, item=data["item"], score=data["score"], note=data.get("note", "")
        )
        return Response(self.get_serializer(row).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["assessments"])
class RatingTaskViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """我的评分任务: the logged-in rater's own tasks; saving a draft or submitting goes through ``POST``."""

    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return selectors.rating_task_list(user=self.request.user)

    def get_serializer_class(self):
        return RatingTaskDetailSerializer if self.action != "list" else RatingTaskSerializer

    def get_object(self):
        task = selectors.rating_task_get(user=self.request.user, pk=self.kwargs["pk"])
        task.task_items = selectors.rating_task_items(assignment=task)
        return task

    @extend_schema(summary="暂存或提交评分", request=RatingInputSerializer, responses=RatingTaskDetailSerializer)
    @action(detail=True, methods=["post"])
    def rating(self, request, pk=None):
        task = selectors.rating_task_get(user=request.user, pk=pk)
        data = _input(request, RatingInputSerializer)
        services.rating_save(actor=request.user, assignment=task, scores=data["scores"], submit=data["submit"])
        return Response(RatingTaskDetailSerializer(self.get_object()).data)


@extend_schema_view(
    list=extend_schema(
        summary="评价人名单（谁评价谁、任务状态；不含分数）", parameters=[OpenApiParameter("period", int)]
    ),
    create=extend_schema(summary="添加评价人（评分开始前）"),
    destroy=extend_schema(summary="移除评价人（评分开始前）"),
)
@extend_schema(tags=["assessments"])
class RaterAssignmentViewSet(
    mixins.ListModelMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    serializer_class = RaterAssignmentSerializer
    permission_classes = [permissions.IsAuthenticated, StaffOnly]

    def get_queryset(self):
        period = None
        if getattr(self, "swagger_fake_view", False):
            return RaterAssignment.objects.none()
        if self.action == "list":
            period_id = whole_number(self.request.query_params.get("period"))
            if period_id is None:
                raise ValidationError({"period": [_("请指定考核周期。")]})
            period = selectors.period_get(user=self.request.user, pk=period_id)
        return selectors.rater_assignment_list(user=self.request.user, period=period)

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.rater_assignment_add(
            actor=self.request.user, assessee=data["assessee"], rater=data["rater"], group=data["group"]
        )

    def perform_destroy(self, instance):
        services.rater_assignment_remove(actor=self.request.user, assignment=instance)


# ---------------------------------------------------------------- templates


@extend_schema(tags=["assessments"])
class TemplateViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """考核指标模板 by unit kind, versioned; items and rater-group weights change in a draft only."""

    serializer_class = TemplateSerializer
    permission_classes = [permissions.IsAuthenticated, StaffOnly]
    filterset_fields = ["unit_kind", "status"]

    def get_queryset(self):
        return IndicatorTemplate.objects.prefetch_related("items", "rater_groups").order_by("unit_kind", "-version")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.template_create(
            actor=self.request.user, name=data["name"], unit_kind=data.get("unit_kind", ""), note=data.get("note", "")
        )

    def _detail(self, template):
        return Response(TemplateSerializer(self.get_queryset().get(pk=template.pk)).data)

    @extend_schema(summary="添加指标（草稿模板）", request=TemplateItemSerializer, responses=TemplateSerializer)
    @action(detail=True, methods=["post"])
    def items(self, request, pk=None):
        template = self.get_object()
        data = _input(request, TemplateItemSerializer)
        services.template_item_save(actor=request.user, template=template, **data)
        return self._detail(template)

    @extend_schema(
        summary="设置评价人类别权重（草稿模板）", request=TemplateGroupSerializer, responses=TemplateSerializer
    )
    @action(detail=True, methods=["post"], url_path="rater-groups")
    def rater_groups(self, request, pk=None):
        template = self.get_object()
        data = _input(request, TemplateGroupSerializer)
        services.template_rater_group_set(actor=request.user, template=template, **data)
        return self._detail(template)

    @extend_schema(summary="发布模板（权重合计须为100）", request=None, responses=TemplateSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self._detail(services.template_publish(actor=request.user, template=self.get_object()))

    @extend_schema(summary="复制为新版本（草稿）", request=None, responses=TemplateSerializer)
    @action(detail=True, methods=["post"], url_path="new-version")
    def new_version(self, request, pk=None):
        return self._detail(services.template_new_version(actor=request.user, template=self.get_object()))


# ---------------------------------------------------------------- regular grades, self-summaries, publicity


@extend_schema(tags=["assessments"])
class RegularAssessmentViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """平时考核等次: staff enter them; a cadre reads his or her own."""

    serializer_class = RegularAssessmentSerializer
    permission_classes = [permissions.IsAuthenticated, StaffWritesOnly]
    filterset_fields = ["period", "grade"]

    def get_queryset(self):
        grades = RegularAssessment.objects.filter(policy.scope(self.request.user).cadres("cadre__")).select_related(
            "cadre", "period"
        )
        return official_order(grades, "cadre__", before=("-period__year", "-period__quarter"))

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.regular_assessment_set(
            actor=self.request.user,
            period=data["period"],
            cadre=data["cadre"],
            grade=data["grade"],
            comment=data.get("comment", ""),
        )


@extend_schema(tags=["assessments"])
class SelfSummaryViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """述职报告: a cadre writes his or her own; staff read those of their units."""

    serializer_class = SelfSummarySerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_fields = ["period", "status"]

    def get_queryset(self):
        summaries = SelfSummary.objects.filter(policy.scope(self.request.user).cadres("cadre__")).select_related(
            "cadre", "period"
        )
        return official_order(summaries, "cadre__", before=("-period__year",))

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.self_summary_save(
            actor=self.request.user, period=data["period"], text=data["text"], submit=data.get("submit", False)
        )


@extend_schema(tags=["assessments"])
class ObjectionViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """公示异议: recorded during publicity with their handling (org staff)."""

    serializer_class = ObjectionSerializer
    permission_classes = [permissions.IsAuthenticated, StaffOnly]
    filterset_fields = ["period", "status"]

    def get_queryset(self):
        return selectors.objection_list(user=self.request.user).order_by("period_id", "raised_on", "pk")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.objection_record(
            actor=self.request.user,
            period=data["period"],
            raised_on=data["raised_on"],
            content=data["content"],
            cadre=data.get("cadre"),
            raised_by=data.get("raised_by", ""),
        )

    @extend_schema(summary="登记异议处理情况", request=ObjectionHandleSerializer, responses=ObjectionSerializer)
    @action(detail=True, methods=["post"])
    def handle(self, request, pk=None):
        objection = get_object_or_404(self.get_queryset(), pk=pk)
        data = _input(request, ObjectionHandleSerializer)
        objection = services.objection_handle(actor=request.user, objection=objection, **data)
        return Response(ObjectionSerializer(objection, context={"request": request}).data)


@extend_schema(tags=["assessments"])
class WorkCalendarDayViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """工作日历: holidays and make-up working days entered by staff (they win over the calendar package)."""

    serializer_class = WorkCalendarDaySerializer
    permission_classes = [permissions.IsAuthenticated, StaffOnly]

    def get_queryset(self):
        return WorkCalendarDay.objects.order_by("day")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.work_calendar_day_set(actor=self.request.user, **data)


@extend_schema(tags=["assessments"])
class WorkCalendarYearViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    serializer_class = WorkCalendarYearSerializer
    permission_classes = [permissions.IsAuthenticated, StaffOnly]

    def get_queryset(self):
        return WorkCalendarYear.objects.order_by("-year")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.work_calendar_year_complete(actor=self.request.user, **data)


@extend_schema(tags=["assessments"])
class SuggestionViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """考核结果运用待办: the §3 consequences of confirmed grades, for staff to carry out or dismiss."""

    serializer_class = SuggestionSerializer
    permission_classes = [permissions.IsAuthenticated, StaffOnly]
    filterset_fields = ["kind", "status"]

    def get_queryset(self):
        return selectors.suggestions_in_order(selectors.suggestion_list(user=self.request.user), status_first=True)

    @extend_schema(summary="办理待办", request=SuggestionHandleSerializer, responses=SuggestionSerializer)
    @action(detail=True, methods=["post"])
    def handle(self, request, pk=None):
        suggestion = get_object_or_404(self.get_queryset(), pk=pk)
        data = _input(request, SuggestionHandleSerializer)
        suggestion = services.suggestion_handle(
            actor=request.user, suggestion=suggestion, status=data["status"], note=data["note"]
        )
        return Response(SuggestionSerializer(suggestion).data)
