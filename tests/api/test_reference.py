"""The API's rendered reference: served by the app from a package, started by a script file."""

import re


def test_reference_page_uses_local_assets_and_no_inline_script(client):
    page = client.get("/api/v1/docs").text
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, re.S)
    assert all('src="/' in attributes and body.strip() == "" for attributes, body in scripts)
    assert 'src="/api/v1/docs/assets/swagger-ui-bundle.js"' in page
    assert 'href="/api/v1/docs/assets/swagger-ui.css"' in page
    assert 'data-spec="/api/v1/openapi.json"' in page
    assert "http://" not in page.replace("http://localhost", "") and "https://" not in page


def test_assets_come_from_the_package_and_nothing_else(client):
    script = client.get("/api/v1/docs/assets/swagger-ui-bundle.js", headers={"Accept-Encoding": "identity"})
    assert script.status_code == 200 and script.mimetype == "text/javascript" and b"SwaggerUIBundle" in script.data
    assert "public" in script.headers["Cache-Control"]
    assert client.get("/api/v1/docs/assets/oauth2-redirect.html").status_code == 404
    assert client.get("/api/v1/docs/assets/..%2F__init__.py").status_code == 404


def test_every_page_links_the_reference(client):
    assert '<a href="/api/v1/docs">API for developers</a>' in client.get("/").text
    assert "API для разработчиков" in client.get("/?lang=ru").text


def test_the_description_has_an_etag(client):
    first = client.get("/api/v1/openapi.json")
    again = client.get("/api/v1/openapi.json", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
