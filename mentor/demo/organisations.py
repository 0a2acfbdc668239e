"""Demo contacts of the entities' space pages: fictional people and addresses; phone
numbers use the ``01 99 00`` range, which ARCEP reserves for fiction."""

from django.db import transaction

from mentor.organisations.models import Entity, EntityContact

# entity slug -> [(name, role, e-mail, phone)]
CONTACTS: dict[str, list[tuple[str, str, str, str]]] = {
    "justice": [
        ("Claire Fontaine", "Référente Mentor", "claire.fontaine@justice.gouv.fr", ""),
        (
            "Hugo Besnard",
            "Chargé de l’offre de formation en ligne",
            "hugo.besnard@justice.gouv.fr",
            "01 99 00 12 01",
        ),
    ],
    "agriculture": [
        ("Sophie Garnier", "Référente Mentor", "sophie.garnier@agriculture.gouv.fr", ""),
    ],
    "economie": [
        ("Julien Marchal", "Référent Mentor", "julien.marchal@finances.gouv.fr", ""),
        (
            "Nadia Belkacem",
            "Responsable de l’ingénierie de formation",
            "nadia.belkacem@finances.gouv.fr",
            "01 99 00 12 02",
        ),
    ],
    "interieur": [
        ("Thomas Leroux", "Référent Mentor", "thomas.leroux@interieur.gouv.fr", ""),
    ],
    "ecologie": [
        (
            "Léa Rousseau",
            "Référente Mentor",
            "lea.rousseau@developpement-durable.gouv.fr",
            "",
        ),
        (
            "Marc Delaunay",
            "Chef de projet formation à la transition écologique",
            "marc.delaunay@developpement-durable.gouv.fr",
            "01 99 00 12 03",
        ),
    ],
    "cgdd": [
        (
            "Inès Moreau",
            "Référente Mentor",
            "ines.moreau@cgdd.developpement-durable.gouv.fr",
            "",
        ),
    ],
    "armees": [
        ("Antoine Girard", "Référent Mentor", "antoine.girard@intradef.gouv.fr", ""),
    ],
    "education": [
        ("Élodie Caron", "Référente Mentor", "elodie.caron@education.gouv.fr", ""),
    ],
    "social": [
        ("Karim Haddad", "Référent Mentor", "karim.haddad@social.gouv.fr", ""),
        (
            "Aurélie Perrin",
            "Conceptrice pédagogique",
            "aurelie.perrin@sante.gouv.fr",
            "",
        ),
    ],
    "culture": [
        ("Pauline Mercier", "Référente Mentor", "pauline.mercier@culture.gouv.fr", ""),
    ],
    "diplomatie": [
        ("Mathieu Lambert", "Référent Mentor", "mathieu.lambert@diplomatie.gouv.fr", ""),
    ],
    "premier-ministre": [
        ("Céline Aubert", "Référente Mentor", "celine.aubert@pm.gouv.fr", ""),
    ],
    "dgafp": [
        (
            "Isabelle Renaud",
            "Cheffe de projet Mentor",
            "isabelle.renaud@fonction-publique.gouv.fr",
            "01 99 00 12 04",
        ),
        (
            "Olivier Chevalier",
            "Responsable de l’offre interministérielle",
            "olivier.chevalier@fonction-publique.gouv.fr",
            "",
        ),
    ],
    "dinum": [
        ("Romain Faure", "Référent Mentor", "romain.faure@numerique.gouv.fr", ""),
    ],
    "db": [
        ("Émilie Vasseur", "Référente Mentor", "emilie.vasseur@budget.gouv.fr", ""),
    ],
    "dae": [
        ("Nicolas Brunet", "Référent Mentor", "nicolas.brunet@achats.gouv.fr", ""),
    ],
    "ditp": [
        ("Sarah Lemoine", "Référente Mentor", "sarah.lemoine@transformation.gouv.fr", ""),
    ],
    "die": [
        ("François Picard", "Référent Mentor", "francois.picard@immobilier-etat.gouv.fr", ""),
    ],
}


@transaction.atomic
def load_demo_contacts() -> int:
    """Create or update the demo contacts, matched by (entity, e-mail); return their number."""
    entities = Entity.objects.in_bulk(list(CONTACTS), field_name="slug")
    count = 0
    for slug, contacts in CONTACTS.items():
        for position, (name, role, email, phone) in enumerate(contacts):
            EntityContact.objects.update_or_create(
                entity=entities[slug],
                email=email,
                defaults={"name": name, "role": role, "phone": phone, "position": position},
            )
            count += 1
    return count
