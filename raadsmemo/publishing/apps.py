from django.apps import AppConfig
from django.core.signals import setting_changed
from django.db.models.signals import m2m_changed, post_delete, post_save


class PublishingConfig(AppConfig):
    name = "raadsmemo.publishing"

    def ready(self):
        # Every committed write to raadsmemo's models raises the public pages' content version.
        from raadsmemo.publishing.caching import on_model_change, on_setting_change

        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(on_model_change, dispatch_uid=f"public-pages-{id(signal)}")
        # A changed setting (the municipality's name, say) changes every page too.
        setting_changed.connect(on_setting_change, dispatch_uid="public-pages-settings")
