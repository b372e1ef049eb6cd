"""Pages leaders read. Every read goes through `visible_to(request.user)`."""

from django.shortcuts import get_object_or_404, redirect, render

from cadres.models import Cadre, Unit
from postings.models import Posting


def home(request):
    """Send people to the part of the registry their role uses."""
    return redirect("admin:index")


def cadre_detail(request, pk):
    """A cadre's record: rotations in order, plans, evaluations."""
    cadre = get_object_or_404(Cadre.objects.visible_to(request.user), pk=pk)
    postings = (
        Posting.objects.visible_to(request.user)
        .filter(cadre=cadre)
        .with_related()
        .order_by("start")
    )
    return render(request, "postings/cadre_detail.html", {"cadre": cadre, "postings": postings})


def unit_detail(request, pk):
    """A unit's record: rotations in and out, across its predecessors and successors."""
    unit = get_object_or_404(Unit.objects.visible_to(request.user), pk=pk)
    lineage = unit.lineage()
    postings = (
        Posting.objects.visible_to(request.user)
        .filter(to_unit__in=lineage)
        .union(Posting.objects.visible_to(request.user).filter(from_unit__in=lineage))
    )
    return render(request, "postings/unit_detail.html", {"unit": unit, "postings": postings})
