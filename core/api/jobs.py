"""The progress of a background job over the API: ``GET /api/jobs/{id}/``, for the user who started it."""

from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.generics import RetrieveAPIView

from core.models import JobRun


class JobRunSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    percent = serializers.IntegerField(read_only=True)

    class Meta:
        model = JobRun
        fields = ["id", "kind", "status", "status_display", "total", "done", "percent", "summary", "error"]
        read_only_fields = fields


@extend_schema(tags=["jobs"], summary="后台任务进度（仅发起人可见）")
class JobRunView(RetrieveAPIView):
    """A job's status and progress; a job's result may hold people's records, so only its starter sees it."""

    serializer_class = JobRunSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return JobRun.objects.filter(requested_by=self.request.user)
