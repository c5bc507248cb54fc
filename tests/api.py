"""Reading the API's one error shape (``core.api.exceptions``) in tests."""


def error_messages(response) -> dict:
    """An error answer in the short form tests compare: ``{field: [message, ...]}`` when it names fields,
    else ``{"detail": message}``. Asserts that the body has the one shape, codes included."""
    body = response.json()
    assert set(body) >= {"code", "detail", "fields"}, body
    if body["fields"]:
        for items in body["fields"].values():
            assert all(set(item) == {"code", "message"} and item["code"] for item in items), body
        return {field: [item["message"] for item in items] for field, items in body["fields"].items()}
    return {"detail": body["detail"]}


def error_codes(response) -> dict:
    """``{field: [code, ...]}`` of an error answer, with ``"": code`` for the answer as a whole."""
    body = response.json()
    return {"": body["code"], **{field: [item["code"] for item in items] for field, items in body["fields"].items()}}
