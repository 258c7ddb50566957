from builders import default_case, write_case

from pipeline import run


def test_built_case_runs(tmp_path):
    root = write_case(default_case(STC=95, CT=90, SNV=85, SKHDT=80), tmp_path / "in")
    report = run(2020, root, tmp_path / "out")
    ranked = report.outcomes[0].loaded.result.ranked
    assert [(r.unit.code, r.award) for r in ranked] == [
        ("STC", "Cờ thi đua của Chính phủ"),
        ("CT", "Cờ thi đua của UBND tỉnh"),
        ("SNV", "Bằng khen của Chủ tịch UBND tỉnh"),
        ("SKHDT", "Bằng khen của Chủ tịch UBND tỉnh"),
    ]
