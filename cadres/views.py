from django.contrib.auth.decorators import login_required
from django.http import HttpResponse

from cadres import selectors


@login_required
def cadre_list(request):
    return HttpResponse(str(selectors.cadre_list(user=request.user).count()))


@login_required
def my_record(request):
    return HttpResponse("me")


@login_required
def cadre_detail(request, pk):
    return HttpResponse(selectors.cadre_get(user=request.user, pk=pk).name)


@login_required
def unit_tree(request):
    return HttpResponse("units")


@login_required
def import_start(request):
    return HttpResponse("import")
