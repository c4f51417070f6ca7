"""Write the data files of the demo city network (``data/``, ``files/``, ``ogc/``,
``wfs/``, ``gtfs/``) deterministically: the same run gives the same bytes.

Run ``python ckanext/jena/demo_network/content/build_data.py`` after editing. Written
for this project; names, streets and places are Jena's, the figures are plausible
demo values, not official statistics. Coordinates are WGS 84 (lon, lat).
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import zipfile
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))

ORTSTEILE = [
    # number, name, lon, lat
    ("01", "Jena-Zentrum", 11.5889, 50.9279), ("02", "Jena-Nord", 11.5930, 50.9450),
    ("03", "Jena-West", 11.5700, 50.9260), ("04", "Jena-Süd", 11.5860, 50.9150),
    ("05", "Jena-Ost", 11.6050, 50.9300), ("06", "Wenigenjena", 11.6100, 50.9330),
    ("07", "Lobeda", 11.6030, 50.8920), ("08", "Winzerla", 11.5600, 50.8990),
    ("09", "Zwätzen", 11.6010, 50.9610), ("10", "Löbstedt", 11.5985, 50.9530),
    ("11", "Burgau", 11.6070, 50.9065), ("12", "Göschwitz", 11.5930, 50.8830),
    ("13", "Ammerbach", 11.5450, 50.9130), ("14", "Lichtenhain", 11.5580, 50.9250),
    ("15", "Ziegenhain", 11.6250, 50.9200), ("16", "Kernberge", 11.6150, 50.9150),
    ("17", "Wöllnitz", 11.6220, 50.9080), ("18", "Drackendorf", 11.6250, 50.8850),
    ("19", "Kunitz", 11.6280, 50.9620), ("20", "Closewitz", 11.5505, 50.9632),
    ("21", "Cospeda", 11.5420, 50.9480), ("22", "Isserstedt", 11.5050, 50.9470),
    ("23", "Lützeroda", 11.5300, 50.9560), ("24", "Münchenroda", 11.5150, 50.9230),
    ("25", "Remderoda", 11.5150, 50.9380), ("26", "Vierzehnheiligen", 11.5250, 50.9650),
    ("27", "Krippendorf", 11.5400, 50.9720), ("28", "Maua", 11.6000, 50.8650),
    ("29", "Leutra", 11.5800, 50.8700), ("30", "Wogau", 11.6450, 50.9260),
]  # fmt: skip

STRASSEN = [
    "Löbdergraben", "Holzmarkt", "Johannisstraße", "Leutragraben", "Saalstraße",
    "Westbahnhofstraße", "Karl-Liebknecht-Straße", "Dornburger Straße", "Camburger Straße",
    "Erlanger Allee", "Karl-Marx-Allee", "Stadtrodaer Straße", "Kahlaische Straße",
    "Rudolstädter Straße", "Fürstengraben", "Am Anger", "Knebelstraße", "Carl-Zeiss-Platz",
    "Tatzendpromenade", "Teichgraben", "Magdelstieg", "Otto-Schott-Straße", "Wiesenstraße",
    "Philosophenweg", "Schillerstraße", "Lutherstraße", "Humboldtstraße", "Kochstraße",
]  # fmt: skip

BAEUME = [
    ("Winter-Linde", "Tilia cordata"), ("Spitz-Ahorn", "Acer platanoides"),
    ("Berg-Ahorn", "Acer pseudoplatanus"), ("Gemeine Esche", "Fraxinus excelsior"),
    ("Stiel-Eiche", "Quercus robur"), ("Hainbuche", "Carpinus betulus"),
    ("Rosskastanie", "Aesculus hippocastanum"), ("Platane", "Platanus x hispanica"),
    ("Robinie", "Robinia pseudoacacia"), ("Sand-Birke", "Betula pendula"),
    ("Japanischer Schnurbaum", "Styphnolobium japonicum"), ("Feld-Ahorn", "Acer campestre"),
]  # fmt: skip


def _csv(path: str, header: list[str], rows: list[list[object]]) -> None:
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    _write(path, out.getvalue())


def _write(path: str, text: str) -> None:
    full = os.path.join(HERE, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w", encoding="utf-8", newline="") as f:
        f.write(text)


def _geojson(path: str, features: list[dict], name: str) -> None:
    fc = {"type": "FeatureCollection", "name": name, "features": features}
    _write(path, json.dumps(fc, ensure_ascii=False, indent=1) + "\n")


def _point(fid: object, lon: float, lat: float, props: dict) -> dict:
    return {
        "type": "Feature",
        "id": fid,
        "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
        "properties": props,
    }


def _near(rnd: random.Random, lon: float, lat: float, d: float = 0.006) -> tuple[float, float]:
    return lon + rnd.uniform(-d, d), lat + rnd.uniform(-d * 0.6, d * 0.6)


def _square(lon: float, lat: float, dx: float, dy: float) -> dict:
    ring = [
        [round(lon - dx, 6), round(lat - dy, 6)],
        [round(lon + dx, 6), round(lat - dy, 6)],
        [round(lon + dx, 6), round(lat + dy, 6)],
        [round(lon - dx, 6), round(lat + dy, 6)],
        [round(lon - dx, 6), round(lat - dy, 6)],
    ]
    return {"type": "Polygon", "coordinates": [ring]}


def build_ckan(rnd: random.Random) -> None:
    rows = []
    for i in range(1, 241):
        ot = ORTSTEILE[i % 12]
        lon, lat = _near(rnd, ot[2], ot[3])
        de, bot = BAEUME[rnd.randrange(len(BAEUME))]
        year = rnd.randrange(1950, 2024)
        age = 2025 - year
        rows.append(
            [f"B-{10000 + i}", de, bot, f"{STRASSEN[i % len(STRASSEN)]}", ot[1], year,
             round(min(4 + age * 0.3, 28) + rnd.uniform(-2, 2), 1),
             round(min(2 + age * 0.18, 16) + rnd.uniform(-1, 1), 1),
             int(min(30 + age * 3.2, 320) + rnd.uniform(-10, 10)), round(lon, 6), round(lat, 6)]
        )  # fmt: skip
    _csv(
        "data/baumkataster.csv",
        ["baumnummer", "baumart", "baumart_botanisch", "strasse", "ortsteil", "pflanzjahr",
         "hoehe_m", "kronendurchmesser_m", "stammumfang_cm", "lon", "lat"],
        rows,
    )  # fmt: skip
    girls = [
        "Emilia",
        "Mia",
        "Hanna",
        "Emma",
        "Lina",
        "Ella",
        "Mila",
        "Clara",
        "Lea",
        "Marie",
        "Frieda",
        "Ida",
        "Johanna",
        "Paula",
        "Greta",
        "Charlotte",
        "Lotta",
        "Mathilda",
    ]
    boys = ["Noah", "Emil", "Matteo", "Paul", "Leon", "Finn", "Theo", "Elias", "Henry",
            "Jakob", "Anton", "Karl", "Oskar", "Felix", "Ben", "Max", "Moritz", "Johann"]  # fmt: skip
    for year in (2022, 2023, 2024):
        rows = []
        for names, sex in ((girls, "w"), (boys, "m")):
            picked = sorted(names, key=lambda n: rnd.random())
            for rank, n in enumerate(picked, 1):
                rows.append([n, sex, max(3, 24 - rank + rnd.randrange(0, 4)), rank])
        rows.sort(key=lambda r: (-int(r[2]), r[0]))
        _csv(f"data/vornamen_{year}.csv", ["vorname", "geschlecht", "anzahl", "rang"], rows)
    parties = ["CDU", "DIE LINKE", "SPD", "GRÜNE", "AfD", "FDP", "Bürger für Jena"]
    for year, shares in (
        (2019, [18.5, 19.2, 14.1, 20.4, 13.9, 6.8, 7.1]),
        (2024, [17.2, 12.4, 10.9, 19.8, 20.1, 5.6, 6.5]),
    ):
        rows = []
        for nr in range(1, 41):
            ot = ORTSTEILE[(nr - 1) % 30]
            berechtigt = 1500 + rnd.randrange(0, 1400)
            waehler = int(berechtigt * rnd.uniform(0.48, 0.72))
            gueltig = int(waehler * 0.985) * 3  # three votes per voter
            votes = [int(gueltig * (s + rnd.uniform(-3, 3)) / 100) for s in shares]
            rows.append([f"{nr:03d}", f"{ot[1]} {nr:03d}", berechtigt, waehler, gueltig, *votes])
        _csv(
            f"data/stadtratswahl_{year}.csv",
            ["wahlbezirk", "bezeichnung", "wahlberechtigte", "waehler", "gueltige_stimmen",
             *[p.lower().replace(" ", "_") for p in parties]],
            rows,
        )  # fmt: skip
    _csv(
        "data/stadtratswahl_2024_sitze.csv",
        ["wahlvorschlag", "stimmenanteil_prozent", "sitze"],
        [[p, s, round(46 * s / 92.5)] for p, s in zip(
            parties, [17.2, 12.4, 10.9, 19.8, 20.1, 5.6, 6.5], strict=True)],
    )  # fmt: skip
    bereiche = [
        ("11", "Innere Verwaltung"), ("12", "Sicherheit und Ordnung"), ("21", "Schulträgeraufgaben"),
        ("25", "Kultur und Wissenschaft"), ("31", "Soziale Hilfen"), ("36", "Kinder-, Jugend- und Familienhilfe"),
        ("42", "Sportförderung"), ("51", "Räumliche Planung und Entwicklung"), ("54", "Verkehrsflächen und ÖPNV"),
        ("55", "Natur- und Landschaftspflege"), ("56", "Umweltschutz"), ("61", "Allgemeine Finanzwirtschaft"),
    ]  # fmt: skip
    for name, years in (("haushaltsplan_2024", [2024]), ("haushalt_2025_2026", [2025, 2026])):
        rows = []
        for year in years:
            for nr, label in bereiche:
                ertrag = rnd.randrange(2, 90) * 250_000
                aufwand = ertrag + rnd.randrange(-10, 60) * 250_000
                rows.append([year, nr, label, ertrag, aufwand, ertrag - aufwand])
        _csv(f"data/{name}.csv",
             ["haushaltsjahr", "produktbereich", "bezeichnung", "ertraege_eur", "aufwendungen_eur", "saldo_eur"],
             rows)  # fmt: skip
    rows = []
    for nr, name, _lon, _lat in ORTSTEILE:
        total = 300 + rnd.randrange(0, 9000) if int(nr) > 10 else 6000 + rnd.randrange(0, 16000)
        parts = [int(total * f) for f in (0.09, 0.08, 0.16, 0.27, 0.19)]
        rows.append([nr, name, total, *parts, total - sum(parts)])
    _csv("data/einwohner_ortsteile_2024.csv",
         ["ortsteil_nr", "ortsteil", "einwohner", "unter_6", "6_bis_17", "18_bis_29", "30_bis_49",
          "50_bis_64", "65_und_aelter"], rows)  # fmt: skip
    traeger = ["Stadt Jena (JenaKultur)", "DRK Kreisverband Jena", "AWO Jena", "Diakonie Jena",
               "Kindersprachbrücke Jena e. V.", "Caritas Jena"]  # fmt: skip
    kitas = ["Zwergenland", "Sonnenschein", "Saaleknirpse", "Kunterbunt", "Märchenland",
             "Wirbelwind", "Löwenzahn", "Spatzennest", "Regenbogen", "Pusteblume", "Lummerland",
             "Entdeckerhaus"]  # fmt: skip
    rows = []
    for i, name in enumerate(kitas):
        ot = ORTSTEILE[i % 14]
        lon, lat = _near(rnd, ot[2], ot[3], 0.004)
        rows.append([f"KITA-{i + 1:03d}", f"Kindertagesstätte „{name}“", traeger[i % len(traeger)],
                     f"{STRASSEN[(i * 3) % len(STRASSEN)]} {rnd.randrange(1, 60)}", "07743" if i % 2 else "07747",
                     ot[1], 40 + rnd.randrange(0, 140), round(lon, 6), round(lat, 6)])  # fmt: skip
    _csv("data/kindertageseinrichtungen.csv",
         ["id", "name", "traeger", "strasse", "plz", "ortsteil", "plaetze", "lon", "lat"], rows)  # fmt: skip
    feats = []
    for i in range(1, 19):
        ot = ORTSTEILE[i % 20]
        lon, lat = _near(rnd, ot[2], ot[3], 0.004)
        feats.append(
            _point(
                i,
                lon,
                lat,
                {
                    "name": f"Spielplatz {STRASSEN[i % len(STRASSEN)]}",
                    "ortsteil": ot[1],
                    "alter": ["0-6", "3-12", "6-14"][i % 3],
                },
            )
        )
    _geojson("data/spielplaetze.geojson", feats, "spielplaetze")
    rows = []
    for i, (place, ot) in enumerate([
        ("Holzmarkt", ORTSTEILE[0]), ("Eichplatz", ORTSTEILE[0]), ("Paradiespark", ORTSTEILE[3]),
        ("Westbahnhof", ORTSTEILE[2]), ("Lobeda, Stauffenbergstraße", ORTSTEILE[6]),
        ("Winzerla, Anna-Siemsen-Straße", ORTSTEILE[7]), ("Botanischer Garten", ORTSTEILE[0]),
        ("Saalbahnhof", ORTSTEILE[1]),
    ]):  # fmt: skip
        lon, lat = _near(rnd, ot[2], ot[3], 0.002)
        rows.append([f"WC-{i + 1:02d}", place, ot[1], "ja" if i % 3 != 2 else "nein",
                     "täglich 06:00–22:00" if i % 2 == 0 else "Mo–Sa 08:00–20:00", round(lon, 6), round(lat, 6)])  # fmt: skip
    _csv("data/oeffentliche_toiletten.csv",
         ["id", "standort", "ortsteil", "barrierefrei", "oeffnungszeiten", "lon", "lat"], rows)  # fmt: skip


def build_dcat(rnd: random.Random) -> None:
    rows = []
    for nr, name, _lon, _lat in ORTSTEILE:
        base = 300 + rnd.randrange(0, 9000) if int(nr) > 10 else 6000 + rnd.randrange(0, 16000)
        for year in (2025, 2030, 2035, 2040):
            rows.append(
                [nr, name, year, int(base * (1 + (year - 2025) * rnd.uniform(-0.002, 0.006)))]
            )
    _csv(
        "data/bevoelkerungsprognose_2040.csv",
        ["ortsteil_nr", "ortsteil", "jahr", "einwohner"],
        rows,
    )
    feats = []
    for i, (name, art) in enumerate([
        ("Ernst-Abbe-Sportfeld", "Stadion"), ("Sportzentrum Lobeda-West", "Sporthalle"),
        ("Schwimmhalle Lobeda-West", "Schwimmhalle"), ("Sporthalle Sparkassen-Arena", "Mehrzweckhalle"),
        ("Sportplatz Oberaue", "Sportplatz"), ("Freibad Ost", "Freibad"), ("Sportplatz Winzerla", "Sportplatz"),
        ("Leichtathletikhalle Kernberge", "Sporthalle"),
    ]):  # fmt: skip
        ot = ORTSTEILE[i % 17]
        lon, lat = _near(rnd, ot[2], ot[3], 0.003)
        feats.append(
            _point(f"sport-{i + 1}", lon, lat, {"name": name, "art": art, "ortsteil": ot[1]})
        )
    _geojson("data/sportstaetten.geojson", feats, "sportstaetten")
    rows = []
    stellen = [("RZ-01", "Saalbahnhof, Radweg Saale"), ("RZ-02", "Camsdorfer Brücke"),
               ("RZ-03", "Leutragraben"), ("RZ-04", "Burgauer Brücke")]  # fmt: skip
    for sid, name in stellen:
        for month in range(1, 13):
            season = 0.5 + 0.5 * (1 - abs(month - 7) / 6)
            rows.append([sid, name, f"2025-{month:02d}", int(rnd.randrange(38000, 61000) * season)])
    _csv("data/radzaehlstellen_2025.csv", ["zaehlstelle", "standort", "monat", "fahrraeder"], rows)
    rows = [[f"S{i + 1:04d}", s, "07743" if i % 2 else "07745", ORTSTEILE[i % 30][1]]
            for i, s in enumerate(sorted(STRASSEN))]  # fmt: skip
    _csv(
        "data/strassenverzeichnis.csv",
        ["strassenschluessel", "strassenname", "plz", "ortsteil"],
        rows,
    )
    rows = []
    for i, (titel, kategorie, ort) in enumerate([
        ("Jenaer Philharmonie: Sinfoniekonzert", "Konzert", "Volkshaus Jena"),
        ("Kulturarena: Sommerkonzert", "Konzert", "Theatervorplatz"),
        ("Lesung in der Villa Rosenthal", "Literatur", "Villa Rosenthal"),
        ("Familientag im Stadtmuseum", "Museum", "Stadtmuseum Jena"),
        ("Märchenmarkt", "Markt", "Marktplatz"), ("Theaterhaus: Premiere", "Theater", "Theaterhaus Jena"),
        ("Orgelnacht", "Konzert", "Stadtkirche St. Michael"),
        ("Planetariumsshow", "Wissenschaft", "Zeiss-Planetarium"),
    ]):  # fmt: skip
        rows.append(
            [
                f"VA-{2026_0000 + i}",
                titel,
                kategorie,
                ort,
                f"2026-{(i % 12) + 1:02d}-{10 + i:02d}T19:30:00+01:00",
            ]
        )
    _csv("data/veranstaltungen_2026.csv", ["id", "titel", "kategorie", "ort", "beginn"], rows)
    feats = []
    for i, (name, lon, lat) in enumerate([
        ("Stadtmuseum Jena", 11.5887, 50.9288), ("Romantikerhaus", 11.5893, 50.9294),
        ("Optisches Museum", 11.5842, 50.9264), ("Kunstsammlung Jena", 11.5885, 50.9289),
        ("Goethe-Gedenkstätte", 11.5855, 50.9296), ("Schillers Gartenhaus", 11.5838, 50.9250),
        ("Ernst-Haeckel-Haus", 11.5862, 50.9305),
    ]):  # fmt: skip
        feats.append(
            _point(
                f"museum-{i + 1}",
                lon,
                lat,
                {
                    "name": name,
                    "traeger": "JenaKultur" if i < 4 else "Friedrich-Schiller-Universität Jena",
                },
            )
        )
    _geojson("data/museen.geojson", feats, "museen")
    rows = [[k, n, rnd.randrange(4000, 60000), rnd.randrange(5000, 120000)] for k, n in [
        ("SB", "Sachbücher"), ("BL", "Belletristik"), ("KJ", "Kinder- und Jugendbücher"),
        ("AV", "Audiovisuelle Medien"), ("ZS", "Zeitschriften"), ("EM", "E-Medien (Onleihe)"),
    ]]  # fmt: skip
    _csv(
        "data/bibliothek_medienbestand_2025.csv",
        ["gruppe", "mediengruppe", "bestand", "ausleihen"],
        rows,
    )


def build_geodata(rnd: random.Random) -> None:
    """Downloads of the CSW records (/files/geodaten/) and the OGC API / WFS features."""
    feats = [{"type": "Feature", "id": f"bp-{i}", "geometry": _square(*_near(rnd, ot[2], ot[3], 0.005), 0.003, 0.002),
              "properties": {"plannummer": f"B-{ot[0]}-{i:02d}", "bezeichnung": f"Bebauungsplan {ot[1]} {i}",
                             "rechtskraft": f"{2000 + i}-0{1 + i % 9}-15"}} for i, ot in enumerate(ORTSTEILE[:12], 1)]  # fmt: skip
    _geojson("files/geodaten/bebauungsplaene.geojson", feats, "bebauungsplaene")
    feats = [{"type": "Feature", "id": f"fnp-{i}", "geometry": _square(ot[2], ot[3], 0.006, 0.004),
              "properties": {"nutzung": ["Wohnbaufläche", "Gemischte Baufläche", "Grünfläche", "Gewerbliche Baufläche"][i % 4],
                             "ortsteil": ot[1]}} for i, ot in enumerate(ORTSTEILE[:16])]  # fmt: skip
    _geojson("files/geodaten/flaechennutzungsplan.geojson", feats, "flaechennutzungsplan")
    feats = [{"type": "Feature", "id": f"laerm-{i}", "geometry": {"type": "LineString", "coordinates": [
        [round(ot[2] - 0.01, 6), round(ot[3], 6)], [round(ot[2] + 0.01, 6), round(ot[3] + 0.003, 6)]]},
        "properties": {"strasse": STRASSEN[i], "lden_db": 60 + i % 12, "lnight_db": 50 + i % 10}}
        for i, ot in enumerate(ORTSTEILE[:10])]  # fmt: skip
    _geojson("files/geodaten/laermkartierung_2022.geojson", feats, "laermkartierung")
    feats = [{"type": "Feature", "id": "ueg-saale", "geometry": {"type": "Polygon", "coordinates": [[
        [11.5800, 50.8700], [11.6020, 50.8700], [11.6120, 50.9600], [11.5950, 50.9650], [11.5800, 50.8700]]]},
        "properties": {"gewaesser": "Saale", "hq": "HQ100", "festsetzung": "2014-06-30"}}]  # fmt: skip
    _geojson(
        "files/geodaten/ueberschwemmungsgebiet_saale.geojson", feats, "ueberschwemmungsgebiete"
    )
    feats = [_point(f"dm-{i}", *_near(rnd, 11.5889, 50.9279, 0.01), {"bezeichnung": name, "art": art})
             for i, (name, art) in enumerate([
                 ("Stadtkirche St. Michael", "Baudenkmal"), ("Rathaus", "Baudenkmal"),
                 ("Pulverturm", "Baudenkmal"), ("Johannistor", "Baudenkmal"),
                 ("Universitätshauptgebäude", "Baudenkmal"), ("Zeiss-Hauptwerk, Bau 15", "Baudenkmal"),
                 ("Historischer Stadtkern", "Denkmalensemble")], 1)]  # fmt: skip
    _geojson("files/geodaten/kulturdenkmale.geojson", feats, "kulturdenkmale")
    feats = [{"type": "Feature", "id": f"ng-{i}", "geometry": _square(lon, lat, 0.008, 0.005),
              "properties": {"name": name, "schutzkategorie": kat}} for i, (name, kat, lon, lat) in enumerate([
                  ("Leutratal und Cospoth", "Naturschutzgebiet", 11.5600, 50.8800),
                  ("Kernberge und Wöllmisse", "Naturschutzgebiet", 11.6300, 50.9100),
                  ("Jenaer Forst", "Landschaftsschutzgebiet", 11.5300, 50.9400)], 1)]  # fmt: skip
    _geojson("files/geodaten/schutzgebiete.geojson", feats, "schutzgebiete")
    # OGC API Features collections of the Urban Data Platform
    feats = []
    for i in range(1, 15):
        ot = ORTSTEILE[i % 16]
        lon, lat = _near(rnd, ot[2], ot[3], 0.004)
        feats.append(
            _point(
                f"ladepunkt-{i}",
                lon,
                lat,
                {
                    "name": f"Ladesäule {STRASSEN[(i * 5) % len(STRASSEN)]}",
                    "betreiber": "Stadtwerke Jena",
                    "ladepunkte": 2,
                    "leistung_kw": [11, 22, 50, 150][i % 4],
                    "steckertyp": "Typ 2" if i % 4 < 2 else "CCS",
                },
            )
        )
    _geojson("ogc/items/ladestationen.geojson", feats, "ladestationen")
    feats = [_point(f"luft-{i}", lon, lat, {"name": name, "betreiber": "TLUBN / Stadtwerke Jena", "typ": typ})
             for i, (name, lon, lat, typ) in enumerate([
                 ("Luftmessstelle Jena Dornburger Straße", 11.5862, 50.9441, "verkehrsnah"),
                 ("Luftmessstelle Jena Westbahnhofstraße", 11.5746, 50.9246, "verkehrsnah"),
                 ("Luftmessstelle Jena Lobeda Karl-Marx-Allee", 11.6002, 50.8958, "städtischer Hintergrund")], 1)]  # fmt: skip
    _geojson("ogc/items/luftmessstellen.geojson", feats, "luftmessstellen")
    feats = []
    for i in range(1, 9):
        ot = ORTSTEILE[i % 8]
        lon, lat = _near(rnd, ot[2], ot[3], 0.003)
        feats.append(
            _point(
                f"brunnen-{i}",
                lon,
                lat,
                {"name": f"Trinkbrunnen {ot[1]}", "betrieb": "April bis Oktober"},
            )
        )
    _geojson("ogc/items/trinkbrunnen.geojson", feats, "trinkbrunnen")
    feats = []
    for i in range(1, 31):
        ot = ORTSTEILE[i % 30]
        lon, lat = _near(rnd, ot[2], ot[3], 0.004)
        feats.append(
            _point(
                f"wsc-{i}",
                lon,
                lat,
                {
                    "standort": f"{STRASSEN[i % len(STRASSEN)]}",
                    "ortsteil": ot[1],
                    "fraktionen": "Glas, Papier" if i % 3 else "Glas, Papier, Altkleider",
                },
            )
        )
    _geojson("ogc/items/wertstoffcontainer.geojson", feats, "wertstoffcontainer")
    # WFS feature types of the city's geoportal
    feats = [
        {
            "type": "Feature",
            "id": f"ortsteile.{nr}",
            "geometry": _square(lon, lat, 0.012, 0.007),
            "properties": {"ortsteil_nr": nr, "name": name},
        }
        for nr, name, lon, lat in ORTSTEILE
    ]
    _geojson("wfs/ortsteile.geojson", feats, "ortsteile")
    feats = [{"type": "Feature", "id": f"wahlbezirke.{nr:03d}", "geometry": _square(
        ORTSTEILE[(nr - 1) % 30][2] + (nr // 30) * 0.004, ORTSTEILE[(nr - 1) % 30][3], 0.004, 0.003),
        "properties": {"wahlbezirk": f"{nr:03d}", "bezeichnung": f"{ORTSTEILE[(nr - 1) % 30][1]} {nr:03d}",
                       "wahllokal": f"Schule {STRASSEN[nr % len(STRASSEN)]}"}} for nr in range(1, 41)]  # fmt: skip
    _geojson("wfs/wahlbezirke_2024.geojson", feats, "wahlbezirke_2024")
    feats = [{"type": "Feature", "id": f"radnetz.{i}", "geometry": {"type": "LineString", "coordinates": [
        [round(a[2], 6), round(a[3], 6)], [round(b[2], 6), round(b[3], 6)]]},
        "properties": {"route": f"R{i}", "art": ["Radweg", "Radfahrstreifen", "Schutzstreifen"][i % 3]}}
        for i, (a, b) in enumerate(zip(ORTSTEILE[:12], ORTSTEILE[1:13], strict=True), 1)]  # fmt: skip
    _geojson("wfs/radverkehrsnetz.geojson", feats, "radverkehrsnetz")
    feats = [_point(f"schulen.{i}", *_near(rnd, ORTSTEILE[i % 14][2], ORTSTEILE[i % 14][3], 0.003),
                    {"name": name, "schulart": art}) for i, (name, art) in enumerate([
                        ("Staatliche Grundschule Westschule", "Grundschule"), ("Angergymnasium", "Gymnasium"),
                        ("Carl-Zeiss-Gymnasium", "Gymnasium"), ("Gemeinschaftsschule Galileo", "Gemeinschaftsschule"),
                        ("Montessorischule", "Gemeinschaftsschule"), ("Grundschule Nord", "Grundschule"),
                        ("Staatliche Berufsbildende Schule Gesundheit", "Berufsbildende Schule"),
                        ("Otto-Schott-Gymnasium", "Gymnasium")], 1)]  # fmt: skip
    _geojson("wfs/schulen.geojson", feats, "schulen")


def build_files(rnd: random.Random) -> None:
    """Departmental files of Kommunal Service Jena, jenawohnen and JenaWirtschaft."""
    parkhaeuser = [
        ("P1", "Parkhaus Holzmarkt", 11.5876, 50.9273, 250), ("P2", "Parkhaus Neue Mitte", 11.5869, 50.9290, 410),
        ("P3", "Parkhaus Goethe Galerie", 11.5840, 50.9262, 560), ("P4", "Parkplatz Inselplatz", 11.5910, 50.9310, 180),
        ("P5", "Parkhaus Eichplatz", 11.5897, 50.9285, 320), ("P6", "Parkplatz Seidelstraße", 11.5950, 50.9220, 120),
        ("P7", "P+R Jena-Göschwitz", 11.5920, 50.8840, 150), ("P8", "Parkplatz Ernst-Abbe-Sportfeld", 11.5750, 50.9330, 400),
    ]  # fmt: skip
    feats = [_point(pid, lon, lat, {"name": name, "kapazitaet": cap, "typ": "Parkhaus" if "haus" in name else "Parkplatz",
                                    "betreiber": "Kommunal Service Jena", "gebuehrenpflichtig": True})
             for pid, name, lon, lat, cap in parkhaeuser]  # fmt: skip
    _geojson("files/ksj/parken.geojson", feats, "parken")
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<parkplatzbelegung stand="2026-11-20T06:00:00+01:00" quelle="Kommunal Service Jena">',
    ]
    for pid, name, _lon, _lat, cap in parkhaeuser:
        frei = rnd.randrange(0, cap)
        lines.append(
            f'  <parkplatz id="{pid}" name="{name}" kapazitaet="{cap}" frei="{frei}" status="{"offen" if frei else "besetzt"}"/>'
        )
    lines.append("</parkplatzbelegung>")
    _write("files/ksj/parkplatzbelegung.xml", "\n".join(lines) + "\n")
    feats = []
    for i, (strasse, art, von, bis) in enumerate([
        ("Stadtrodaer Straße", "Vollsperrung", "2026-10-06", "2026-12-19"),
        ("Löbdergraben", "Fahrbahneinengung", "2026-11-03", "2026-11-28"),
        ("Camburger Straße", "halbseitige Sperrung", "2026-09-15", "2027-03-31"),
        ("Karl-Liebknecht-Straße", "Umleitung", "2026-11-10", "2026-12-05"),
        ("Erlanger Allee", "Fahrbahneinengung", "2026-11-17", "2026-11-21"),
        ("Westbahnhofstraße", "Vollsperrung", "2026-11-24", "2026-11-26"),
    ]):  # fmt: skip
        lon, lat = _near(rnd, ORTSTEILE[i][2], ORTSTEILE[i][3], 0.003)
        feats.append(
            _point(
                f"vb-{i + 1}",
                lon,
                lat,
                {
                    "strasse": strasse,
                    "art": art,
                    "beginn": von,
                    "ende": bis,
                    "grund": ["Leitungsbau", "Straßenbau", "Gleisbau"][i % 3],
                },
            )
        )
    _geojson("files/ksj/verkehrsbehinderung.geojson", feats, "verkehrsbehinderungen")
    rows = []
    for i in range(1, 41):
        ot = ORTSTEILE[i % 12]
        lon, lat = _near(rnd, ot[2], ot[3], 0.004)
        rows.append([f"FA-{i:03d}", f"{STRASSEN[i % len(STRASSEN)]}", ot[1],
                     ["Anlehnbügel", "Fahrradparkhaus", "Doppelstockparker"][i % 3] if i % 7 else "Fahrradbox",
                     4 + rnd.randrange(0, 30), "ja" if i % 4 == 0 else "nein", round(lon, 6), round(lat, 6)])  # fmt: skip
    _csv("files/ksj/fahrradabstellanlagen.csv",
         ["id", "standort", "ortsteil", "typ", "stellplaetze", "ueberdacht", "lon", "lat"], rows)  # fmt: skip
    rows = []
    for nr, name, _lon, _lat in ORTSTEILE[:14]:
        bestand = rnd.randrange(300, 4200)
        rows.append(
            [
                nr,
                name,
                bestand,
                int(bestand * rnd.uniform(0.01, 0.04)),
                round(rnd.uniform(6.2, 8.9), 2),
            ]
        )
    _csv("files/jenawohnen/wohnungsbestand.csv",
         ["ortsteil_nr", "ortsteil", "wohnungen", "leerstand", "durchschnittsmiete_eur_qm"], rows)  # fmt: skip
    feats = [{"type": "Feature", "id": f"gf-{i}", "geometry": _square(lon, lat, 0.004, 0.0025),
              "properties": {"name": name, "flaeche_ha": ha, "verfuegbar_ha": frei, "nutzung": "GE/GI"}}
             for i, (name, lon, lat, ha, frei) in enumerate([
                 ("Gewerbegebiet Jena-Tatzend", 11.5650, 50.9500, 24.5, 3.2),
                 ("Gewerbegebiet Göschwitz", 11.5920, 50.8800, 41.0, 5.8),
                 ("Technologiepark Beutenberg", 11.5650, 50.9120, 18.2, 0.9),
                 ("Gewerbegebiet Löbstedt", 11.5990, 50.9560, 12.7, 2.1),
                 ("Industriegebiet Jena-Nord (Zwätzen)", 11.6000, 50.9650, 33.4, 6.4)], 1)]  # fmt: skip
    _geojson("files/jenawirtschaft/gewerbeflaechen.geojson", feats, "gewerbeflaechen")


GTFS_STOPS = [
    ("de:16053:10101", "Jena, Stadtzentrum", 50.9268, 11.5895),
    ("de:16053:10102", "Jena, Holzmarkt", 50.9276, 11.5879),
    ("de:16053:10103", "Jena, Ernst-Abbe-Platz", 50.9296, 11.5837),
    ("de:16053:10104", "Jena, Paradiesbahnhof", 50.9226, 11.5878),
    ("de:16053:10105", "Jena, Westbahnhof", 50.9237, 11.5727),
    ("de:16053:10106", "Jena, Lobeda-West", 50.8912, 11.5954),
    ("de:16053:10107", "Jena, Lobeda-Ost", 50.8950, 11.6105),
    ("de:16053:10108", "Jena, Winzerla", 50.8980, 11.5578),
    ("de:16053:10109", "Jena, Zwätzen", 50.9610, 11.6010),
    ("de:16053:10110", "Jena, Nord Schlegelsberg", 50.9466, 11.5931),
    ("de:16053:10111", "Jena, Beutenberg", 50.9120, 11.5650),
    ("de:16053:10112", "Jena, Burgau", 50.9065, 11.6071),
    ("de:16053:10113", "Jena, Universitätsklinikum", 50.8847, 11.6012),
    ("de:16053:10114", "Jena, Saalbahnhof", 50.9376, 11.5928),
    ("de:16053:10115", "Jena, Göschwitz Bahnhof", 50.8846, 11.5877),
    ("de:16074:20101", "Kahla, Markt", 50.8060, 11.5880),
    ("de:16074:20102", "Stadtroda, Busbahnhof", 50.8565, 11.7265),
]

GTFS_ROUTES = [
    # route_id, agency, short name, long name, route type (0 tram, 3 bus), stops
    ("JNV-T1", "JNV", "1", "Lobeda-Ost – Stadtzentrum – Nord", 0, [6, 12, 3, 0, 9]),
    ("JNV-T2", "JNV", "2", "Winzerla – Stadtzentrum – Zwätzen", 0, [7, 3, 1, 9, 8]),
    ("JNV-T3", "JNV", "3", "Lobeda-West – Stadtzentrum – Nord", 0, [5, 12, 3, 0, 9]),
    ("JNV-T4", "JNV", "4", "Lobeda-Ost – Ernst-Abbe-Platz – Zwätzen", 0, [6, 3, 2, 8]),
    ("JNV-T5", "JNV", "5", "Winzerla – Westbahnhof – Lobeda-West", 0, [7, 4, 2, 0, 5]),
    ("JNV-B10", "JNV", "10", "Beutenberg – Paradiesbahnhof – Burgau", 3, [10, 3, 0, 11]),
    ("JNV-B15", "JNV", "15", "Saalbahnhof – Stadtzentrum – Göschwitz", 3, [13, 0, 3, 14]),
    ("JNV-B16", "JNV", "16", "Ernst-Abbe-Platz – Nord – Zwätzen", 3, [2, 9, 8]),
    ("JES-420", "JES", "420", "Jena – Kahla", 3, [3, 14, 15]),
    ("JES-421", "JES", "421", "Jena – Stadtroda", 3, [3, 11, 16]),
]


def build_gtfs() -> None:
    """GTFS text files of the VMT exchange feed, cut to Jena (zipped by the server)."""

    def _gtfs(name: str, rows: list[list[object]]) -> None:
        _write(f"gtfs/{name}", "".join(",".join(str(c) for c in r) + "\r\n" for r in rows))

    _gtfs("feed_info.txt", [
        ["feed_publisher_name", "feed_publisher_url", "feed_lang", "feed_start_date", "feed_end_date", "feed_version", "feed_contact_email"],
        ["Verkehrsverbund Mittelthüringen GmbH", "https://www.vmt-thueringen.de", "de", "20251214", "20261212", "2026-11-20", "fahrplandaten@vmt-thueringen.de"]])  # fmt: skip
    _gtfs("agency.txt", [
        ["agency_id", "agency_name", "agency_url", "agency_timezone", "agency_lang", "agency_phone"],
        ["JNV", "Jenaer Nahverkehr", "https://www.nahverkehr-jena.de", "Europe/Berlin", "de", "+49 3641 414-0"],
        ["JES", "JES Verkehrsgesellschaft", "https://www.jes-verkehrsgesellschaft.de", "Europe/Berlin", "de", "+49 36691 891-0"]])  # fmt: skip
    _gtfs(
        "stops.txt",
        [
            ["stop_id", "stop_name", "stop_lat", "stop_lon", "location_type"],
            *[[sid, name, lat, lon, 0] for sid, name, lat, lon in GTFS_STOPS],
        ],
    )
    _gtfs(
        "routes.txt",
        [
            ["route_id", "agency_id", "route_short_name", "route_long_name", "route_type"],
            *[list(r[:5]) for r in GTFS_ROUTES],
        ],
    )
    _gtfs("calendar.txt", [
        ["service_id", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "start_date", "end_date"],
        ["WT", 1, 1, 1, 1, 1, 0, 0, "20251215", "20261211"], ["SA", 0, 0, 0, 0, 0, 1, 0, "20251220", "20261212"],
        ["SO", 0, 0, 0, 0, 0, 0, 1, "20251214", "20261206"]])  # fmt: skip
    _gtfs("calendar_dates.txt", [["service_id", "date", "exception_type"], ["WT", "20251225", 2], ["SO", "20251225", 1],
                                 ["WT", "20260101", 2], ["SO", "20260101", 1]])  # fmt: skip
    trips = [["route_id", "service_id", "trip_id", "trip_headsign", "direction_id"]]
    times = [["trip_id", "arrival_time", "departure_time", "stop_id", "stop_sequence"]]
    for r_index, (rid, _agency, _short, long_name, _kind, seq) in enumerate(GTFS_ROUTES):
        for k in range(12):
            tid = f"{rid}-{k + 1:03d}"
            direction = k % 2
            order = seq if direction == 0 else list(reversed(seq))
            trips.append(
                [
                    rid,
                    ["WT", "SA", "SO"][k % 3],
                    tid,
                    long_name.split(" – ")[-1 if direction == 0 else 0],
                    direction,
                ]
            )
            start = 5 * 3600 + k * 1200 + r_index * 90
            for pos, stop in enumerate(order):
                t = start + pos * 180
                stamp = f"{t // 3600:02d}:{t % 3600 // 60:02d}:00"
                times.append([tid, stamp, stamp, GTFS_STOPS[stop][0], pos + 1])
    _gtfs("trips.txt", trips)
    _gtfs("stop_times.txt", times)


def _xlsx(path: str, sheet: str, rows: list[list[object]]) -> None:
    """A minimal Office Open XML workbook (one sheet, inline strings), fixed timestamps."""

    def cell(ref: str, value: object) -> str:
        if isinstance(value, int | float):
            return f'<c r="{ref}"><v>{value}</v></c>'
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'

    cols = "ABCDEFGHIJ"
    sheet_rows = "".join(
        f'<row r="{r}">' + "".join(cell(f"{cols[c]}{r}", v) for c, v in enumerate(row)) + "</row>"
        for r, row in enumerate(rows, 1)
    )
    ns = "http://schemas.openxmlformats.org"
    files = {
        "[Content_Types].xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{ns}/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{ns}/spreadsheetml/2006/main" '
            f'xmlns:r="{ns}/officeDocument/2006/relationships"><sheets>'
            f'<sheet name="{escape(sheet)}" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{ns}/spreadsheetml/2006/main">'
            f"<sheetData>{sheet_rows}</sheetData></worksheet>"
        ),
    }  # fmt: skip
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in files.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 11, 20, 4, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, text.encode("utf-8"))
    with open(os.path.join(HERE, path), "wb") as f:
        f.write(buf.getvalue())


def _pdf(path: str, lines: list[str]) -> None:
    """A small one-page PDF with the given text lines (Helvetica, WinAnsi)."""
    body = b"BT /F1 11 Tf 60 780 Td 15 TL "
    for line in lines:
        text = line.encode("cp1252", "replace").replace(b"(", b"[").replace(b")", b"]")
        body += b"(" + text + b") Tj T* "
    body += b"ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(body)).encode() + b" >>\nstream\n" + body + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for i, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    with open(os.path.join(HERE, path), "wb") as f:
        f.write(out)


def build_fachdienste(rnd: random.Random) -> None:
    """Files of the departments (Statistik, Finanzen) and the city geoportal's OGC API."""
    os.makedirs(os.path.join(HERE, "files/fachdienste"), exist_ok=True)
    rows: list[list[object]] = [
        ["Ortsteil-Nr.", "Ortsteil", "Einwohner 2023", "Einwohner 2024", "Veränderung"]
    ]
    for nr, name, _lon, _lat in ORTSTEILE:
        a = 300 + rnd.randrange(0, 9000) if int(nr) > 10 else 6000 + rnd.randrange(0, 16000)
        b = a + rnd.randrange(-120, 160)
        rows.append([nr, name, a, b, b - a])
    _xlsx("files/fachdienste/bevoelkerung-ortsteile.xlsx", "Einwohner", rows)
    lines = [
        "Stadt Jena - Haushaltsplan 2026 (Auszug)",
        "Fachdienst Finanzen, beschlossen vom Stadtrat am 11. Dezember 2024",
        "",
        "Ergebnishaushalt 2026 nach Produktbereichen (in Euro)",
    ]
    for nr, label in [("11", "Innere Verwaltung"), ("21", "Schulträgeraufgaben"), ("25", "Kultur und Wissenschaft"),
                      ("31", "Soziale Hilfen"), ("36", "Kinder-, Jugend- und Familienhilfe"),
                      ("54", "Verkehrsflächen und ÖPNV"), ("61", "Allgemeine Finanzwirtschaft")]:  # fmt: skip
        lines.append(
            f"{nr} {label}: Aufwendungen {rnd.randrange(8, 190) * 250_000:,} EUR".replace(",", ".")
        )
    _pdf("files/fachdienste/haushaltsplan-2026-auszug.pdf", lines)
    feats = [_point(f"aed-{i}", *_near(rnd, ORTSTEILE[i % 14][2], ORTSTEILE[i % 14][3], 0.003),
                    {"standort": name, "zugang": zugang}) for i, (name, zugang) in enumerate([
                        ("Rathaus, Markt 1", "Mo-Fr 8-18 Uhr"), ("Goethe Galerie, Erdgeschoss", "Mo-Sa 9-20 Uhr"),
                        ("Bahnhof Jena Paradies", "rund um die Uhr"), ("Volkshaus Jena", "bei Veranstaltungen"),
                        ("Sparkassen-Arena", "bei Veranstaltungen"), ("Stadtteilzentrum Lobeda", "Mo-Fr 7-19 Uhr"),
                        ("Ernst-Abbe-Sportfeld", "bei Veranstaltungen"), ("Bürgerservice Am Anger 15", "Mo-Fr 8-18 Uhr")], 1)]  # fmt: skip
    _geojson("ogc-geoportal/items/defibrillatoren.geojson", feats, "defibrillatoren")
    feats = [_point(f"wlan-{i}", *_near(rnd, ORTSTEILE[i % 10][2], ORTSTEILE[i % 10][3], 0.002),
                    {"name": f"JenaWLAN {name}", "betreiber": "Stadtwerke Jena"}) for i, name in enumerate([
                        "Marktplatz", "Holzmarkt", "Eichplatz", "Johannisplatz", "Ernst-Abbe-Platz",
                        "Paradiespark", "Westbahnhof", "Lobeda Stauffenbergstraße", "Winzerla Anger"], 1)]  # fmt: skip
    _geojson("ogc-geoportal/items/wlan-hotspots.geojson", feats, "wlan-hotspots")
    feats = [_point(f"stein-{i}", *_near(rnd, 11.5889, 50.9279, 0.008), {"inschrift": name, "verlegt": year})
             for i, (name, year) in enumerate([
                 ("Hier wohnte Dr. Eduard Rosenthal", 2009), ("Hier wohnte Clara Rosenthal", 2009),
                 ("Hier wohnte Hermann Pistor", 2012), ("Hier wohnte Margarete Kersten", 2014),
                 ("Hier wohnte Paul Weiss", 2016), ("Hier wohnte Johanna Fürst", 2019)], 1)]  # fmt: skip
    _geojson("ogc-geoportal/items/stolpersteine.geojson", feats, "stolpersteine")


def build_baeder() -> None:
    """Pools and saunas of the Jenaer Bäder."""
    feats = [
        _point(f"bad-{i}", lon, lat, {"name": name, "art": art, "sauna": sauna, "oeffnungszeiten": zeiten})
        for i, (name, art, sauna, zeiten, lon, lat) in enumerate([
            ("GalaxSea Jena", "Erlebnisbad", True, "täglich 10:00–22:00", 11.6076, 50.8832),
            ("Schwimmhalle Lobeda-West", "Schwimmhalle", False, "Mo–Fr 06:00–21:00, Sa–So 08:00–18:00", 11.5938, 50.8905),
            ("Schwimmhalle Jena-Nord", "Schwimmhalle", True, "Mo–Fr 06:30–21:30, Sa–So 09:00–19:00", 11.5958, 50.9478),
            ("Freibad Ost", "Freibad", False, "Mai–September täglich 09:00–20:00", 11.6128, 50.9296),
            ("Südbad", "Freibad", False, "Juni–August täglich 10:00–19:00", 11.5851, 50.9122),
            ("Saunawelt Jena-Nord", "Sauna", True, "Di–So 12:00–22:00", 11.5962, 50.9481),
        ], 1)
    ]  # fmt: skip
    _geojson("files/jenaer-baeder/baeder.geojson", feats, "baeder")


def main() -> None:
    build_baeder()
    build_fachdienste(random.Random(7005))
    build_gtfs()
    build_ckan(random.Random(7001))
    build_dcat(random.Random(7002))
    build_geodata(random.Random(7003))
    build_files(random.Random(7004))


if __name__ == "__main__":
    main()
