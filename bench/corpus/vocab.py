"""The words CQC's publications are made of, as tables: sectors, places, names, the regulations
of 2014 and the outcomes of 2010, quality statements, enforcement. Every entry is wording CQC
uses; names of people and places are made up from common English parts."""

from __future__ import annotations

from dataclasses import dataclass

RATINGS = ("Outstanding", "Good", "Requires improvement", "Inadequate")
KEY_QUESTIONS = ("safe", "effective", "caring", "responsive", "well-led")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


@dataclass(frozen=True)
class Sector:
    """A kind of service: how its pages label it, what the API and the register call it, and
    how it is inspected (dental practices are not rated)."""

    name: str
    page_labels: tuple[str, str]
    api_type: str
    directorate: str
    service_type: str
    activity: str
    noun: str
    names: tuple[str, ...]
    rated: bool = True
    care_home: bool = False
    weight: int = 1


SECTORS = (
    Sector("care home", ("Care Home", "Care home"), "Social Care Org", "Adult social care",
           "Care home service without nursing", "Accommodation for persons who require nursing or personal care",
           "residential care home", ("House", "Lodge", "Court", "Manor", "Grange", "Hall", "View"),
           care_home=True, weight=6),
    Sector("nursing home", ("Care Home", "Care home with nursing"), "Social Care Org", "Adult social care",
           "Care home service with nursing", "Accommodation for persons who require nursing or personal care",
           "nursing home", ("Nursing Home", "Care Centre", "House", "Lodge"), care_home=True, weight=3),
    Sector("homecare", ("Homecare", "Homecare agency"), "Social Care Org", "Adult social care",
           "Domiciliary care service", "Personal care", "domiciliary care agency",
           ("Home Care", "Care Services", "Homecare", "Support Services"), weight=5),
    Sector("supported living", ("Homecare", "Supported living"), "Social Care Org", "Adult social care",
           "Supported living service", "Personal care", "supported living service",
           ("Supported Living", "Community Support"), weight=1),
    Sector("GP", ("GP practice", "GP surgery"), "Primary Medical Services", "Primary medical services",
           "Doctors consultation service", "Treatment of disease, disorder or injury", "GP practice",
           ("Surgery", "Medical Centre", "Health Centre", "Medical Practice"), weight=3),
    Sector("dentist", ("Dentist", "Dental practice"), "Primary Dental Care", "Primary medical services",
           "Dental service", "Treatment of disease, disorder or injury", "dental practice",
           ("Dental Practice", "Dental Care", "Dental Surgery"), rated=False, weight=3),
    Sector("hospital", ("Hospital", "NHS hospital"), "NHS Healthcare Organisation", "Hospitals",
           "Acute services with overnight beds", "Treatment of disease, disorder or injury", "hospital",
           ("Hospital", "General Hospital", "Community Hospital"), weight=1),
    Sector("hospice", ("Hospice", "Hospice"), "Independent Healthcare Org", "Hospitals",
           "Hospice services", "Treatment of disease, disorder or injury", "hospice",
           ("Hospice",), weight=1),
    Sector("ambulance", ("Ambulance", "Ambulance service"), "Independent Ambulance", "Hospitals",
           "Ambulance service", "Transport services, triage and medical advice provided remotely",
           "independent ambulance service", ("Ambulance Service", "Patient Transport", "Medical Services"), weight=1),
)

PLACES = (  # (town, county, postcode area, dialling code, region)
    ("Leeds", "West Yorkshire", "LS", "0113", "Yorkshire and The Humber"),
    ("Harrogate", "North Yorkshire", "HG", "01423", "Yorkshire and The Humber"),
    ("Exeter", "Devon", "EX", "01392", "South West"),
    ("Tiverton", "Devon", "EX", "01884", "South West"),
    ("Norwich", "Norfolk", "NR", "01603", "East"),
    ("Luton", "Bedfordshire", "LU", "01582", "East"),
    ("Crawley", "West Sussex", "RH", "01293", "South East"),
    ("Newbury", "Berkshire", "RG", "01635", "South East"),
    ("Margate", "Kent", "CT", "01843", "South East"),
    ("Chesterfield", "Derbyshire", "S", "01246", "East Midlands"),
    ("Loughborough", "Leicestershire", "LE", "01509", "East Midlands"),
    ("Wigan", "Greater Manchester", "WN", "01942", "North West"),
    ("Ormskirk", "Lancashire", "L", "01695", "North West"),
    ("Durham", "County Durham", "DH", "0191", "North East"),
    ("Hexham", "Northumberland", "NE", "01434", "North East"),
    ("Shrewsbury", "Shropshire", "SY", "01743", "West Midlands"),
    ("Worcester", "Worcestershire", "WR", "01905", "West Midlands"),
    ("Croydon", "Greater London", "CR", "020", "London"),
    ("Enfield", "Greater London", "EN", "020", "London"),
    ("Bristol", "Bristol", "BS", "0117", "South West"),
)
STREETS = ("High Street", "Church Lane", "Station Road", "Mill Lane", "Park Road", "Victoria Road",
           "Green Lane", "Manor Road", "Beech Avenue", "Forest Road", "Vicarage Close", "London Road",
           "Chapel Street", "Queens Road", "The Avenue", "Orchard Way")
NAME_WORDS = ("Oak", "Beech", "Willow", "Cedar", "Rowan", "Ash", "Elm", "Holly", "Meadow", "Brook",
              "Hawthorn", "Larch", "Maple", "Heather", "Lavender", "Primrose", "Abbey", "Bank",
              "Fern", "Hill", "Lake", "Moor", "River", "Spring", "Sunny", "Wood", "Fair", "Green",
              "Kings", "Queens", "St Anne's", "St Mary's", "Priory", "Castle", "Bridge", "Field")
NAME_SUFFIXES = ("", "field", "bank", "wood", "lea", "croft", "dale", "mead", "gate", "side")
#: How providers of each sector are named ("care" for the sectors not listed).
PROVIDER_FORMS = {
    "care": ("{w} Care Limited", "{w} Healthcare Ltd", "{w} Care Homes Limited", "{w} Living Ltd",
             "{w} Support Services Limited", "The {w} Trust", "{w} Care Group Ltd"),
    "homecare": ("{w} Home Care Ltd", "{w} Care Services Limited", "{w} Support Services Limited"),
    "GP": ("Dr {family} and Partners", "{w} Medical Group", "{w} Partnership", "Dr {family}'s Practice"),
    "dentist": ("{w} Dental Ltd", "{w} Dental Care Limited", "{w} Smile Dental Practice Ltd"),
    "hospice": ("{w} Hospice", "{w} Hospice Care"),
    "ambulance": ("{w} Ambulance Service Ltd", "{w} Medical Services Limited", "{w} Patient Transport Ltd"),
}
TRUST_FORMS = ("{w} Hospitals NHS Foundation Trust", "{w} NHS Trust", "{w} Healthcare NHS Trust")
GIVEN = ("Janet", "John", "Sarah", "David", "Amina", "Peter", "Priya", "Mark", "Helen", "Tomasz")
FAMILY = ("Holt", "Bayliss", "Khan", "Smith", "Patel", "Jones", "Nowak", "Evans", "Clarke", "Ahmed")

#: The Health and Social Care Act 2008 (Regulated Activities) Regulations 2014, Part 3.
REGULATIONS_2014 = (
    ("9", "Person-centred care"), ("10", "Dignity and respect"), ("11", "Need for consent"),
    ("12", "Safe care and treatment"),
    ("13", "Safeguarding service users from abuse and improper treatment"),
    ("14", "Meeting nutritional and hydration needs"), ("15", "Premises and equipment"),
    ("16", "Receiving and acting on complaints"), ("17", "Good governance"), ("18", "Staffing"),
    ("19", "Fit and proper persons employed"), ("20", "Duty of candour"),
    ("20A", "Requirement as to display of performance assessments"),
)
#: Breaches found most often first (safe care, governance, staffing), as CQC's figures show.
REGULATION_WEIGHTS = (3, 2, 2, 9, 3, 1, 2, 1, 8, 5, 2, 1, 1)

#: The essential standards of 2010: (outcome, title, regulation of the 2010 Regulations,
#: the outcome's wording in the reviews of compliance).
OUTCOMES_2010 = (
    ("01", "Respecting and involving people who use services", "17",
     "People should be treated with respect, involved in discussions about their care and treatment and able to influence how the service is provided"),
    ("02", "Consent to care and treatment", "18",
     "Before people are given any examination, care, treatment or support, they should be asked if they agree to it"),
    ("04", "Care and welfare of people who use services", "9",
     "People should get safe and appropriate care that meets their needs and supports their rights"),
    ("05", "Meeting nutritional needs", "14",
     "Food and drink should meet people's individual dietary needs"),
    ("07", "Safeguarding people who use services from abuse", "11",
     "People should be protected from abuse, or the risk of abuse, and their human rights are respected and upheld"),
    ("08", "Cleanliness and infection control", "12",
     "People should be cared for in a clean environment and protected from the risk of infection"),
    ("09", "Management of medicines", "13",
     "People should be given the medicines they need when they need them, and in a safe way"),
    ("10", "Safety and suitability of premises", "15",
     "People should be cared for in safe and accessible surroundings that support their health and welfare"),
    ("13", "Staffing", "22",
     "There should be enough members of staff to keep people safe and meet their health and welfare needs"),
    ("14", "Supporting workers", "23",
     "Staff should be properly trained and supervised, and have the chance to develop and improve their skills"),
    ("16", "Assessing and monitoring the quality of service provision", "10",
     "The service should have quality checking systems to manage risks and assure the health, welfare and safety of people who receive care"),
    ("17", "Complaints", "19",
     "People should have their complaints listened to and acted on properly"),
    ("21", "Records", "20",
     "People's personal records, including medical records, should be accurate and kept safe and confidential"),
)

#: The single assessment framework's quality statements, by key question.
QUALITY_STATEMENTS = {
    "safe": ("Learning culture", "Safe systems, pathways and transitions", "Safeguarding",
             "Involving people to manage risks", "Safe environments", "Safe and effective staffing",
             "Infection prevention and control", "Medicines optimisation"),
    "effective": ("Assessing needs", "Delivering evidence-based care and treatment",
                  "How staff, teams and services work together", "Supporting people to live healthier lives",
                  "Monitoring and improving outcomes", "Consent to care and treatment"),
    "caring": ("Kindness, compassion and dignity", "Treating people as individuals",
               "Independence, choice and control", "Responding to people's immediate needs",
               "Workforce wellbeing and enablement"),
    "responsive": ("Person-centred care", "Care provision, integration and continuity", "Providing information",
                   "Listening to and involving people", "Equity in access",
                   "Equity in experiences and outcomes", "Planning for the future"),
    "well-led": ("Shared direction and culture", "Capable, compassionate and inclusive leaders",
                 "Freedom to speak up", "Workforce equality, diversity and inclusion",
                 "Governance, management and sustainability", "Partnerships and communities",
                 "Learning, improvement and innovation"),
}

#: Enforcement CQC takes after an inspection, with its kind as the expected files spell it.
ENFORCEMENT = ("warning notice", "condition", "suspension", "cancellation", "special measures", "prosecution")

#: Sentences of CQC's detailed findings that state no rating, date or breach of their own; some
#: carry the words a careless reader takes for one ("good practice", "inadequate staffing").
FINDINGS = {
    "safe": ("Staff had received training in safeguarding and knew how to report concerns.",
             "Risk assessments were in place and were reviewed regularly.",
             "Medicines were stored securely and records of administration were accurate.",
             "We found inadequate staffing levels on the night shift on one occasion.",
             "The premises were clean and staff followed infection prevention and control guidance.",
             "Recruitment checks were carried out before staff started work."),
    "effective": ("People's needs were assessed before they started to use the service.",
                  "Staff told us they received regular supervision and felt supported.",
                  "People were supported to eat and drink enough to maintain a balanced diet.",
                  "The service worked with other agencies to make sure people received joined-up care.",
                  "Staff followed good practice guidance when supporting people with their health."),
    "caring": ("People told us staff were kind and treated them with dignity and respect.",
               "Staff knew people well and spoke about them with warmth.",
               "Relatives told us they were made to feel welcome when they visited.",
               "People were supported to express their views and be involved in decisions about their care."),
    "responsive": ("Care plans were personalised and reflected people's preferences.",
                   "The provider had a complaints procedure and complaints were responded to.",
                   "People were supported to take part in activities that interested them.",
                   "People's wishes for the end of their lives had been discussed and recorded."),
    "well-led": ("The registered manager was visible and approachable.",
                 "Audits were carried out, but they had not always identified the shortfalls we found.",
                 "Staff told us the service was well organised and they felt listened to.",
                 "The provider sought the views of people and their relatives through surveys.",
                 "Notifications had been sent to CQC as required."),
}
