"""The collegevoorstel of seed 001 as demo data: loaded once, found again by its zaak."""

import datetime as dt

from raadsmemo.collegevoorstellen.models import Collegevoorstel

SEED_ZAAK = "Raadsbrief Wijkgericht werken"
MAART_30 = dt.date(2021, 3, 30)


def load_collegevoorstel_demo() -> Collegevoorstel:
    existing = Collegevoorstel.objects.filter(zaak=SEED_ZAAK).first()
    if existing is not None:
        return existing
    return Collegevoorstel.objects.create(
        zaak=SEED_ZAAK,
        datum=MAART_30,
        auteur="Ferdy Naafs",
        bereikbaar="(0162) 48 92 81",
        confidentiality="openbaar",
        team="Directie",
        onderwerp="Informatie wijkgericht werken",
        geraadpleegde_vakgebieden="Wijkmakelaars, communicatie",
        conclusie_raadpleging="Men is akkoord.",
        communicatie=True,
        communicatie_middel="infobulletin",
        behandeling_1_orgaan="Raad",
        behandeling_1_datum=MAART_30,
        behandeling_1_aard="Ter kennisneming",
        behandeling_2_orgaan="Ondernemingsraad",
        behandeling_2_datum=MAART_30,
        behandeling_2_aard="Ter advisering",
        voorstel=(
            "De raad via bijgevoegde informatie op de hoogte te stellen van de resultaten van het "
            "wijkgericht werken."
        ),
        samenvatting=(
            "Sinds de start van de opgave Wijkgericht Werken en in het bijzonder het vaststellen van de visie "
            "Wijkgericht Werken in de gemeenteraad en de aanstelling van de wijkmakelaars (oktober 2020) is er "
            "enorm veel gebeurd. Tijd om de raad op een eigentijdse manier over te informeren en daarbij trots "
            "te zijn en uit te stralen met bijgevoegde informatie."
        ),
        juridisch_kader="n.v.t.",
        aanleiding=(
            "De eerste maanden na de vaststelling van de visie Wijkgericht Werken en de aanstelling van de "
            "wijkmakelaars zijn omgevlogen. Daar vertellen we graag meer over en dat doen we via bijgevoegde "
            "informatie.\n\nEn dat doen we natuurlijk niet alleen, maar in goede samenwerking met onze "
            "collega's. Door samen in de stad te zijn, met de inwoners mee te denken. Een mooie stap om van "
            "buiten naar binnen te werken en van binnen naar buiten te gaan."
        ),
        data_monitoring=(
            "De informatie is gebaseerd op de monitoring van de afspraken van de wijkmakelaars en de "
            "informatie vanuit de bewonersinitiatieven."
        ),
        belanghebbenden=(
            "De informatie is een samenvatting van de rondgang door de wijken en de grote hoeveelheid "
            "afspraken in wijken, buurten en dorpen."
        ),
        wat_doen=(
            "We willen de raad informeren (conform afspraak met de raad) over de periode 1 oktober tot "
            "1 maart via bijgevoegde informatie."
        ),
        kosten="De kosten voor de publicatie zijn gedekt uit het communicatiebudget.",
        risicos="nvt",
        kernboodschap=(
            "Het team van wijkgericht werken heeft de afgelopen maanden niet stil gezeten. De eerste periode "
            "stond volledig in het teken van kennismaken. Kennismaken met de buurtbewoners, buurtgroepen en "
            "partners in de stad. Hoe ze dat hebben gedaan en wat het heeft opgeleverd kunt u nalezen in de "
            "'Raadsinformatie wijkgericht werken: periode 1 oktober 2020 t/m maart 2021'."
        ),
        communicatie_inzet=(
            "Naar aanleiding van het informeren van de Raad vindt geen extra communicatie plaats. Wel voeren "
            "we het bestaande communicatieplan van wijkgericht werken uit. Daarin zullen we de komende "
            "maanden de wijkmakelaars en de buurtinitiatieven extra aandacht geven op de gemeentelijke "
            "communicatiekanalen."
        ),
    )


def publish_collegevoorstel_demo(cv: Collegevoorstel, *, by) -> Collegevoorstel:
    """Walk the seed's collegevoorstel through the workflow, as the griffie would: offered to the
    college, its decision recorded, published (a frozen version residents read)."""
    from raadsmemo.collegevoorstellen.publication import collegevoorstel_take_step
    from raadsmemo.collegevoorstellen.workflow import AANBIEDEN, PUBLICEREN, VASTSTELLEN
    from raadsmemo.concurrency import ANY_REVISION

    for step in (AANBIEDEN, VASTSTELLEN, PUBLICEREN):
        if cv.status in step.sources:
            cv = collegevoorstel_take_step(
                collegevoorstel=cv, step=step, by=by, based_on_revision=ANY_REVISION
            )
    return cv
