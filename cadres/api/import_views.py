"""POST /api/cadres/import/: the Excel import of cadres or units, as a dry run or for real."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import permissions, serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import policy
from cadres.imports import IMPORT_KINDS, import_run
from core.api.exceptions import ErrorSerializer, error_body


class MayImport(permissions.BasePermission):
    message = _("您没有导入数据的权限。")

    def has_permission(self, request, view):
        return policy.is_staff(request.user)


class ImportRequestSerializer(serializers.Serializer):
    file = serializers.FileField(label=_("Excel文件（.xlsx 或 .xls）"))
    kind = serializers.ChoiceField(label=_("导入内容"), choices=list(IMPORT_KINDS.items()), default="cadres")
    dry_run = serializers.BooleanField(label=_("仅预览，不写入"), default=True)


_row_errors = inline_serializer(
    "ImportRowError",
    fields={"row": serializers.IntegerField(), "column": serializers.CharField(), "message": serializers.CharField()},
    many=True,
)
_report = inline_serializer(
    "ImportReport",
    fields={
        "total": serializers.IntegerField(),
        "created": serializers.IntegerField(),
        "updated": serializers.IntegerField(),
        "unchanged": serializers.IntegerField(),
        "dry_run": serializers.BooleanField(),
        "applied": serializers.BooleanField(),
        "errors": _row_errors,
        "changes": inline_serializer(
            "ImportRowChange",
            fields={
                "row": serializers.IntegerField(),
                "action": serializers.ChoiceField(choices=["create", "update"]),
                "subject": serializers.CharField(),
                "fields": inline_serializer(
                    "ImportFieldChange",
                    fields={
                        "label": serializers.CharField(),
                        "old": serializers.CharField(),
                        "new": serializers.CharField(),
                    },
                    many=True,
                ),
            },
            many=True,
        ),
    },
)


_import_error = inline_serializer(
    "ImportError",
    fields={
        "code": serializers.CharField(),
        "detail": serializers.CharField(),
        "fields": serializers.DictField(),
        "rows": inline_serializer(
            "ImportRowErrorWithCode",
            fields={
                "row": serializers.IntegerField(),
                "column": serializers.CharField(),
                "message": serializers.CharField(),
                "code": serializers.CharField(),
            },
            many=True,
            required=False,
        ),
        "report": _report,
    },
)


class ImportView(APIView):
    """Validate every row; with ``dry_run=false`` and no bad row, write all rows in one transaction.

    200: the report (counts). 400: the one error shape (``core.api.exceptions``), code ``invalid_rows``
    with every bad row in ``rows`` and the counts in ``report``, or code ``invalid_file`` naming the file.
    """

    permission_classes = [MayImport]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        tags=["cadres"],
        request={"multipart/form-data": ImportRequestSerializer},
        responses={
            200: _report,
            400: OpenApiResponse(_import_error, description=str(_("有错误的行（或文件无法读取），未写入任何数据。"))),
            401: ErrorSerializer,
            403: ErrorSerializer,
        },
    )
    def post(self, request):
        serializer = ImportRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            report = import_run(actor=request.user, kind=data["kind"], file_obj=data["file"], dry_run=data["dry_run"])
        except ValidationError as error:
            message = " ".join(error.messages)
            body = error_body(
                code="invalid_file", detail=message, fields={"file": [{"code": "invalid", "message": message}]}
            )
            return Response(body, status=status.HTTP_400_BAD_REQUEST)
        counts = report.as_dict()
        if report.ok:
            return Response(counts, status=status.HTTP_200_OK)
        rows = [{**row, "code": "invalid_row"} for row in counts.pop("errors")]
        detail = _("有 %(count)s 处错误，未写入任何数据。") % {"count": len(rows)}
        return Response(
            error_body(code="invalid_rows", detail=str(detail), rows=rows, report=counts),
            status=status.HTTP_400_BAD_REQUEST,
        )
