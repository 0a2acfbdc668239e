"""ProConnect sign-in: the State's OpenID Connect federation, as an allauth provider.

allauth owns accounts, sign-in rate limits, second factors and e-mail addresses here, so
ProConnect is one more allauth provider (a subclass of its OpenID Connect provider) rather
than a second authentication stack; this package adds what ProConnect does differently.
"""
