"""Enumerations of postings (实践锻炼, domain-rules §7)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PostingKind(models.TextChoices):
    TEMPORARY_POST = "temporary_post", _("挂职锻炼")
    FIRST_SECRETARY = "first_secretary", _("第一书记")
    FRONT_LINE = "front_line", _("一线锻炼")
    EXCHANGE = "exchange", _("双向交流")


class FrontLine(models.TextChoices):
    """The five front lines (五个一线) of 一线锻炼."""

    RURAL_GRASSROOTS = "rural_grassroots", _("乡村基层")
    KEY_WORK = "key_work", _("重点工作")
    REFORM_DEVELOPMENT = "reform_development", _("改革发展")
    PROJECT_CONSTRUCTION = "project_construction", _("项目建设")
    SERVING_PEOPLE = "serving_people", _("服务群众")


class ExchangeDirection(models.TextChoices):
    COUNTY_TO_TOWNSHIP = "county_to_township", _("县直机关→乡镇")
    TOWNSHIP_TO_COUNTY = "township_to_county", _("乡镇→县直机关")
    SHADOWING = "shadowing", _("跟班学习")


class PostingStatus(models.TextChoices):
    PLANNED = "planned", _("拟派出")
    SERVING = "serving", _("在岗")
    COMPLETED = "completed", _("期满结束")
    RECALLED = "recalled", _("召回")


class EvaluationGrade(models.TextChoices):
    """The host's end-of-posting evaluation, on the annual-grade scale (公务员法 art. 38)."""

    EXCELLENT = "excellent", _("优秀")
    COMPETENT = "competent", _("称职")
    BASICALLY_COMPETENT = "basically_competent", _("基本称职")
    INCOMPETENT = "incompetent", _("不称职")


class ReminderKind(models.TextChoices):
    ENDING_SOON = "ending_soon", _("即将期满")
    ENDED = "ended", _("已期满")
    LOW_PRESENCE = "low_presence", _("在岗天数不足")


class VillageCategory(models.TextChoices):
    """Village categories a first secretary is sent to; each is a flag on VillageProfile."""

    POVERTY = "is_poverty", _("贫困村/脱贫村")
    WEAK_LAX = "is_weak_lax", _("软弱涣散村")
    WEAK_COLLECTIVE_ECONOMY = "is_weak_collective_economy", _("集体经济薄弱村")
    RELOCATION_SITE = "is_relocation_site", _("易地搬迁安置村")
