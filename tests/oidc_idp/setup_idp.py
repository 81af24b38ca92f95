"""Make the IdP's users, its signing key and the client registration of raadsmemo."""

import sys

import django

django.setup()

from django.contrib.auth.models import Group, User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from oidc_provider.models import Client, ResponseType  # noqa: E402

client_id, client_secret, redirect_uri = sys.argv[1:4]
call_command("migrate", verbosity=0)
call_command("creatersakey")
people = {
    "gerda.idp": ("gerda@gemeente.example", ["raadsmemo-griffie", "alle-medewerkers"]),
    "age.idp": ("age@gemeente.example", ["raadsmemo-agendacommissie"]),
    "piet.idp": ("piet@gemeente.example", ["alle-medewerkers"]),
}
for username, (email, groups) in people.items():
    user = User.objects.create_user(
        username, email, "idp-wachtwoord", first_name=username.split(".")[0].title()
    )
    user.groups.set([Group.objects.get_or_create(name=name)[0] for name in groups])
client = Client.objects.create(
    name="raadsmemo",
    client_type="confidential",
    client_id=client_id,
    client_secret=client_secret,
    jwt_alg="RS256",
    require_consent=False,
    reuse_consent=True,
    _redirect_uris=redirect_uri,
    scope=["openid", "email", "profile", "groups"],
)
client.response_types.set([ResponseType.objects.get(value="code")])
