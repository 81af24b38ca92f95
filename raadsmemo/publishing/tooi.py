"""The TOOI words raadsmemo publishes with: who publishes, in which Woo category, in which format.

TOOI (Thesaurus en Ontologie Overheidsinformatie, KOOP) names organisations and the values of the
Woo-metadata by URI. The URIs and labels below are those of the DiWoo waardelijsten (diwoo-
metadata-lijsten.xsd, version 0.9.8); the Woo-index, the RIS package's MDTO files and the open-data
API all say the same thing in the same words.
"""

from django.conf import settings

TOOI_GEMEENTE = "https://identifier.overheid.nl/tooi/id/gemeente/"
TOOI_KERN = "https://identifier.overheid.nl/tooi/def/thes/kern/"

# The label of a gemeente in TOOI's register (rwc_gemeenten_compleet); other codes show as the code.
GEMEENTE_NAMES = {
    "gm0014": "gemeente Groningen",
    "gm0363": "gemeente Amsterdam",
    "gm0344": "gemeente Utrecht",
    "gm0599": "gemeente Rotterdam",
    "gm0518": "gemeente 's-Gravenhage",
}

# Woo art. 3.3 lid 2 sub g: "vergaderstukken decentrale overheden" (scw_woo_informatiecategorieen).
WOO_CATEGORIE_CODE = "c_db4862c3"
WOO_CATEGORIE_URI = TOOI_KERN + WOO_CATEGORIE_CODE
WOO_CATEGORIE_LABEL = "vergaderstukken decentrale overheden"
# The number of this category in the Woo-index's sitemap-index naming convention (infocat008).
WOO_CATEGORIE_SITEMAP_NUMBER = "008"

# Documentsoort "vergaderstuk" (scw_documentsoorten).
DOCUMENTSOORT_URI = TOOI_KERN + "c_7f9dffa7"
DOCUMENTSOORT_LABEL = "vergaderstuk"

# Soort handeling (scw_documenthandelingen).
HANDELING_VASTSTELLING = (TOOI_KERN + "c_641ecd76", "vaststelling")
HANDELING_ONTVANGST = (TOOI_KERN + "c_dfcee535", "ontvangst")

FORMAT_PDF = ("http://publications.europa.eu/resource/authority/file-type/PDF", "PDF")
LANGUAGE_NL = ("http://publications.europa.eu/resource/authority/language/NLD", "Nederlands")


def organisatie_code() -> str:
    """The TOOI code of the publishing organisation, e.g. gm0014 (setting RAADSMEMO_TOOI_ORGANISATIE)."""
    return settings.RAADSMEMO_TOOI_ORGANISATIE


def organisatie_uri() -> str:
    return TOOI_GEMEENTE + organisatie_code()


def organisatie_naam() -> str:
    code = organisatie_code()
    return GEMEENTE_NAMES.get(code, code)
