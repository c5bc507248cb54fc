"""Enumerations of the cadre record (domain-rules §1). Ordered ones are IntegerChoices, lowest first."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    COUNTY = "county", _("县委县政府")
    PARTY_ORGAN = "party_organ", _("党委部门")
    GOVERNMENT_ORGAN = "government_organ", _("政府部门")
    PEOPLES_CONGRESS_CPPCC = "congress", _("人大政协及群团")
    JUDICIAL = "judicial", _("政法机关")
    PUBLIC_INSTITUTION = "public_institution", _("事业单位")
    TOWNSHIP = "township", _("乡镇")
    VILLAGE = "village", _("村")
    COMMUNITY = "community", _("社区")


class Gender(models.TextChoices):
    MALE = "M", _("男")
    FEMALE = "F", _("女")


class Ethnicity(models.TextChoices):
    """The national code list of ethnic groups (GB/T 3304)."""

    HAN = "01", _("汉族")
    MONGOL = "02", _("蒙古族")
    HUI = "03", _("回族")
    TIBETAN = "04", _("藏族")
    UYGHUR = "05", _("维吾尔族")
    MIAO = "06", _("苗族")
    YI = "07", _("彝族")
    ZHUANG = "08", _("壮族")
    BUYEI = "09", _("布依族")
    KOREAN = "10", _("朝鲜族")
    MANCHU = "11", _("满族")
    DONG = "12", _("侗族")
    YAO = "13", _("瑶族")
    BAI = "14", _("白族")
    TUJIA = "15", _("土家族")
    HANI = "16", _("哈尼族")
    KAZAKH = "17", _("哈萨克族")
    DAI = "18", _("傣族")
    LI = "19", _("黎族")
    LISU = "20", _("傈僳族")
    VA = "21", _("佤族")
    SHE = "22", _("畲族")
    GAOSHAN = "23", _("高山族")
    LAHU = "24", _("拉祜族")
    SHUI = "25", _("水族")
    DONGXIANG = "26", _("东乡族")
    NAXI = "27", _("纳西族")
    JINGPO = "28", _("景颇族")
    KYRGYZ = "29", _("柯尔克孜族")
    TU = "30", _("土族")
    DAUR = "31", _("达斡尔族")
    MULAO = "32", _("仫佬族")
    QIANG = "33", _("羌族")
    BLANG = "34", _("布朗族")
    SALAR = "35", _("撒拉族")
    MAONAN = "36", _("毛南族")
    GELAO = "37", _("仡佬族")
    XIBE = "38", _("锡伯族")
    ACHANG = "39", _("阿昌族")
    PUMI = "40", _("普米族")
    TAJIK = "41", _("塔吉克族")
    NU = "42", _("怒族")
    UZBEK = "43", _("乌孜别克族")
    RUSSIAN = "44", _("俄罗斯族")
    EWENKI = "45", _("鄂温克族")
    DEANG = "46", _("德昂族")
    BONAN = "47", _("保安族")
    YUGUR = "48", _("裕固族")
    GIN = "49", _("京族")
    TATAR = "50", _("塔塔尔族")
    DERUNG = "51", _("独龙族")
    OROQEN = "52", _("鄂伦春族")
    HEZHEN = "53", _("赫哲族")
    MONBA = "54", _("门巴族")
    LHOBA = "55", _("珞巴族")
    JINO = "56", _("基诺族")
    OTHER = "97", _("其他")
    FOREIGN_ORIGIN = "98", _("外国血统中国籍人士")


class Education(models.TextChoices):
    DOCTORATE = "doctorate", _("研究生（博士）")
    MASTER = "master", _("研究生（硕士）")
    BACHELOR = "bachelor", _("大学本科")
    COLLEGE = "college", _("大学专科")
    SECONDARY_VOCATIONAL = "secondary_vocational", _("中专")
    HIGH_SCHOOL = "high_school", _("高中")
    JUNIOR_OR_BELOW = "junior_or_below", _("初中及以下")


class PoliticalStatus(models.TextChoices):
    PARTY_MEMBER = "party_member", _("中共党员")
    PROBATIONARY_MEMBER = "probationary_member", _("中共预备党员")
    LEAGUE_MEMBER = "league_member", _("共青团员")
    DEMOCRATIC_PARTY = "democratic_party", _("民主党派成员")
    NON_PARTISAN = "non_partisan", _("无党派人士")
    MASSES = "masses", _("群众")


class Category(models.TextChoices):
    """人员类别 (domain-rules §1)."""

    CIVIL_SERVANT = "civil_servant", _("公务员")
    MANAGED_AS_CIVIL_SERVANT = "managed_as_civil_servant", _("参照公务员法管理")
    PUBLIC_INSTITUTION = "public_institution", _("事业单位")
    VILLAGE = "village", _("村（社区）干部")


class Rank(models.IntegerChoices):
    """综合管理类职级, lowest first (公务员法 art. 19; 职务与职级并行规定 art. 18; domain-rules §1)."""

    CLERK_2 = 1, _("二级科员")
    CLERK_1 = 2, _("一级科员")
    PRINCIPAL_STAFF_4 = 3, _("四级主任科员")
    PRINCIPAL_STAFF_3 = 4, _("三级主任科员")
    PRINCIPAL_STAFF_2 = 5, _("二级主任科员")
    PRINCIPAL_STAFF_1 = 6, _("一级主任科员")
    RESEARCHER_4 = 7, _("四级调研员")
    RESEARCHER_3 = 8, _("三级调研员")
    RESEARCHER_2 = 9, _("二级调研员")
    RESEARCHER_1 = 10, _("一级调研员")
    INSPECTOR_2 = 11, _("二级巡视员")
    INSPECTOR_1 = 12, _("一级巡视员")


class LeadershipLevel(models.IntegerChoices):
    """领导职务层次, lowest first (domain-rules §1)."""

    TOWNSHIP_DEPUTY = 1, _("乡科级副职")
    TOWNSHIP_CHIEF = 2, _("乡科级正职")
    COUNTY_DEPUTY = 3, _("县处级副职")
    COUNTY_CHIEF = 4, _("县处级正职")


class CadreStatus(models.TextChoices):
    ACTIVE = "active", _("在职")
    RETIRED = "retired", _("退休")
    TRANSFERRED_OUT = "transferred_out", _("调出")
    RESIGNED = "resigned", _("辞职")
    DISMISSED = "dismissed", _("辞退")
    DECEASED = "deceased", _("去世")


class FamilyRelation(models.TextChoices):
    """称谓 on the 干部任免审批表's "家庭主要成员及重要社会关系" rows, in the form's customary order."""

    WIFE = "wife", _("妻子")
    HUSBAND = "husband", _("丈夫")
    SON = "son", _("儿子")
    DAUGHTER = "daughter", _("女儿")
    FATHER = "father", _("父亲")
    MOTHER = "mother", _("母亲")
    FATHER_IN_LAW = "father_in_law", _("岳父（公公）")
    MOTHER_IN_LAW = "mother_in_law", _("岳母（婆婆）")
    BROTHER = "brother", _("兄弟")
    SISTER = "sister", _("姐妹")
    SON_IN_LAW = "son_in_law", _("女婿")
    DAUGHTER_IN_LAW = "daughter_in_law", _("儿媳")
    OTHER = "other", _("其他重要社会关系")


class EducationKind(models.TextChoices):
    """全日制教育 or 在职教育, the two rows of the 干部任免审批表."""

    FULL_TIME = "full_time", _("全日制教育")
    IN_SERVICE = "in_service", _("在职教育")


class Degree(models.TextChoices):
    DOCTOR = "doctor", _("博士")
    MASTER = "master", _("硕士")
    BACHELOR = "bachelor", _("学士")


class CorrectionItem(models.TextChoices):
    """What a cadre asks to have corrected in his or her record (更正申请, issue 15.9)."""

    NAME = "name", _("姓名")
    GENDER = "gender", _("性别")
    ETHNICITY = "ethnicity", _("民族")
    BIRTH_DATE = "birth_date", _("出生日期")
    ID_NUMBER = "id_number", _("身份证号")
    NATIVE_PLACE = "native_place", _("籍贯")
    EDUCATION = "education", _("学历学位")
    POLITICAL_STATUS = "political_status", _("政治面貌")
    PARTY_JOIN_DATE = "party_join_date", _("入党时间")
    WORK_START_DATE = "work_start_date", _("参加工作时间")
    POST = "post_title", _("现任职务")
    RANK = "rank", _("职级")
    CAREER = "career", _("任职经历")
    FAMILY = "family", _("家庭成员")
    PHONE = "phone", _("联系电话")
    OTHER = "other", _("其他")


class CorrectionStatus(models.TextChoices):
    PENDING = "pending", _("待处理")
    ACCEPTED = "accepted", _("已采纳")
    REJECTED = "rejected", _("未采纳")
