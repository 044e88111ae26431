#!/usr/bin/python3
"""Reads an iCalendar file with Debian's python3-icalendar (an independent parser) and checks the
RFC 5545 rules Lägesbild's feed promises: CRLF line ends, lines of at most 75 octets, and UID,
DTSTAMP, DTSTART and DTEND in every VEVENT. Prints one JSON line: the events' UIDs, summaries,
locations and start times in UTC. Exits 1 with the reason on the first broken rule."""
import json
import sys

import icalendar


def main(path):
    raw = open(path, "rb").read()
    if not raw.endswith(b"\r\n"):
        sys.exit("the file does not end with CRLF")
    for number, line in enumerate(raw.split(b"\r\n")[:-1], start=1):
        if b"\n" in line or b"\r" in line:
            sys.exit(f"line {number}: a bare LF or CR")
        if len(line) > 75:
            sys.exit(f"line {number}: {len(line)} octets, more than 75")
        line.decode("utf-8")  # a fold never splits a character
    calendar = icalendar.Calendar.from_ical(raw)
    events = []
    for event in calendar.walk("VEVENT"):
        for prop in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
            if prop not in event:
                sys.exit(f"an event without {prop}")
        start = event.decoded("DTSTART")
        if start.tzinfo is None:
            sys.exit("DTSTART is floating (no time zone)")
        events.append({
            "uid": str(event["UID"]),
            "summary": str(event["SUMMARY"]),
            "location": str(event.get("LOCATION", "")),
            "description": str(event.get("DESCRIPTION", "")),
            "start": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
        })
    print(json.dumps({"events": events}, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])
