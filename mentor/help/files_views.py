from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mentor.accounts.documents import document_sections
from mentor.core.files import stored_file_response
from mentor.help import files
from mentor.help.forms import PersonalFileForm


@login_required
@require_http_methods(["GET", "POST"])
def mine(request: HttpRequest) -> HttpResponse:
    form = PersonalFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = files.personal_file_add(user=request.user, upload=form.cleaned_data["file"])
        except files.FileError as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(request, _("« %(name)s » a été ajouté.") % {"name": added.name})
            return redirect("files:mine")
    used = files.used_bytes(user=request.user)
    quota = settings.PERSONAL_FILES_QUOTA_BYTES
    return render(
        request,
        "help/files.html",
        {
            "form": form,
            "files": files.files_of(user=request.user),
            "document_sections": document_sections(request.user),
            "used": used,
            "quota": quota,
            "used_percent": min(100, round(100 * used / quota)) if quota else 100,
        },
    )


@login_required
@require_safe
def download(request: HttpRequest, file_id: int) -> HttpResponse:
    found = files.file_of_owner(user=request.user, file_id=file_id)
    if found is None:
        raise Http404
    return stored_file_response(request, name=found.file.name, download_name=found.name, max_age=0)


@login_required
@require_POST
def delete(request: HttpRequest, file_id: int) -> HttpResponse:
    if files.personal_file_delete(user=request.user, file_id=file_id):
        messages.success(request, _("Le fichier a été supprimé."))
    else:
        messages.info(request, _("Ce fichier n’existe plus."))
    return redirect("files:mine")
