"""Every document a block's run writes, in the order they are listed to staff."""

from .declaration import Document
from .minutes import MINUTES
from .pledge import PLEDGE
from .proposal import PROPOSAL
from .report import REPORT

BLOCK_DOCUMENTS: tuple[Document, ...] = (REPORT, PROPOSAL, MINUTES, PLEDGE)
