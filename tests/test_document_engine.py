"""The document engine: a declaration says how many copies a block gets and which command makes
it; the run walks the catalog. A document made once per proposed unit is declared in a few lines."""

from __future__ import annotations

from pathlib import Path

import docx

from pipeline.commands.load import load_block
from pipeline.commands.run import render_documents
from pipeline.documents.catalog import BALLOT_DOCUMENTS, BLOCK_DOCUMENTS
from pipeline.documents.context import common_context
from pipeline.documents.declaration import Document, Each, Run
from pipeline.documents.render import DocTemplate
from pipeline.read.discover import find_blocks
from tests.docxread import full_text

SAMPLES = Path(__file__).resolve().parents[1] / "input_samples"


def _template(path: Path, text: str) -> DocTemplate:
    document = docx.Document()
    document.add_paragraph(text)
    document.save(str(path))
    return DocTemplate(path)


def _sample_2020():
    year_dir = SAMPLES / "2020"
    return load_block(find_blocks(year_dir)[0], 2020, year_dir).result


def test_a_document_made_once_per_proposed_unit_is_a_declaration(tmp_path):
    letter = Document(
        template="thu", output="ho_so/thu_{key}_{year}.docx", title="Thư gửi {name}",
        each=Each.PROPOSED_UNIT, names=frozenset({"don_vi_nay"}),
        item_fields=lambda result, common, unit: {"don_vi_nay": f"{unit.unit.name}: {unit.award}"},
    )
    result = _sample_2020()
    templates = {"thu": _template(tmp_path / "thu.docx", "Kính gửi {{ don_vi_nay }} ({{ nam }})")}
    files = render_documents(result, (letter,), templates, common_context(result))

    proposed = [r for r in result.ranked if r.award]
    assert proposed and len(proposed) < len(result.ranked)  # some units get none
    assert sorted(files) == sorted(f"ho_so/thu_{r.unit.code}_2020.docx" for r in proposed)
    for unit in proposed:
        out = tmp_path / f"{unit.unit.code}.docx"
        out.write_bytes(files[f"ho_so/thu_{unit.unit.code}_2020.docx"])
        assert f"Kính gửi {unit.unit.name}: {unit.award} (2020)" in full_text(out)
        assert docx.Document(str(out)).core_properties.title == f"Thư gửi {unit.unit.name}"


def test_a_copy_per_award_form_and_file_names_in_ascii():
    result = _sample_2020()
    per_form = Document(template="x", output="{key}.docx", title="{name}", each=Each.AWARD_FORM)
    given = [o.form.name for o in result.outcomes if o.chosen]
    copies = list(per_form.copies(result, common_context(result)))
    assert [c.title for c in copies] == given
    assert all(c.output.isascii() and " " not in c.output for c in copies)
    assert len({c.output.lower() for c in copies}) == len(copies)


def test_the_run_and_ballots_walk_one_catalog():
    assert all(d.run is Run.MAIN for d in BLOCK_DOCUMENTS)
    assert [d.template for d in BALLOT_DOCUMENTS] == ["phieu_bau"]
    assert not set(BLOCK_DOCUMENTS) & set(BALLOT_DOCUMENTS)
