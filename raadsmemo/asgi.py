import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "raadsmemo.settings")
application = get_asgi_application()

from raadsmemo.settings import refuse_development_secret_key  # noqa: E402  (after DJANGO_SETTINGS_MODULE)

refuse_development_secret_key()
