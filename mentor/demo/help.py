"""Demo FAQ of the help centre (idempotent): the questions agents ask most."""

from mentor.help.models import FaqCategory, FaqEntry
from mentor.help.search import faq_index

FAQ = [
    (
        "connexion",
        "Connexion et compte",
        [
            (
                "Je n’arrive pas à me connecter : que faire ?",
                "Vérifiez l’adresse électronique utilisée à l’inscription, puis utilisez « Mot de "
                "passe oublié ? » sur la page de connexion. Les agents dont le ministère est "
                "raccordé peuvent aussi se connecter avec ProConnect.",
            ),
            (
                "Je n’ai pas reçu le courriel de confirmation de mon adresse.",
                "Regardez dans vos courriels indésirables. Depuis la page de connexion, vous "
                "pouvez demander un nouvel envoi. Le lien de confirmation vous connecte "
                "directement.",
            ),
        ],
    ),
    (
        "rattachement",
        "Rattachement à un ministère",
        [
            (
                "Pourquoi mon ministère n’apparaît-il pas dans mon profil ?",
                "Le rattachement est déduit de votre adresse électronique professionnelle. Si "
                "votre adresse n’est pas reconnue, posez la question aux référents de votre "
                "ministère avec le formulaire de contact (sujet « Mon rattachement »).",
            ),
            (
                "Je change de ministère : mes formations sont-elles conservées ?",
                "Oui. Vos formations, attestations et fichiers restent attachés à votre compte ; "
                "seule l’offre interne visible change avec votre nouveau rattachement.",
            ),
        ],
    ),
    (
        "inscriptions",
        "Inscriptions aux formations",
        [
            (
                "Comment m’inscrire à une formation ?",
                "Ouvrez la fiche de la formation depuis l’offre de formation, choisissez une "
                "session dont les inscriptions sont ouvertes et cliquez sur « M’inscrire ». "
                "Un courriel de confirmation vous est envoyé.",
            ),
            (
                "Comment me désinscrire ?",
                "Dans « Mes formations », utilisez « Me désinscrire » sur la formation concernée. "
                "Votre place est aussitôt libérée pour un autre agent.",
            ),
        ],
    ),
    (
        "attestations",
        "Attestations",
        [
            (
                "Où trouver mon attestation de formation ?",
                "Une fois la formation terminée, l’attestation se télécharge depuis « Mes "
                "formations » et depuis la dernière page de la formation. Elle porte un lien de "
                "vérification que votre employeur peut consulter.",
            ),
            (
                "Mon attestation indique une durée différente du temps passé.",
                "L’attestation mentionne la durée indicative de la formation, celle de sa fiche ; "
                "le temps que vous y avez passé figure dans « Mes formations ».",
            ),
        ],
    ),
]


def load_help() -> int:
    created = 0
    for position, (slug, name, entries) in enumerate(FAQ):
        category, _ = FaqCategory.objects.update_or_create(
            slug=slug, defaults={"name": name, "position": position}
        )
        for rank, (question, answer) in enumerate(entries):
            entry, was_created = FaqEntry.objects.update_or_create(
                category=category,
                question=question,
                defaults={"answer": answer, "position": rank, "published": True},
            )
            faq_index(entry)
            created += was_created
    return created
