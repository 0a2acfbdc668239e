"""The default quality self-assessment grid (reference data): 30 criteria written for
Mentor, by phase of the project and by domain, each with its "en savoir plus" guidance.

Loaded as version 1 when no grid exists yet; afterwards the grid belongs to the platform
admins (Django admin, by version), so a second run changes nothing.
"""

from django.db import transaction

from mentor.quality.models import Criterion, Domain, Grid, GridState, Phase

F, D, P = Phase.FRAMING, Phase.DESIGN, Phase.PRODUCTION
PED, TEC, ACC = Domain.PEDAGOGY, Domain.TECHNICAL, Domain.ACCESSIBILITY

GRID_TITLE = "Grille qualité Mentor"

# code, phase, domain, criterion, guidance
CRITERIA = [
    # --- Cadrage ---------------------------------------------------------------------
    (
        "CA-P1",
        F,
        PED,
        "Le besoin de formation est établi et documenté (commanditaire, public, situation de travail visée).",
        "Appuyez-vous sur une note de cadrage : qui demande la formation, pour quels agents, quel problème professionnel elle doit aider à résoudre. Une formation sans besoin identifié trouve rarement son public.",
    ),
    (
        "CA-P2",
        F,
        PED,
        "Les objectifs pédagogiques sont formulés en termes de compétences observables.",
        "Un objectif commence par un verbe d’action (« rédiger », « identifier », « appliquer ») et décrit ce que l’agent saura faire à l’issue de la formation, pas ce que le formateur va présenter.",
    ),
    (
        "CA-P3",
        F,
        PED,
        "L’offre existante a été consultée pour éviter un doublon (catalogue Mentor et bibliothèque de formations).",
        "Cherchez dans le catalogue et dans la bibliothèque : adapter une formation existante d’un autre ministère coûte moins cher que d’en produire une nouvelle, et renforce la mutualisation.",
    ),
    (
        "CA-P4",
        F,
        PED,
        "La modalité (hybride, tutorée, autoformation, classe virtuelle…) est choisie au regard des objectifs et du public.",
        "Une formation à des gestes professionnels ou à des échanges de pratiques gagne à être hybride ou tutorée ; une sensibilisation courte peut être suivie en autonomie. Justifiez le choix en une phrase.",
    ),
    (
        "CA-T1",
        F,
        TEC,
        "Les contraintes techniques du public sont connues (postes de travail, réseau, accès depuis l’outre-mer, mobilité).",
        "Certains agents n’ont pas de carte son, travaillent sur un réseau contraint ou sur tablette. Renseignez-vous auprès du commanditaire avant de choisir vidéos lourdes ou outils externes.",
    ),
    (
        "CA-T2",
        F,
        TEC,
        "Les outils de production sont choisis et leurs exports sont compatibles avec Mentor (SCORM 1.2 ou 2004, formats ouverts).",
        "Vérifiez qu’un prototype exporté depuis l’outil auteur s’importe et se joue dans Mentor avant de produire l’ensemble des contenus.",
    ),
    (
        "CA-T3",
        F,
        TEC,
        "Le calendrier, les rôles (concepteur, expert métier, tuteur) et la maintenance du contenu sont prévus.",
        "Prévoyez qui mettra à jour le contenu quand la réglementation changera, et à quelle fréquence la formation sera revue.",
    ),
    (
        "CA-A1",
        F,
        ACC,
        "L’accessibilité (RGAA) figure dans le cahier des charges et le budget du projet.",
        "L’accessibilité coûte peu quand elle est prévue dès le départ et cher quand elle est corrigée à la fin. Mentionnez le RGAA dans les commandes passées aux prestataires.",
    ),
    (
        "CA-A2",
        F,
        ACC,
        "Les besoins des agents en situation de handicap ont été recueillis (référent handicap, retours d’expérience).",
        "Le référent handicap de votre ministère peut indiquer les aménagements les plus demandés : sous-titres, transcriptions, navigation au clavier, temps supplémentaire.",
    ),
    # --- Conception / scénarisation --------------------------------------------------
    (
        "CO-P1",
        D,
        PED,
        "Le scénario alterne apports, mises en activité et retours (pas de contenu uniquement transmissif).",
        "Après chaque apport de quelques minutes, proposez une activité : question, cas pratique, mise en situation. Une vidéo déposée sans activité autour est rarement retenue.",
    ),
    (
        "CO-P2",
        D,
        PED,
        "Chaque objectif est relié à au moins une activité et à une évaluation.",
        "Tracez un tableau objectifs × activités × évaluations : un objectif sans activité ne sera pas atteint, un objectif sans évaluation ne pourra pas être vérifié.",
    ),
    (
        "CO-P3",
        D,
        PED,
        "Les évaluations donnent un retour explicatif à l’apprenant, y compris en cas d’erreur.",
        "Renseignez l’explication de chaque question de quiz : l’agent apprend davantage d’une erreur expliquée que d’un score.",
    ),
    (
        "CO-P4",
        D,
        PED,
        "Les exemples et cas pratiques sont tirés de situations de travail des agents de l’État.",
        "Un cas concret issu du service (un dossier, un usager, une procédure) rend la formation plus crédible et facilite le réinvestissement au travail.",
    ),
    (
        "CO-P5",
        D,
        PED,
        "La durée annoncée est réaliste et le parcours est découpé en séquences courtes.",
        "Testez la formation sur quelques agents et mesurez le temps réel. Des séquences de 10 à 20 minutes se suivent plus facilement sur le temps de travail.",
    ),
    (
        "CO-P6",
        D,
        PED,
        "L’accompagnement est prévu : tutorat, forum, classe virtuelle ou contact identifié.",
        "Même une autoformation gagne à indiquer à qui poser une question. Pour une formation tutorée, précisez le délai de réponse du tuteur.",
    ),
    (
        "CO-T1",
        D,
        TEC,
        "La structure du cours dans Mentor (sections, activités, conditions d’achèvement) est définie.",
        "Décidez quelles activités sont obligatoires pour terminer la formation et délivrer l’attestation, et lesquelles sont facultatives.",
    ),
    (
        "CO-T2",
        D,
        TEC,
        "Les ressources externes sont évitées ou leur pérennité est assurée (liens, vidéos hébergées ailleurs).",
        "Un lien vers un site externe peut disparaître ou être bloqué par le réseau ministériel. Préférez des ressources déposées dans Mentor.",
    ),
    (
        "CO-A1",
        D,
        ACC,
        "Les médias prévus ont une alternative : sous-titres et transcription pour la vidéo et l’audio, description pour les images porteuses d’information.",
        "Prévoyez ces alternatives dans le scénario (et dans le budget) : les produire après coup est plus long et plus coûteux.",
    ),
    (
        "CO-A2",
        D,
        ACC,
        "Les interactions prévues sont utilisables au clavier et sans glisser-déposer obligatoire.",
        "Les activités de type glisser-déposer ou les zones cliquables sur une image posent problème à de nombreux utilisateurs : prévoyez une alternative équivalente.",
    ),
    (
        "CO-A3",
        D,
        ACC,
        "Les textes sont rédigés en langage clair (phrases courtes, vocabulaire expliqué, sigles développés).",
        "Développez chaque sigle à sa première occurrence, préférez les phrases de moins de vingt mots et un glossaire pour les termes techniques.",
    ),
    # --- Production / intégration ----------------------------------------------------
    (
        "PR-P1",
        P,
        PED,
        "La formation a été testée par des agents du public cible et leurs retours ont été pris en compte.",
        "Un test avec trois à cinq agents suffit à repérer la plupart des consignes ambiguës et des difficultés de navigation.",
    ),
    (
        "PR-P2",
        P,
        PED,
        "Les consignes de chaque activité sont claires et indiquent la durée et la condition d’achèvement.",
        "L’agent doit savoir ce qu’on attend de lui, combien de temps cela prend et quand l’activité sera considérée comme terminée.",
    ),
    (
        "PR-P3",
        P,
        PED,
        "Le questionnaire de satisfaction est en place, avec des questions complémentaires utiles au pilotage.",
        "Les trois questions communes de Mentor sont posées à la fin de chaque formation ; ajoutez au besoin une ou deux questions propres à vos objectifs.",
    ),
    (
        "PR-T1",
        P,
        TEC,
        "Les paquets SCORM s’importent sans erreur et transmettent achèvement et score à Mentor.",
        "Vérifiez dans l’aperçu concepteur puis avec un compte de test que la progression et le score remontent bien, y compris après une reprise.",
    ),
    (
        "PR-T2",
        P,
        TEC,
        "La formation fonctionne sur les navigateurs courants et sur mobile.",
        "Testez au moins sur Firefox, Chrome ou Edge, et sur un téléphone : l’affichage, les vidéos et les quiz doivent rester utilisables.",
    ),
    (
        "PR-T3",
        P,
        TEC,
        "Le poids des médias est optimisé (vidéos compressées, images redimensionnées).",
        "Une vidéo en 720p suffit le plus souvent. Des fichiers légers se chargent vite même sur un réseau contraint.",
    ),
    (
        "PR-T4",
        P,
        TEC,
        "La fiche de la formation est complète (objectifs, public, prérequis, durée, modalité, licence).",
        "La fiche est ce que lisent les agents et le comité éditorial : une fiche précise évite les inscriptions par erreur et facilite la réutilisation.",
    ),
    (
        "PR-A1",
        P,
        ACC,
        "Les contrastes de couleurs et la taille des textes respectent le RGAA.",
        "Le texte doit avoir un contraste d’au moins 4,5:1 avec son fond ; n’utilisez jamais la couleur seule pour transmettre une information.",
    ),
    (
        "PR-A2",
        P,
        ACC,
        "Les documents téléchargeables sont accessibles (titres structurés, textes alternatifs, PDF balisés).",
        "Un PDF exporté d’un traitement de texte avec des styles de titres et des textes alternatifs est lisible par un lecteur d’écran ; un PDF scanné ne l’est pas.",
    ),
    (
        "PR-A3",
        P,
        ACC,
        "Un test avec un lecteur d’écran et au clavier seul a été mené sur les principales activités.",
        "NVDA (gratuit) ou VoiceOver permettent un premier test : toutes les activités doivent pouvoir être suivies sans souris.",
    ),
]


@transaction.atomic
def load_reference_quality_grid() -> int:
    """Version 1 of the grid, in force, when there is no grid yet. Returns the number of
    criteria created (0 when a grid already exists)."""
    if Grid.objects.exists():
        return 0
    grid = Grid.objects.create(version=1, title=GRID_TITLE, state=GridState.DRAFT)
    Criterion.objects.bulk_create(
        [
            Criterion(
                grid=grid,
                code=code,
                phase=phase,
                domain=domain,
                text=text,
                guidance=guidance,
                position=i,
            )
            for i, (code, phase, domain, text, guidance) in enumerate(CRITERIA)
        ]
    )
    grid.state = GridState.ACTIVE
    grid.activated_at = grid.created_at
    grid.save(update_fields=["state", "activated_at"])
    return len(CRITERIA)
