"""Every document the tool writes: those of a block's run, in the order they are listed to staff,
and the ballot paper that `make ballots` writes before the vote."""

from .ballot_paper import BALLOT_PAPER
from .declaration import Document
from .minutes import MINUTES
from .pledge import PLEDGE
from .proposal import PROPOSAL
from .report import REPORT

BLOCK_DOCUMENTS: tuple[Document, ...] = (REPORT, PROPOSAL, MINUTES, PLEDGE)
ALL_DOCUMENTS: tuple[Document, ...] = BLOCK_DOCUMENTS + (BALLOT_PAPER,)
