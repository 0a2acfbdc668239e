"""Reference data: the entity tree (ministries, directions, schools, operators and
interministerial directions) with their e-mail domains, which automatic attachment relies on
(including longest-suffix matching on subdomains such as ``dgfip.finances.gouv.fr``).

Production loads it with ``manage.py load_reference``; the named contact people of each
entity are demo data (``mentor.demo.organisations``).
"""

from django.db import transaction

from mentor.organisations.models import EntityKind
from mentor.organisations.services import entity_upsert

# Parents always come before their children.
ENTITIES: list[dict] = [
    # --- Ministries -------------------------------------------------------------------
    {
        "slug": "justice",
        "name": "Ministère de la Justice",
        "article": "le",
        "short_name": "MJ",
        "kind": EntityKind.MINISTRY,
        "description": (
            "Le ministère de la Justice prépare et met en œuvre la politique judiciaire, "
            "pénitentiaire et de protection judiciaire de la jeunesse."
        ),
        "contact_intro": (
            "L’équipe Mentor du secrétariat général accompagne les directions et les écoles "
            "du ministère dans la conception et la diffusion de leurs formations en ligne."
        ),
        "contact_email": "mentor@justice.gouv.fr",
        "domains": ["justice.gouv.fr"],
    },
    {
        "slug": "dap",
        "parent": "justice",
        "name": "Direction de l’administration pénitentiaire",
        "article": "la",
        "short_name": "DAP",
        "kind": EntityKind.DIRECTION,
        "description": (
            "La DAP est chargée de l’exécution des décisions pénales et de la réinsertion "
            "des personnes placées sous main de justice."
        ),
        "contact_intro": (
            "Le bureau de la formation de la DAP publie sur Mentor les formations métier "
            "des personnels pénitentiaires."
        ),
        "contact_email": "mentor@dap.justice.gouv.fr",
        "domains": ["dap.justice.gouv.fr"],
    },
    {
        "slug": "greffes",
        "parent": "justice",
        "name": "École nationale des greffes",
        "article": "l’",
        "short_name": "ENG",
        "kind": EntityKind.SCHOOL,
        "description": (
            "Installée à Dijon, l’École nationale des greffes assure la formation initiale "
            "et continue des greffiers et des directeurs des services de greffe judiciaires."
        ),
        "contact_intro": (
            "L’équipe pédagogique numérique de l’école conçoit les parcours hybrides "
            "proposés aux agents des greffes."
        ),
        "contact_email": "mentor@greffes.justice.gouv.fr",
        "domains": ["greffes.justice.gouv.fr"],
    },
    {
        "slug": "agriculture",
        "name": "Ministère de l’Agriculture et de la Souveraineté alimentaire",
        "article": "le",
        "short_name": "MASA",
        "kind": EntityKind.MINISTRY,
        "description": (
            "Le ministère conduit les politiques agricole, alimentaire, forestière et de "
            "l’enseignement agricole."
        ),
        "contact_intro": (
            "L’équipe Mentor du ministère anime l’offre interne de formation et conseille "
            "les concepteurs des directions et des services déconcentrés."
        ),
        "contact_email": "mentor@agriculture.gouv.fr",
        "domains": ["agriculture.gouv.fr"],
    },
    {
        "slug": "dgal",
        "parent": "agriculture",
        "name": "Direction générale de l’alimentation",
        "article": "la",
        "short_name": "DGAL",
        "kind": EntityKind.DIRECTION,
        "description": (
            "La DGAL veille à la sécurité sanitaire des aliments, à la santé des animaux "
            "et des végétaux et à la qualité de l’alimentation."
        ),
        "contact_intro": (
            "La mission formation de la DGAL prépare les formations des inspecteurs en "
            "sécurité sanitaire publiées sur Mentor."
        ),
    },
    {
        "slug": "economie",
        "name": "Ministère de l’Économie et des Finances",
        "article": "le",
        "short_name": "MEF",
        "kind": EntityKind.MINISTRY,
        "description": (
            "Le ministère prépare et met en œuvre la politique économique, financière et "
            "budgétaire de l’État."
        ),
        "contact_intro": (
            "L’équipe Mentor du secrétariat général coordonne l’offre de formation en ligne "
            "des directions de Bercy."
        ),
        "contact_email": "mentor@finances.gouv.fr",
        "domains": ["finances.gouv.fr", "economie.gouv.fr"],
    },
    {
        "slug": "dgfip",
        "parent": "economie",
        "name": "Direction générale des finances publiques",
        "article": "la",
        "short_name": "DGFiP",
        "kind": EntityKind.DIRECTION,
        "description": (
            "La DGFiP calcule et recouvre l’impôt, tient les comptes publics et gère le "
            "patrimoine immobilier de l’État."
        ),
        "contact_intro": (
            "L’École nationale des finances publiques et les services de formation de la "
            "DGFiP publient sur Mentor les formations des agents des finances publiques."
        ),
        "contact_email": "mentor@dgfip.finances.gouv.fr",
        "domains": ["dgfip.finances.gouv.fr"],
    },
    {
        "slug": "sre",
        "parent": "dgfip",
        "name": "Service des retraites de l’État",
        "article": "le",
        "short_name": "SRE",
        "kind": EntityKind.SERVICE,
        "description": (
            "Le SRE gère les pensions des fonctionnaires de l’État et des militaires, de "
            "la constitution des droits jusqu’au paiement."
        ),
        "contact_intro": (
            "Le SRE propose des formations en ligne aux gestionnaires des ressources "
            "humaines sur la retraite des fonctionnaires."
        ),
    },
    {
        "slug": "interieur",
        "name": "Ministère de l’Intérieur",
        "article": "le",
        "short_name": "MI",
        "kind": EntityKind.MINISTRY,
        "description": (
            "Le ministère de l’Intérieur assure la sécurité intérieure, l’administration "
            "territoriale de l’État et la gestion de l’immigration."
        ),
        "contact_intro": (
            "L’équipe Mentor de la direction des ressources humaines accompagne les "
            "préfectures et les directions centrales dans leurs projets de formation."
        ),
        "contact_email": "mentor@interieur.gouv.fr",
        "domains": ["interieur.gouv.fr"],
    },
    {
        "slug": "dgef",
        "parent": "interieur",
        "name": "Direction générale des étrangers en France",
        "article": "la",
        "short_name": "DGEF",
        "kind": EntityKind.DIRECTION,
        "description": (
            "La DGEF conduit la politique d’entrée, de séjour, d’asile et d’intégration des "
            "étrangers en France."
        ),
        "contact_intro": (
            "La DGEF forme sur Mentor les agents des préfectures chargés de l’accueil et "
            "de l’instruction des demandes des étrangers."
        ),
    },
    {
        "slug": "ecologie",
        "name": "Ministère de la Transition écologique",
        "article": "le",
        "short_name": "MTE",
        "kind": EntityKind.MINISTRY,
        "description": (
            "Le ministère prépare et met en œuvre la politique du Gouvernement en matière "
            "d’environnement, de climat, d’énergie, de transports et de logement."
        ),
        "contact_intro": (
            "L’équipe Mentor du ministère anime le parcours de formation à la transition "
            "écologique et l’offre interne des directions."
        ),
        "contact_email": "mentor@developpement-durable.gouv.fr",
        "domains": ["developpement-durable.gouv.fr", "ecologie.gouv.fr"],
    },
    {
        "slug": "cgdd",
        "parent": "ecologie",
        "name": "Commissariat général au développement durable",
        "article": "le",
        "short_name": "CGDD",
        "kind": EntityKind.DIRECTION,
        "description": (
            "Le CGDD éclaire les politiques publiques par la connaissance, l’évaluation et "
            "l’innovation au service de la transition écologique."
        ),
        "contact_intro": (
            "Le CGDD, direction cheffe de file de la collection « Transition écologique et "
            "développement durable », pilote les modules communs du parcours obligatoire."
        ),
        "contact_email": "mentor@cgdd.developpement-durable.gouv.fr",
        "domains": ["cgdd.developpement-durable.gouv.fr"],
    },
    {
        "slug": "meteo-france",
        "parent": "ecologie",
        "name": "Météo-France",
        "article": "",
        "short_name": "Météo-France",
        "kind": EntityKind.OPERATOR,
        "description": (
            "Météo-France est le service météorologique et climatologique national, "
            "établissement public placé sous la tutelle du ministère de la Transition "
            "écologique."
        ),
        "contact_intro": (
            "Le service formation de Météo-France propose ses formations métier à ses "
            "agents sur Mentor."
        ),
        "contact_email": "mentor@meteo.fr",
        "domains": ["meteo.fr"],
    },
    {
        "slug": "armees",
        "name": "Ministère des Armées",
        "article": "le",
        "short_name": "MINARM",
        "kind": EntityKind.MINISTRY,
        "description": (
            "Le ministère des Armées prépare et met en œuvre la politique de défense ; il "
            "emploie des militaires et des personnels civils."
        ),
        "contact_intro": (
            "L’équipe Mentor du secrétariat général pour l’administration accompagne la "
            "formation en ligne des personnels civils du ministère."
        ),
        "contact_email": "mentor@intradef.gouv.fr",
        "domains": ["intradef.gouv.fr", "def.gouv.fr"],
    },
    {
        "slug": "education",
        "name": "Ministère de l’Éducation nationale",
        "article": "le",
        "short_name": "MEN",
        "kind": EntityKind.MINISTRY,
        "description": (
            "Le ministère de l’Éducation nationale organise l’enseignement scolaire et "
            "gère ses personnels administratifs et enseignants."
        ),
        "contact_intro": (
            "L’équipe Mentor de l’administration centrale forme les personnels "
            "administratifs des services centraux et académiques."
        ),
        "contact_email": "mentor@education.gouv.fr",
        "domains": ["education.gouv.fr"],
    },
    {
        "slug": "social",
        "name": "Ministère du Travail, de la Santé et des Solidarités",
        "article": "le",
        "short_name": "MTSS",
        "kind": EntityKind.MINISTRY,
        "description": (
            "Le ministère conduit les politiques du travail, de l’emploi, de la santé et "
            "des solidarités."
        ),
        "contact_intro": (
            "L’équipe Mentor des ministères sociaux accompagne les directions centrales et "
            "les services déconcentrés dans leurs projets de formation en ligne."
        ),
        "contact_email": "mentor@social.gouv.fr",
        "domains": ["sante.gouv.fr", "travail.gouv.fr", "social.gouv.fr"],
    },
    {
        "slug": "culture",
        "name": "Ministère de la Culture",
        "article": "le",
        "short_name": "MC",
        "kind": EntityKind.MINISTRY,
        "description": (
            "Le ministère de la Culture soutient la création, protège le patrimoine et "
            "favorise l’accès de tous à la culture."
        ),
        "contact_intro": (
            "L’équipe Mentor du ministère publie les formations des agents de "
            "l’administration centrale, des DRAC et des services à compétence nationale."
        ),
        "contact_email": "mentor@culture.gouv.fr",
        "domains": ["culture.gouv.fr"],
    },
    {
        "slug": "diplomatie",
        "name": "Ministère de l’Europe et des Affaires étrangères",
        "article": "le",
        "short_name": "MEAE",
        "kind": EntityKind.MINISTRY,
        "description": (
            "Le ministère conduit la politique étrangère de la France et anime le réseau "
            "diplomatique et consulaire."
        ),
        "contact_intro": (
            "L’équipe Mentor de l’Institut diplomatique et consulaire forme à distance les "
            "agents en administration centrale et dans le réseau à l’étranger."
        ),
        "contact_email": "mentor@diplomatie.gouv.fr",
        "domains": ["diplomatie.gouv.fr"],
    },
    {
        "slug": "premier-ministre",
        "name": "Services du Premier ministre",
        "article": "les",
        "short_name": "SPM",
        "kind": EntityKind.MINISTRY,
        "description": (
            "Les services du Premier ministre regroupent le secrétariat général du "
            "Gouvernement et les services chargés de fonctions de coordination "
            "interministérielle."
        ),
        "contact_intro": (
            "L’équipe Mentor des services du Premier ministre accompagne la formation "
            "des agents de ses services."
        ),
        "contact_email": "mentor@pm.gouv.fr",
        "domains": ["pm.gouv.fr"],
    },
    # --- Interministerial directions -------------------------------------------------
    {
        "slug": "dgafp",
        "name": "Direction générale de l’administration et de la fonction publique",
        "article": "la",
        "short_name": "DGAFP",
        "kind": EntityKind.INTERMINISTERIAL,
        "description": (
            "La DGAFP conçoit la politique de ressources humaines de l’État et pilote la "
            "formation interministérielle. Elle édite la plateforme Mentor."
        ),
        "contact_intro": (
            "L’équipe Mentor de la DGAFP administre la plateforme, anime le comité "
            "éditorial et accompagne les référents des ministères."
        ),
        "contact_email": "mentor@fonction-publique.gouv.fr",
        "domains": ["fonction-publique.gouv.fr"],
    },
    {
        "slug": "dinum",
        "name": "Direction interministérielle du numérique",
        "article": "la",
        "short_name": "DINUM",
        "kind": EntityKind.INTERMINISTERIAL,
        "description": (
            "La DINUM oriente et coordonne la transformation numérique de l’État et "
            "développe des services numériques communs aux administrations."
        ),
        "contact_intro": (
            "La DINUM, cheffe de file de la collection « Numérique et systèmes "
            "d’information et de communication », y publie ses formations."
        ),
        "contact_email": "mentor@numerique.gouv.fr",
        "domains": ["numerique.gouv.fr", "modernisation.gouv.fr"],
    },
    {
        "slug": "db",
        "name": "Direction du budget",
        "article": "la",
        "short_name": "DB",
        "kind": EntityKind.INTERMINISTERIAL,
        "description": (
            "La direction du budget prépare le budget de l’État et veille à son exécution "
            "et à la soutenabilité des finances publiques."
        ),
        "contact_intro": (
            "La direction du budget anime la collection « Finances publiques, gestion "
            "budgétaire et financière »."
        ),
        "contact_email": "mentor@budget.gouv.fr",
        "domains": ["budget.gouv.fr"],
    },
    {
        "slug": "dae",
        "name": "Direction des achats de l’État",
        "article": "la",
        "short_name": "DAE",
        "kind": EntityKind.INTERMINISTERIAL,
        "description": (
            "La DAE définit la politique des achats de l’État et professionnalise la "
            "fonction achat des administrations."
        ),
        "contact_intro": (
            "La DAE, cheffe de file de la collection « Achat public », accompagne les "
            "acheteurs publics dans leur montée en compétences."
        ),
        "contact_email": "mentor@achats.gouv.fr",
        "domains": ["achats.gouv.fr"],
    },
    {
        "slug": "ditp",
        "name": "Direction interministérielle de la transformation publique",
        "article": "la",
        "short_name": "DITP",
        "kind": EntityKind.INTERMINISTERIAL,
        "description": (
            "La DITP accompagne les administrations dans la transformation de l’action "
            "publique, au service des usagers et des agents."
        ),
        "contact_intro": (
            "La DITP anime la collection « Transformation de l’action publique » et ses "
            "communautés de pratique."
        ),
        "contact_email": "mentor@transformation.gouv.fr",
        "domains": ["transformation.gouv.fr"],
    },
    {
        "slug": "die",
        "name": "Direction de l’immobilier de l’État",
        "article": "la",
        "short_name": "DIE",
        "kind": EntityKind.INTERMINISTERIAL,
        "description": (
            "La DIE conduit la politique immobilière de l’État et accompagne les "
            "gestionnaires du parc immobilier public."
        ),
        "contact_intro": (
            "La DIE, cheffe de file de la collection « Immobilier de l’État », forme les "
            "responsables immobiliers des ministères."
        ),
        "contact_email": "mentor@immobilier-etat.gouv.fr",
        "domains": ["immobilier-etat.gouv.fr"],
    },
    # --- Public-service schools ------------------------------------------------------
    {
        "slug": "ira-lyon",
        "name": "Institut régional d’administration de Lyon",
        "article": "l’",
        "short_name": "IRA de Lyon",
        "kind": EntityKind.SCHOOL,
        "description": (
            "L’IRA de Lyon forme les attachés d’administration de l’État et propose des "
            "formations continues aux cadres des trois versants de la fonction publique."
        ),
        "contact_intro": (
            "L’équipe pédagogique de l’IRA de Lyon publie sur Mentor ses formations "
            "hybrides et ses classes virtuelles."
        ),
        "contact_email": "mentor@ira-lyon.gouv.fr",
        "domains": ["ira-lyon.gouv.fr"],
    },
    {
        "slug": "ira-nantes",
        "name": "Institut régional d’administration de Nantes",
        "article": "l’",
        "short_name": "IRA de Nantes",
        "kind": EntityKind.SCHOOL,
        "description": (
            "L’IRA de Nantes assure la formation initiale des attachés d’administration "
            "de l’État et la formation continue des cadres publics."
        ),
        "contact_intro": (
            "Le service de la formation continue de l’IRA de Nantes répond à vos questions "
            "sur ses sessions proposées dans Mentor."
        ),
        "contact_email": "mentor@ira-nantes.gouv.fr",
        "domains": ["ira-nantes.gouv.fr"],
    },
    {
        "slug": "insp",
        "name": "Institut national du service public",
        "article": "l’",
        "short_name": "INSP",
        "kind": EntityKind.SCHOOL,
        "description": (
            "L’INSP forme les hauts fonctionnaires de l’État et contribue à la formation "
            "continue des cadres supérieurs et dirigeants publics."
        ),
        "contact_intro": (
            "La direction de la formation continue de l’INSP publie sur Mentor ses "
            "modules destinés aux cadres supérieurs."
        ),
        "contact_email": "mentor@insp.gouv.fr",
        "domains": ["insp.gouv.fr"],
    },
]


@transaction.atomic
def load_reference_organisations() -> int:
    """Create or update the entity tree and its e-mail domains; return the number of entities.

    Idempotent: entities are matched by slug and domains by name, so a second run creates
    nothing.
    """
    entities = {}
    for spec in ENTITIES:
        spec = dict(spec)
        parent_slug = spec.pop("parent", None)
        entity = entity_upsert(parent=entities[parent_slug] if parent_slug else None, **spec)
        entities[entity.slug] = entity
    return len(entities)
