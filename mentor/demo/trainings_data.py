"""Demo training offer: a realistic set of trainings with sessions, spread over the
reference collections (``mentor.demo.reference.collections``).

Pure data, no Django imports: ``mentor.demo.catalog`` loads it. Entity slugs ("producer",
"internal_to") refer to ``mentor.demo.reference.organisations``. Session dates are relative
to the day the demo is loaded (``offset_days`` from today), so the catalogue always shows
finished, running, open and upcoming sessions.
"""


def _session(
    title: str,
    offset_days: int,
    length_days: int,
    capacity: int | None = None,
    tutored: bool = False,
    enrol_window_days: int | None = None,
) -> dict:
    """One session as the loader expects it (keeps the training list readable)."""
    return {
        "title": title,
        "offset_days": offset_days,
        "length_days": length_days,
        "capacity": capacity,
        "tutored": tutored,
        "enrol_window_days": enrol_window_days,
    }


TRAININGS: list[dict] = [
    # --- Achat public -------------------------------------------------------------------
    {
        "slug": "fondamentaux-commande-publique",
        "title": "Les fondamentaux de la commande publique",
        "summary": "Cette formation présente les grands principes du code de la commande publique et les étapes clés d'un achat, de la définition du besoin à l'exécution du marché. Elle s'appuie sur des cas concrets issus des services de l'État.",
        "objectives": (
            "- Connaître les principes fondamentaux de la commande publique\n"
            "- Identifier les procédures applicables selon les seuils\n"
            "- Définir un besoin et choisir la procédure adaptée\n"
            "- Sécuriser les étapes de passation d'un marché"
        ),
        "content": (
            "- Module 1 : les principes et le cadre juridique de la commande publique\n"
            "- Module 2 : la définition du besoin et le sourçage\n"
            "- Module 3 : les procédures et les seuils\n"
            "- Module 4 : l'analyse des offres et l'attribution\n"
            "- Module 5 : l'exécution du marché"
        ),
        "prerequisites": "Aucun",
        "audience": "Tout agent amené à participer à un achat public, quel que soit son service.",
        "jobs": "Acheteur public, Gestionnaire de marchés publics, Assistant administratif, Chef de service",
        "duration_hours": 12.0,
        "modality": "tutored",
        "certifying": False,
        "licence": "cc-by-nc-sa",
        "producer": "dae",
        "collections": ["achat-public"],
        "keywords": "commande publique, marchés publics, procédures, seuils, code de la commande publique",
        "internal_to": None,
        "featured": True,
        "sessions": [
            _session("Session 1", -150, 42, 300, True),
            _session("Session 2", -12, 42, 300, True),
            _session("Session 3", 40, 42, 300, True, 30),
        ],
    },
    {
        "slug": "rediger-cahier-des-charges",
        "title": "Rédiger un cahier des clauses techniques particulières",
        "summary": "Une classe virtuelle pratique pour apprendre à traduire un besoin en exigences claires et vérifiables. Les participants travaillent sur leur propre projet d'achat.",
        "objectives": (
            "- Structurer un CCTP à partir de l'expression du besoin\n"
            "- Rédiger des exigences mesurables et non discriminatoires\n"
            "- Articuler le CCTP avec les critères de jugement des offres"
        ),
        "content": (
            "- Module 1 : du besoin à la spécification technique\n"
            "- Module 2 : exigences de performance et de moyens\n"
            "- Module 3 : atelier de rédaction sur un cas réel"
        ),
        "prerequisites": "Avoir suivi « Les fondamentaux de la commande publique » ou disposer d'une expérience équivalente.",
        "audience": "Prescripteurs et acheteurs chargés de rédiger des pièces de marché.",
        "jobs": "Acheteur public, Prescripteur, Chef de projet",
        "duration_hours": 6.0,
        "modality": "virtual_class",
        "certifying": False,
        "licence": "cc-by-nc-sa",
        "producer": "dae",
        "collections": ["achat-public"],
        "keywords": "CCTP, cahier des charges, besoin, spécifications",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Groupe A", -60, 7, 24),
            _session("Groupe B", 9, 7, 24, False, 30),
            _session("Groupe C", 65, 7, 24, False, 30),
        ],
    },
    {
        "slug": "achats-publics-responsables",
        "title": "Achats publics responsables : intégrer les clauses environnementales et sociales",
        "summary": "Depuis la loi Climat et résilience, chaque marché doit comporter une considération environnementale. Cette formation hybride donne les outils pour intégrer des clauses environnementales et sociales efficaces et contrôlables.",
        "objectives": (
            "- Connaître les obligations issues de la loi Climat et résilience\n"
            "- Choisir des clauses et des critères environnementaux pertinents\n"
            "- Mobiliser les clauses sociales d'insertion\n"
            "- Suivre l'exécution des engagements des titulaires"
        ),
        "content": (
            "- Module 1 : le cadre de l'achat responsable (PNAD, loi Climat et résilience)\n"
            "- Module 2 : analyser le cycle de vie d'un produit ou d'un service\n"
            "- Module 3 : rédiger clauses et critères\n"
            "- Module 4 : journée en présentiel, atelier de cas pratiques"
        ),
        "prerequisites": "Connaître les bases de la commande publique.",
        "audience": "Acheteurs, prescripteurs et référents développement durable.",
        "jobs": "Acheteur public, Responsable des achats, Référent développement durable",
        "duration_hours": 14.0,
        "modality": "hybrid",
        "certifying": False,
        "licence": "cc-by-sa",
        "producer": "dae",
        "collections": ["achat-public", "transition-ecologique"],
        "keywords": "achats responsables, clauses environnementales, clauses sociales, loi Climat et résilience",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Promotion 1", -95, 35, 25),
            _session("Promotion 2", -5, 35, 3),
            _session("Promotion 3", 80, 35, 25, False, 45),
        ],
    },
    {
        "slug": "parcours-certifiant-acheteur-public",
        "title": "Parcours certifiant d'acheteur public",
        "summary": "Un parcours long qui alterne modules en ligne, ateliers en présentiel et mise en situation de travail. Il se conclut par une évaluation certifiante reconnue par la direction des achats de l'État.",
        "objectives": (
            "- Conduire un achat de bout en bout, du sourçage à l'exécution\n"
            "- Négocier avec les opérateurs économiques\n"
            "- Mesurer la performance économique d'un achat\n"
            "- Piloter la relation fournisseur"
        ),
        "content": (
            "- Module 1 : stratégie d'achat et analyse du marché fournisseur\n"
            "- Module 2 : passation et négociation\n"
            "- Module 3 : performance achat et gains\n"
            "- Module 4 : exécution et relation fournisseur\n"
            "- Module 5 : soutenance du projet professionnel devant un jury"
        ),
        "prerequisites": "Exercer des fonctions d'acheteur depuis au moins un an.",
        "audience": "Acheteurs des administrations centrales, des services déconcentrés et des opérateurs.",
        "jobs": "Acheteur public, Responsable des achats, Chef de bureau des marchés",
        "duration_hours": 60.0,
        "modality": "hybrid",
        "certifying": True,
        "licence": "cc-by-nc-nd",
        "producer": "dae",
        "collections": ["achat-public"],
        "keywords": "certification, acheteur, négociation, performance achat, relation fournisseur",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Cohorte 2", -240, 150, 30, True),
            _session("Cohorte 3", -30, 150, 30, True),
            _session("Cohorte 4", 120, 150, 30, True, 60),
        ],
    },
    # --- Communication et services aux usagers ------------------------------------------
    {
        "slug": "accueillir-usagers-services-publics-plus",
        "title": "Accueillir et orienter les usagers : les engagements Services Publics +",
        "summary": "Cette formation présente les engagements Services Publics + et les bonnes pratiques d'accueil physique, téléphonique et numérique. Elle aide chaque agent à offrir une réponse claire, personnalisée et rapide.",
        "objectives": (
            "- Connaître les engagements du programme Services Publics +\n"
            "- Adopter une posture d'accueil bienveillante et professionnelle\n"
            "- Orienter l'usager vers le bon interlocuteur\n"
            "- Recueillir et exploiter l'avis des usagers"
        ),
        "content": (
            "- Module 1 : le programme Services Publics + et ses engagements\n"
            "- Module 2 : accueillir en face à face, au téléphone et par écrit\n"
            "- Module 3 : orienter et accompagner les usagers éloignés du numérique\n"
            "- Module 4 : écouter les usagers et améliorer le service"
        ),
        "prerequisites": "Aucun",
        "audience": "Agents d'accueil et tout agent en relation avec le public.",
        "jobs": "Chargé d'accueil, Conseiller France services, Gestionnaire de dossiers",
        "duration_hours": 7.0,
        "modality": "tutored",
        "certifying": False,
        "licence": "cc-by",
        "producer": "ditp",
        "collections": ["communication-services-usagers"],
        "keywords": "accueil, usagers, Services Publics +, qualité de service, relation usager",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Session 1", -110, 28, 200, True),
            _session("Session 2", -8, 28, 200, True),
            _session("Session 3", 55, 28, 200, True, 30),
        ],
    },
    {
        "slug": "ecrire-en-langage-clair",
        "title": "Écrire en langage clair pour les usagers",
        "summary": "Courriers, formulaires, pages web : apprenez à rédiger des écrits administratifs que les usagers comprennent du premier coup. Une formation courte, en autonomie, avec de nombreux exercices de réécriture.",
        "objectives": (
            "- Identifier ce qui rend un écrit administratif difficile à comprendre\n"
            "- Appliquer les règles du langage clair\n"
            "- Réécrire un courrier type en partant du besoin de l'usager"
        ),
        "content": (
            "- Module 1 : pourquoi écrire clair ?\n"
            "- Module 2 : structurer son message\n"
            "- Module 3 : choisir ses mots et construire ses phrases\n"
            "- Module 4 : exercices de réécriture"
        ),
        "prerequisites": "Aucun",
        "audience": "Tout agent qui rédige des écrits destinés au public.",
        "jobs": "Rédacteur, Gestionnaire de dossiers, Chargé de communication",
        "duration_hours": 3.0,
        "modality": "self_paced",
        "certifying": False,
        "licence": "cc-by",
        "producer": "ditp",
        "collections": ["communication-services-usagers", "transformation-action-publique"],
        "keywords": "langage clair, rédaction, simplification, courrier administratif",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Édition précédente", -400, 365, None),
            _session("Accès permanent", -35, 365, None),
            _session("Nouvelle édition", 330, 365, None, False, 30),
        ],
    },
    {
        "slug": "gerer-situations-conflictuelles-accueil",
        "title": "Gérer les situations conflictuelles à l'accueil",
        "summary": "Incivilités, agressivité, détresse : cette classe virtuelle donne des repères pour désamorcer les tensions et se protéger. Elle alterne apports, jeux de rôle et retours d'expérience.",
        "objectives": (
            "- Comprendre les mécanismes de l'agressivité\n"
            "- Utiliser des techniques de communication apaisantes\n"
            "- Savoir quand passer le relais et signaler un incident\n"
            "- Prendre soin de soi après une situation difficile"
        ),
        "content": (
            "- Module 1 : repérer les signaux de tension\n"
            "- Module 2 : les techniques de désescalade\n"
            "- Module 3 : jeux de rôle en sous-groupes\n"
            "- Module 4 : signalement, protection fonctionnelle et soutien"
        ),
        "prerequisites": "Aucun",
        "audience": "Agents d'accueil physique ou téléphonique et leurs encadrants.",
        "jobs": "Chargé d'accueil, Agent de guichet, Encadrant de proximité",
        "duration_hours": 6.0,
        "modality": "virtual_class",
        "certifying": False,
        "licence": "cc-by-nc-sa",
        "producer": "interieur",
        "collections": ["communication-services-usagers", "hygiene-sante-securite-travail"],
        "keywords": "incivilités, agressivité, accueil, désescalade, communication",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Groupe 1", -45, 2, 20),
            _session("Groupe 2", 6, 2, 20, False, 21),
            _session("Groupe 3", 50, 2, 20, False, 21),
        ],
    },
    {
        "slug": "communiquer-en-situation-de-crise",
        "title": "Communiquer en situation de crise sur les réseaux sociaux",
        "summary": "Ce webinaire présente les réflexes de communication à adopter lorsqu'une crise survient : alerte, canicule, inondation, cyberattaque. Il s'appuie sur des retours d'expérience de préfectures et de ministères.",
        "objectives": (
            "- Connaître l'organisation de la communication de crise de l'État\n"
            "- Rédiger des messages d'alerte courts et fiables\n"
            "- Lutter contre les fausses informations"
        ),
        "content": (
            "- Module 1 : l'organisation de la communication gouvernementale de crise\n"
            "- Module 2 : les réseaux sociaux en situation de crise\n"
            "- Module 3 : retours d'expérience et questions-réponses"
        ),
        "prerequisites": "Aucun",
        "audience": "Chargés de communication, cadres d'astreinte et membres de cellules de crise.",
        "jobs": "Chargé de communication, Community manager, Directeur de cabinet, Cadre d'astreinte",
        "duration_hours": 2.0,
        "modality": "webinar",
        "certifying": False,
        "licence": "cc-by",
        "producer": "premier-ministre",
        "collections": ["communication-services-usagers"],
        "keywords": "communication de crise, réseaux sociaux, alerte, désinformation",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Webinaire n° 1", -70, 0, 500),
            _session("Webinaire n° 2", 14, 0, 500, False, 30),
            _session("Webinaire n° 3", 75, 0, 500, False, 30),
        ],
    },
    {
        "slug": "langue-des-signes-initiation",
        "title": "Langue des signes française : initiation à l'accueil des personnes sourdes",
        "summary": "Une initiation à la langue des signes française et à la culture sourde pour mieux accueillir les usagers sourds et malentendants. La formation associe séances en présentiel et vidéos d'entraînement en ligne.",
        "objectives": (
            "- Connaître la culture sourde et les besoins des usagers\n"
            "- Signer les phrases d'accueil les plus courantes\n"
            "- Connaître les dispositifs d'accessibilité (centres relais téléphoniques, interprètes)"
        ),
        "content": (
            "- Module 1 : culture sourde et accessibilité des services publics\n"
            "- Module 2 : alphabet dactylologique et vocabulaire de base\n"
            "- Module 3 : scénarios d'accueil en présentiel\n"
            "- Module 4 : entraînement vidéo en autonomie"
        ),
        "prerequisites": "Aucun",
        "audience": "Agents d'accueil et référents handicap.",
        "jobs": "Chargé d'accueil, Référent handicap, Conseiller France services",
        "duration_hours": 20.0,
        "modality": "hybrid",
        "certifying": False,
        "licence": "cc-by-nc-nd",
        "producer": "dgafp",
        "collections": ["langues", "communication-services-usagers"],
        "keywords": "LSF, langue des signes, accessibilité, handicap, accueil",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Promotion Île-de-France", -130, 60, 20),
            _session("Promotion Auvergne-Rhône-Alpes", -20, 60, 20),
            _session("Promotion Hauts-de-France", 70, 60, 20, False, 45),
        ],
    },
    # --- Finances publiques -------------------------------------------------------------
    {
        "slug": "comprendre-la-gbcp",
        "title": "Comprendre la gestion budgétaire et comptable publique (GBCP)",
        "summary": "Cette formation explique le décret GBCP et le rôle de chacun des acteurs de la chaîne financière. Elle permet de comprendre comment un crédit voté devient une dépense payée.",
        "objectives": (
            "- Connaître les principes budgétaires et comptables de l'État\n"
            "- Distinguer ordonnateur et comptable et leurs responsabilités\n"
            "- Suivre une dépense de l'engagement au paiement\n"
            "- Comprendre la responsabilité des gestionnaires publics"
        ),
        "content": (
            "- Module 1 : le cadre budgétaire (LOLF et décret GBCP)\n"
            "- Module 2 : les acteurs de la chaîne financière\n"
            "- Module 3 : la chaîne de la dépense dans Chorus\n"
            "- Module 4 : le régime de responsabilité des gestionnaires publics"
        ),
        "prerequisites": "Aucun",
        "audience": "Agents des services financiers et gestionnaires de crédits.",
        "jobs": "Gestionnaire budgétaire, Gestionnaire financier et comptable, Responsable de programme",
        "duration_hours": 10.0,
        "modality": "tutored",
        "certifying": False,
        "licence": "cc-by-nc-sa",
        "producer": "db",
        "collections": ["finances-publiques"],
        "keywords": "GBCP, budget, comptabilité publique, ordonnateur, comptable, Chorus",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Session 1", -160, 35, 250, True),
            _session("Session 2", -15, 35, 250, True),
            _session("Session 3", 60, 35, 250, True, 30),
        ],
    },
    {
        "slug": "lolf-demarche-de-performance",
        "title": "La LOLF et la démarche de performance",
        "summary": "Missions, programmes, actions, indicateurs : ce module en autonomie présente l'architecture budgétaire de l'État et la logique de performance. Il est utile à tout agent qui contribue aux projets et rapports annuels de performance.",
        "objectives": (
            "- Comprendre l'architecture du budget de l'État\n"
            "- Connaître le cycle budgétaire annuel\n"
            "- Lire un projet annuel de performance\n"
            "- Construire un indicateur pertinent"
        ),
        "content": (
            "- Module 1 : missions, programmes et actions\n"
            "- Module 2 : le calendrier budgétaire\n"
            "- Module 3 : objectifs et indicateurs de performance"
        ),
        "prerequisites": "Aucun",
        "audience": "Tout agent souhaitant comprendre le budget de l'État.",
        "jobs": "Contrôleur de gestion, Gestionnaire budgétaire, Chargé d'études",
        "duration_hours": 3.0,
        "modality": "self_paced",
        "certifying": False,
        "licence": "cc-by",
        "producer": "db",
        "collections": ["finances-publiques", "preparation-concours"],
        "keywords": "LOLF, performance, budget de l'État, indicateurs, PAP",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Édition précédente", -420, 365, None),
            _session("Accès permanent", -50, 365, None),
            _session("Nouvelle édition", 315, 365, None, False, 30),
        ],
    },
    {
        "slug": "traiter-factures-chorus-pro",
        "title": "Traiter les factures dans Chorus Pro et Chorus Formulaires",
        "summary": "Une classe virtuelle opérationnelle pour réceptionner, contrôler et mettre en paiement les factures des fournisseurs. Elle insiste sur le respect du délai global de paiement.",
        "objectives": (
            "- Réceptionner et contrôler une facture électronique\n"
            "- Saisir le service fait dans les délais\n"
            "- Traiter les rejets et les litiges\n"
            "- Respecter le délai global de paiement"
        ),
        "content": (
            "- Module 1 : le circuit de la facture électronique\n"
            "- Module 2 : démonstration et manipulation guidée\n"
            "- Module 3 : cas particuliers et questions"
        ),
        "prerequisites": "Disposer d'un profil Chorus Formulaires.",
        "audience": "Gestionnaires de centres de services partagés et services prescripteurs.",
        "jobs": "Gestionnaire financier et comptable, Gestionnaire en centre de services partagés",
        "duration_hours": 3.0,
        "modality": "virtual_class",
        "certifying": False,
        "licence": "cc-by",
        "producer": "economie",
        "collections": ["finances-publiques"],
        "keywords": "Chorus Pro, factures, service fait, délai global de paiement",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Groupe 1", -35, 0, 25),
            _session("Groupe 2", 3, 0, 3),
            _session("Groupe 3", 24, 0, 25, False, 21),
            _session("Groupe 4", 52, 0, 25, False, 21),
        ],
    },
    {
        "slug": "controle-interne-budgetaire-comptable",
        "title": "Maîtriser les risques : le contrôle interne budgétaire et comptable",
        "summary": "Cette formation hybride présente les outils du contrôle interne financier : cartographie des risques, organigramme fonctionnel, plan d'action. Les participants construisent la cartographie de leur propre processus.",
        "objectives": (
            "- Comprendre les enjeux du contrôle interne financier\n"
            "- Élaborer une cartographie des risques\n"
            "- Documenter un processus et ses points de contrôle\n"
            "- Piloter un plan d'action"
        ),
        "content": (
            "- Module 1 : les fondamentaux du contrôle interne\n"
            "- Module 2 : cartographie des risques\n"
            "- Module 3 : atelier en présentiel sur les processus du service\n"
            "- Module 4 : suivi et évaluation du dispositif"
        ),
        "prerequisites": "Connaître la chaîne de la dépense.",
        "audience": "Responsables de services financiers, référents contrôle interne.",
        "jobs": "Référent contrôle interne, Responsable de service financier, Auditeur interne",
        "duration_hours": 12.0,
        "modality": "hybrid",
        "certifying": False,
        "licence": "cc-by-nc-sa",
        "producer": "db",
        "collections": ["finances-publiques"],
        "keywords": "contrôle interne, maîtrise des risques, cartographie, audit",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Promotion 1", -120, 30, 24),
            _session("Promotion 2", 18, 30, 24, False, 40),
            _session("Promotion 3", 100, 30, 24, False, 40),
        ],
    },
    {
        "slug": "dgfip-controle-fiscal-verification-comptabilite",
        "title": "Contrôle fiscal externe : conduire une vérification de comptabilité",
        "summary": "Formation métier réservée aux agents de la DGFiP qui prennent leurs fonctions en brigade de vérification. Elle couvre l'ensemble de la procédure, des garanties du contribuable à la notification des rectifications.",
        "objectives": (
            "- Préparer une vérification de comptabilité\n"
            "- Respecter les garanties du contribuable vérifié\n"
            "- Conduire l'examen du fichier des écritures comptables (FEC)\n"
            "- Rédiger une proposition de rectification motivée"
        ),
        "content": (
            "- Module 1 : la programmation et la préparation du contrôle\n"
            "- Module 2 : la charte du contribuable vérifié et les garanties\n"
            "- Module 3 : l'analyse du FEC\n"
            "- Module 4 : la proposition de rectification\n"
            "- Module 5 : les suites du contrôle et le recours hiérarchique"
        ),
        "prerequisites": "Être affecté en brigade de vérification ou en pôle de contrôle et d'expertise.",
        "audience": "Vérificateurs et inspecteurs de la DGFiP.",
        "jobs": "Vérificateur, Inspecteur des finances publiques, Chef de brigade",
        "duration_hours": 21.0,
        "modality": "tutored",
        "certifying": True,
        "licence": "all-rights",
        "producer": "dgfip",
        "collections": ["finances-publiques", "techniques-affaires-juridiques"],
        "keywords": "contrôle fiscal, vérification de comptabilité, FEC, procédure fiscale",
        "internal_to": "economie",
        "featured": False,
        "sessions": [
            _session("Promotion 1", -200, 60, 40, True),
            _session("Promotion 2", -25, 60, 40, True),
            _session("Promotion 3", 90, 60, 40, True, 45),
        ],
    },
    {
        "slug": "dgfip-accueil-fiscal-de-proximite",
        "title": "Accueil fiscal de proximité : prélèvement à la source et démarches en ligne",
        "summary": "Cette formation aide les agents d'accueil de la DGFiP et des espaces France services à répondre aux questions fiscales les plus fréquentes. Elle s'appuie sur l'espace particulier d'impots.gouv.fr.",
        "objectives": (
            "- Expliquer le prélèvement à la source et la modulation du taux\n"
            "- Accompagner l'usager dans son espace particulier\n"
            "- Traiter les demandes de délais et de remises gracieuses simples"
        ),
        "content": (
            "- Module 1 : le prélèvement à la source en pratique\n"
            "- Module 2 : la messagerie sécurisée et les démarches en ligne\n"
            "- Module 3 : cas pratiques d'accueil"
        ),
        "prerequisites": "Aucun",
        "audience": "Agents d'accueil des services des impôts des particuliers.",
        "jobs": "Agent d'accueil, Contrôleur des finances publiques, Agent administratif des finances publiques",
        "duration_hours": 4.0,
        "modality": "self_paced",
        "certifying": False,
        "licence": "all-rights",
        "producer": "dgfip",
        "collections": ["finances-publiques", "communication-services-usagers"],
        "keywords": "prélèvement à la source, accueil fiscal, impots.gouv.fr, usagers",
        "internal_to": "economie",
        "featured": False,
        "sessions": [
            _session("Campagne précédente", -380, 300, None),
            _session("Campagne en cours", -40, 300, None),
            _session("Campagne suivante", 280, 300, None, False, 20),
        ],
    },
    {
        "slug": "dgfip-recouvrement-force-creances",
        "title": "Le recouvrement forcé des créances publiques",
        "summary": "Formation métier réservée aux agents de la DGFiP chargés du recouvrement. Elle présente les procédures d'exécution et la gestion des dossiers de redevables en difficulté.",
        "objectives": (
            "- Connaître les titres exécutoires et les actes de poursuite\n"
            "- Mettre en œuvre la saisie administrative à tiers détenteur\n"
            "- Traiter les procédures collectives\n"
            "- Accompagner les redevables de bonne foi en difficulté"
        ),
        "content": (
            "- Module 1 : du titre exécutoire à la poursuite\n"
            "- Module 2 : la saisie administrative à tiers détenteur\n"
            "- Module 3 : procédures collectives et surendettement\n"
            "- Module 4 : classe virtuelle d'études de cas"
        ),
        "prerequisites": "Exercer en service de recouvrement.",
        "audience": "Agents des pôles de recouvrement spécialisé et des services des impôts.",
        "jobs": "Agent de recouvrement, Contrôleur des finances publiques, Huissier des finances publiques",
        "duration_hours": 14.0,
        "modality": "tutored",
        "certifying": False,
        "licence": "all-rights",
        "producer": "dgfip",
        "collections": ["finances-publiques"],
        "keywords": "recouvrement, SATD, poursuites, procédures collectives",
        "internal_to": "economie",
        "featured": False,
        "sessions": [
            _session("Session 1", -90, 42, 60, True),
            _session("Session 2", 12, 42, 60, True, 30),
            _session("Session 3", 110, 42, 60, True, 30),
        ],
    },
    {
        "slug": "education-gestion-financiere-eple",
        "title": "Gestion financière et comptable des EPLE",
        "summary": "Formation métier du ministère de l'Éducation nationale pour les adjoints gestionnaires et agents comptables d'établissements publics locaux d'enseignement. Elle couvre le budget, l'exécution et le compte financier avec Op@le.",
        "objectives": (
            "- Élaborer et exécuter le budget d'un EPLE\n"
            "- Maîtriser les opérations de fin d'exercice\n"
            "- Produire le compte financier\n"
            "- Utiliser Op@le au quotidien"
        ),
        "content": (
            "- Module 1 : le cadre budgétaire et comptable des EPLE\n"
            "- Module 2 : préparation et vote du budget\n"
            "- Module 3 : exécution et décisions budgétaires modificatives\n"
            "- Module 4 : clôture et compte financier"
        ),
        "prerequisites": "Exercer en EPLE ou être en cours de prise de poste.",
        "audience": "Adjoints gestionnaires, agents comptables et secrétaires d'intendance.",
        "jobs": "Adjoint gestionnaire, Agent comptable, Secrétaire d'intendance",
        "duration_hours": 18.0,
        "modality": "hybrid",
        "certifying": False,
        "licence": "cc-by-nc-nd",
        "producer": "education",
        "collections": ["finances-publiques"],
        "keywords": "EPLE, Op@le, budget, compte financier, agent comptable",
        "internal_to": "education",
        "featured": False,
        "sessions": [
            _session("Promotion académie de Lyon", -140, 45, 28),
            _session("Promotion académie de Nantes", -10, 45, 28),
            _session("Promotion académie de Lille", 95, 45, 28, False, 40),
        ],
    },
    # --- Organisation et missions des ministères, de l'État et de l'Europe ---------------
    {
        "slug": "organisation-administrative-de-la-france",
        "title": "L'organisation administrative de la France",
        "summary": "Administration centrale, services déconcentrés, opérateurs, collectivités : ce module en autonomie dresse le paysage administratif français. Il constitue une base utile pour les nouveaux agents comme pour les candidats aux concours.",
        "objectives": (
            "- Distinguer centralisation, déconcentration et décentralisation\n"
            "- Connaître l'organisation des ministères et des préfectures\n"
            "- Situer les opérateurs et les autorités administratives indépendantes\n"
            "- Identifier les compétences des collectivités territoriales"
        ),
        "content": (
            "- Module 1 : les grands principes d'organisation\n"
            "- Module 2 : l'administration centrale\n"
            "- Module 3 : l'État dans les territoires\n"
            "- Module 4 : les collectivités territoriales\n"
            "- Module 5 : quiz de validation"
        ),
        "prerequisites": "Aucun",
        "audience": "Tout agent public, en particulier les nouveaux arrivants.",
        "jobs": "Tous métiers",
        "duration_hours": 4.0,
        "modality": "self_paced",
        "certifying": False,
        "licence": "cc-by",
        "producer": "dgafp",
        "collections": ["organisation-missions-etat-europe", "preparation-concours"],
        "keywords": "organisation administrative, déconcentration, décentralisation, institutions",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Édition précédente", -450, 365, None),
            _session("Accès permanent", -85, 365, None),
            _session("Nouvelle édition", 280, 365, None, False, 30),
        ],
    },
    {
        "slug": "comprendre-union-europeenne",
        "title": "Comprendre l'Union européenne et ses institutions",
        "summary": "Comment se prend une décision européenne et comment la France y contribue-t-elle ? Cette formation tutorée présente les institutions, le processus législatif et la place des administrations nationales.",
        "objectives": (
            "- Connaître le rôle de chaque institution européenne\n"
            "- Comprendre la procédure législative ordinaire\n"
            "- Identifier le rôle du SGAE et de la représentation permanente\n"
            "- Suivre la transposition d'une directive"
        ),
        "content": (
            "- Module 1 : histoire et traités\n"
            "- Module 2 : les institutions et leurs compétences\n"
            "- Module 3 : la fabrique d'une norme européenne\n"
            "- Module 4 : la coordination interministérielle des affaires européennes"
        ),
        "prerequisites": "Aucun",
        "audience": "Agents amenés à traiter de dossiers européens.",
        "jobs": "Chargé de mission affaires européennes, Rédacteur, Juriste",
        "duration_hours": 8.0,
        "modality": "tutored",
        "certifying": False,
        "licence": "cc-by-sa",
        "producer": "diplomatie",
        "collections": ["organisation-missions-etat-europe"],
        "keywords": "Union européenne, institutions européennes, SGAE, directive, transposition",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Session 1", -130, 35, 150, True),
            _session("Session 2", -6, 35, 150, True),
            _session("Session 3", 85, 35, 150, True, 30),
        ],
    },
    {
        "slug": "organisation-territoriale-de-l-etat",
        "title": "L'organisation territoriale de l'État : préfectures et directions départementales",
        "summary": "Cette courte formation présente la réforme de l'organisation territoriale de l'État et le fonctionnement des services départementaux et régionaux. Elle explique le rôle du préfet et des secrétariats généraux communs.",
        "objectives": (
            "- Connaître l'organisation de l'État au niveau régional et départemental\n"
            "- Comprendre le rôle du préfet et du secrétariat général commun\n"
            "- Situer les directions départementales interministérielles"
        ),
        "content": (
            "- Module 1 : de la RéATE à l'OTE\n"
            "- Module 2 : le préfet et les services de l'État\n"
            "- Module 3 : les secrétariats généraux communs"
        ),
        "prerequisites": "Aucun",
        "audience": "Agents des services déconcentrés et des administrations centrales.",
        "jobs": "Tous métiers",
        "duration_hours": 2.0,
        "modality": "self_paced",
        "certifying": False,
        "licence": "cc-by",
        "producer": "interieur",
        "collections": ["organisation-missions-etat-europe"],
        "keywords": "OTE, préfecture, services déconcentrés, SGC, DDI",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Édition précédente", -390, 365, None),
            _session("Accès permanent", -25, 365, None),
            _session("Nouvelle édition", 340, 365, None, False, 30),
        ],
    },
    {
        "slug": "parcours-integration-fonction-publique-etat",
        "title": "Bienvenue dans la fonction publique de l'État : parcours d'intégration",
        "summary": "Un parcours d'accueil pour les agents qui rejoignent l'État, titulaires comme contractuels. Il présente l'environnement de travail, les droits et obligations et les ressources utiles pour bien démarrer.",
        "objectives": (
            "- Comprendre l'organisation et les missions de l'État\n"
            "- Connaître ses droits et obligations d'agent public\n"
            "- Identifier les interlocuteurs RH et les dispositifs d'accompagnement\n"
            "- Construire son réseau professionnel"
        ),
        "content": (
            "- Module 1 : l'État et ses missions\n"
            "- Module 2 : être agent public\n"
            "- Module 3 : carrière, rémunération et protection sociale\n"
            "- Module 4 : forum d'échanges entre nouveaux arrivants"
        ),
        "prerequisites": "Aucun",
        "audience": "Agents nouvellement recrutés dans la fonction publique de l'État.",
        "jobs": "Tous métiers",
        "duration_hours": 6.0,
        "modality": "tutored",
        "certifying": False,
        "licence": "cc-by",
        "producer": "dgafp",
        "collections": ["organisation-missions-etat-europe", "ressources-humaines"],
        "keywords": "intégration, nouvel arrivant, onboarding, fonction publique",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Promotion 12", -100, 45, None, True),
            _session("Promotion 13", -4, 45, None, True),
            _session("Promotion 14", 90, 45, None, True, 30),
        ],
    },
    {
        "slug": "negocier-a-bruxelles",
        "title": "Négocier à Bruxelles : préparer et conduire une négociation européenne",
        "summary": "Une formation hybride pour les agents qui représentent la France dans les groupes de travail du Conseil de l'Union européenne. Elle combine préparation en ligne et simulation de négociation en présentiel.",
        "objectives": (
            "- Préparer une position française et ses marges de négociation\n"
            "- Construire des alliances avec les autres États membres\n"
            "- Intervenir efficacement en groupe de travail\n"
            "- Rendre compte de la négociation"
        ),
        "content": (
            "- Module 1 : le cycle de la négociation au Conseil\n"
            "- Module 2 : la préparation des instructions\n"
            "- Module 3 : simulation de négociation (présentiel)\n"
            "- Module 4 : compte rendu et suivi"
        ),
        "prerequisites": "Connaître le fonctionnement de l'Union européenne ; anglais de niveau B2 recommandé.",
        "audience": "Négociateurs et experts nationaux des ministères.",
        "jobs": "Chargé de mission affaires européennes, Négociateur, Chef de bureau",
        "duration_hours": 18.0,
        "modality": "hybrid",
        "certifying": False,
        "licence": "cc-by-nc-sa",
        "producer": "diplomatie",
        "collections": ["organisation-missions-etat-europe", "langues"],
        "keywords": "négociation, Conseil de l'UE, influence, représentation permanente",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Promotion 5", -75, 21, 20),
            _session("Promotion 6", 30, 21, 20, False, 45),
            _session("Promotion 7", 130, 21, 20, False, 45),
        ],
    },
    {
        "slug": "justice-surveillant-penitentiaire-gestion-incidents",
        "title": "Administration pénitentiaire : prévenir et gérer les incidents en détention",
        "summary": "Formation métier réservée aux personnels de l'administration pénitentiaire. Elle prolonge en ligne la formation en établissement par des mises en situation et des retours d'expérience.",
        "objectives": (
            "- Repérer les signes précurseurs d'un incident\n"
            "- Appliquer les protocoles d'intervention et de rendu compte\n"
            "- Adopter une communication adaptée avec les personnes détenues\n"
            "- Participer au débriefing après incident"
        ),
        "content": (
            "- Module 1 : le cadre juridique de l'intervention en détention\n"
            "- Module 2 : observation et renseignement pénitentiaire\n"
            "- Module 3 : communication et désescalade\n"
            "- Module 4 : retours d'expérience et débriefing"
        ),
        "prerequisites": "Être en poste dans un établissement pénitentiaire.",
        "audience": "Surveillants, premiers surveillants et officiers pénitentiaires.",
        "jobs": "Surveillant pénitentiaire, Premier surveillant, Officier pénitentiaire",
        "duration_hours": 10.0,
        "modality": "enriched",
        "certifying": False,
        "licence": "all-rights",
        "producer": "dap",
        "collections": ["organisation-missions-etat-europe", "hygiene-sante-securite-travail"],
        "keywords": "pénitentiaire, détention, incidents, sécurité, surveillant",
        "internal_to": "justice",
        "featured": False,
        "sessions": [
            _session("Promotion direction interrégionale de Rennes", -80, 30, 20, True),
            _session("Promotion direction interrégionale de Lyon", -3, 30, 20, True),
            _session("Promotion direction interrégionale de Marseille", 60, 30, 20, True, 30),
        ],
    },
    {
        "slug": "agriculture-inspection-sanitaire-abattoir",
        "title": "Contrôles sanitaires en abattoir : inspection ante et post mortem",
        "summary": "Formation métier réservée aux agents du ministère de l'Agriculture affectés en abattoir. Elle rappelle la réglementation européenne et harmonise les pratiques d'inspection et de protection animale. Sa validation conditionne l'habilitation à l'inspection en abattoir.",
        "objectives": (
            "- Appliquer la réglementation européenne du « paquet hygiène »\n"
            "- Conduire l'inspection ante mortem et post mortem\n"
            "- Contrôler le respect de la protection animale à l'abattage\n"
            "- Rédiger les suites administratives des non-conformités"
        ),
        "content": (
            "- Module 1 : le cadre réglementaire de l'inspection\n"
            "- Module 2 : l'inspection ante mortem et la protection animale\n"
            "- Module 3 : l'inspection post mortem et les saisies\n"
            "- Module 4 : les suites administratives et pénales\n"
            "- Module 5 : évaluation des acquis (habilitation)"
        ),
        "prerequisites": "Être affecté en service d'inspection en abattoir.",
        "audience": "Techniciens et inspecteurs en santé publique vétérinaire.",
        "jobs": "Technicien supérieur du ministère de l'Agriculture, Inspecteur en santé publique vétérinaire, Vétérinaire officiel",
        "duration_hours": 16.0,
        "modality": "hybrid",
        "certifying": True,
        "licence": "cc-by-nc-nd",
        "producer": "dgal",
        "collections": ["organisation-missions-etat-europe", "techniques-affaires-juridiques"],
        "keywords": "abattoir, inspection sanitaire, sécurité sanitaire des aliments, protection animale",
        "internal_to": "agriculture",
        "featured": False,
        "sessions": [
            _session("Session 1", -115, 30, 24, True),
            _session("Session 2", 8, 30, 24, True, 30),
            _session("Session 3", 105, 30, 24, True, 30),
        ],
    },
    # --- Langues ------------------------------------------------------------------------
    {
        "slug": "anglais-professionnel-b1",
        "title": "Anglais professionnel B1",
        "summary": "Un parcours tutoré pour gagner en aisance à l'écrit et à l'oral dans les situations professionnelles courantes. Il se conclut par une certification de niveau reconnue.",
        "objectives": (
            "- Se présenter et présenter son service en anglais\n"
            "- Rédiger des courriels professionnels simples\n"
            "- Participer à une réunion ou à un appel téléphonique\n"
            "- Obtenir une certification de niveau B1"
        ),
        "content": (
            "- Module 1 : test de positionnement\n"
            "- Module 2 : communication écrite\n"
            "- Module 3 : communication orale et classes virtuelles de conversation\n"
            "- Module 4 : préparation à la certification"
        ),
        "prerequisites": "Niveau A2 attesté par le test de positionnement.",
        "audience": "Agents utilisant ponctuellement l'anglais dans leur travail.",
        "jobs": "Tous métiers",
        "duration_hours": 40.0,
        "modality": "tutored",
        "certifying": True,
        "licence": "all-rights",
        "producer": "dgafp",
        "collections": ["langues"],
        "keywords": "anglais, B1, CECRL, certification, langue étrangère",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Cohorte 1", -220, 120, 60, True),
            _session("Cohorte 2", -45, 120, 60, True),
            _session("Cohorte 3", 75, 120, 60, True, 45),
        ],
    },
    {
        "slug": "anglais-conduire-reunion-internationale",
        "title": "Anglais : conduire une réunion internationale (B2)",
        "summary": "Des classes virtuelles en petits groupes pour animer une réunion, défendre une position et conclure en anglais. Les séances s'appuient sur des situations issues des ministères.",
        "objectives": (
            "- Ouvrir, animer et clore une réunion en anglais\n"
            "- Exprimer un accord, un désaccord et négocier\n"
            "- Rédiger un relevé de décisions"
        ),
        "content": (
            "- Module 1 : les expressions clés de l'animation\n"
            "- Module 2 : argumenter et négocier\n"
            "- Module 3 : simulation de réunion\n"
            "- Module 4 : rédiger le compte rendu"
        ),
        "prerequisites": "Niveau B1 confirmé.",
        "audience": "Agents participant à des réunions européennes ou internationales.",
        "jobs": "Chargé de mission affaires européennes, Chef de projet, Chef de bureau",
        "duration_hours": 12.0,
        "modality": "virtual_class",
        "certifying": False,
        "licence": "cc-by-nc",
        "producer": "diplomatie",
        "collections": ["langues"],
        "keywords": "anglais, B2, réunion, négociation, international",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Groupe 1", -90, 28, 20),
            _session("Groupe 2", -7, 28, 20),
            _session("Groupe 3", 45, 28, 20, False, 30),
        ],
    },
    {
        "slug": "allemand-debutant-a1",
        "title": "Allemand pour débutants (A1)",
        "summary": "Une formation en autonomie pour découvrir l'allemand et acquérir les bases de la communication. Vidéos, exercices interactifs et enregistrements permettent de progresser à son rythme.",
        "objectives": (
            "- Se présenter et échanger des informations simples\n"
            "- Comprendre des messages courts de la vie professionnelle\n"
            "- Acquérir le vocabulaire de base de l'administration"
        ),
        "content": (
            "- Module 1 : premiers contacts\n"
            "- Module 2 : le quotidien au travail\n"
            "- Module 3 : se repérer et s'orienter\n"
            "- Module 4 : évaluation de fin de parcours"
        ),
        "prerequisites": "Aucun",
        "audience": "Tout agent souhaitant débuter l'allemand.",
        "jobs": "Tous métiers",
        "duration_hours": 30.0,
        "modality": "self_paced",
        "certifying": False,
        "licence": "cc-by-nc-sa",
        "producer": "dgafp",
        "collections": ["langues"],
        "keywords": "allemand, A1, débutant, langue étrangère",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Édition précédente", -400, 365, None),
            _session("Accès permanent", -30, 365, None),
            _session("Nouvelle édition", 335, 365, None, False, 30),
        ],
    },
    {
        "slug": "espagnol-accueillir-le-public-a2",
        "title": "Espagnol : accueillir le public (A2)",
        "summary": "Cette formation tutorée prépare les agents d'accueil à renseigner un usager hispanophone. Elle privilégie les situations réelles : guichet, téléphone, formulaires.",
        "objectives": (
            "- Accueillir et orienter un usager en espagnol\n"
            "- Expliquer une démarche administrative simple\n"
            "- Comprendre les demandes les plus fréquentes"
        ),
        "content": (
            "- Module 1 : saluer, accueillir, orienter\n"
            "- Module 2 : expliquer une démarche\n"
            "- Module 3 : l'accueil téléphonique\n"
            "- Module 4 : classes virtuelles de mise en pratique"
        ),
        "prerequisites": "Notions d'espagnol (niveau A1).",
        "audience": "Agents d'accueil des préfectures, des services fiscaux et des espaces France services.",
        "jobs": "Chargé d'accueil, Conseiller France services, Agent de guichet",
        "duration_hours": 15.0,
        "modality": "tutored",
        "certifying": False,
        "licence": "cc-by-nc-sa",
        "producer": "interieur",
        "collections": ["langues", "communication-services-usagers"],
        "keywords": "espagnol, accueil, A2, usagers étrangers",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Session 1", -140, 56, 80, True),
            _session("Session 2", 20, 56, 80, True, 30),
            _session("Session 3", 120, 56, 80, True, 30),
        ],
    },
    # --- Management ---------------------------------------------------------------------
    {
        "slug": "manager-en-mode-hybride",
        "title": "Manager en mode hybride",
        "summary": "Télétravail, équipes réparties, réunions à distance : cette formation donne aux encadrants les repères pour animer un collectif hybride. Elle alterne classes virtuelles et mises en pratique entre deux séances.",
        "objectives": (
            "- Organiser le travail d'une équipe hybride\n"
            "- Animer des réunions efficaces à distance et en présentiel\n"
            "- Maintenir la cohésion et prévenir l'isolement\n"
            "- Piloter par les objectifs et faire confiance"
        ),
        "content": (
            "- Module 1 : les règles du jeu du travail hybride\n"
            "- Module 2 : animer un collectif à distance\n"
            "- Module 3 : cohésion, reconnaissance et droit à la déconnexion\n"
            "- Module 4 : partage d'expérience entre pairs"
        ),
        "prerequisites": "Encadrer une équipe, même de petite taille.",
        "audience": "Encadrants de proximité, chefs de bureau et chefs de service.",
        "jobs": "Chef de bureau, Chef de service, Encadrant de proximité, Chef de projet",
        "duration_hours": 6.0,
        "modality": "virtual_class",
        "certifying": False,
        "licence": "cc-by-nc-sa",
        "producer": "dgafp",
        "collections": ["management"],
        "keywords": "management, télétravail, hybride, cohésion d'équipe, réunions à distance",
        "internal_to": None,
        "featured": True,
        "sessions": [
            _session("Groupe A", -65, 21, 24),
            _session("Groupe B", -2, 21, 3),
            _session("Groupe C", 25, 21, 24, False, 30),
            _session("Groupe D", 70, 21, 24, False, 30),
        ],
    },
    {
        "slug": "reussir-sa-prise-de-poste-de-manager",
        "title": "Réussir sa prise de poste de manager",
        "summary": "Un parcours hybride pour les encadrants nouvellement nommés : les cent premiers jours, la posture, les outils essentiels. Il associe modules en ligne, deux journées en présentiel et un suivi par un pair expérimenté. Il est sanctionné par le certificat de manager public de l'IRA.",
        "objectives": (
            "- Réaliser un diagnostic de son service\n"
            "- Construire sa légitimité et sa posture d'encadrant\n"
            "- Fixer des objectifs et conduire les entretiens\n"
            "- Identifier ses ressources et son réseau"
        ),
        "content": (
            "- Module 1 : les cent premiers jours\n"
            "- Module 2 : la posture managériale\n"
            "- Module 3 : deux journées en présentiel à l'IRA\n"
            "- Module 4 : binôme avec un manager expérimenté\n"
            "- Module 5 : retour d'expérience à trois mois et évaluation certifiante"
        ),
        "prerequisites": "Avoir pris ou prendre un poste d'encadrement dans les six mois.",
        "audience": "Nouveaux encadrants de catégorie A et B.",
        "jobs": "Chef de bureau, Encadrant de proximité, Chef de pôle",
        "duration_hours": 21.0,
        "modality": "hybrid",
        "certifying": True,
        "licence": "cc-by-nc-sa",
        "producer": "ira-lyon",
        "collections": ["management"],
        "keywords": "prise de poste, nouveau manager, posture managériale, encadrement",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Promotion 8", -180, 90, 25, True),
            _session("Promotion 9", -20, 90, 25, True),
            _session("Promotion 10", 110, 90, 25, True, 45),
        ],
    },
    {
        "slug": "conduire-l-entretien-professionnel",
        "title": "Conduire l'entretien professionnel annuel",
        "summary": "L'entretien professionnel est un moment clé de la relation entre l'agent et son supérieur. Cette formation tutorée aide les encadrants à le préparer, le conduire et le formaliser dans le respect du cadre réglementaire.",
        "objectives": (
            "- Connaître le cadre réglementaire de l'entretien professionnel\n"
            "- Préparer l'entretien et fixer des objectifs atteignables\n"
            "- Conduire un échange constructif, y compris en cas de désaccord\n"
            "- Aborder la formation et les perspectives de carrière"
        ),
        "content": (
            "- Module 1 : le cadre et les enjeux\n"
            "- Module 2 : préparer l'entretien\n"
            "- Module 3 : conduire l'entretien (vidéos de mises en situation)\n"
            "- Module 4 : rédiger le compte rendu"
        ),
        "prerequisites": "Aucun",
        "audience": "Encadrants conduisant des entretiens professionnels.",
        "jobs": "Chef de bureau, Chef de service, Encadrant de proximité",
        "duration_hours": 5.0,
        "modality": "tutored",
        "certifying": False,
        "licence": "cc-by",
        "producer": "dgafp",
        "collections": ["management", "developpement-professionnel"],
        "keywords": "entretien professionnel, évaluation, objectifs, management",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Campagne précédente", -300, 90, None, True),
            _session("Campagne en cours", -15, 90, None, True),
            _session("Campagne suivante", 240, 90, None, True, 30),
        ],
    },
    {
        "slug": "donner-du-feedback-et-reconnaitre",
        "title": "Donner du feedback et reconnaître le travail de son équipe",
        "summary": "Un module court en autonomie, construit avec l'outil Didask, pour s'entraîner à formuler des retours utiles et à reconnaître le travail. Chaque notion est mise en pratique dans un cas concret.",
        "objectives": (
            "- Distinguer feedback positif, correctif et reconnaissance\n"
            "- Formuler un retour factuel et bienveillant\n"
            "- Intégrer la reconnaissance dans son quotidien de manager"
        ),
        "content": (
            "- Module 1 : pourquoi la reconnaissance compte\n"
            "- Module 2 : la méthode du feedback factuel\n"
            "- Module 3 : entraînement sur des cas concrets"
        ),
        "prerequisites": "Aucun",
        "audience": "Encadrants et chefs de projet.",
        "jobs": "Encadrant de proximité, Chef de projet, Chef de bureau",
        "duration_hours": 1.5,
        "modality": "self_paced",
        "certifying": False,
        "licence": "cc-by",
        "producer": "dgafp",
        "collections": ["management"],
        "keywords": "feedback, reconnaissance, management, qualité de vie au travail",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Édition précédente", -380, 365, None),
            _session("Accès permanent", -15, 365, None),
            _session("Nouvelle édition", 350, 365, None, False, 30),
        ],
    },
    {
        "slug": "encadrement-superieur-piloter-transition-ecologique",
        "title": "Encadrement supérieur : piloter la transition écologique de son administration",
        "summary": "Un cycle destiné aux cadres dirigeants pour intégrer les enjeux écologiques dans la stratégie et le pilotage de leurs services. Il réunit conférences d'experts, ateliers et échanges entre pairs.",
        "objectives": (
            "- Comprendre les données scientifiques du changement climatique\n"
            "- Identifier les leviers de transformation de son administration\n"
            "- Construire une feuille de route de transition écologique\n"
            "- Embarquer ses équipes"
        ),
        "content": (
            "- Module 1 : conférences sur le climat et la biodiversité\n"
            "- Module 2 : les leviers de la planification écologique\n"
            "- Module 3 : atelier de construction d'une feuille de route\n"
            "- Module 4 : échanges entre pairs et retours d'expérience"
        ),
        "prerequisites": "Occuper un emploi de direction ou d'encadrement supérieur.",
        "audience": "Cadres dirigeants et supérieurs de l'État.",
        "jobs": "Directeur d'administration centrale, Sous-directeur, Directeur départemental, Préfet",
        "duration_hours": 12.0,
        "modality": "hybrid",
        "certifying": False,
        "licence": "cc-by-nc-nd",
        "producer": "insp",
        "collections": ["management", "transition-ecologique"],
        "keywords": "encadrement supérieur, planification écologique, stratégie, leadership",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Cycle 3", -160, 60, 30),
            _session("Cycle 4", -10, 60, 30),
            _session("Cycle 5", 150, 60, 30, False, 60),
        ],
    },
    # --- Numérique et systèmes d'information et de communication -------------------------
    {
        "slug": "accessibilite-numerique-bases-rgaa",
        "title": "Accessibilité numérique : les bases du RGAA",
        "summary": "Cette formation présente les obligations d'accessibilité des services numériques publics et le référentiel général d'amélioration de l'accessibilité. Elle permet de repérer les principaux défauts et d'organiser la mise en conformité.",
        "objectives": (
            "- Comprendre les besoins des personnes en situation de handicap\n"
            "- Connaître les obligations légales et la déclaration d'accessibilité\n"
            "- Repérer les critères essentiels du RGAA\n"
            "- Réaliser un premier audit rapide d'une page"
        ),
        "content": (
            "- Module 1 : handicap et technologies d'assistance\n"
            "- Module 2 : le cadre légal et le RGAA\n"
            "- Module 3 : images, contrastes, formulaires, navigation au clavier\n"
            "- Module 4 : mettre en place une démarche d'accessibilité"
        ),
        "prerequisites": "Aucun",
        "audience": "Chefs de projet numérique, développeurs, designers, rédacteurs web.",
        "jobs": "Chef de projet numérique, Développeur, Designer, Rédacteur web",
        "duration_hours": 8.0,
        "modality": "tutored",
        "certifying": False,
        "licence": "cc-by-sa",
        "producer": "dinum",
        "collections": ["numerique-sic", "communication-services-usagers"],
        "keywords": "accessibilité, RGAA, handicap, web, conformité",
        "internal_to": None,
        "featured": True,
        "sessions": [
            _session("Session 1", -125, 35, 300, True),
            _session("Session 2", -9, 35, 300, True),
            _session("Session 3", 70, 35, 300, True, 30),
        ],
    },
    {
        "slug": "bons-reflexes-cybersecurite",
        "title": "Les bons réflexes de cybersécurité",
        "summary": "Hameçonnage, mots de passe, clés USB, déplacements : ce module court rappelle les gestes qui protègent l'agent et son administration. Il s'appuie sur les recommandations de l'ANSSI.",
        "objectives": (
            "- Reconnaître un courriel d'hameçonnage\n"
            "- Gérer ses mots de passe et activer la double authentification\n"
            "- Protéger ses équipements en mobilité\n"
            "- Savoir réagir et signaler un incident"
        ),
        "content": (
            "- Module 1 : la menace cyber en chiffres\n"
            "- Module 2 : hameçonnage et ingénierie sociale\n"
            "- Module 3 : mots de passe et authentification\n"
            "- Module 4 : que faire en cas d'incident ?"
        ),
        "prerequisites": "Aucun",
        "audience": "Tous les agents publics.",
        "jobs": "Tous métiers",
        "duration_hours": 1.5,
        "modality": "self_paced",
        "certifying": False,
        "licence": "cc-by",
        "producer": "dinum",
        "collections": ["numerique-sic"],
        "keywords": "cybersécurité, hameçonnage, mots de passe, ANSSI, sécurité informatique",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Édition précédente", -410, 365, None),
            _session("Accès permanent", -45, 365, None),
            _session("Nouvelle édition", 320, 365, None, False, 30),
        ],
    },
    {
        "slug": "ia-generative-au-travail",
        "title": "Utiliser l'IA générative dans son travail : usages et bonnes pratiques",
        "summary": "Ce webinaire présente les usages possibles de l'intelligence artificielle générative dans l'administration, dont l'assistant Albert. Il rappelle les règles de confidentialité et les limites de ces outils.",
        "objectives": (
            "- Comprendre le fonctionnement d'un modèle de langage\n"
            "- Identifier des usages utiles et sûrs dans son métier\n"
            "- Rédiger des requêtes efficaces\n"
            "- Respecter les règles de confidentialité et vérifier les résultats"
        ),
        "content": (
            "- Module 1 : ce qu'est (et n'est pas) l'IA générative\n"
            "- Module 2 : démonstrations d'usages dans l'administration\n"
            "- Module 3 : règles d'usage, confidentialité et biais\n"
            "- Module 4 : questions-réponses"
        ),
        "prerequisites": "Aucun",
        "audience": "Tous les agents publics.",
        "jobs": "Tous métiers",
        "duration_hours": 2.0,
        "modality": "webinar",
        "certifying": False,
        "licence": "cc-by",
        "producer": "dinum",
        "collections": ["numerique-sic", "transformation-action-publique"],
        "keywords": "intelligence artificielle, IA générative, Albert, prompt, bonnes pratiques",
        "internal_to": None,
        "featured": True,
        "sessions": [
            _session("Webinaire n° 1", -50, 0, None),
            _session("Webinaire n° 2", 2, 0, None),
            _session("Webinaire n° 3", 35, 0, None, False, 30),
        ],
    },
    {
        "slug": "ouvrir-et-exploiter-les-donnees-publiques",
        "title": "Ouvrir et exploiter les données publiques",
        "summary": "Cette formation tutorée accompagne les agents dans l'ouverture des données de leur service et dans leur réutilisation. Elle présente data.gouv.fr, les formats ouverts et les bases de l'analyse de données.",
        "objectives": (
            "- Connaître les obligations d'ouverture des données publiques\n"
            "- Préparer et documenter un jeu de données\n"
            "- Publier sur data.gouv.fr\n"
            "- Réaliser une première analyse et une visualisation"
        ),
        "content": (
            "- Module 1 : le cadre juridique de l'ouverture des données\n"
            "- Module 2 : qualité et documentation des données\n"
            "- Module 3 : publication et licences\n"
            "- Module 4 : analyser et visualiser des données"
        ),
        "prerequisites": "Utilisation courante d'un tableur.",
        "audience": "Agents produisant ou exploitant des données dans leur service.",
        "jobs": "Administrateur de données, Chargé d'études statistiques, Chef de projet numérique",
        "duration_hours": 10.0,
        "modality": "tutored",
        "certifying": False,
        "licence": "cc-by-sa",
        "producer": "dinum",
        "collections": ["numerique-sic"],
        "keywords": "données ouvertes, open data, data.gouv.fr, analyse de données",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Session 1", -145, 42, 200, True),
            _session("Session 2", 15, 42, 200, True, 30),
            _session("Session 3", 115, 42, 200, True, 30),
        ],
    },
    {
        "slug": "competences-numeriques-pix",
        "title": "Développer ses compétences numériques avec Pix",
        "summary": "Un parcours en autonomie pour évaluer et développer ses compétences numériques selon le référentiel européen. Il prépare à la certification Pix, reconnue par l'État.",
        "objectives": (
            "- Évaluer son niveau dans les cinq domaines du référentiel\n"
            "- Progresser sur ses points faibles\n"
            "- Obtenir la certification Pix"
        ),
        "content": (
            "- Module 1 : positionnement initial\n"
            "- Module 2 : parcours d'entraînement personnalisés\n"
            "- Module 3 : préparation et passage de la certification"
        ),
        "prerequisites": "Aucun",
        "audience": "Tous les agents publics.",
        "jobs": "Tous métiers",
        "duration_hours": 15.0,
        "modality": "self_paced",
        "certifying": True,
        "licence": "all-rights",
        "producer": "dinum",
        "collections": ["numerique-sic", "developpement-professionnel"],
        "keywords": "Pix, compétences numériques, certification, culture numérique",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Campagne précédente", -330, 180, None),
            _session("Campagne en cours", -60, 180, None),
            _session("Campagne suivante", 125, 180, None, False, 20),
        ],
    },
    {
        "slug": "numerique-responsable-sobriete",
        "title": "Numérique responsable et sobriété numérique",
        "summary": "Quel est l'impact environnemental du numérique et comment le réduire au quotidien ? Ce module en autonomie donne des repères chiffrés et des gestes concrets pour les agents comme pour les équipes projet.",
        "objectives": (
            "- Mesurer l'empreinte environnementale du numérique\n"
            "- Adopter des usages sobres au quotidien\n"
            "- Intégrer l'écoconception dans les projets numériques"
        ),
        "content": (
            "- Module 1 : l'empreinte du numérique\n"
            "- Module 2 : équipements, usages et stockage\n"
            "- Module 3 : le référentiel d'écoconception des services numériques"
        ),
        "prerequisites": "Aucun",
        "audience": "Tous les agents, en particulier les équipes numériques.",
        "jobs": "Tous métiers, Chef de projet numérique, Développeur",
        "duration_hours": 2.0,
        "modality": "self_paced",
        "certifying": False,
        "licence": "cc-by-sa",
        "producer": "dinum",
        "collections": ["transition-ecologique", "numerique-sic"],
        "keywords": "sobriété numérique, numérique responsable, écoconception, RGESN",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Édition précédente", -395, 365, None),
            _session("Accès permanent", -30, 365, None),
            _session("Nouvelle édition", 335, 365, None, False, 30),
        ],
    },
    {
        "slug": "concevoir-et-animer-une-classe-virtuelle",
        "title": "Concevoir et animer une classe virtuelle",
        "summary": "Une formation de formateurs, conçue par le ministère de l'Agriculture, pour passer de la visioconférence à une vraie situation de formation à distance. Les participants conçoivent et animent une séquence devant leurs pairs.",
        "objectives": (
            "- Scénariser une classe virtuelle centrée sur l'activité des apprenants\n"
            "- Maîtriser les outils d'interaction (sondages, sous-salles, tableau blanc)\n"
            "- Adopter les gestes professionnels de l'animation à distance\n"
            "- Évaluer et améliorer sa séquence"
        ),
        "content": (
            "- Module 1 : les spécificités de la classe virtuelle\n"
            "- Module 2 : scénariser une séquence\n"
            "- Module 3 : animer devant ses pairs et recevoir leurs retours\n"
            "- Module 4 : retour d'expérience après une première animation réelle"
        ),
        "prerequisites": "Avoir une expérience de formateur ou de concepteur.",
        "audience": "Formateurs internes, concepteurs pédagogiques, responsables de formation.",
        "jobs": "Formateur, Concepteur pédagogique, Responsable de formation",
        "duration_hours": 14.0,
        "modality": "hybrid",
        "certifying": False,
        "licence": "cc-by-sa",
        "producer": "agriculture",
        "collections": ["developpement-professionnel", "numerique-sic"],
        "keywords": "classe virtuelle, formation de formateurs, animation à distance, ingénierie pédagogique",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Promotion 6", -100, 28, 20, True),
            _session("Promotion 7", 4, 28, 20, True, 30),
            _session("Promotion 8", 95, 28, 20, True, 30),
        ],
    },
    {
        "slug": "communaute-des-concepteurs-mentor",
        "title": "Communauté des concepteurs Mentor : échanges de pratiques",
        "summary": "Un espace d'échange entre pairs pour les concepteurs et intégrateurs de formations en ligne des ministères. On y partage gabarits, retours d'expérience et solutions aux problèmes techniques rencontrés.",
        "objectives": (
            "- Partager ses pratiques de conception et d'intégration\n"
            "- Trouver de l'aide sur un problème pédagogique ou technique\n"
            "- Mutualiser les ressources entre ministères"
        ),
        "content": (
            "- Module 1 : forums thématiques (scénarisation, SCORM, accessibilité)\n"
            "- Module 2 : ateliers mensuels en classe virtuelle\n"
            "- Module 3 : bibliothèque de gabarits et de modèles"
        ),
        "prerequisites": "Être concepteur, intégrateur ou administrateur sur Mentor.",
        "audience": "Équipes Mentor des ministères, concepteurs et formateurs.",
        "jobs": "Concepteur pédagogique, Intégrateur, Responsable de formation",
        "duration_hours": 10.0,
        "modality": "peer_exchange",
        "certifying": False,
        "licence": "cc-by-sa",
        "producer": "dgafp",
        "collections": ["developpement-professionnel", "numerique-sic"],
        "keywords": "communauté, concepteurs, échanges de pratiques, ingénierie pédagogique, Mentor",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Saison précédente", -400, 330, None),
            _session("Saison en cours", -60, 330, None),
            _session("Saison suivante", 275, 330, None, False, 15),
        ],
    },
    {
        "slug": "armees-hygiene-numerique-personnel-civil",
        "title": "Cyberdéfense : hygiène numérique du personnel civil de la défense",
        "summary": "Formation métier réservée au personnel du ministère des Armées. Elle présente les règles de protection du secret et des systèmes d'information de la défense, au-delà des réflexes communs à tous les agents.",
        "objectives": (
            "- Connaître les règles de protection du secret de la défense nationale\n"
            "- Appliquer les règles d'usage des systèmes d'information classifiés\n"
            "- Identifier les menaces ciblant la défense\n"
            "- Signaler un incident de sécurité"
        ),
        "content": (
            "- Module 1 : menaces et modes opératoires contre la défense\n"
            "- Module 2 : protection du secret et habilitations\n"
            "- Module 3 : règles d'usage des réseaux de la défense\n"
            "- Module 4 : quiz de validation"
        ),
        "prerequisites": "Aucun",
        "audience": "Personnel civil du ministère des Armées.",
        "jobs": "Tous métiers",
        "duration_hours": 2.0,
        "modality": "self_paced",
        "certifying": False,
        "licence": "all-rights",
        "producer": "armees",
        "collections": ["numerique-sic"],
        "keywords": "cyberdéfense, secret de la défense, sécurité des systèmes d'information, habilitation",
        "internal_to": "armees",
        "featured": False,
        "sessions": [
            _session("Édition précédente", -370, 365, None),
            _session("Accès permanent", -5, 365, None),
            _session("Nouvelle édition", 360, 365, None, False, 30),
        ],
    },
    # --- Préparation aux concours et examens professionnels ------------------------------
    {
        "slug": "preparer-oral-concours-attache",
        "title": "Préparer l'oral du concours d'attaché d'administration de l'État",
        "summary": "Cette préparation hybride entraîne les admissibles à l'entretien avec le jury. Elle combine méthodologie en ligne, oraux blancs en présentiel et retours individualisés.",
        "objectives": (
            "- Connaître les attentes du jury et les critères d'évaluation\n"
            "- Construire et présenter son parcours de manière convaincante\n"
            "- Répondre aux questions de motivation, de culture administrative et de mise en situation\n"
            "- Gérer son stress pendant l'épreuve"
        ),
        "content": (
            "- Module 1 : l'épreuve et les attentes du jury\n"
            "- Module 2 : préparer sa présentation\n"
            "- Module 3 : les mises en situation professionnelles\n"
            "- Module 4 : deux oraux blancs devant un jury"
        ),
        "prerequisites": "Être inscrit au concours interne ou au troisième concours d'attaché.",
        "audience": "Agents de catégorie B préparant le concours d'attaché (IRA).",
        "jobs": "Secrétaire administratif, Gestionnaire, Assistant de direction",
        "duration_hours": 20.0,
        "modality": "hybrid",
        "certifying": False,
        "licence": "cc-by-nc-sa",
        "producer": "ira-lyon",
        "collections": ["preparation-concours"],
        "keywords": "concours, attaché, IRA, oral, jury, préparation",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Préparation précédente", -200, 45, 30, True),
            _session("Préparation en cours", -14, 45, 30, True),
            _session("Préparation suivante", 160, 45, 30, True, 60),
        ],
    },
    {
        "slug": "reussir-note-de-synthese-categorie-b",
        "title": "Réussir l'épreuve de note de synthèse (catégorie B)",
        "summary": "Un entraînement tutoré à l'épreuve écrite de note de synthèse des concours de secrétaire administratif et de contrôleur. Les copies sont corrigées et annotées par des tuteurs.",
        "objectives": (
            "- Analyser un dossier documentaire dans le temps imparti\n"
            "- Construire un plan clair et équilibré\n"
            "- Rédiger une note objective et synthétique\n"
            "- S'entraîner dans les conditions de l'épreuve"
        ),
        "content": (
            "- Module 1 : la méthodologie de la note de synthèse\n"
            "- Module 2 : lecture rapide et tri de l'information\n"
            "- Module 3 : construction du plan\n"
            "- Module 4 : trois devoirs corrigés"
        ),
        "prerequisites": "Remplir les conditions pour se présenter à un concours de catégorie B.",
        "audience": "Agents préparant un concours ou un examen professionnel de catégorie B.",
        "jobs": "Adjoint administratif, Agent d'accueil, Gestionnaire",
        "duration_hours": 24.0,
        "modality": "tutored",
        "certifying": False,
        "licence": "cc-by-nc-sa",
        "producer": "ira-nantes",
        "collections": ["preparation-concours"],
        "keywords": "note de synthèse, concours, catégorie B, secrétaire administratif, méthodologie",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Préparation 1", -170, 90, 120, True),
            _session("Préparation 2", -30, 90, 120, True),
            _session("Préparation 3", 100, 90, 120, True, 45),
        ],
    },
    {
        "slug": "constituer-son-dossier-raep",
        "title": "Constituer son dossier de reconnaissance des acquis de l'expérience professionnelle (RAEP)",
        "summary": "De nombreux concours et examens professionnels comportent une épreuve de RAEP. Ce module en autonomie aide à valoriser son parcours et à rédiger un dossier convaincant.",
        "objectives": (
            "- Comprendre la finalité de l'épreuve de RAEP\n"
            "- Identifier et décrire ses compétences\n"
            "- Choisir et présenter une réalisation professionnelle\n"
            "- Préparer l'entretien avec le jury"
        ),
        "content": (
            "- Module 1 : l'épreuve de RAEP\n"
            "- Module 2 : faire le bilan de son parcours\n"
            "- Module 3 : rédiger le dossier\n"
            "- Module 4 : exemples commentés"
        ),
        "prerequisites": "Aucun",
        "audience": "Agents préparant un concours ou un examen professionnel avec épreuve de RAEP.",
        "jobs": "Tous métiers",
        "duration_hours": 3.0,
        "modality": "self_paced",
        "certifying": False,
        "licence": "cc-by",
        "producer": "dgafp",
        "collections": ["preparation-concours", "developpement-professionnel"],
        "keywords": "RAEP, concours, examen professionnel, promotion interne, dossier",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Édition précédente", -430, 365, None),
            _session("Accès permanent", -65, 365, None),
            _session("Nouvelle édition", 300, 365, None, False, 30),
        ],
    },
    {
        "slug": "cycle-preparatoire-concours-interne-insp",
        "title": "Préparer le concours interne de l'INSP : méthodologie des épreuves écrites",
        "summary": "Une préparation exigeante aux épreuves écrites du concours interne de l'Institut national du service public. Elle associe méthodologie, conférences d'actualité et devoirs corrigés sur plusieurs mois.",
        "objectives": (
            "- Maîtriser la méthodologie de la note sur dossier et de la dissertation\n"
            "- Actualiser ses connaissances en questions sociales, économiques et européennes\n"
            "- S'entraîner régulièrement en conditions réelles"
        ),
        "content": (
            "- Module 1 : méthodologie des épreuves écrites\n"
            "- Module 2 : conférences d'actualité (classes virtuelles)\n"
            "- Module 3 : devoirs sur table corrigés\n"
            "- Module 4 : concours blanc"
        ),
        "prerequisites": "Remplir les conditions d'accès au concours interne de l'INSP.",
        "audience": "Agents de catégorie A préparant le concours interne de l'INSP.",
        "jobs": "Attaché d'administration, Inspecteur, Ingénieur",
        "duration_hours": 60.0,
        "modality": "hybrid",
        "certifying": False,
        "licence": "all-rights",
        "producer": "insp",
        "collections": ["preparation-concours"],
        "keywords": "INSP, concours interne, haute fonction publique, dissertation, note sur dossier",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Préparation précédente", -330, 240, 30, True),
            _session("Préparation en cours", -60, 240, 30, True),
            _session("Préparation suivante", 200, 240, 30, True, 90),
        ],
    },
    {
        "slug": "justice-examen-greffier-principal",
        "title": "Préparer l'examen professionnel de directeur des services de greffe judiciaires",
        "summary": "Formation réservée aux agents du ministère de la Justice. Elle prépare les greffiers aux épreuves de l'examen professionnel d'accès au corps des directeurs des services de greffe judiciaires.",
        "objectives": (
            "- Réviser l'organisation judiciaire et la procédure\n"
            "- S'entraîner au cas pratique de gestion d'un service de greffe\n"
            "- Préparer l'entretien avec le jury"
        ),
        "content": (
            "- Module 1 : organisation judiciaire et statut des greffes\n"
            "- Module 2 : gestion des ressources humaines et budgétaires d'une juridiction\n"
            "- Module 3 : cas pratiques corrigés\n"
            "- Module 4 : oral blanc"
        ),
        "prerequisites": "Être greffier des services judiciaires et remplir les conditions d'ancienneté.",
        "audience": "Greffiers des services judiciaires.",
        "jobs": "Greffier, Greffier fonctionnel, Responsable de service de greffe",
        "duration_hours": 35.0,
        "modality": "tutored",
        "certifying": False,
        "licence": "all-rights",
        "producer": "greffes",
        "collections": ["preparation-concours"],
        "keywords": "greffe, examen professionnel, directeur des services de greffe, juridiction",
        "internal_to": "justice",
        "featured": False,
        "sessions": [
            _session("Préparation précédente", -250, 120, 80, True),
            _session("Préparation en cours", -35, 120, 80, True),
            _session("Préparation suivante", 130, 120, 80, True, 45),
        ],
    },
    # --- Ressources humaines ------------------------------------------------------------
    {
        "slug": "statut-general-droits-et-obligations",
        "title": "Le statut général de la fonction publique : droits et obligations",
        "summary": "Ce module en autonomie présente le code général de la fonction publique et les droits et obligations qui s'appliquent à tous les agents. Il éclaire la situation des titulaires comme celle des contractuels.",
        "objectives": (
            "- Connaître les grands principes du code général de la fonction publique\n"
            "- Identifier ses droits : rémunération, congés, protection fonctionnelle\n"
            "- Connaître ses obligations : neutralité, discrétion, obéissance hiérarchique\n"
            "- Distinguer les situations des titulaires et des contractuels"
        ),
        "content": (
            "- Module 1 : l'architecture de la fonction publique\n"
            "- Module 2 : les droits des agents\n"
            "- Module 3 : les obligations des agents\n"
            "- Module 4 : quiz de validation"
        ),
        "prerequisites": "Aucun",
        "audience": "Tous les agents publics, en particulier les nouveaux arrivants.",
        "jobs": "Tous métiers",
        "duration_hours": 3.0,
        "modality": "self_paced",
        "certifying": False,
        "licence": "cc-by",
        "producer": "dgafp",
        "collections": ["ressources-humaines", "valeurs-republique"],
        "keywords": "statut, code général de la fonction publique, droits, obligations, contractuels",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Édition précédente", -440, 365, None),
            _session("Accès permanent", -75, 365, None),
            _session("Nouvelle édition", 290, 365, None, False, 30),
        ],
    },
    {
        "slug": "agriculture-renoirh-gestionnaires-de-proximite",
        "title": "RenoiRH pour les gestionnaires de proximité",
        "summary": "Formation réservée aux agents du ministère de l'Agriculture et de la Souveraineté alimentaire. Elle accompagne les gestionnaires de proximité dans la prise en main du système d'information RH RenoiRH.",
        "objectives": (
            "- Naviguer dans RenoiRH et retrouver un dossier agent\n"
            "- Saisir les actes de gestion courants (congés, temps partiel, absences)\n"
            "- Contrôler les données transmises à la paie\n"
            "- Éditer les requêtes et tableaux de bord utiles"
        ),
        "content": (
            "- Module 1 : présentation de RenoiRH et des profils\n"
            "- Module 2 : la gestion des temps et des absences\n"
            "- Module 3 : les actes de gestion et le pré-liquidatif de paie\n"
            "- Module 4 : classe virtuelle de questions-réponses"
        ),
        "prerequisites": "Disposer d'un profil gestionnaire dans RenoiRH.",
        "audience": "Gestionnaires RH de proximité des services centraux et déconcentrés.",
        "jobs": "Gestionnaire RH de proximité, Gestionnaire administratif, Assistant RH",
        "duration_hours": 8.0,
        "modality": "tutored",
        "certifying": False,
        "licence": "cc-by-nc-nd",
        "producer": "agriculture",
        "collections": ["ressources-humaines", "metiers-rh"],
        "keywords": "RenoiRH, SIRH, gestion administrative, paie, gestionnaire de proximité",
        "internal_to": "agriculture",
        "featured": False,
        "sessions": [
            _session("Vague 1", -150, 30, 50, True),
            _session("Vague 2", -11, 30, 50, True),
            _session("Vague 3", 65, 30, 50, True, 30),
        ],
    },
    {
        "slug": "egalite-professionnelle-femmes-hommes",
        "title": "Égalité professionnelle entre les femmes et les hommes",
        "summary": "Stéréotypes, écarts de rémunération, parcours de carrière : cette formation tutorée donne les clés pour agir en faveur de l'égalité professionnelle dans son service. Elle présente les obligations des employeurs publics et les plans d'action.",
        "objectives": (
            "- Connaître le cadre juridique de l'égalité professionnelle\n"
            "- Identifier les stéréotypes et leurs effets\n"
            "- Analyser les écarts dans son administration\n"
            "- Contribuer au plan d'action égalité"
        ),
        "content": (
            "- Module 1 : état des lieux et chiffres clés\n"
            "- Module 2 : le cadre juridique et les obligations des employeurs\n"
            "- Module 3 : stéréotypes et biais dans les décisions RH\n"
            "- Module 4 : construire et suivre un plan d'action"
        ),
        "prerequisites": "Aucun",
        "audience": "Tous les agents, et en priorité encadrants et acteurs RH.",
        "jobs": "Tous métiers, Responsable RH, Référent égalité",
        "duration_hours": 4.0,
        "modality": "tutored",
        "certifying": False,
        "licence": "cc-by",
        "producer": "dgafp",
        "collections": ["ressources-humaines", "valeurs-republique"],
        "keywords": "égalité professionnelle, femmes-hommes, stéréotypes, plan d'action",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Session 1", -105, 28, 400, True),
            _session("Session 2", -3, 28, 400, True),
            _session("Session 3", 80, 28, 400, True, 30),
        ],
    },
    # --- Métiers des ressources humaines ------------------------------------------------
    {
        "slug": "paie-fonction-publique-etat",
        "title": "La paie dans la fonction publique de l'État",
        "summary": "Traitement indiciaire, primes, cotisations, prélèvement à la source : cette formation explique la construction d'un bulletin de paie d'agent public. Elle s'adresse aux gestionnaires qui préparent ou contrôlent la paie.",
        "objectives": (
            "- Lire et expliquer un bulletin de paie\n"
            "- Connaître les éléments de la rémunération et du régime indemnitaire\n"
            "- Comprendre les cotisations et les prélèvements\n"
            "- Fiabiliser les éléments transmis au service de paie"
        ),
        "content": (
            "- Module 1 : la structure de la rémunération\n"
            "- Module 2 : le régime indemnitaire (RIFSEEP)\n"
            "- Module 3 : cotisations sociales et prélèvement à la source\n"
            "- Module 4 : le circuit de la paie et ses contrôles\n"
            "- Module 5 : cas pratiques"
        ),
        "prerequisites": "Aucun",
        "audience": "Gestionnaires RH et de paie.",
        "jobs": "Gestionnaire de paie, Gestionnaire RH, Responsable de bureau de gestion",
        "duration_hours": 14.0,
        "modality": "tutored",
        "certifying": False,
        "licence": "cc-by-nc-sa",
        "producer": "dgfip",
        "collections": ["metiers-rh"],
        "keywords": "paie, rémunération, RIFSEEP, bulletin de paie, cotisations",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Session 1", -135, 42, 150, True),
            _session("Session 2", -18, 42, 150, True),
            _session("Session 3", 50, 42, 150, True, 30),
        ],
    },
    {
        "slug": "retraite-des-fonctionnaires-de-l-etat",
        "title": "La retraite des fonctionnaires de l'État : conseiller et instruire",
        "summary": "Conçue par le Service des retraites de l'État, cette formation tutorée présente les règles de calcul des pensions civiles et le rôle de l'employeur dans la constitution des droits. Elle prépare les gestionnaires à répondre aux questions des agents en fin de carrière.",
        "objectives": (
            "- Connaître les règles de liquidation des pensions civiles\n"
            "- Fiabiliser le compte individuel retraite des agents\n"
            "- Informer un agent sur ses droits et ses démarches\n"
            "- Traiter les cas particuliers : carrières longues, invalidité, polypensionnés"
        ),
        "content": (
            "- Module 1 : le régime des pensions civiles et militaires\n"
            "- Module 2 : le compte individuel retraite et le rôle de l'employeur\n"
            "- Module 3 : le calcul de la pension\n"
            "- Module 4 : les départs anticipés et les cas particuliers\n"
            "- Module 5 : l'entretien information retraite"
        ),
        "prerequisites": "Connaître les bases de la gestion administrative des agents.",
        "audience": "Gestionnaires RH chargés des dossiers retraite.",
        "jobs": "Gestionnaire RH, Gestionnaire retraite, Conseiller RH",
        "duration_hours": 10.0,
        "modality": "tutored",
        "certifying": False,
        "licence": "cc-by-nc-sa",
        "producer": "sre",
        "collections": ["metiers-rh"],
        "keywords": "retraite, pensions civiles, compte individuel retraite, SRE",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Session 1", -125, 42, 120, True),
            _session("Session 2", -13, 42, 120, True),
            _session("Session 3", 78, 42, 120, True, 30),
        ],
    },
    {
        "slug": "gpeec-gestion-previsionnelle",
        "title": "Gestion prévisionnelle des emplois, des effectifs et des compétences (GPEEC)",
        "summary": "Cette formation hybride présente les méthodes et outils pour anticiper les besoins en emplois et en compétences. Les participants construisent une cartographie des métiers de leur périmètre.",
        "objectives": (
            "- Comprendre les enjeux de la GPEEC\n"
            "- Utiliser le répertoire interministériel des métiers de l'État (RIME)\n"
            "- Analyser les écarts entre besoins et ressources\n"
            "- Proposer un plan d'action RH"
        ),
        "content": (
            "- Module 1 : les enjeux et la démarche\n"
            "- Module 2 : référentiels métiers et compétences\n"
            "- Module 3 : atelier de diagnostic en présentiel\n"
            "- Module 4 : du diagnostic au plan d'action"
        ),
        "prerequisites": "Exercer des fonctions RH.",
        "audience": "Responsables RH, conseillers GPEEC, chargés d'études RH.",
        "jobs": "Responsable RH, Chargé de GPEEC, Chargé d'études RH",
        "duration_hours": 12.0,
        "modality": "hybrid",
        "certifying": False,
        "licence": "cc-by-nc-sa",
        "producer": "dgafp",
        "collections": ["metiers-rh"],
        "keywords": "GPEEC, compétences, RIME, prospective, emplois",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Promotion 1", -85, 30, 25),
            _session("Promotion 2", 28, 30, 25, False, 40),
            _session("Promotion 3", 125, 30, 25, False, 40),
        ],
    },
    {
        "slug": "recruter-sans-discriminer",
        "title": "Recruter sans discriminer",
        "summary": "Cette classe virtuelle aide les recruteurs et membres de jury à objectiver leurs décisions. Elle présente les critères de discrimination prohibés, les biais cognitifs et les bonnes pratiques d'entretien.",
        "objectives": (
            "- Connaître le cadre juridique de la non-discrimination\n"
            "- Identifier ses biais dans l'évaluation d'un candidat\n"
            "- Conduire un entretien structuré sur les compétences\n"
            "- Motiver et tracer sa décision"
        ),
        "content": (
            "- Module 1 : le droit de la non-discrimination\n"
            "- Module 2 : biais cognitifs et stéréotypes\n"
            "- Module 3 : l'entretien structuré\n"
            "- Module 4 : mises en situation"
        ),
        "prerequisites": "Aucun",
        "audience": "Recruteurs, encadrants, membres de jurys de concours.",
        "jobs": "Chargé de recrutement, Membre de jury, Chef de service",
        "duration_hours": 7.0,
        "modality": "virtual_class",
        "certifying": False,
        "licence": "cc-by",
        "producer": "dgafp",
        "collections": ["metiers-rh", "valeurs-republique"],
        "keywords": "recrutement, discriminations, jury, biais, diversité",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Groupe 1", -55, 7, 22),
            _session("Groupe 2", 1, 7, 22),
            _session("Groupe 3", 42, 7, 22, False, 30),
        ],
    },
    {
        "slug": "devenir-conseiller-mobilite-carriere",
        "title": "Devenir conseiller mobilité-carrière",
        "summary": "Un parcours certifiant pour les professionnels qui accompagnent les agents dans leurs projets d'évolution. Il associe apports méthodologiques, pratique supervisée d'entretiens et analyse de pratiques.",
        "objectives": (
            "- Conduire un entretien de carrière\n"
            "- Accompagner la construction d'un projet professionnel\n"
            "- Mobiliser les dispositifs de formation et de mobilité\n"
            "- Travailler en réseau avec les acteurs RH"
        ),
        "content": (
            "- Module 1 : le rôle et la déontologie du conseiller\n"
            "- Module 2 : techniques d'entretien\n"
            "- Module 3 : outils du bilan et du projet professionnel\n"
            "- Module 4 : pratique supervisée\n"
            "- Module 5 : évaluation certifiante"
        ),
        "prerequisites": "Être positionné sur une fonction de conseil en mobilité-carrière.",
        "audience": "Conseillers mobilité-carrière des ministères et des plateformes RH régionales.",
        "jobs": "Conseiller mobilité-carrière, Conseiller RH, Chargé d'accompagnement",
        "duration_hours": 42.0,
        "modality": "hybrid",
        "certifying": True,
        "licence": "cc-by-nc-nd",
        "producer": "dgafp",
        "collections": ["metiers-rh", "developpement-professionnel"],
        "keywords": "conseil en carrière, mobilité, accompagnement, entretien de carrière, certification",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Promotion 4", -210, 120, 20, True),
            _session("Promotion 5", -40, 120, 20, True),
            _session("Promotion 6", 140, 120, 20, True, 60),
        ],
    },
    # --- Accompagnement du développement professionnel ----------------------------------
    {
        "slug": "mobiliser-son-compte-personnel-de-formation",
        "title": "Mobiliser son compte personnel de formation (CPF)",
        "summary": "Ce module court explique comment fonctionne le compte personnel de formation dans la fonction publique et comment construire une demande solide. Il présente aussi les autres dispositifs : congé de formation, bilan de compétences, VAE.",
        "objectives": (
            "- Comprendre l'alimentation et l'utilisation du CPF\n"
            "- Distinguer les dispositifs de formation tout au long de la vie\n"
            "- Construire une demande de mobilisation motivée"
        ),
        "content": (
            "- Module 1 : les droits à formation de l'agent public\n"
            "- Module 2 : le CPF pas à pas\n"
            "- Module 3 : congé de formation, bilan de compétences et VAE"
        ),
        "prerequisites": "Aucun",
        "audience": "Tous les agents publics et leurs conseillers formation.",
        "jobs": "Tous métiers",
        "duration_hours": 1.0,
        "modality": "self_paced",
        "certifying": False,
        "licence": "cc-by",
        "producer": "dgafp",
        "collections": ["developpement-professionnel"],
        "keywords": "CPF, compte personnel de formation, VAE, bilan de compétences, formation",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Édition précédente", -405, 365, None),
            _session("Accès permanent", -40, 365, None),
            _session("Nouvelle édition", 325, 365, None, False, 30),
        ],
    },
    {
        "slug": "preparer-sa-mobilite-professionnelle",
        "title": "Préparer sa mobilité professionnelle",
        "summary": "Un parcours tutoré pour faire le point sur ses compétences, explorer les métiers de la fonction publique et réussir sa candidature. Il présente les outils de la Place de l'emploi public.",
        "objectives": (
            "- Faire le point sur ses compétences et ses motivations\n"
            "- Explorer les métiers et les employeurs publics\n"
            "- Rédiger un CV et une lettre de motivation adaptés\n"
            "- Préparer un entretien de recrutement"
        ),
        "content": (
            "- Module 1 : bilan de parcours et compétences transférables\n"
            "- Module 2 : les métiers de l'État et la Place de l'emploi public\n"
            "- Module 3 : candidature et entretien\n"
            "- Module 4 : classe virtuelle d'échanges avec des conseillers mobilité-carrière"
        ),
        "prerequisites": "Aucun",
        "audience": "Agents ayant un projet de mobilité.",
        "jobs": "Tous métiers",
        "duration_hours": 6.0,
        "modality": "tutored",
        "certifying": False,
        "licence": "cc-by",
        "producer": "dgafp",
        "collections": ["developpement-professionnel"],
        "keywords": "mobilité, carrière, Place de l'emploi public, CV, entretien",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Session 1", -95, 30, 300, True),
            _session("Session 2", 5, 30, 300, True, 20),
            _session("Session 3", 85, 30, 300, True, 20),
        ],
    },
    {
        "slug": "devenir-formateur-interne-occasionnel",
        "title": "Devenir formateur interne occasionnel",
        "summary": "Un parcours hybride pour les agents qui transmettent leur expertise en animant des formations. Il se conclut par une animation évaluée et une certification de formateur interne.",
        "objectives": (
            "- Concevoir une séquence de formation à partir d'objectifs\n"
            "- Animer un groupe et varier les méthodes pédagogiques\n"
            "- Évaluer les acquis des participants\n"
            "- Adapter sa formation en présentiel et à distance"
        ),
        "content": (
            "- Module 1 : les principes de l'apprentissage des adultes\n"
            "- Module 2 : concevoir une séquence\n"
            "- Module 3 : deux journées d'animation en présentiel\n"
            "- Module 4 : animation évaluée et certification"
        ),
        "prerequisites": "Être expert dans son domaine et avoir un projet d'animation.",
        "audience": "Agents amenés à animer des formations internes.",
        "jobs": "Formateur interne, Expert métier, Tuteur",
        "duration_hours": 21.0,
        "modality": "hybrid",
        "certifying": True,
        "licence": "cc-by-sa",
        "producer": "ira-nantes",
        "collections": ["developpement-professionnel"],
        "keywords": "formateur interne, pédagogie, animation, ingénierie de formation",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Promotion 11", -110, 45, 20, True),
            _session("Promotion 12", -8, 45, 20, True),
            _session("Promotion 13", 90, 45, 20, True, 45),
        ],
    },
    # --- Hygiène, santé et sécurité au travail ------------------------------------------
    {
        "slug": "prevenir-les-risques-psychosociaux",
        "title": "Prévenir les risques psychosociaux",
        "summary": "Stress, épuisement professionnel, conflits : cette formation tutorée aide à repérer les risques psychosociaux et à agir collectivement pour les prévenir. Elle s'adresse aux agents comme aux encadrants.",
        "objectives": (
            "- Définir les risques psychosociaux et leurs facteurs\n"
            "- Repérer les signaux d'alerte individuels et collectifs\n"
            "- Connaître les acteurs et les dispositifs de prévention\n"
            "- Contribuer à un plan de prévention"
        ),
        "content": (
            "- Module 1 : comprendre les risques psychosociaux\n"
            "- Module 2 : repérer et alerter\n"
            "- Module 3 : les acteurs de la prévention\n"
            "- Module 4 : agir collectivement, le rôle du manager"
        ),
        "prerequisites": "Aucun",
        "audience": "Tous les agents, encadrants, acteurs de la prévention.",
        "jobs": "Tous métiers, Encadrant, Conseiller de prévention",
        "duration_hours": 7.0,
        "modality": "tutored",
        "certifying": False,
        "licence": "cc-by-nc-sa",
        "producer": "dgafp",
        "collections": ["hygiene-sante-securite-travail", "management"],
        "keywords": "risques psychosociaux, RPS, stress, burn-out, prévention, qualité de vie au travail",
        "internal_to": None,
        "featured": True,
        "sessions": [
            _session("Session 1", -120, 35, 500, True),
            _session("Session 2", -5, 35, 500, True),
            _session("Session 3", 60, 35, 500, True, 30),
        ],
    },
    {
        "slug": "formation-initiale-assistants-prevention",
        "title": "Formation initiale des assistants et conseillers de prévention",
        "summary": "La formation réglementaire obligatoire des assistants et conseillers de prévention nouvellement nommés. Elle alterne modules en ligne et journées en présentiel consacrées à l'analyse des risques.",
        "objectives": (
            "- Connaître le cadre réglementaire de la santé et sécurité au travail\n"
            "- Évaluer les risques professionnels et tenir les registres\n"
            "- Analyser un accident du travail\n"
            "- Travailler avec la formation spécialisée en santé, sécurité et conditions de travail"
        ),
        "content": (
            "- Module 1 : la réglementation et les acteurs\n"
            "- Module 2 : l'évaluation des risques\n"
            "- Module 3 : l'analyse des accidents (méthode de l'arbre des causes)\n"
            "- Module 4 : trois journées en présentiel\n"
            "- Module 5 : validation des acquis"
        ),
        "prerequisites": "Avoir été nommé assistant ou conseiller de prévention.",
        "audience": "Assistants et conseillers de prévention nouvellement nommés.",
        "jobs": "Assistant de prévention, Conseiller de prévention",
        "duration_hours": 35.0,
        "modality": "hybrid",
        "certifying": True,
        "licence": "cc-by-nc-sa",
        "producer": "social",
        "collections": ["hygiene-sante-securite-travail"],
        "keywords": "prévention, assistant de prévention, santé et sécurité au travail, arbre des causes",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Promotion 1", -160, 60, 24, True),
            _session("Promotion 2", -22, 60, 24, True),
            _session("Promotion 3", 100, 60, 24, True, 45),
        ],
    },
    {
        "slug": "document-unique-evaluation-risques",
        "title": "Élaborer et mettre à jour le document unique d'évaluation des risques professionnels",
        "summary": "Cette classe virtuelle donne une méthode pour construire ou actualiser le document unique (DUERP) d'un service. Elle insiste sur l'association des agents et le suivi du plan de prévention.",
        "objectives": (
            "- Connaître les obligations liées au document unique\n"
            "- Identifier les unités de travail et les risques\n"
            "- Coter les risques et prioriser les actions\n"
            "- Associer les agents à la démarche"
        ),
        "content": (
            "- Module 1 : le cadre réglementaire\n"
            "- Module 2 : la méthode d'évaluation\n"
            "- Module 3 : du DUERP au programme annuel de prévention"
        ),
        "prerequisites": "Aucun",
        "audience": "Chefs de service, assistants de prévention, responsables logistiques.",
        "jobs": "Chef de service, Assistant de prévention, Responsable logistique",
        "duration_hours": 4.0,
        "modality": "virtual_class",
        "certifying": False,
        "licence": "cc-by",
        "producer": "social",
        "collections": ["hygiene-sante-securite-travail"],
        "keywords": "DUERP, document unique, évaluation des risques, prévention",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Groupe 1", -40, 1, 25),
            _session("Groupe 2", 10, 1, 25, False, 30),
            _session("Groupe 3", 45, 1, 25, False, 30),
        ],
    },
    {
        "slug": "lutte-contre-violences-sexistes-et-sexuelles",
        "title": "Lutte contre les violences sexistes et sexuelles au travail",
        "summary": "Une formation obligatoire pour comprendre, repérer et agir face aux violences sexistes et sexuelles au travail. Elle présente le dispositif de signalement et les responsabilités de chacun.",
        "objectives": (
            "- Définir les violences sexistes et sexuelles et leurs qualifications juridiques\n"
            "- Repérer les situations et réagir en tant que témoin\n"
            "- Connaître le dispositif de signalement et d'accompagnement des victimes\n"
            "- Connaître les obligations de l'employeur et des encadrants"
        ),
        "content": (
            "- Module 1 : de quoi parle-t-on ?\n"
            "- Module 2 : repérer et réagir\n"
            "- Module 3 : signaler, accompagner, sanctionner\n"
            "- Module 4 : le rôle particulier des encadrants"
        ),
        "prerequisites": "Aucun",
        "audience": "Tous les agents publics.",
        "jobs": "Tous métiers",
        "duration_hours": 3.0,
        "modality": "tutored",
        "certifying": False,
        "licence": "cc-by-nd",
        "producer": "dgafp",
        "collections": ["hygiene-sante-securite-travail", "valeurs-republique"],
        "keywords": "violences sexistes et sexuelles, harcèlement, signalement, égalité",
        "internal_to": None,
        "featured": True,
        "sessions": [
            _session("Session 1", -180, 60, None, True),
            _session("Session 2", -20, 60, None, True),
            _session("Session 3", 50, 60, None, True, 20),
        ],
    },
    {
        "slug": "sauveteur-secouriste-du-travail-recyclage",
        "title": "Sauveteur secouriste du travail : maintien et actualisation des compétences",
        "summary": "Un présentiel enrichi pour les sauveteurs secouristes du travail qui doivent actualiser leur certification. Des ressources en ligne préparent et prolongent la journée de mise en pratique.",
        "objectives": (
            "- Réviser la conduite à tenir face à une victime\n"
            "- Pratiquer les gestes de secours (massage cardiaque, défibrillateur)\n"
            "- Renouveler sa certification SST"
        ),
        "content": (
            "- Module 1 : révisions en ligne (vidéos et quiz)\n"
            "- Module 2 : journée de mise en pratique en présentiel\n"
            "- Module 3 : évaluation certificative\n"
            "- Module 4 : ressources en ligne après la formation"
        ),
        "prerequisites": "Être titulaire du certificat SST depuis moins de 24 mois.",
        "audience": "Sauveteurs secouristes du travail des services de l'État.",
        "jobs": "Sauveteur secouriste du travail, Assistant de prévention, Tous métiers",
        "duration_hours": 7.0,
        "modality": "enriched",
        "certifying": True,
        "licence": "all-rights",
        "producer": "interieur",
        "collections": ["hygiene-sante-securite-travail"],
        "keywords": "secourisme, SST, premiers secours, défibrillateur, certification",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Session Paris", -30, 1, 12),
            _session("Session Lyon", 7, 1, 12, False, 30),
            _session("Session Nantes", 38, 1, 12, False, 30),
        ],
    },
    # --- Techniques et affaires juridiques ----------------------------------------------
    {
        "slug": "rediger-un-acte-administratif",
        "title": "Rédiger un acte administratif",
        "summary": "Arrêtés, décisions, courriers faisant grief : cette formation tutorée donne une méthode pour rédiger des actes administratifs clairs et juridiquement sûrs. Elle s'appuie sur des exemples commentés et des exercices corrigés.",
        "objectives": (
            "- Identifier la nature et le régime d'un acte administratif\n"
            "- Vérifier la compétence, la procédure et les visas\n"
            "- Motiver une décision en droit et en fait\n"
            "- Mentionner les voies et délais de recours"
        ),
        "content": (
            "- Module 1 : les différents actes administratifs\n"
            "- Module 2 : la légalité externe (compétence, forme, procédure)\n"
            "- Module 3 : la motivation\n"
            "- Module 4 : exercices de rédaction corrigés"
        ),
        "prerequisites": "Aucun",
        "audience": "Rédacteurs, juristes et gestionnaires préparant des décisions.",
        "jobs": "Rédacteur, Juriste, Gestionnaire de dossiers, Chef de bureau",
        "duration_hours": 8.0,
        "modality": "tutored",
        "certifying": False,
        "licence": "cc-by-nc-sa",
        "producer": "ira-lyon",
        "collections": ["techniques-affaires-juridiques"],
        "keywords": "acte administratif, arrêté, motivation, légalité, rédaction juridique",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Session 1", -140, 35, 150, True),
            _session("Session 2", -12, 35, 150, True),
            _session("Session 3", 75, 35, 150, True, 30),
        ],
    },
    {
        "slug": "rgpd-au-quotidien-agents-publics",
        "title": "Le RGPD au quotidien pour les agents publics",
        "summary": "Ce module en autonomie présente les règles de protection des données personnelles applicables aux administrations. Il aide chaque agent à adopter les bons réflexes et à savoir quand solliciter son délégué à la protection des données.",
        "objectives": (
            "- Connaître les principes du RGPD et de la loi Informatique et libertés\n"
            "- Identifier un traitement de données personnelles\n"
            "- Appliquer les principes de minimisation et de sécurité\n"
            "- Réagir face à une demande d'exercice de droits ou à une violation de données"
        ),
        "content": (
            "- Module 1 : les notions clés\n"
            "- Module 2 : les principes et les bases légales\n"
            "- Module 3 : les droits des personnes\n"
            "- Module 4 : sécurité et violations de données"
        ),
        "prerequisites": "Aucun",
        "audience": "Tous les agents traitant des données personnelles.",
        "jobs": "Tous métiers, Délégué à la protection des données, Chef de projet numérique",
        "duration_hours": 3.0,
        "modality": "self_paced",
        "certifying": False,
        "licence": "cc-by-sa",
        "producer": "dinum",
        "collections": ["techniques-affaires-juridiques", "numerique-sic"],
        "keywords": "RGPD, données personnelles, CNIL, protection des données, DPO",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Édition précédente", -415, 365, None),
            _session("Accès permanent", -50, 365, None),
            _session("Nouvelle édition", 315, 365, None, False, 30),
        ],
    },
    {
        "slug": "initiation-contentieux-administratif",
        "title": "Initiation au contentieux administratif",
        "summary": "Une série de classes virtuelles pour comprendre le déroulement d'un recours devant le juge administratif et préparer la défense de l'administration. Les séances s'appuient sur des dossiers réels anonymisés.",
        "objectives": (
            "- Connaître l'organisation de la juridiction administrative\n"
            "- Distinguer les recours et les procédures d'urgence\n"
            "- Rédiger un mémoire en défense\n"
            "- Exécuter une décision de justice"
        ),
        "content": (
            "- Module 1 : la juridiction administrative et les recours\n"
            "- Module 2 : les référés\n"
            "- Module 3 : rédiger un mémoire en défense\n"
            "- Module 4 : l'exécution des décisions"
        ),
        "prerequisites": "Notions de droit administratif.",
        "audience": "Juristes et agents des services contentieux.",
        "jobs": "Juriste, Chargé du contentieux, Rédacteur",
        "duration_hours": 10.0,
        "modality": "virtual_class",
        "certifying": False,
        "licence": "cc-by-nc-sa",
        "producer": "interieur",
        "collections": ["techniques-affaires-juridiques"],
        "keywords": "contentieux administratif, recours, référé, mémoire en défense, juge administratif",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Groupe 1", -70, 21, 25),
            _session("Groupe 2", 16, 21, 25, False, 30),
            _session("Groupe 3", 90, 21, 25, False, 30),
        ],
    },
    {
        "slug": "legistique-rediger-un-texte-normatif",
        "title": "Légistique : rédiger un texte normatif",
        "summary": "Cette formation présente les règles de conception et de rédaction des lois, décrets et arrêtés, telles que fixées par le guide de légistique. Elle comprend un atelier de rédaction en présentiel.",
        "objectives": (
            "- Connaître la hiérarchie des normes et le circuit d'adoption des textes\n"
            "- Appliquer les règles de rédaction du guide de légistique\n"
            "- Réaliser une étude d'impact\n"
            "- Rédiger une modification de texte existant"
        ),
        "content": (
            "- Module 1 : la procédure d'élaboration des textes\n"
            "- Module 2 : règles de forme et de rédaction\n"
            "- Module 3 : l'étude d'impact et les consultations\n"
            "- Module 4 : atelier de rédaction en présentiel"
        ),
        "prerequisites": "Formation juridique ou expérience de rédaction de textes.",
        "audience": "Rédacteurs de textes des directions d'administration centrale.",
        "jobs": "Juriste, Légiste, Chef de bureau",
        "duration_hours": 14.0,
        "modality": "hybrid",
        "certifying": False,
        "licence": "cc-by",
        "producer": "premier-ministre",
        "collections": ["techniques-affaires-juridiques"],
        "keywords": "légistique, texte normatif, décret, étude d'impact, SGG",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Promotion 1", -125, 21, 24),
            _session("Promotion 2", -1, 21, 24),
            _session("Promotion 3", 105, 21, 24, False, 45),
        ],
    },
    {
        "slug": "justice-greffe-accueil-du-justiciable",
        "title": "Le greffe au tribunal judiciaire : procédure civile et accueil du justiciable",
        "summary": "Formation métier réservée aux agents des greffes. Elle rappelle les règles essentielles de la procédure civile et les bonnes pratiques d'accueil au service d'accueil unique du justiciable.",
        "objectives": (
            "- Maîtriser les actes de greffe en procédure civile\n"
            "- Accueillir et renseigner le justiciable sans donner de consultation juridique\n"
            "- Utiliser les applications métier de la juridiction\n"
            "- Orienter vers l'aide juridictionnelle et l'accès au droit"
        ),
        "content": (
            "- Module 1 : le rôle du greffier dans la procédure civile\n"
            "- Module 2 : le service d'accueil unique du justiciable\n"
            "- Module 3 : les applications métier et la communication électronique\n"
            "- Module 4 : cas pratiques"
        ),
        "prerequisites": "Être affecté en juridiction.",
        "audience": "Greffiers et adjoints administratifs des services judiciaires.",
        "jobs": "Greffier, Adjoint administratif des services judiciaires, Agent d'accueil",
        "duration_hours": 12.0,
        "modality": "tutored",
        "certifying": False,
        "licence": "all-rights",
        "producer": "greffes",
        "collections": ["techniques-affaires-juridiques", "communication-services-usagers"],
        "keywords": "greffe, procédure civile, justiciable, SAUJ, juridiction",
        "internal_to": "justice",
        "featured": False,
        "sessions": [
            _session("Session 1", -115, 42, 100, True),
            _session("Session 2", -6, 42, 100, True),
            _session("Session 3", 80, 42, 100, True, 30),
        ],
    },
    {
        "slug": "ecologie-police-eau-et-nature-controles",
        "title": "Police de l'eau et de la nature : conduire un contrôle en direction départementale",
        "summary": "Formation métier réservée aux agents du pôle ministériel de la Transition écologique. Elle harmonise la conduite des contrôles et les suites administratives et pénales données aux manquements. Elle est validée par une évaluation préalable au commissionnement.",
        "objectives": (
            "- Préparer un contrôle à partir du plan de contrôle départemental\n"
            "- Conduire le contrôle sur le terrain\n"
            "- Rédiger un rapport de manquement administratif\n"
            "- Choisir les suites adaptées, en lien avec le parquet"
        ),
        "content": (
            "- Module 1 : le cadre de la police de l'environnement\n"
            "- Module 2 : préparer et conduire un contrôle\n"
            "- Module 3 : les suites administratives\n"
            "- Module 4 : les suites pénales et la relation avec le parquet\n"
            "- Module 5 : journée de terrain"
        ),
        "prerequisites": "Être commissionné et assermenté, ou en cours de l'être.",
        "audience": "Inspecteurs de l'environnement des directions départementales des territoires.",
        "jobs": "Inspecteur de l'environnement, Technicien supérieur du développement durable, Chef de service eau et biodiversité",
        "duration_hours": 24.0,
        "modality": "hybrid",
        "certifying": True,
        "licence": "cc-by-nc-nd",
        "producer": "ecologie",
        "collections": ["transition-ecologique", "techniques-affaires-juridiques"],
        "keywords": "police de l'eau, police de l'environnement, contrôle, DDT, biodiversité",
        "internal_to": "ecologie",
        "featured": False,
        "sessions": [
            _session("Promotion 1", -175, 45, 24, True),
            _session("Promotion 2", -16, 45, 24, True),
            _session("Promotion 3", 120, 45, 24, True, 45),
        ],
    },
    # --- Transformation de l'action publique --------------------------------------------
    {
        "slug": "initiation-design-des-politiques-publiques",
        "title": "Initiation au design des politiques publiques",
        "summary": "Cette formation hybride fait découvrir les méthodes du design pour concevoir des services publics à partir de l'expérience réelle des usagers et des agents. Les participants mènent une enquête de terrain sur leur propre sujet.",
        "objectives": (
            "- Comprendre la démarche de design et ses étapes\n"
            "- Mener des entretiens et des observations auprès des usagers\n"
            "- Formaliser un parcours usager et ses irritants\n"
            "- Prototyper et tester une solution"
        ),
        "content": (
            "- Module 1 : la démarche de design appliquée à l'action publique\n"
            "- Module 2 : l'immersion et l'enquête de terrain\n"
            "- Module 3 : atelier d'idéation en présentiel\n"
            "- Module 4 : prototyper et tester"
        ),
        "prerequisites": "Aucun",
        "audience": "Chefs de projet, agents de services en contact avec les usagers, encadrants.",
        "jobs": "Chef de projet, Chargé de mission innovation, Designer de service",
        "duration_hours": 14.0,
        "modality": "hybrid",
        "certifying": False,
        "licence": "cc-by-sa",
        "producer": "ditp",
        "collections": ["transformation-action-publique"],
        "keywords": "design, innovation publique, expérience usager, prototypage",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Promotion 1", -150, 42, 25),
            _session("Promotion 2", -9, 42, 25),
            _session("Promotion 3", 95, 42, 25, False, 45),
        ],
    },
    {
        "slug": "simplifier-une-demarche-administrative",
        "title": "Simplifier une démarche administrative de bout en bout",
        "summary": "À partir des avis des usagers et des données de la démarche, cette formation tutorée apprend à identifier les irritants et à simplifier un parcours. Elle présente les principes « Dites-le-nous une fois » et la dématérialisation de qualité.",
        "objectives": (
            "- Analyser une démarche du point de vue de l'usager\n"
            "- Supprimer les pièces justificatives inutiles grâce à l'échange de données\n"
            "- Concevoir un formulaire en ligne simple et accessible\n"
            "- Mesurer les effets de la simplification"
        ),
        "content": (
            "- Module 1 : pourquoi et comment simplifier\n"
            "- Module 2 : cartographier la démarche et ses irritants\n"
            "- Module 3 : « Dites-le-nous une fois » et les API de l'État\n"
            "- Module 4 : mesurer la satisfaction des usagers"
        ),
        "prerequisites": "Aucun",
        "audience": "Responsables de démarches, chefs de projet de dématérialisation.",
        "jobs": "Chef de projet, Responsable de démarche, Chef de projet numérique",
        "duration_hours": 6.0,
        "modality": "tutored",
        "certifying": False,
        "licence": "cc-by",
        "producer": "ditp",
        "collections": ["transformation-action-publique", "communication-services-usagers"],
        "keywords": "simplification, démarches en ligne, dématérialisation, Dites-le-nous une fois",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Session 1", -88, 28, 200, True),
            _session("Session 2", 11, 28, 200, True, 30),
            _session("Session 3", 70, 28, 200, True, 30),
        ],
    },
    {
        "slug": "evaluer-une-politique-publique",
        "title": "Évaluer une politique publique",
        "summary": "Cette formation tutorée présente les méthodes d'évaluation des politiques publiques, du questionnement évaluatif à l'utilisation des résultats. Elle s'appuie sur des évaluations récentes menées par l'État et se conclut par un certificat après la remise d'un projet d'évaluation.",
        "objectives": (
            "- Distinguer contrôle, audit et évaluation\n"
            "- Construire un référentiel et des questions évaluatives\n"
            "- Choisir des méthodes quantitatives et qualitatives adaptées\n"
            "- Valoriser et utiliser les résultats"
        ),
        "content": (
            "- Module 1 : les principes de l'évaluation\n"
            "- Module 2 : le questionnement évaluatif\n"
            "- Module 3 : les méthodes\n"
            "- Module 4 : de l'évaluation à la décision\n"
            "- Module 5 : projet d'évaluation certifiant"
        ),
        "prerequisites": "Aucun",
        "audience": "Chargés d'études, contrôleurs de gestion, chefs de projet.",
        "jobs": "Chargé d'évaluation, Contrôleur de gestion, Chargé d'études",
        "duration_hours": 12.0,
        "modality": "tutored",
        "certifying": True,
        "licence": "cc-by-nc-sa",
        "producer": "ditp",
        "collections": ["transformation-action-publique", "finances-publiques"],
        "keywords": "évaluation, politiques publiques, indicateurs, impact",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Session 1", -190, 49, 150, True),
            _session("Session 2", -30, 49, 150, True),
            _session("Session 3", 90, 49, 150, True, 30),
        ],
    },
    {
        "slug": "associer-les-citoyens-participation",
        "title": "Associer les citoyens : les outils de la participation",
        "summary": "Ce webinaire présente les formats de participation citoyenne (consultation, concertation, convention citoyenne) et leurs conditions de réussite. Il s'appuie sur des retours d'expérience de services de l'État.",
        "objectives": (
            "- Distinguer les niveaux et formats de participation\n"
            "- Choisir un dispositif adapté à son projet\n"
            "- Rendre compte aux participants des suites données"
        ),
        "content": (
            "- Module 1 : pourquoi associer les citoyens ?\n"
            "- Module 2 : panorama des dispositifs\n"
            "- Module 3 : retours d'expérience et questions-réponses"
        ),
        "prerequisites": "Aucun",
        "audience": "Chefs de projet et encadrants portant des politiques publiques.",
        "jobs": "Chef de projet, Chargé de concertation, Chargé de mission",
        "duration_hours": 1.5,
        "modality": "webinar",
        "certifying": False,
        "licence": "cc-by",
        "producer": "ditp",
        "collections": ["transformation-action-publique"],
        "keywords": "participation citoyenne, concertation, consultation, démocratie participative",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Webinaire n° 1", -95, 0, None),
            _session("Webinaire n° 2", -1, 0, None),
            _session("Webinaire n° 3", 28, 0, None, False, 30),
            _session("Webinaire n° 4", 63, 0, None, False, 30),
        ],
    },
    {
        "slug": "piloter-un-projet-en-mode-agile",
        "title": "Piloter un projet en mode agile",
        "summary": "Une classe virtuelle pour découvrir les méthodes agiles et les appliquer à des projets publics, numériques ou non. Les participants expérimentent un sprint sur un cas concret.",
        "objectives": (
            "- Comprendre les valeurs et principes de l'agilité\n"
            "- Découper un projet en incréments utiles\n"
            "- Animer les rituels d'une équipe agile\n"
            "- Articuler agilité et contraintes administratives"
        ),
        "content": (
            "- Module 1 : l'agilité, pourquoi et pour qui ?\n"
            "- Module 2 : rôles et rituels\n"
            "- Module 3 : simulation d'un sprint\n"
            "- Module 4 : l'agilité dans l'administration (exemples beta.gouv.fr)"
        ),
        "prerequisites": "Aucun",
        "audience": "Chefs de projet, encadrants, membres d'équipes projet.",
        "jobs": "Chef de projet, Product owner, Chef de projet numérique",
        "duration_hours": 7.0,
        "modality": "virtual_class",
        "certifying": False,
        "licence": "cc-by-sa",
        "producer": "dinum",
        "collections": ["transformation-action-publique", "management"],
        "keywords": "agilité, gestion de projet, scrum, sprint, beta.gouv.fr",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Groupe 1", -48, 14, 24),
            _session("Groupe 2", 13, 14, 24, False, 30),
            _session("Groupe 3", 60, 14, 24, False, 30),
        ],
    },
    # --- Transition écologique et développement durable ---------------------------------
    {
        "slug": "transition-ecologique-socle-commun",
        "title": "Sensibilisation à la transition écologique (socle commun)",
        "summary": "Le socle commun de la formation de tous les agents publics aux enjeux de la transition écologique. Il présente les données scientifiques sur le climat et la biodiversité et les leviers d'action de l'État.",
        "objectives": (
            "- Comprendre les mécanismes du changement climatique\n"
            "- Mesurer l'érosion de la biodiversité et ses causes\n"
            "- Connaître la planification écologique de l'État\n"
            "- Identifier les leviers d'action dans son métier"
        ),
        "content": (
            "- Module 1 : le climat, état des connaissances scientifiques\n"
            "- Module 2 : la biodiversité et les ressources\n"
            "- Module 3 : la planification écologique et les engagements de l'État\n"
            "- Module 4 : agir dans son métier et dans son service"
        ),
        "prerequisites": "Aucun",
        "audience": "Tous les agents publics (formation obligatoire).",
        "jobs": "Tous métiers",
        "duration_hours": 3.0,
        "modality": "self_paced",
        "certifying": False,
        "licence": "cc-by-sa",
        "producer": "cgdd",
        "collections": ["transition-ecologique"],
        "keywords": "transition écologique, climat, biodiversité, planification écologique, formation obligatoire",
        "internal_to": None,
        "featured": True,
        "sessions": [
            _session("Édition précédente", -420, 365, None),
            _session("Accès permanent", -55, 365, None),
            _session("Nouvelle édition", 310, 365, None, False, 30),
        ],
    },
    {
        "slug": "biodiversite-enjeux-action-publique",
        "title": "Biodiversité : comprendre les enjeux pour l'action publique",
        "summary": "Cette formation tutorée approfondit les enjeux de la biodiversité et leur prise en compte dans les politiques publiques. Elle présente la séquence « éviter, réduire, compenser » et la stratégie nationale biodiversité.",
        "objectives": (
            "- Comprendre les pressions qui pèsent sur la biodiversité\n"
            "- Connaître la stratégie nationale biodiversité\n"
            "- Appliquer la séquence « éviter, réduire, compenser »\n"
            "- Intégrer la biodiversité dans ses projets"
        ),
        "content": (
            "- Module 1 : la biodiversité, de quoi parle-t-on ?\n"
            "- Module 2 : les cinq pressions majeures\n"
            "- Module 3 : la stratégie nationale et les outils réglementaires\n"
            "- Module 4 : études de cas"
        ),
        "prerequisites": "Avoir suivi le socle commun de sensibilisation à la transition écologique.",
        "audience": "Agents dont les missions ont un impact sur les milieux naturels.",
        "jobs": "Chargé de mission environnement, Instructeur, Chef de projet aménagement",
        "duration_hours": 6.0,
        "modality": "tutored",
        "certifying": False,
        "licence": "cc-by-sa",
        "producer": "cgdd",
        "collections": ["transition-ecologique"],
        "keywords": "biodiversité, éviter réduire compenser, stratégie nationale, milieux naturels",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Session 1", -100, 35, 200, True),
            _session("Session 2", 19, 35, 200, True, 30),
            _session("Session 3", 110, 35, 200, True, 30),
        ],
    },
    {
        "slug": "bilan-emissions-gaz-a-effet-de-serre-service",
        "title": "Réaliser le bilan des émissions de gaz à effet de serre d'un service",
        "summary": "Un parcours certifiant pour conduire le bilan des émissions de gaz à effet de serre (BEGES) d'une administration et construire son plan de transition. Les participants réalisent le bilan de leur propre service.",
        "objectives": (
            "- Connaître les obligations réglementaires du BEGES\n"
            "- Collecter les données d'activité et appliquer les facteurs d'émission\n"
            "- Interpréter les résultats et identifier les postes prioritaires\n"
            "- Construire un plan de transition chiffré"
        ),
        "content": (
            "- Module 1 : le cadre méthodologique et réglementaire\n"
            "- Module 2 : collecte des données et base Empreinte\n"
            "- Module 3 : calcul et analyse\n"
            "- Module 4 : le plan de transition\n"
            "- Module 5 : soutenance du bilan"
        ),
        "prerequisites": "Maîtrise d'un tableur.",
        "audience": "Référents développement durable, responsables logistiques et immobiliers.",
        "jobs": "Référent développement durable, Responsable logistique, Chargé de mission transition écologique",
        "duration_hours": 28.0,
        "modality": "hybrid",
        "certifying": True,
        "licence": "cc-by-nc-sa",
        "producer": "cgdd",
        "collections": ["transition-ecologique"],
        "keywords": "bilan carbone, BEGES, gaz à effet de serre, plan de transition",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Promotion 1", -190, 90, 20, True),
            _session("Promotion 2", -45, 90, 20, True),
            _session("Promotion 3", 100, 90, 20, True, 45),
        ],
    },
    {
        "slug": "agriculture-indicateur-frequence-traitements-ift",
        "title": "L'indicateur de fréquence de traitements phytopharmaceutiques (IFT)",
        "summary": "Formation métier réservée aux agents du ministère de l'Agriculture concernés par le suivi des produits phytopharmaceutiques. Elle explique le calcul et l'interprétation de l'IFT et son usage dans les politiques de réduction.",
        "objectives": (
            "- Comprendre la définition et les règles de calcul de l'IFT\n"
            "- Calculer un IFT à partir d'un enregistrement de pratiques\n"
            "- Interpréter un IFT au regard des références régionales\n"
            "- Mobiliser l'IFT dans le plan Écophyto"
        ),
        "content": (
            "- Module 1 : l'IFT et le plan Écophyto\n"
            "- Module 2 : règles de calcul et doses de référence\n"
            "- Module 3 : exercices de calcul avec l'outil en ligne\n"
            "- Module 4 : interpréter et accompagner"
        ),
        "prerequisites": "Aucun",
        "audience": "Agents des DRAAF, des DDT et des établissements d'enseignement agricole.",
        "jobs": "Technicien supérieur du ministère de l'Agriculture, Ingénieur de l'agriculture et de l'environnement, Enseignant",
        "duration_hours": 4.0,
        "modality": "self_paced",
        "certifying": False,
        "licence": "cc-by-nc-sa",
        "producer": "dgal",
        "collections": ["transition-ecologique"],
        "keywords": "IFT, produits phytopharmaceutiques, Écophyto, agriculture",
        "internal_to": "agriculture",
        "featured": False,
        "sessions": [
            _session("Édition précédente", -380, 365, None),
            _session("Accès permanent", -15, 365, None),
            _session("Nouvelle édition", 350, 365, None, False, 30),
        ],
    },
    # --- Valeurs de la République -------------------------------------------------------
    {
        "slug": "laicite-et-fait-religieux",
        "title": "Laïcité et fait religieux dans la fonction publique",
        "summary": "La formation de référence pour comprendre le principe de laïcité et l'appliquer dans les situations de travail. Elle répond aux questions concrètes que se posent agents et encadrants face au fait religieux.",
        "objectives": (
            "- Connaître l'histoire et le cadre juridique de la laïcité\n"
            "- Appliquer l'obligation de neutralité des agents publics\n"
            "- Distinguer les droits des usagers et les obligations des agents\n"
            "- Réagir de façon adaptée aux situations rencontrées"
        ),
        "content": (
            "- Module 1 : histoire et principes de la laïcité\n"
            "- Module 2 : la neutralité de l'agent public\n"
            "- Module 3 : la laïcité et les usagers du service public\n"
            "- Module 4 : cas pratiques et réponses du référent laïcité"
        ),
        "prerequisites": "Aucun",
        "audience": "Tous les agents publics (formation obligatoire).",
        "jobs": "Tous métiers",
        "duration_hours": 6.0,
        "modality": "tutored",
        "certifying": False,
        "licence": "cc-by-nd",
        "producer": "dgafp",
        "collections": ["valeurs-republique"],
        "keywords": "laïcité, neutralité, fait religieux, principes républicains, référent laïcité",
        "internal_to": None,
        "featured": True,
        "sessions": [
            _session("Laïcité, édition précédente", -380, 300, None, True),
            _session("Laïcité, édition en cours", -80, 300, None, True),
            _session("Laïcité, prochaine édition", 220, 300, None, True, 30),
        ],
    },
    {
        "slug": "deontologie-prevenir-conflits-d-interets",
        "title": "Déontologie de l'agent public : prévenir les conflits d'intérêts",
        "summary": "Ce module en autonomie présente les obligations déontologiques des agents publics et les situations à risque. Il explique le rôle du référent déontologue et les contrôles en cas de départ vers le privé.",
        "objectives": (
            "- Connaître les obligations de dignité, d'impartialité, d'intégrité et de probité\n"
            "- Identifier une situation de conflit d'intérêts\n"
            "- Savoir quand saisir le référent déontologue\n"
            "- Connaître les règles de cumul d'activités et de mobilité vers le privé"
        ),
        "content": (
            "- Module 1 : les principes déontologiques\n"
            "- Module 2 : le conflit d'intérêts\n"
            "- Module 3 : cumul d'activités et contrôle des départs vers le privé\n"
            "- Module 4 : cas pratiques"
        ),
        "prerequisites": "Aucun",
        "audience": "Tous les agents publics, en particulier les encadrants.",
        "jobs": "Tous métiers",
        "duration_hours": 2.0,
        "modality": "self_paced",
        "certifying": False,
        "licence": "cc-by",
        "producer": "dgafp",
        "collections": ["valeurs-republique"],
        "keywords": "déontologie, conflit d'intérêts, probité, référent déontologue, cumul d'activités",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Édition précédente", -400, 365, None),
            _session("Accès permanent", -35, 365, None),
            _session("Nouvelle édition", 330, 365, None, False, 30),
        ],
    },
    {
        "slug": "prevenir-racisme-antisemitisme-discriminations",
        "title": "Prévenir le racisme, l'antisémitisme et les discriminations",
        "summary": "Une classe virtuelle pour comprendre les mécanismes du racisme et de l'antisémitisme et savoir agir, en tant qu'agent et en tant que service public. Elle présente les outils de signalement et d'accompagnement.",
        "objectives": (
            "- Comprendre les mécanismes des préjugés et des discriminations\n"
            "- Connaître le cadre juridique et les sanctions\n"
            "- Réagir face à des propos ou des actes racistes ou antisémites\n"
            "- Orienter les victimes vers les dispositifs adaptés"
        ),
        "content": (
            "- Module 1 : définitions et chiffres clés\n"
            "- Module 2 : le droit et les sanctions\n"
            "- Module 3 : réagir et signaler\n"
            "- Module 4 : échanges autour de situations vécues"
        ),
        "prerequisites": "Aucun",
        "audience": "Tous les agents publics, en priorité encadrants et agents d'accueil.",
        "jobs": "Tous métiers",
        "duration_hours": 3.0,
        "modality": "virtual_class",
        "certifying": False,
        "licence": "cc-by-nd",
        "producer": "premier-ministre",
        "collections": ["valeurs-republique"],
        "keywords": "racisme, antisémitisme, discriminations, signalement, DILCRAH",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Groupe 1", -60, 0, 30),
            _session("Groupe 2", 6, 0, 30, False, 30),
            _session("Groupe 3", 34, 0, 30, False, 30),
        ],
    },
    {
        "slug": "interieur-delivrance-titres-securises",
        "title": "Délivrance des titres sécurisés : lutter contre la fraude documentaire",
        "summary": "Formation métier réservée aux agents du ministère de l'Intérieur chargés de l'instruction des titres. Elle présente les éléments de sécurité des titres et les bons réflexes face à une suspicion de fraude.",
        "objectives": (
            "- Connaître les éléments de sécurité des titres français et européens\n"
            "- Détecter les indices de fraude documentaire et d'usurpation d'identité\n"
            "- Appliquer la procédure en cas de suspicion\n"
            "- Accueillir l'usager dans le respect de ses droits"
        ),
        "content": (
            "- Module 1 : les titres sécurisés et leurs sécurités\n"
            "- Module 2 : fraude documentaire et usurpation d'identité\n"
            "- Module 3 : la conduite à tenir en cas de suspicion\n"
            "- Module 4 : études de cas"
        ),
        "prerequisites": "Être affecté dans un centre d'expertise et de ressources titres ou en préfecture.",
        "audience": "Instructeurs des centres d'expertise et de ressources titres (CERT) et agents de préfecture.",
        "jobs": "Instructeur de titres, Agent de préfecture, Chef de bureau",
        "duration_hours": 5.0,
        "modality": "tutored",
        "certifying": False,
        "licence": "all-rights",
        "producer": "interieur",
        "collections": ["communication-services-usagers", "organisation-missions-etat-europe"],
        "keywords": "titres sécurisés, fraude documentaire, CERT, ANTS, préfecture",
        "internal_to": "interieur",
        "featured": False,
        "sessions": [
            _session("Session 1", -130, 30, 60, True),
            _session("Session 2", -4, 30, 60, True),
            _session("Session 3", 72, 30, 60, True, 30),
        ],
    },
    # --- Immobilier de l'État -----------------------------------------------------------
    {
        "slug": "fondamentaux-politique-immobiliere-etat",
        "title": "Les fondamentaux de la politique immobilière de l'État",
        "summary": "Ce module en autonomie présente l'organisation de la politique immobilière de l'État, ses acteurs et ses outils. Il constitue le point d'entrée de la collection « Immobilier de l'État ».",
        "objectives": (
            "- Connaître les objectifs de la politique immobilière de l'État\n"
            "- Identifier les acteurs : DIE, préfets, ministères, opérateurs\n"
            "- Comprendre le rôle du propriétaire et de l'occupant\n"
            "- Connaître les principaux outils de gestion du parc"
        ),
        "content": (
            "- Module 1 : le parc immobilier de l'État en chiffres\n"
            "- Module 2 : la gouvernance et les acteurs\n"
            "- Module 3 : les outils de gestion et de programmation\n"
            "- Module 4 : quiz de validation"
        ),
        "prerequisites": "Aucun",
        "audience": "Agents des services immobiliers et logistiques.",
        "jobs": "Gestionnaire immobilier, Responsable immobilier, Responsable logistique",
        "duration_hours": 3.0,
        "modality": "self_paced",
        "certifying": False,
        "licence": "cc-by",
        "producer": "die",
        "collections": ["immobilier-etat"],
        "keywords": "immobilier de l'État, politique immobilière, DIE, gestion du parc",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Édition précédente", -410, 365, None),
            _session("Accès permanent", -45, 365, None),
            _session("Nouvelle édition", 320, 365, None, False, 30),
        ],
    },
    {
        "slug": "schema-pluriannuel-strategie-immobiliere",
        "title": "Élaborer un schéma pluriannuel de stratégie immobilière (SPSI)",
        "summary": "Cette formation hybride accompagne les responsables immobiliers dans l'élaboration de leur SPSI. Elle combine méthode, outils de diagnostic et atelier de travail sur le parc de chaque participant.",
        "objectives": (
            "- Réaliser le diagnostic technique, fonctionnel et financier d'un parc\n"
            "- Fixer des objectifs de rationalisation et de performance énergétique\n"
            "- Construire un programme d'actions chiffré\n"
            "- Faire valider le schéma par les instances"
        ),
        "content": (
            "- Module 1 : le cadre et les attendus du SPSI\n"
            "- Module 2 : le diagnostic du parc\n"
            "- Module 3 : atelier en présentiel\n"
            "- Module 4 : programmation et validation"
        ),
        "prerequisites": "Avoir suivi « Les fondamentaux de la politique immobilière de l'État ».",
        "audience": "Responsables immobiliers des ministères, des préfectures et des opérateurs.",
        "jobs": "Responsable immobilier, Chargé de stratégie immobilière, Gestionnaire immobilier",
        "duration_hours": 14.0,
        "modality": "hybrid",
        "certifying": False,
        "licence": "cc-by-nc-sa",
        "producer": "die",
        "collections": ["immobilier-etat"],
        "keywords": "SPSI, stratégie immobilière, diagnostic, programmation",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Promotion 1", -135, 30, 20),
            _session("Promotion 2", 22, 30, 20, False, 40),
            _session("Promotion 3", 115, 30, 20, False, 40),
        ],
    },
    {
        "slug": "amenager-espaces-de-travail-partages",
        "title": "Aménager des espaces de travail partagés",
        "summary": "Flex office, espaces collaboratifs, tiers-lieux : cette classe virtuelle aide à concevoir des espaces adaptés au travail hybride en associant les agents au projet. Elle s'appuie sur les retours d'expérience de plusieurs administrations.",
        "objectives": (
            "- Analyser les usages réels des espaces de travail\n"
            "- Concevoir un aménagement adapté au travail hybride\n"
            "- Associer les agents et les instances de dialogue social\n"
            "- Accompagner le changement"
        ),
        "content": (
            "- Module 1 : nouveaux usages, nouveaux espaces\n"
            "- Module 2 : la méthode de projet et la concertation\n"
            "- Module 3 : retours d'expérience"
        ),
        "prerequisites": "Aucun",
        "audience": "Responsables immobiliers, encadrants, chefs de projet de réaménagement.",
        "jobs": "Responsable immobilier, Chef de projet, Responsable logistique",
        "duration_hours": 4.0,
        "modality": "virtual_class",
        "certifying": False,
        "licence": "cc-by",
        "producer": "die",
        "collections": ["immobilier-etat", "transformation-action-publique"],
        "keywords": "flex office, espaces de travail, travail hybride, aménagement",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Groupe 1", -52, 1, 25),
            _session("Groupe 2", 3, 1, 25),
            _session("Groupe 3", 40, 1, 25, False, 30),
        ],
    },
    {
        "slug": "decret-tertiaire-renovation-energetique",
        "title": "Décret tertiaire : réduire la consommation énergétique des bâtiments publics",
        "summary": "Cette formation tutorée présente les obligations du dispositif Éco Énergie Tertiaire et les leviers pour les atteindre. Elle apprend à déclarer les consommations sur OPERAT et à bâtir un plan d'actions.",
        "objectives": (
            "- Connaître les obligations du décret tertiaire et leurs échéances\n"
            "- Déclarer les consommations sur la plateforme OPERAT\n"
            "- Identifier les leviers : sobriété, pilotage, travaux\n"
            "- Prioriser les actions et mobiliser les financements"
        ),
        "content": (
            "- Module 1 : le cadre réglementaire\n"
            "- Module 2 : la plateforme OPERAT\n"
            "- Module 3 : les leviers d'économie d'énergie\n"
            "- Module 4 : construire son plan d'actions"
        ),
        "prerequisites": "Aucun",
        "audience": "Gestionnaires de bâtiments, référents énergie, responsables immobiliers.",
        "jobs": "Gestionnaire immobilier, Référent énergie, Responsable technique de site",
        "duration_hours": 8.0,
        "modality": "tutored",
        "certifying": False,
        "licence": "cc-by-sa",
        "producer": "die",
        "collections": ["immobilier-etat", "transition-ecologique"],
        "keywords": "décret tertiaire, OPERAT, rénovation énergétique, sobriété énergétique, bâtiments",
        "internal_to": None,
        "featured": False,
        "sessions": [
            _session("Session 1", -155, 35, 150, True),
            _session("Session 2", -14, 35, 150, True),
            _session("Session 3", 65, 35, 150, True, 30),
        ],
    },
]
