"""Files in the real official formats, written by the project for its tests.

The numbers of the Landkreis Cloppenburg rows follow published values where the
tests check them (1 072 children under 3 in care on 01.03.2016, 5 214 children
under 3 on 31.12.2015); the Gemeinde figures are made up but add up honestly.
"""

from __future__ import annotations

from collections.abc import Sequence

KREIS = "03453"
GEMEINDE_NAMES = [
    "Barßel",
    "Bösel",
    "Cappeln (Oldenburg)",
    "Cloppenburg, Stadt",
    "Emstek",
    "Essen (Oldenburg)",
    "Friesoythe, Stadt",
    "Garrel",
    "Lastrup",
    "Lindern (Oldenburg)",
    "Löningen, Stadt",
    "Molbergen",
    "Saterland",
]
GEMEINDEN = [f"03453{i:03d}" for i in range(1, 14)]
FOOTER = (
    "__________\n"
    '"zu ""gesamte Tabelle"":\n'
    'Testdaten im Format der Regionaldatenbank."\n'
    '"© Statistische Ämter des Bundes und der Länder, Deutschland, 2017.\n'
    "Dieses Werk ist lizenziert unter der Datenlizenz Deutschland\n"
    '- Namensnennung - Version 2.0."\n'
    "Stand: {stand}\n"
)


def genesis(
    code: str,
    titles: Sequence[str],
    header: Sequence[Sequence[str]],
    rows: Sequence[Sequence[object]],
    stand: str = "10.10.2017 / 11:06:08",
    label_columns: int = 2,
    newline: str = "\n",
) -> str:
    """A classic GENESIS table CSV: first line, title lines padded with ';', header rows, data, footer."""
    width = label_columns + max(len(h) for h in header)
    pad = ";" * (width - 1)
    lines = [f"GENESIS-Tabelle: {code}"]
    lines += [f"{t}{pad}" for t in titles]
    lines += [";" * label_columns + ";".join(h) for h in header]
    lines += [";".join(_cell(c) for c in row) for row in rows]
    text = "\n".join(lines) + "\n" + FOOTER.format(stand=stand)
    return text.replace("\n", newline)


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return str(value)


def regions(kreis_value: object, gemeinde_values: Sequence[object]) -> list[tuple[str, str, object]]:
    """Key, indented name and value for DG, Land, Weser-Ems, the Kreis and its 13 Gemeinden."""
    return [
        (KREIS, "      Cloppenburg, Landkreis", kreis_value),
        *(
            (key, f"        {name}", value)
            for key, name, value in zip(GEMEINDEN, GEMEINDE_NAMES, gemeinde_values, strict=True)
        ),
    ]


# Children under 3 per Gemeinde on 31.12.2015 (Σ = 5 214, the published Kreis figure).
U3_2015 = [402, 240, 230, 1150, 380, 310, 700, 480, 250, 190, 430, 300, 152]
U3_6_2015 = [390, 236, 228, 1099, 372, 305, 690, 470, 245, 188, 425, 295, 149]


def population_age_groups(stand: str = "10.10.2017 / 15:45:38") -> str:
    """12411-02-03-5 as the Regionaldatenbank writes it: the date on a line above three header rows."""
    sexes = ["Insgesamt", "männlich", "weiblich"]
    ages = ["unter 3 Jahre", "3 bis unter 6 Jahre", "Insgesamt"]
    header = [
        [s for s in sexes for _ in ages],
        ["Altersgruppen (unter 3 bis 75 u.m.)"] * 9,
        ages * 3,
    ]
    totals = [12714, 7677, 7000, 33798, 11900, 9100, 21900, 14100, 7100, 4709, 13400, 8300, 13636]

    def row(key: str, name: str, u3: int, u36: int, total: int) -> list[object]:
        men = (u3 // 2, u36 // 2, total // 2)
        return [key, name, u3, u36, total, *men, u3 - men[0], u36 - men[1], total - men[2]]

    rows = [row("DG", "Deutschland", 2200407, 2130002, 82175684), row("03", "  Niedersachsen", 204610, 197000, 7926599)]
    rows.append(row("034", "    Weser-Ems, Stat. Region", 70100, 68000, 2477815))
    rows.append(row("03454", "      Emsland, Landkreis", 9500, 9300, 319488))
    rows.append(row(KREIS, "      Cloppenburg, Landkreis", sum(U3_2015), sum(U3_6_2015), sum(totals)))
    for key, name, u3, u36, total in zip(GEMEINDEN, GEMEINDE_NAMES, U3_2015, U3_6_2015, totals, strict=True):
        rows.append(row(key, f"        {name}", u3, u36, total))
    rows.append(row("01001", "      Flensburg, Kreisfreie Stadt", 2264, 2240, 85942))
    text = genesis(
        "12411-02-03-5",
        [
            "Bevölkerungsstand: Bevölkerung nach Geschlecht",
            "und Altersgruppen (17) - Stichtag 31.12. -",
            "regionale Tiefe: Gemeinden, Samt-/Verbandsgemeinden",
            "Fortschreibung des Bevölkerungsstandes",
            "Bevölkerungsstand (Anzahl)",
            "31.12.2015",
        ],
        header,
        rows,
        stand=stand,
    )
    return text


def kita(stand: str = "10.10.2017 / 18:21:55", u3_kreis: int = 1072) -> str:
    """22543-01-02-4: the Stichtag in the first column, the kind of care as a row column."""
    header = [
        ["Betreute Kinder"] * 4 + ["Kinder, Herkunft mind. 1 Elternteil ausländisch", "Kinder mit Mittagsverpflegung"],
        ["", "Altersgruppe", "Altersgruppe", "Altersgruppe", "", ""],
        ["", "unter 3 Jahre", "3 bis unter 6 Jahre", "6 bis unter 14 Jahre", "", ""],
        ["Anzahl"] * 6,
    ]
    rows = []
    for key, name, values in (
        ("DG", "Deutschland", (3546412, 719558, 1992998, 833856, 925243, 2580621)),
        ("03", "  Niedersachsen", (309939, 58176, 187631, 64132, 70091, 188180)),
        ("034", "    Weser-Ems, Stat. Region", (94490, 16873, 61119, 16498, 19602, 41854)),
        (KREIS, "      Cloppenburg, Landkreis", (6353, u3_kreis, 4349, 932, 1526, 1626)),
    ):
        rows.append(["01.03.2016", key, name, "Tageseinrichtung", *(round(v * 0.9) for v in values)])
        rows.append(["01.03.2016", key, name, "Tagespflege", *(round(v * 0.12) for v in values)])
        rows.append(["01.03.2016", key, name, "Insgesamt (ohne Doppelzählungen)", *values])
    return genesis(
        "22543-01-02-4",
        [
            "Statistik der öffentl. geförd. Kindertagespflege,",
            "nach Art der Kindertagesbetreuung - Stichtag -",
            "regional Tiefe: Kreise und krfr. Städte - ab 2011 -",
            "Statistik der öffentl. geförd. Kindertagespflege",
        ],
        header,
        rows,
        stand=stand,
        label_columns=4,
    )


def mean_age(values: Sequence[object] = (), stand: str = "10.10.2017 / 11:06:08", kreis: object = 40.5) -> str:
    """12411-07-01-5: the Stichtag in the first column; '-' for a Gemeinde that did not exist."""
    values = list(values) or [42.9, 41.0, 39.8, 40.1, 39.5, 40.0, 41.2, 38.6, 39.9, 41.5, 40.8, 37.7, 41.9]
    header = [["Durchschnittsalter der Bevölkerung"] * 3, ["", "männlich", "weiblich"], ["Jahre"] * 3]
    rows = [
        ["31.12.2015", "DG", "Deutschland", 44.2, 42.8, 45.6],
        ["31.12.2015", "03", "  Niedersachsen", 44.3, 43.0, 45.5],
    ]
    rows.append(["31.12.2015", KREIS, "      Cloppenburg, Landkreis", kreis, kreis, kreis])
    for key, name, value in zip(GEMEINDEN, GEMEINDE_NAMES, values, strict=True):
        rows.append(["31.12.2015", key, f"        {name}", value, value, value])
    rows.append(["31.12.2015", "16077056", "        Saara", "-", "-", "-"])
    return genesis(
        "12411-07-01-5",
        [
            "Durchschnittsalter der Bevölkerung",
            "- Stichtag 31.12. -",
            "regionale Tiefe: Gemeinden, Samt-/Verbandsgemeinden",
            "Fortschreibung des Bevölkerungsstandes",
        ],
        header,
        rows,
        stand=stand,
        label_columns=3,
    )
