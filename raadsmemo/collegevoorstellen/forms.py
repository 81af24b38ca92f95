from django import forms

from raadsmemo.collegevoorstellen.models import BEHANDELING_ROWS, GEHEIM_ROWS, Collegevoorstel
from raadsmemo.concurrency import RevisionFormMixin
from raadsmemo.confidentiality import readers_choices
from raadsmemo.forms import (
    DATE_ERROR,
    DATE_INPUT_FORMATS,
    REQUIRED_ERROR,
    DateInput,
    StyledFormMixin,
    limit_text,
)

# About ten lines: past this the samenvatting gets a warning, not an error.
SAMENVATTING_ADVICE = 1000
LONG_TEXT = 20_000
SHORT_TEXT = 5_000

TEXT_FIELDS = [
    "geraadpleegde_vakgebieden",
    "conclusie_raadpleging",
    "bijlage_overige",
    "voorstel",
    "samenvatting",
    "juridisch_kader",
    "aanleiding",
    "data_monitoring",
    "belanghebbenden",
    "wat_doen",
    "afweging",
    "kosten",
    "risicos",
    "kernboodschap",
    "communicatie_inzet",
]
DATE_FIELDS = (
    ["datum"]
    + [f"behandeling_{n}_datum" for n in BEHANDELING_ROWS]
    + [f"geheim_{n}_tot" for n in GEHEIM_ROWS]
)


class CollegevoorstelForm(RevisionFormMixin, StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Collegevoorstel
        fields = [
            "zaak",
            "zaaknummer",
            "datum",
            "auteur",
            "bereikbaar",
            "confidentiality",
            "team",
            "handtekening",
            "onderwerp",
            "geraadpleegde_vakgebieden",
            "conclusie_raadpleging",
            "communicatie",
            "communicatie_middel",
            "bijlage_brief_college",
            "bijlage_brief_raad",
            "bijlage_brief_art41",
            "bijlage_nota_raad",
            "bijlage_overige",
            *[f"behandeling_{n}_{k}" for n in BEHANDELING_ROWS for k in ("orgaan", "datum", "aard")],
            "portefeuillehouder",
            *[f"geheim_{n}_{k}" for n in GEHEIM_ROWS for k in ("titel", "grondslag", "tot", "bekrachtigen")],
            "bis_nummer",
            "voorstel",
            "samenvatting",
            "juridisch_kader",
            "aanleiding",
            "data_monitoring",
            "belanghebbenden",
            "wat_doen",
            "afweging",
            "kosten",
            "risicos",
            "kernboodschap",
            "communicatie_inzet",
            "secret_readers",
        ]
        labels = {"secret_readers": "Wie mag dit geheime voorstel naast de griffie lezen?"}
        help_texts = {
            "secret_readers": "Alleen bij geheim. Wie hier staat, leest het voorstel zoals het nu is."
        }
        widgets = {
            "confidentiality": forms.RadioSelect,
            "secret_readers": forms.CheckboxSelectMultiple,
            **{name: forms.Textarea(attrs={"rows": 4}) for name in TEXT_FIELDS},
        }
        error_messages = {
            "zaak": {"required": "Vul de zaak in."},
            "auteur": {"required": "Vul de auteur in."},
            "onderwerp": {"required": "Vul het onderwerp in."},
            "voorstel": {"required": "Vul het voorstel in: één beslispunt per regel."},
            "confidentiality": {
                "required": "Kies openbaar of geheim.",
                "invalid_choice": "Kies openbaar of geheim.",
            },
            "secret_readers": {
                "invalid_choice": "Deze persoon bestaat niet (meer). Kies een ander.",
                "invalid_pk_value": "Deze persoon bestaat niet (meer). Kies een ander.",
            },
            "portefeuillehouder": {"invalid_choice": "Kies een portefeuillehouder uit de lijst."},
            **{
                f"geheim_{n}_grondslag": {"invalid_choice": "Kies een grondslag uit de lijst."}
                for n in GEHEIM_ROWS
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in DATE_FIELDS:
            field = self.fields[name]
            field.widget = DateInput(attrs={"class": "utrecht-textbox utrecht-textbox--html-input"})
            field.input_formats = DATE_INPUT_FORMATS
            field.error_messages.update({"invalid": DATE_ERROR, "required": REQUIRED_ERROR})
        self.fields["datum"].error_messages["required"] = "Vul de datum in, zoals 30-03-2021."
        self.fields["portefeuillehouder"].empty_label = "Geen"
        self.fields["secret_readers"].queryset = readers_choices()
        for name in ("zaak", "zaaknummer", "auteur", "bereikbaar", "team", "handtekening", "onderwerp"):
            field = self.fields[name]
            field.error_messages["max_length"] = (
                f"Deze tekst is te lang: er mogen hoogstens {field.max_length} tekens in."
            )
        limit_text(
            self, {name: (LONG_TEXT if name != "samenvatting" else SHORT_TEXT) for name in TEXT_FIELDS}
        )

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str) and "\x00" in value:
                self.add_error(name, "Deze tekst bevat een teken dat niet kan worden opgeslagen.")
        # Only a geheim one has named readers: an openbaar one is read by its roles.
        if cleaned.get("confidentiality") != "geheim" and "secret_readers" in cleaned:
            cleaned["secret_readers"] = []
        return cleaned

    def fieldsets(self) -> list[tuple[str, list]]:
        """The form in the parts of the paper form, each a fieldset with its legend."""
        return [(legend, [self[name] for name in names]) for legend, names in FIELDSETS]

    @property
    def warnings(self) -> list[str]:
        """Advice that does not stop a save: a samenvatting of about ten lines."""
        text = self.data.get(self.add_prefix("samenvatting"), "") if self.is_bound else ""
        if len(text) > SAMENVATTING_ADVICE:
            return [
                f"De samenvatting is {len(text)} tekens lang; houd haar bij circa 10 regels "
                f"(ongeveer {SAMENVATTING_ADVICE} tekens)."
            ]
        return []


# The parts of the form, in the order of seed 001.
FIELDSETS = [
    (
        "Kop",
        [
            "zaak", "zaaknummer", "datum", "auteur", "bereikbaar", "confidentiality", "team",
            "handtekening", "onderwerp", "geraadpleegde_vakgebieden", "conclusie_raadpleging",
            "communicatie", "communicatie_middel",
        ],
    ),
    (
        "Bijlagen",
        ["bijlage_brief_college", "bijlage_brief_raad", "bijlage_brief_art41", "bijlage_nota_raad", "bijlage_overige"],
    ),
    *[
        (f"Behandeling in / door, regel {n}", [f"behandeling_{n}_{k}" for k in ("orgaan", "datum", "aard")])
        for n in BEHANDELING_ROWS
    ],
    ("Portefeuillehouder", ["portefeuillehouder"]),
    *[
        (f"Geheimhouding, regel {n}", [f"geheim_{n}_{k}" for k in ("titel", "grondslag", "tot", "bekrachtigen")])
        for n in GEHEIM_ROWS
    ],
    ("Wie leest een geheim voorstel", ["secret_readers"]),
    (
        "Het voorstel",
        [
            "bis_nummer", "voorstel", "samenvatting", "juridisch_kader", "aanleiding", "data_monitoring",
            "belanghebbenden", "wat_doen", "afweging", "kosten", "risicos",
        ],
    ),
    ("Communicatie", ["kernboodschap", "communicatie_inzet"]),
]  # fmt: skip
