"""German-aware slugs: Neukölln → neukoelln, as Berlin's own URLs spell them."""

from django.utils.text import slugify

_UMLAUTS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


def german_slugify(text: str) -> str:
    return slugify(text.translate(_UMLAUTS))
