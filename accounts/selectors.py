from accounts.models import User


def user_with_cadre(*, user: User) -> User:
    """The user with the linked cadre and the cadre's unit loaded in the same query."""
    return User.objects.select_related("cadre__unit").get(pk=user.pk)
