from raadsmemo.accounts.access import LoginRequired, login_redirect


class LoginRedirectMiddleware:
    """Turn LoginRequired raised by an access helper into a redirect to the login page.

    Not Django's LoginRequiredMiddleware (which makes every view need a login): ours only
    answers the access helpers, and public pages stay public.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, LoginRequired):
            return login_redirect(request)
        return None
