"""The dashboard's own rows: derived data it recomputes from the other apps' records, never records of its own.

``AuditFinding``: what the nightly record audit (干部信息核查) found wrong on a cadre's record, with the rule
that found it. The job replaces a batch of cadres' findings at once, so they are no history of a person's
record (the record itself is fixed in its own app, where its history is kept).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from dashboard.choices import AuditRule


class AuditFinding(models.Model):
    """One inconsistency on one cadre's record, as of ``found_on``; ``subject`` tells apart two findings of one
    rule on one cadre (a date, "appointment:12")."""

    cadre = models.ForeignKey(
        "cadres.Cadre", verbose_name=_("干部"), on_delete=models.PROTECT, related_name="audit_findings"
    )
    rule = models.CharField(_("核查规则"), max_length=40, choices=AuditRule)
    subject = models.CharField(_("涉及记录"), max_length=40, blank=True)
    message = models.CharField(_("问题说明"), max_length=300)
    found_on = models.DateField(_("核查日期"))

    class Meta:
        verbose_name = _("干部信息核查问题")
        verbose_name_plural = _("干部信息核查问题")
        ordering = ["cadre_id", "rule", "subject"]
        constraints = [
            models.UniqueConstraint(fields=["cadre", "rule", "subject"], name="audit_finding_unique"),
        ]
        indexes = [models.Index(fields=["rule", "cadre"], name="audit_finding_rule_idx")]

    def __str__(self) -> str:
        return f"{self.cadre_id} {self.get_rule_display()}"
