from django.contrib.auth.hashers import Argon2PasswordHasher


class OwaspArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id with OWASP's recommended minimum (m = 19 MiB, t = 2, p = 1).

    Django's default (100 MiB, p = 8) costs far more per sign-in than the advice requires;
    this keeps the recommended strength at a cost two cores can sustain during surges.
    """

    algorithm = "argon2"
    time_cost = 2
    memory_cost = 19 * 1024
    parallelism = 1
