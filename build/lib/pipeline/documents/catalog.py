"""Every document the tool writes, in the order they are listed to staff: each declares how many
copies a block gets and which command makes it (`declaration.py`). The run and `make ballots`
walk this one list."""

from .ballot_paper import BALLOT_PAPER
from .declaration import Document, Run
from .minutes import MINUTES
from .pledge import PLEDGE
from .proposal import PROPOSAL
from .report import REPORT

ALL_DOCUMENTS: tuple[Document, ...] = (REPORT, PROPOSAL, MINUTES, PLEDGE, BALLOT_PAPER)


def documents_of(run: Run) -> tuple[Document, ...]:
    """The documents one command makes, in catalog order."""
    return tuple(document for document in ALL_DOCUMENTS if document.run is run)


BLOCK_DOCUMENTS: tuple[Document, ...] = documents_of(Run.MAIN)  # the run's (`make year=...`)
BALLOT_DOCUMENTS: tuple[Document, ...] = documents_of(Run.BALLOTS)  # `make ballots`'
