"""REST endpoints for a cadre's family members and education records: scoped reads, writes by staff through
``cadres.services``. ``?cadre=`` narrows a list to one cadre. A cadre out of the user's scope is "not found" at
the ``cadre`` field (400), as anywhere else in the API (core.api.fields); a change leaves a record with its cadre."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, viewsets

from cadres import selectors, services
from cadres.models import EducationRecord, FamilyMember
from cadres.services import EDUCATION_RECORD_FIELDS, FAMILY_MEMBER_FIELDS
from core.api.fields import ScopedCadreField
from core.api.permissions import StaffWritesOnly


class FamilyMemberSerializer(serializers.ModelSerializer):
    cadre = ScopedCadreField(label=_("干部"))
    relation_display = serializers.CharField(source="get_relation_display", read_only=True)
    reason = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=100)

    class Meta:
        model = FamilyMember
        fields = ["id", "cadre", *FAMILY_MEMBER_FIELDS, "relation_display", "reason"]


class EducationRecordSerializer(serializers.ModelSerializer):
    cadre = ScopedCadreField(label=_("干部"))
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    reason = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=100)

    class Meta:
        model = EducationRecord
        fields = ["id", "cadre", *EDUCATION_RECORD_FIELDS, "kind_display", "reason"]


class CadreRecordViewSet(viewsets.ModelViewSet):
    """List, read, add, change and remove one kind of record about cadres."""

    permission_classes = [permissions.IsAuthenticated, StaffWritesOnly]
    filterset_fields = ["cadre"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    selector = None
    create_service = update_service = delete_service = None
    record_argument = ""

    def get_queryset(self):
        return type(self).selector(user=self.request.user).order_by("cadre_id", "pk")

    def _cadre(self, data: dict):
        return selectors.cadre_get(user=self.request.user, pk=data.pop("cadre").pk)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        reason = data.pop("reason", "")
        cadre = self._cadre(data)
        serializer.instance = type(self).create_service(actor=self.request.user, cadre=cadre, data=data, reason=reason)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        reason = data.pop("reason", "")
        data.pop("cadre", None)  # a record stays with its cadre
        serializer.instance = type(self).update_service(
            actor=self.request.user, **{self.record_argument: serializer.instance}, data=data, reason=reason
        )

    def perform_destroy(self, instance):
        type(self).delete_service(actor=self.request.user, **{self.record_argument: instance})


@extend_schema(tags=["cadres"])
class FamilyMemberViewSet(CadreRecordViewSet):
    """家庭成员及重要社会关系 of the cadres the user may see."""

    serializer_class = FamilyMemberSerializer
    selector = staticmethod(selectors.family_member_list)
    create_service = staticmethod(services.family_member_create)
    update_service = staticmethod(services.family_member_update)
    delete_service = staticmethod(services.family_member_delete)
    record_argument = "member"


@extend_schema(tags=["cadres"])
class EducationRecordViewSet(CadreRecordViewSet):
    """学历学位 of the cadres the user may see."""

    serializer_class = EducationRecordSerializer
    selector = staticmethod(selectors.education_record_list)
    create_service = staticmethod(services.education_record_create)
    update_service = staticmethod(services.education_record_update)
    delete_service = staticmethod(services.education_record_delete)
    record_argument = "record"
