from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from raadsmemo.accounts.access import require_griffie
from raadsmemo.concurrency import EditConflict
from raadsmemo.history import history_of
from raadsmemo.people import services
from raadsmemo.people.access import get_directory_entry_for_user
from raadsmemo.people.forms import BestuurderForm, ContactForm, FractieForm
from raadsmemo.people.models import Bestuurder, Contact, Fractie
from raadsmemo.people.services import contact_update


@require_safe
def contact_list(request: HttpRequest) -> HttpResponse:
    require_griffie(request)
    query = request.GET.get("q", "").strip()
    contacts = Contact.objects.search(query) if query else Contact.objects.all()
    page = Paginator(contacts, 30).get_page(request.GET.get("page"))
    context = {"page": page, "q": query}
    return render(request, "people/contact_list.html", context)


@require_http_methods(["GET", "POST"])
def contact_create(request: HttpRequest) -> HttpResponse:
    require_griffie(request)
    return _contact_form(request, Contact())


@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_directory_entry_for_user(request, Contact, pk, noun="contactpersoon")
    return _contact_form(request, contact)


def _contact_form(request: HttpRequest, contact: Contact) -> HttpResponse:
    form = ContactForm(request.POST or None, instance=contact)
    context = {
        "form": form,
        "object": contact,
        "kind": "contact",
        "title": "Contactpersonen",
        "new_label": "Nieuwe contactpersoon",
        "history": history_of(contact) if contact.pk else None,
    }
    if request.method == "POST" and form.is_valid():
        if contact.pk is None:
            services.contact_create(contact=form.save(commit=False))
        else:
            try:
                contact_update(
                    contact=form.instance, fields=form.changed_data, based_on_revision=form.based_on_revision
                )
            except EditConflict as conflict:
                context.update(conflict=conflict.current, conflict_rows=form.conflict_with(conflict.current))
                return render(request, "people/directory_form.html", context, status=409)
        messages.success(request, f"Contactpersoon {contact.name} is opgeslagen.")
        return redirect("people:contact_list")
    return render(request, "people/directory_form.html", context)


# Fracties and bestuurders: small directories the LTA picks from; only the griffie keeps them.
DIRECTORIES = {
    "fractie": (Fractie, FractieForm, "Fracties", "fractie", "Nieuwe fractie"),
    "bestuurder": (Bestuurder, BestuurderForm, "Bestuurders", "bestuurder", "Nieuwe bestuurder"),
}


@require_safe
def fractie_list(request: HttpRequest) -> HttpResponse:
    return _directory_list(request, "fractie")


@require_http_methods(["GET", "POST"])
def fractie_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    return _directory_form(request, "fractie", pk)


@require_safe
def bestuurder_list(request: HttpRequest) -> HttpResponse:
    return _directory_list(request, "bestuurder")


@require_http_methods(["GET", "POST"])
def bestuurder_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    return _directory_form(request, "bestuurder", pk)


def _directory_list(request: HttpRequest, kind: str) -> HttpResponse:
    require_griffie(request)
    model, _, title, _, new_label = DIRECTORIES[kind]
    context = {"objects": model.objects.all(), "kind": kind, "title": title, "new_label": new_label}
    return render(request, "people/directory_list.html", context)


def _directory_form(request: HttpRequest, kind: str, pk: int | None) -> HttpResponse:
    require_griffie(request)
    model, form_class, title, noun, new_label = DIRECTORIES[kind]
    instance = model() if pk is None else get_directory_entry_for_user(request, model, pk, noun=noun)
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, f"{saved.name} is opgeslagen.")
        return redirect(f"people:{kind}_list")
    context = {"form": form, "object": instance, "kind": kind, "title": title, "new_label": new_label}
    return render(request, "people/directory_form.html", context)
