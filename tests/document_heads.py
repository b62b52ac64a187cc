"""Heads of CQC documents (a report's first page, a location page's entry, a press release),
invented in CQC's style, that the reading tests put in front of a wording to show it on several
kinds of document."""

#: The head of an inspection report, as CQC prints it.
REPORT = ("Sunnyside Care Limited\n\nSunnyside House\n\nInspection report\n\n12 High Street\nBarnsley\nS70 1AA\n\n"
          "Date of inspection visit:\n05 March 2019\n\nDate of publication:\n17 May 2019\n\n"
          "Summary of findings\n\nAbout the service\nSunnyside House is a residential care home providing "
          "personal care to 23 people.\n\n")
#: A location page's entry, as CQC's site shows it.
PAGE = ("Care Quality Commission — Find and compare services\n\nMaple House\nCare home\n3 Oak Lane, York YO1 7AA\n"
        "Provided and run by: Maple Care Ltd\nCQC ID: 1-118204736\n\nLatest inspection summary\n\n"
        "Inspection carried out on 4 May 2018\n\n")
#: The head of a press release.
RELEASE = ("Care home in Barnsley told to improve by CQC\n\nPublished: 22 March 2019\n\n"
           "The Care Quality Commission (CQC) has told Sunnyside House, run by Sunnyside Care Limited in Barnsley, "
           "to make improvements following an inspection in January 2019.\n\n")
