"""``manage.py seed_demo``: the demo county 新龙县 with its cadres, history and the four demo logins.

The same ``--seed`` gives the same county on any day (see cadres/demo.py, which also describes how other
areas add their demo data through the ``DEMO_SEED_EXTENSIONS`` setting).
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db.models import ProtectedError

from cadres import demo
from cadres.models import Cadre


class Command(BaseCommand):
    help = "生成演示数据：新龙县的单位、干部（含变更历史）和四个演示账号。"

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=demo.DEFAULT_SEED, help="随机种子（同一种子生成同样的数据）")
        parser.add_argument("--cadres", type=int, default=demo.DEFAULT_CADRES, help="干部人数（默认4000）")
        parser.add_argument("--if-empty", action="store_true", help="已有干部数据时什么也不做")
        parser.add_argument("--replace", action="store_true", help="先删除现有的全部干部和单位，再生成")

    def handle(self, *args, seed: int, cadres: int, if_empty: bool, replace: bool, **options):
        if cadres < 1:
            raise CommandError("干部人数至少为1。")
        existing = Cadre.objects.count()
        if existing and if_empty:
            if options["verbosity"]:
                self.stdout.write(f"已有 {existing} 名干部，未生成演示数据。")
            return
        if existing and not replace:
            raise CommandError(f"数据库中已有 {existing} 名干部。加 --if-empty 跳过，或加 --replace 删除后重新生成。")
        started = time.monotonic()
        if replace:
            try:
                demo.demo_data_delete()
            except ProtectedError as error:
                raise CommandError(f"现有干部或单位仍被其他记录引用，无法删除：{error}") from error
        summary = demo.county_seed(seed=seed, cadres=cadres, stdout=self.stdout)
        if not options["verbosity"]:
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"新龙县演示数据已生成：{summary['units']} 个单位（{summary['townships']} 个乡镇），"
                f"{summary['cadres']} 名干部，{summary['history_rows']} 条历史记录，"
                f"用时 {time.monotonic() - started:.1f} 秒。"
            )
        )
