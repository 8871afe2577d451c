"""Pages of an API list: the numbers in the body and the RFC 8288 ``Link`` header beside them."""

import math
from dataclasses import dataclass
from urllib.parse import urlencode

from flask import request


@dataclass(frozen=True)
class Page:
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    def as_dict(self) -> dict[str, int]:
        return {"page": self.page, "per_page": self.per_page, "total": self.total, "pages": self.pages}

    def link_header(self) -> str:
        """first, last, and prev/next where there is one; each keeps the request's other parameters."""
        targets = {"first": 1, "last": self.pages}
        if self.page > 1:
            targets["prev"] = min(self.page - 1, self.pages)  # from past the end, back to the last page
        if self.page < self.pages:
            targets["next"] = self.page + 1
        # The query string as sent (repeated names too), not through url_for: a parameter named like
        # one of url_for's own (_external, _anchor, endpoint) would break or bend the links.
        kept = [(name, value) for name, value in request.args.items(multi=True) if name != "page"]
        return ", ".join(f'<{request.base_url}?{urlencode([*kept, ("page", n)])}>; rel="{rel}"'
                         for rel, n in targets.items())
