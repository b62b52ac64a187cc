"""Generate national-size CQC register files with the real headers (synthetic content).

    python bench/register_files.py OUT_DIR [--locations 56000] [--format csv|xlsx|ods]
        [--date 2026-12-01] [--seed 1] [--change-providers 0.02] [--ratings-per-location 6]

Writes ``HSCA_Active_Locations_{date}.{fmt}`` and ``{date}_Latest_ratings.{fmt}`` in OUT_DIR,
with the column headers CQC's files carry (a README sheet for XLSX/ODS giving the date). Every
value is made up: names such as "Location 000123", postcodes of a valid shape, ratings drawn
at random. ``--seed`` keeps locations and providers the same between two runs, so two dates
make two monthly snapshots; ``--change-providers`` moves that share of locations to another
provider in the later file, for the ownership-history questions. ``--deactivated N`` also
writes ``HSCA_Deactivated_Locations_{date}.{fmt}``: N more locations with the same columns and
a registration end date in the ten years before the file's date.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
from pathlib import Path

REGULATED_ACTIVITIES = [
    "Accommodation for persons who require nursing or personal care",
    "Accommodation for persons who require treatment for substance misuse",
    "Assessment or medical treatment for persons detained under the 1983 Act",
    "Diagnostic and screening procedures", "Family planning", "Management of supply of blood and blood derived products",
    "Maternity and midwifery services", "Nursing care", "Personal care", "Services in slimming clinics",
    "Surgical procedures", "Termination of pregnancies", "Transport services, triage and medical advice provided remotely",
    "Treatment of disease, disorder or injury",
]
SERVICE_TYPES = [
    "Acute services with overnight beds", "Acute services without overnight beds / listed acute services with or without overnight beds",
    "Ambulance service", "Blood and Transplant service", "Care home service with nursing", "Care home service without nursing",
    "Community based services for people who misuse substances", "Community based services for people with a learning disability",
    "Community based services for people with mental health needs", "Community health care services - Nurses Agency only",
    "Community healthcare service", "Dental service", "Diagnostic and/or screening service", "Diagnostic and/or screening service - single handed sessional providers",
    "Doctors consultation service", "Doctors treatment service", "Domiciliary care service", "Extra Care housing services",
    "Hospice services", "Hospice services at home", "Hospital services for people with mental health needs, learning disabilities and problems with substance misuse",
    "Long term conditions services", "Mobile doctors service", "Prison Healthcare Services", "Rehabilitation services",
    "Remote clinical advice service", "Residential substance misuse treatment and rehabilitation service", "Shared Lives",
    "Specialist college service", "Supported housing service", "Supported living service", "Urgent care services",
]
SERVICE_USER_BANDS = [
    "Children 0-18 years", "Dementia", "Learning disabilities or autistic spectrum disorder", "Mental Health",
    "Older People", "People detained under the Mental Health Act", "People who misuse drugs and alcohol",
    "People with an eating disorder", "Physical Disability", "Sensory Impairment", "Whole Population",
    "Younger Adults",
]
HSCA_HEADER = [
    "Location ID", "Location ODS Code", "Location Name", "Location Also Known As", "Location HSCA start date",
    "Dormant (Y/N)", "Care home?", "Location Type/Sector", "Location Inspection Directorate",
    "Location Primary Inspection Category", "Location Latest Overall Rating", "Publication Date",
    "Inherited Rating (Y/N)", "Location Region", "Location NHS Region", "Location Local Authority",
    "Location ONSPD CCG Code", "Location ONSPD CCG", "Location Commissioning CCG Code",
    "Location Commissioning CCG", "Location Street Address", "Location Address Line 2", "Location City",
    "Location County", "Location Postal Code", "Location Paf ID", "Location UPRN ID", "Location Latitude",
    "Location Longitude", "Location Parliamentary Constituency", "Location Telephone Number",
    "Location Web Address", "Care homes beds", "Registered Manager",
    *[f"Regulated activity - {a}" for a in REGULATED_ACTIVITIES],
    *[f"Service type - {t}" for t in SERVICE_TYPES],
    *[f"Service user band - {b}" for b in SERVICE_USER_BANDS],
    "Provider ID", "Provider Name", "Provider Type/Sector", "Provider Ownership Type",
    "Provider Companies House Number", "Provider Charity Number", "Provider Street Address",
    "Provider Address Line 2", "Provider City", "Provider County", "Provider Postal Code", "Provider Paf ID",
    "Provider UPRN ID", "Provider Local Authority", "Provider Region", "Provider NHS Region",
    "Provider Latitude", "Provider Longitude", "Provider Parliamentary Constituency",
    "Provider Nominated Individual Name", "Provider Main Partner Name", "Brand ID", "Brand Name",
]
RATINGS_HEADER = [
    "Location ID", "Location ODS Code", "Location Name", "Care Home?", "Location Type",
    "Location Primary Inspection Category", "Location Street Address", "Location Address Line 2",
    "Location City", "Location Post Code", "Location Local Authority", "Location Region",
    "Location NHS Region", "Location ONSPD CCG Code", "Location ONSPD CCG", "Service / Population Group",
    "Domain", "Latest Rating", "Publication Date", "Report Type", "Inherited Rating (Y/N)", "URL",
    "Provider ID", "Provider Name", "Brand ID", "Brand Name",
]
PROVIDER_RATINGS_HEADER = [
    "Provider ID", "Provider ODS Code", "Provider Name", "Provider Type", "Provider Primary Inspection Category",
    "Provider Street Address", "Provider Address Line 2", "Provider City", "Provider Post Code",
    "Provider Local Authority", "Provider Region", "Provider NHS Region", "Service / Population Group",
    "Domain", "Latest Rating", "Publication Date", "Report Type", "URL", "Brand ID", "Brand Name",
]
RATINGS = ["Outstanding", "Good", "Good", "Good", "Requires improvement", "Inadequate"]
DOMAINS = ["Overall", "Safe", "Effective", "Caring", "Responsive", "Well-led"]
AUTHORITIES = [(f"Authority {i:03d}", f"E0{6 + i % 4}000{i:03d}") for i in range(150)]
REGIONS = ["London", "South East", "South West", "East", "Midlands", "North West", "North East"]
LETTERS = "ABCDEFGHJKLMNOPRSTUWYZ"


def _postcode(rng: random.Random) -> str:
    return (f"{rng.choice(LETTERS)}{rng.choice(LETTERS)}{rng.randint(1, 29)} "
            f"{rng.randint(1, 9)}{rng.choice(LETTERS)}{rng.choice(LETTERS)}")


def _date(rng: random.Random, start: int, end: int) -> str:
    day = dt.date(start, 1, 1) + dt.timedelta(days=rng.randint(0, (end - start) * 365))
    return day.strftime("%d/%m/%Y")


def make_locations(n: int, seed: int, change_providers: float, later: bool) -> list[dict]:
    rng = random.Random(seed)
    providers = max(1, n // 3)
    out = []
    for i in range(n):
        care_home = rng.random() < 0.25
        provider = rng.randrange(providers)
        moved = rng.random() < change_providers
        if later and moved:
            provider = (provider + 1) % providers
        la, la_code = AUTHORITIES[i % len(AUTHORITIES)]
        flags = {f"Regulated activity - {a}": ("Y" if rng.random() < 0.2 else "") for a in REGULATED_ACTIVITIES}
        flags.update({f"Service type - {t}": ("Y" if rng.random() < 0.08 else "") for t in SERVICE_TYPES})
        flags.update({f"Service user band - {b}": ("Y" if rng.random() < 0.3 else "") for b in SERVICE_USER_BANDS})
        rating = rng.choice(RATINGS + ["", ""])
        row = {
            "Location ID": f"1-{100000000 + i}", "Location ODS Code": f"VN{i:05d}" if rng.random() < 0.3 else "",
            "Location Name": f"Location {i:06d}", "Location Also Known As": "",
            "Location HSCA start date": _date(rng, 2010, 2025), "Dormant (Y/N)": "Y" if rng.random() < 0.03 else "N",
            "Care home?": "Y" if care_home else "N",
            "Location Type/Sector": "Social Care Org" if care_home else "Primary Medical Services",
            "Location Inspection Directorate": "Adult social care" if care_home else "Primary medical services",
            "Location Primary Inspection Category": "Residential social care" if care_home else "GP Practices",
            "Location Latest Overall Rating": rating, "Publication Date": _date(rng, 2016, 2026) if rating else "",
            "Inherited Rating (Y/N)": ("Y" if rng.random() < 0.05 else "N") if rating else "",
            "Location Region": REGIONS[i % len(REGIONS)], "Location NHS Region": REGIONS[i % len(REGIONS)],
            "Location Local Authority": la, "Location ONSPD CCG Code": f"E38000{i % 200:03d}",
            "Location ONSPD CCG": f"Sub-ICB {i % 200:03d}", "Location Commissioning CCG Code": f"{i % 200:02d}X",
            "Location Commissioning CCG": f"Sub-ICB {i % 200:03d}", "Location Street Address": f"{i % 300 + 1} High Street",
            "Location Address Line 2": "", "Location City": f"Town {i % 500:03d}", "Location County": "",
            "Location Postal Code": _postcode(rng), "Location Paf ID": str(10000000 + i), "Location UPRN ID": str(100000000000 + i),
            "Location Latitude": f"{50 + rng.random() * 5:.6f}", "Location Longitude": f"{-4 + rng.random() * 5:.6f}",
            "Location Parliamentary Constituency": f"Constituency {i % 540:03d}",
            "Location Telephone Number": f"0{rng.randint(1000000000, 1999999999)}",
            "Location Web Address": f"www.location{i}.example", "Care homes beds": str(rng.randint(5, 120)) if care_home else "",
            "Registered Manager": f"Manager {i:06d}" if care_home else "",
            **flags,
            "Provider ID": f"1-{900000000 + provider}", "Provider Name": f"Provider {provider:06d} Ltd",
            "Provider Type/Sector": "Social Care Org", "Provider Ownership Type": "Organisation",
            "Provider Companies House Number": f"{provider + 1000000:08d}", "Provider Charity Number": "",
            "Provider Street Address": f"{provider % 90 + 1} Market Street", "Provider Address Line 2": "",
            "Provider City": f"Town {provider % 500:03d}", "Provider County": "", "Provider Postal Code": _postcode(rng),
            "Provider Paf ID": "", "Provider UPRN ID": "", "Provider Local Authority": la, "Provider Region": REGIONS[i % len(REGIONS)],
            "Provider NHS Region": REGIONS[i % len(REGIONS)], "Provider Latitude": "", "Provider Longitude": "",
            "Provider Parliamentary Constituency": "", "Provider Nominated Individual Name": f"Nominee {provider:06d}",
            "Provider Main Partner Name": "", "Brand ID": "-", "Brand Name": "-",
        }
        out.append(row)
    return out


def ratings_rows(locations: list[dict], per_location: int, seed: int) -> list[list[str]]:
    rng = random.Random(seed + 7)
    rows = []
    for loc in locations:
        if not loc["Location Latest Overall Rating"]:
            continue
        for domain in DOMAINS[:per_location]:
            value = loc["Location Latest Overall Rating"] if domain == "Overall" else rng.choice(RATINGS)
            rows.append([loc["Location ID"], loc["Location ODS Code"], loc["Location Name"], loc["Care home?"],
                         loc["Location Type/Sector"], loc["Location Primary Inspection Category"],
                         loc["Location Street Address"], "", loc["Location City"], loc["Location Postal Code"],
                         loc["Location Local Authority"], loc["Location Region"], loc["Location NHS Region"],
                         loc["Location ONSPD CCG Code"], loc["Location ONSPD CCG"], "Overall", domain, value,
                         loc["Publication Date"], "Location", loc["Inherited Rating (Y/N)"],
                         f"https://www.cqc.org.uk/location/{loc['Location ID']}", loc["Provider ID"],
                         loc["Provider Name"], "-", "-"])
    return rows


def write_table(path: Path, fmt: str, sheets: list[tuple[str, list[str], list[list[str]]]]) -> None:
    if fmt == "csv":
        name, header, rows = sheets[-1] if len(sheets) == 1 else sheets[1]
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(rows)
    elif fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        for name, header, rows in sheets:
            ws = wb.create_sheet(name)
            ws.append(header)
            for row in rows:
                ws.append(row)
        wb.save(path)
    elif fmt == "ods":
        from odf.opendocument import OpenDocumentSpreadsheet
        from odf.table import Table, TableCell, TableRow
        from odf.text import P

        doc = OpenDocumentSpreadsheet()
        for name, header, rows in sheets:
            table = Table(name=name)
            for row in [header, *rows]:
                tr = TableRow()
                for value in row:
                    cell = TableCell(valuetype="string")
                    if value != "":
                        cell.addElement(P(text=str(value)))
                    tr.addElement(cell)
                table.addElement(tr)
            doc.spreadsheet.addElement(table)
        doc.save(str(path))
    else:
        raise SystemExit(f"unknown format {fmt}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--locations", type=int, default=56_000)
    ap.add_argument("--format", default="csv", choices=["csv", "xlsx", "ods"])
    ap.add_argument("--date", default="2026-12-01")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--change-providers", type=float, default=0.02)
    ap.add_argument("--later", action="store_true", help="apply --change-providers (the later month)")
    ap.add_argument("--ratings-per-location", type=int, default=6)
    ap.add_argument("--deactivated", type=int, default=0,
                    help="also write HSCA_Deactivated_Locations with this many ended registrations")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    day = dt.date.fromisoformat(args.date)
    stamp = f"{day.day:02d}_{day.strftime('%B')}_{day.year}"
    locations = make_locations(args.locations, args.seed, args.change_providers, args.later)
    readme = [["Care Quality Commission: active locations (synthetic data for benchmarks)"],
              [f"Data as at {day.day} {day.strftime('%B')} {day.year}"]]
    hsca_rows = [[loc[h] for h in HSCA_HEADER] for loc in locations]
    hsca = args.out / f"HSCA_Active_Locations_{stamp}.{args.format}"
    write_table(hsca, args.format, [("README", ["README"], readme), ("HSCA_Active_Locations", HSCA_HEADER, hsca_rows)])
    ratings = args.out / f"{stamp}_Latest_ratings.{args.format}"
    write_table(ratings, args.format, [("README", ["README"], readme),
                                       ("Locations", RATINGS_HEADER, ratings_rows(locations, args.ratings_per_location, args.seed))])
    written = [hsca, ratings]
    if args.deactivated:
        # locations beyond the active ones, with the active file's columns and an end date
        gone = make_locations(args.locations + args.deactivated, args.seed + 1, 0.0, False)
        gone = gone[args.locations:]
        rng = random.Random(args.seed + 2)
        header = HSCA_HEADER[:5] + ["Location HSCA End Date"] + HSCA_HEADER[5:]
        rows = []
        for n, loc in enumerate(gone):
            loc["Location ID"] = f"1-{8_000_000_000 + n}"
            end = day - dt.timedelta(days=rng.randint(1, 3650))
            row = [loc[h] for h in HSCA_HEADER]
            rows.append(row[:5] + [end.strftime("%d/%m/%Y")] + row[5:])
        deactivated = args.out / f"HSCA_Deactivated_Locations_{stamp}.{args.format}"
        write_table(deactivated, args.format, [("README", ["README"], readme),
                                               ("HSCA_Deactivated_Locations", header, rows)])
        written.append(deactivated)
    for path in written:
        print(f"{path}  {path.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
