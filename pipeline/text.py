"""Lenient matching of labels and names, the Vietnamese way of writing numbers and dates, and a
cell's value as the text staff see (shown as Excel shows it, a code, legacy encodings); a cell
is read in all these forms at once, where its table is read (`read/values.py`)."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import lru_cache
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell

_SPACES = re.compile(r"\s+")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")
_PLAIN = re.compile(r"^[+-]?(\d+([.,]\d+)?|[.,]\d+)$")
_DATE = re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$")


# Word's soft line break pasted into Excel arrives as \x0b; other control characters, U+FFFE,
# U+FFFF and lone surrogates (`_xD800_` in a cell) cannot be stored in a .docx or .xlsx at all,
# and C1 controls (U+0080-U+009F) are text decoded with the wrong code page.
_CONTROLS = (
    {code: None for code in range(32) if chr(code) not in "\t\n"}
    | {code: None for code in range(0x80, 0xA0)}
    | {code: None for code in range(0xD800, 0xE000)}
    | {0xFFFE: None, 0xFFFF: None, 0x0B: "\n", 0x0C: "\n", 0x0D: "\n"}
)
# Invisible characters pasted from web pages and chat apps: zero-width space, soft hyphen, word
# joiner, byte order mark, direction marks. They carry nothing in Vietnamese text and would make
# two equal names differ. (Zero-width joiners stay in text: they hold emoji together.)
_INVISIBLE = {code: None for code in (0x00AD, 0x180E, 0x200B, 0x200E, 0x200F, 0xFEFF, *range(0x202A, 0x202F),
                                      *range(0x2060, 0x2065), *range(0x2066, 0x2070), *range(0xFFF9, 0xFFFC))}
# Spaces of other widths (no-break, narrow, ideographic) are a plain space.
_SPACE_LIKE = {code: " " for code in (0xA0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000)}
_CLEAN = _CONTROLS | _INVISIBLE | _SPACE_LIKE
_JOINERS = {0x200C: None, 0x200D: None}


def clean(text: object) -> str:
    """Text as staff meant it: NFC, line breaks as `\n`, no control characters, ends trimmed."""
    if text is None:
        return ""
    value = unicodedata.normalize("NFC", str(text).replace("\r\n", "\n").translate(_CLEAN))
    return value.strip()


def clean_name(text: object) -> str:
    """A name with runs of spaces and line breaks folded to one space."""
    return _SPACES.sub(" ", clean(text))


@lru_cache(maxsize=8192)
def _key(text: str) -> str:
    return clean_name(text).translate(_JOINERS).casefold().rstrip(":*").strip()


def key(text: object) -> str:
    """The form two labels, headers, names or codes are compared in."""
    if not isinstance(text, str):
        return _key("" if text is None else str(text))
    return _key(text)


def parse_number(value: object) -> Decimal | None:
    """A number from a cell: a real number or Vietnamese number text. None if not a number.

    `95,5` is 95.5; a dot followed by exactly three digits groups thousands (`1.000`), any
    other dot is a decimal point (`9.5`).
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return _float_number(value)
    if isinstance(value, Decimal):
        return value
    if not isinstance(value, str):
        return None
    text = clean(value).replace(" ", "")
    if not text:
        return None
    if _THOUSANDS.match(text):
        text = text.replace(".", "").replace(",", ".")
    elif _PLAIN.match(text):
        text = text.replace(",", ".")
    else:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


@lru_cache(maxsize=4096)
def _float_number(value: float) -> Decimal | None:
    """A cell's float as the number Excel shows; scores repeat, so each is made once."""
    if value != value or value in (float("inf"), float("-inf")):
        return None
    # Excel keeps 15 significant digits: 7.200000000000001 from a formula is 7.2 on screen, and
    # 1e300 is 1E+300 (not the float's binary expansion 1000000000000000052504760255...)
    if value != int(value) or abs(value) >= 1e15:
        return Decimal(format(value, ".15g")).normalize()
    return Decimal(int(value))


_WRITTEN_OUT = (Decimal("1E-9"), Decimal("1E+30"))  # numbers written out in full; others as 1E+300, 1E-300


def format_number(value: Decimal | int | None) -> str:
    """`95,5`, `1.000`, `1.000,25`: a decimal comma and a thousands dot, no trailing zeros."""
    if value is None:
        return ""
    number = Decimal(value)
    if number and not _WRITTEN_OUT[0] <= abs(number) < _WRITTEN_OUT[1]:  # a typo like 1e300: as Excel shows it
        mantissa, _, exponent = f"{abs(number):.6E}".partition("E")
        mantissa = mantissa.rstrip("0").rstrip(".").replace(".", ",")
        return f"{'-' if number < 0 else ''}{mantissa}E{exponent}"
    # to_integral_value, not quantize: quantize fails past 28 digits (a typo like 1e29 in a cell)
    number = number.to_integral_value() if number == number.to_integral_value() else number.normalize()
    sign = "-" if number < 0 else ""
    digits = f"{abs(number):f}"
    whole, _, fraction = digits.partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{grouped},{fraction}" if fraction else f"{sign}{grouped}"


def round_score(value: Decimal | Fraction) -> Decimal:
    """A score rounded for display to two decimals, half up (`28/3` is 9.33; `95.25` stays as it is).
    The score itself keeps every digit, so a tie is decided exactly and only its display rounds."""
    if not isinstance(value, Fraction):
        number = Decimal(value)
        if not number.is_finite() or number.as_tuple().exponent >= -2:  # type: ignore[operator]
            return number
        value = Fraction(number)
    hundredths = math.floor(abs(value) * 100 + Fraction(1, 2))
    return Decimal(-hundredths if value < 0 else hundredths) / 100


def format_score(value: Decimal | Fraction | int | None) -> str:
    """A score for display: `9,33` for 28/3, `95,25`, `1.000` (see `round_score`)."""
    if value is None:
        return ""
    return format_number(round_score(value if isinstance(value, Fraction) else Decimal(value)))


_CLOCK = re.compile(r"^(\d{1,2})\s*(?::|h|giờ)\s*(\d{1,2})?(?::\d{2})?\s*(?:phút|')?$", re.IGNORECASE)


def clock(text: str) -> tuple[int, int] | None:
    """(hour, minute) of a time typed `08:30`, `8h30`, `8 giờ 30 phút` or `8h`; None for other text.
    The numbers are not checked: `25:99` gives (25, 99)."""
    match = _CLOCK.match(text.strip())
    return (int(match.group(1)), int(match.group(2) or 0)) if match else None


_SEPARATORS = "-–—,;:("


def one_line(text: object) -> str:
    """A cell typed on several lines (Alt+Enter between a name and a title) as one line, the lines
    joined by a dash: `Ông A` / `Giám đốc` -> `Ông A - Giám đốc`; a line that already ends or starts
    with a dash or a comma keeps its own."""
    lines = [line for line in (clean_name(part) for part in clean(text).split("\n")) if line]
    joined = lines[0] if lines else ""
    for line in lines[1:]:
        own = joined[-1:] in _SEPARATORS or line[:1] in _SEPARATORS.replace("(", "")
        joined += (" " if own else " - ") + line
    return joined


def parse_date(value: object) -> dt.date | None:
    """A date from a cell: an Excel date, or text `dd/mm/yyyy`."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        match = _DATE.match(clean(value))
        if match:
            day, month, year = (int(part) for part in match.groups())
            try:
                return dt.date(year, month, day)
            except ValueError:
                return None
    return None


def conference_date(value: Any) -> dt.date | None:
    """A date as `parse_date` reads it, or an Excel date in a cell formatted as a plain number
    (`44204` for 08/01/2021), as Excel shows after the cell's format is cleared."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and _SERIALS[0] <= value <= _SERIALS[1]:
        if value == int(value):
            return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
    return parse_date(value)


_SERIALS = (36526, 73051)  # Excel's day numbers of 01/01/2000 and 31/12/2099


def date_words(day: dt.date) -> str:
    """`ngày 08 tháng 01 năm 2019`: a leading zero for days below 10 and months 1 and 2 only."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def two_digits(count: int) -> str:
    """Counts in documents are written with two digits: `03 đơn vị`."""
    return f"{count:02d}"


_ORDINALS = ["nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười"]


def ordinal(rank: int) -> str:
    """`thứ nhất`, `thứ ba`, `thứ mười một`, `thứ 25`."""
    if 1 <= rank <= 10:
        return f"thứ {_ORDINALS[rank - 1]}"
    if 11 <= rank <= 19:
        unit = {1: "một", 4: "bốn", 5: "lăm"}.get(rank - 10, _ORDINALS[rank - 11])
        return f"thứ mười {unit}"
    return f"thứ {rank}"


def join_names(names: list[str]) -> str:
    """`A`, `A và B`, `A, B và C`."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " và " + names[-1]


def cell_name(row: int, col: int) -> str:
    """Excel's name for a 0-based (row, col): (13, 5) -> F14."""
    return xl_rowcol_to_cell(row, col)


def province_phrase(province: str) -> str:
    """`tỉnh Bắc Giang`, or `thành phố Hà Nội` for a centrally-run city typed `Thành phố Hà Nội`."""
    if key(province).startswith("thành phố "):
        return "thành phố " + province.split(" ", 2)[2]
    if key(province).startswith("tỉnh "):
        return "tỉnh " + province.split(" ", 1)[1]
    return f"tỉnh {province}"


def place_name(province: str) -> str:
    """`Bắc Giang` for `Bắc Giang` or `Tỉnh Bắc Giang`; `Hà Nội` for `Thành phố Hà Nội`."""
    for prefix in ("thành phố ", "tỉnh "):
        if key(province).startswith(prefix):
            return province[len(prefix):].strip()
    return province


def folded(text: object) -> str:
    """A name with its accents, spaces and case dropped: `Thông tin` and `ThongTin` fold alike."""
    stripped = "".join(
        ch for ch in unicodedata.normalize("NFD", key(text)) if not unicodedata.combining(ch)
    )
    return re.sub(r"[\s_.-]+", "", stripped.replace("đ", "d"))


# --- cells as text: what staff typed, as they see it (each cell read once: read/values.py) ------


def shown(value: Any) -> str:
    """A cell's value as staff see it in Excel: `27`, `9,5`, `09/05/2020`, `TRUE`, text as typed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float, Decimal)):
        number = parse_number(value)
        return format_number(number) if number is not None else str(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M") if value.time() != dt.time() else value.strftime("%d/%m/%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, dt.timedelta):
        return str(value)
    return clean_name(value)


def code_text(value: Any) -> str:
    """A code as text: `1.1` typed as a number reads as `1.1`, `3` as `3`."""
    if isinstance(value, float) and value == value and abs(value) != float("inf"):
        return str(int(value)) if value == int(value) else repr(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        return shown(value)
    return _code_of_text(value)


@lru_cache(maxsize=4096)
def _code_of_text(value: str) -> str:
    """Codes repeat on every score sheet of a block: cleaned once each."""
    return clean_name(value)


# Text typed in a legacy Vietnamese encoding (TCVN3/ABC or VNI) and shown with a Unicode font
# comes out as Latin-1 letters no Vietnamese word uses (`B¶o c¸o`, `Së Tµi chÝnh`, `Sôû Taøi
# chính`), or as capital accented letters inside a word (`ThuÕ`, `NguyÔn`).
_VIETNAMESE_LATIN1 = set("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý")
_LEGACY_MARKS = {chr(c) for c in range(0xA1, 0x100)} - _VIETNAMESE_LATIN1 - set("«»°·")


# A capital accented letter after a small letter, or a quote mark between two letters (`C«ng`).
_CAPITAL_INSIDE = re.compile("[a-z][ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ]|[A-Za-z][«»·][A-Za-z]")
_VIETNAMESE_ONLY = re.compile("[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]")


def legacy_text(text: str) -> bool:
    """Text that looks typed in TCVN3 or VNI rather than Unicode (a warning, never an error)."""
    if not text or _VIETNAMESE_ONLY.search(text):
        return False
    return any(ch in _LEGACY_MARKS for ch in text) or bool(_CAPITAL_INSIDE.search(text))


# names Windows refuses for a file, whatever the extension
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


def ascii_name(text: str) -> str:
    """Text without diacritics, with anything but letters, digits, `-` and `_` as `_`."""
    plain = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    plain = re.sub(r"[^A-Za-z0-9_-]+", "_", plain.encode("ascii", "ignore").decode("ascii"))
    return plain.strip("_")


def file_stems(texts: list[str], blank: str = "don_vi") -> dict[str, str]:
    """An ASCII file stem for each text (a unit code: `SKHĐT` gives `SKHDT`), so that mail and zip
    tools keep the name intact; texts that come out the same (ignoring case, as Windows does) get
    `-2`, `-3` after the second and later ones; one with nothing left is `<blank>_<n>`."""
    stems: dict[str, str] = {}
    taken: set[str] = set()
    for index, text in enumerate(texts, start=1):
        stem = ascii_name(text) or f"{blank}_{index}"
        if stem.lower() in _WINDOWS_RESERVED:
            stem += "_"
        candidate, count = stem, 1
        while candidate.lower() in taken:
            count += 1
            candidate = f"{stem}-{count}"
        taken.add(candidate.lower())
        stems[text] = candidate
    return stems


def decision_words(number: str, date: dt.date | None, issuer: str) -> str:
    """`Quyết định số 1234/QĐ-UBND ngày 15/01/2024 của UBND tỉnh Bắc Giang`, as far as it is known;
    dots to write on when nothing is."""
    words = []
    if number:
        words.append(f"Quyết định số {number}")
    if date:
        words.append(f"ngày {date.strftime('%d/%m/%Y')}")
    if issuer:
        words.append(f"của {issuer}")
    text = " ".join(words)
    return text[:1].upper() + text[1:] if text else "…" * 12
