"""A minimal `search_sources.py`: the contract an app implements to be searchable."""

from gongkai.search.backends.base import Document
from gongkai.search.sources import Source

#: id → (title, body): the "public objects" of this stand-in app.
BOARD: dict[str, tuple[str, str]] = {}


class NoticeBoardSource(Source):
    kind = "notice_board"
    label = "社区公告栏"
    number_label = "公告编号"

    def count(self) -> int:
        return len(BOARD)

    def documents(self, ids=None):
        for pk in sorted(BOARD) if ids is None else ids:
            if pk in BOARD:
                title, body = BOARD[pk]
                yield Document(
                    id=pk,
                    kind=self.kind,
                    title=title,
                    body=body,
                    url=f"/board/{pk}/",
                    index_no=f"GG-{pk}",
                )


SOURCES = [NoticeBoardSource()]
