"""Reference data: the collections of the interministerial offer (the 14 collections plus
the three sub-collections of "Ressources humaines"), each with its lead direction and its
strategic orientations. Lead slugs refer to ``mentor.demo.reference.organisations``.

Pure data plus its idempotent loader; production runs it through ``load_reference``.
"""

from django.db import transaction

from mentor.catalog.models import Collection
from mentor.organisations.models import Entity

# In display order; sub-collections follow their parent.
COLLECTIONS: list[dict] = [
    {
        "slug": "achat-public",
        "name": "Achat public",
        "lead": "dae",
        "description": "Professionnaliser les acheteurs de l'État pour des achats plus performants, plus responsables et juridiquement sûrs.",
        "orientations": [
            "Maîtriser le cadre juridique et les procédures de la commande publique",
            "Développer les achats responsables (clauses environnementales et sociales)",
            "Renforcer la performance économique et la relation avec les fournisseurs",
        ],
        "parent": None,
    },
    {
        "slug": "communication-services-usagers",
        "name": "Communication et services aux usagers",
        "lead": "ditp",
        "description": "Améliorer la qualité de l'accueil, de la relation et de l'information apportées aux usagers du service public.",
        "orientations": [
            "Appliquer les engagements Services Publics + dans la relation aux usagers",
            "Écrire et communiquer de façon claire, accessible et inclusive",
            "Prévenir et gérer les situations difficiles à l'accueil",
        ],
        "parent": None,
    },
    {
        "slug": "finances-publiques",
        "name": "Finances publiques, gestion budgétaire et financière",
        "lead": "db",
        "description": "Donner aux agents les clés du cadre budgétaire et comptable de l'État et de la maîtrise des dépenses publiques.",
        "orientations": [
            "Comprendre la LOLF, la GBCP et la démarche de performance",
            "Fiabiliser la chaîne de la dépense et le contrôle interne financier",
            "Professionnaliser les métiers de la fonction financière",
        ],
        "parent": None,
    },
    {
        "slug": "organisation-missions-etat-europe",
        "name": "Organisation et missions des ministères, de l'État et de l'Europe",
        "lead": "premier-ministre",
        "description": "Connaître l'organisation de l'État, de ses ministères et des institutions européennes pour mieux situer son action.",
        "orientations": [
            "Comprendre l'organisation administrative centrale et territoriale de l'État",
            "Connaître le fonctionnement de l'Union européenne et l'influence française",
            "Accompagner la prise de poste et l'intégration des nouveaux agents",
        ],
        "parent": None,
    },
    {
        "slug": "langues",
        "name": "Langues",
        "lead": "dgafp",
        "description": "Développer les compétences linguistiques utiles au travail quotidien, aux échanges européens et à l'accueil du public.",
        "orientations": [
            "Progresser selon les niveaux du cadre européen commun de référence (CECRL)",
            "Préparer les agents aux échanges européens et internationaux",
        ],
        "parent": None,
    },
    {
        "slug": "management",
        "name": "Management",
        "lead": "dgafp",
        "description": "Accompagner les encadrants à chaque étape de leur parcours, de la prise de poste au pilotage des transformations.",
        "orientations": [
            "Réussir la prise de poste et construire un collectif de travail",
            "Manager dans des organisations hybrides et en transformation",
            "Développer un management attentif à la qualité de vie au travail",
        ],
        "parent": None,
    },
    {
        "slug": "numerique-sic",
        "name": "Numérique et systèmes d'information et de communication",
        "lead": "dinum",
        "description": "Acculturer tous les agents au numérique et professionnaliser les métiers des systèmes d'information de l'État.",
        "orientations": [
            "Développer la culture numérique et la sécurité de tous les agents",
            "Concevoir des services numériques accessibles, sobres et de qualité",
            "Valoriser la donnée et accompagner l'usage de l'intelligence artificielle",
        ],
        "parent": None,
    },
    {
        "slug": "preparation-concours",
        "name": "Préparation aux épreuves de concours et des examens professionnels",
        "lead": "dgafp",
        "description": "Préparer les agents aux épreuves écrites et orales des concours et examens professionnels de la fonction publique de l'État.",
        "orientations": [
            "Favoriser la promotion interne et l'égalité des chances",
            "Maîtriser la méthodologie des épreuves écrites et orales",
            "Valoriser l'expérience professionnelle (RAEP)",
        ],
        "parent": None,
    },
    {
        "slug": "ressources-humaines",
        "name": "Ressources humaines",
        "lead": "dgafp",
        "description": "Outiller les agents et les professionnels RH sur le cadre statutaire et la gestion des ressources humaines de l'État.",
        "orientations": [
            "Partager le cadre statutaire et les droits et obligations des agents",
            "Moderniser la gestion RH et accompagner la mise en œuvre de RenoiRH",
            "Promouvoir l'égalité professionnelle et la diversité",
        ],
        "parent": None,
    },
    {
        "slug": "metiers-rh",
        "name": "Métiers des ressources humaines",
        "lead": "dgafp",
        "description": "Professionnaliser les gestionnaires et conseillers RH dans la gestion des carrières, de la paie et des compétences.",
        "orientations": [
            "Sécuriser la gestion administrative et la paie",
            "Développer la gestion prévisionnelle des emplois et des compétences",
            "Professionnaliser le recrutement et l'accompagnement des parcours",
        ],
        "parent": "ressources-humaines",
    },
    {
        "slug": "developpement-professionnel",
        "name": "Accompagnement du développement professionnel",
        "lead": "dgafp",
        "description": "Aider chaque agent à construire son parcours professionnel, à se former et à préparer ses mobilités.",
        "orientations": [
            "Faire connaître les dispositifs de formation tout au long de la vie",
            "Accompagner les mobilités et les transitions professionnelles",
            "Professionnaliser les formateurs internes et les concepteurs",
        ],
        "parent": "ressources-humaines",
    },
    {
        "slug": "hygiene-sante-securite-travail",
        "name": "Hygiène, santé et sécurité au travail",
        "lead": "dgafp",
        "description": "Prévenir les risques professionnels et améliorer la santé et la qualité de vie au travail des agents.",
        "orientations": [
            "Prévenir les risques psychosociaux et les violences au travail",
            "Professionnaliser les acteurs de la prévention",
            "Améliorer la qualité de vie et des conditions de travail",
        ],
        "parent": "ressources-humaines",
    },
    {
        "slug": "techniques-affaires-juridiques",
        "name": "Techniques et affaires juridiques",
        "lead": "premier-ministre",
        "description": "Renforcer la qualité et la sécurité juridique de l'action administrative, de la rédaction des actes au contentieux.",
        "orientations": [
            "Rédiger des actes et des textes juridiquement sûrs et intelligibles",
            "Maîtriser la protection des données personnelles",
            "Prévenir et gérer le contentieux administratif",
        ],
        "parent": None,
    },
    {
        "slug": "transformation-action-publique",
        "name": "Transformation de l'action publique",
        "lead": "ditp",
        "description": "Diffuser les méthodes qui rendent l'action publique plus simple, plus efficace et plus proche des usagers.",
        "orientations": [
            "Mettre l'usager au centre par le design et la simplification",
            "Piloter les projets de transformation et évaluer les politiques publiques",
            "Associer les citoyens et les agents à la transformation",
        ],
        "parent": None,
    },
    {
        "slug": "transition-ecologique",
        "name": "Transition écologique et développement durable",
        "lead": "cgdd",
        "description": "Former tous les agents publics aux enjeux de la transition écologique et à leur traduction dans les métiers.",
        "orientations": [
            "Sensibiliser tous les agents aux enjeux climatiques et de biodiversité",
            "Intégrer la transition écologique dans chaque politique publique et chaque métier",
            "Engager les services dans la sobriété et la réduction de leur empreinte",
        ],
        "parent": None,
    },
    {
        "slug": "valeurs-republique",
        "name": "Valeurs de la République",
        "lead": "dgafp",
        "description": "Faire vivre les principes républicains, la laïcité et la déontologie dans l'exercice quotidien du service public.",
        "orientations": [
            "Former tous les agents à la laïcité et aux principes républicains",
            "Prévenir les discriminations, le racisme et les violences sexistes et sexuelles",
            "Renforcer la déontologie et l'exemplarité des agents publics",
        ],
        "parent": None,
    },
    {
        "slug": "immobilier-etat",
        "name": "Immobilier de l'État",
        "lead": "die",
        "description": "Professionnaliser la gestion du parc immobilier de l'État, au service de son efficience et de sa transition énergétique.",
        "orientations": [
            "Piloter une stratégie immobilière performante et sobre",
            "Réussir la rénovation énergétique du parc public",
            "Adapter les espaces de travail aux nouveaux usages",
        ],
        "parent": None,
    },
]


@transaction.atomic
def load_reference_collections() -> int:
    """Create or update the collections; return how many there are.

    Idempotent: matched by slug. Fields an editor may have changed since are refreshed to
    the reference text, as a new release of the reference data would.
    """
    entities = {e.slug: e for e in Entity.objects.all()}
    collections: dict[str, Collection] = {}
    for position, data in enumerate(COLLECTIONS):
        collection, _created = Collection.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "name": data["name"],
                "description": data["description"],
                "orientations": "\n".join(data["orientations"]),
                "lead_entity": entities.get(data.get("lead") or ""),
                "parent": collections.get(data.get("parent") or ""),
                "position": position,
            },
        )
        collections[collection.slug] = collection
    return len(collections)
