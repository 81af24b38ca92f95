from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from raadsmemo.accounts.access import require_griffie
from raadsmemo.people.forms import ContactForm
from raadsmemo.people.models import Contact


@require_safe
def contact_list(request: HttpRequest) -> HttpResponse:
    require_griffie(request)
    query = request.GET.get("q", "").strip()
    contacts = Contact.objects.search(query) if query else Contact.objects.all()
    page = Paginator(contacts, 30).get_page(request.GET.get("page"))
    context = {"page": page, "q": query, "query": urlencode({"q": query}) if query else ""}
    return render(request, "people/contact_list.html", context)


@require_http_methods(["GET", "POST"])
def contact_create(request: HttpRequest) -> HttpResponse:
    require_griffie(request)
    return _contact_form(request, Contact())


@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_griffie(request)
    try:
        contact = Contact.objects.get(pk=pk)
    except Contact.DoesNotExist:
        raise Http404("Deze contactpersoon bestaat niet.") from None
    return _contact_form(request, contact)


def _contact_form(request: HttpRequest, contact: Contact) -> HttpResponse:
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Contactpersoon {contact.name} is opgeslagen.")
        return redirect("people:contact_list")
    return render(request, "people/contact_form.html", {"form": form, "contact": contact})
