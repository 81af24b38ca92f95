"""robots.txt and the Woo sitemaps, at the root of the site (where harvesters look)."""

from django.urls import path

from raadsmemo.publishing import woo, woo_views

urlpatterns = [
    path("robots.txt", woo_views.robots_txt, name="robots_txt"),
    path(f"sitemaps/{woo.SITEMAP_INDEX_NAME}", woo_views.woo_sitemap_index, name="woo_sitemap_index"),
    path("sitemaps/sitemap-<slug:part>-<int:page>.xml", woo_views.woo_sitemap, name="woo_sitemap"),
]
